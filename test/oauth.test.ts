import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { auth, UnauthorizedError } from "@modelcontextprotocol/sdk/client/auth.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CrispClient } from "../src/client/index.js";
import { startSandbox, type Sandbox } from "../src/sandbox/index.js";
import type { ServerSettings } from "../src/server.js";
import { startHttpServer, type HttpServerOptions, type RunningHttpServer } from "../src/transports/http.js";
import { openBrowser, type TestBrowser } from "./helpers/browser.js";
import { serverSettings, textOf } from "./helpers/harness.js";
import { MemoryOAuthClient, pkcePair, register, startCallback, tokenRequest, type Callback } from "./helpers/oauth-client.js";

// The OAuth sign-in end to end: the SDK client's own OAuth flow against a
// listening server, the consent page answered in a real headless browser with
// JavaScript off (the page needs none), the tokens used on the sandbox,
// refreshed and revoked; then every refusal, each with nothing issued.

const SECRET = "oauth-secret-for-tests-0123456789abcdef";
const SIGNIN_SECRET = "team-signin-secret-0123456789";
const IDENTIFIER = "6f1c0b9e-3a52-4d8e-9b7a-2c4d6e8f0a1b";
const KEY = "9e2b4c6d8f0a1b3c5d7e9f1a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d0e2f4a6b8c";
const SETTINGS = serverSettings({ toolsets: ["default"] });
const RPC_HEADERS = { "content-type": "application/json", accept: "application/json, text/event-stream" };

let box: Sandbox;
let browser: TestBrowser;
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  box = await startSandbox({ identifier: IDENTIFIER, key: KEY, tier: "plugin" });
  browser = await openBrowser({ javaScript: false });
});
afterAll(async () => {
  await browser?.close();
  await box?.close();
});
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!().catch(() => undefined);
});

type ServerOverrides = Partial<Omit<HttpServerOptions, "settings">> & { settings?: Partial<ServerSettings> };

async function passthroughServer(overrides: ServerOverrides = {}): Promise<RunningHttpServer> {
  const { settings, oauth, ...rest } = overrides;
  const running = await startHttpServer({
    host: "127.0.0.1",
    port: 0,
    settings: { ...SETTINGS, ...settings },
    auth: { mode: "passthrough", apiUrl: box.url, defaultTier: "plugin", timeoutMs: 5_000 },
    oauth: { secret: SECRET, ...oauth },
    ...rest,
  });
  cleanups.push(() => running.close());
  return running;
}

async function tokenModeServer(overrides: ServerOverrides & { token?: string } = {}): Promise<RunningHttpServer> {
  const { settings, oauth, token, ...rest } = overrides;
  const crisp = new CrispClient({ baseUrl: box.url, identifier: IDENTIFIER, key: KEY, tier: "plugin", timeoutMs: 5_000 });
  const running = await startHttpServer({
    host: "127.0.0.1",
    port: 0,
    settings: { ...SETTINGS, websiteId: box.websiteId, ...settings },
    auth: { mode: "token", token, client: crisp },
    oauth: { secret: SECRET, signinSecret: SIGNIN_SECRET, ...oauth },
    ...rest,
  });
  cleanups.push(async () => {
    await running.close();
    await crisp.close();
  });
  return running;
}

async function callback(): Promise<Callback> {
  const cb = await startCallback();
  cleanups.push(() => cb.close());
  return cb;
}

function newPage(): Promise<Page> {
  return browser.page();
}

interface Answers {
  access?: "read" | "write";
  identifier?: string;
  key?: string;
  tier?: string;
  websiteId?: string;
  secret?: string;
}

/** Fills the consent page as a person would, by its labels, and sends it. */
async function answer(page: Page, answers: Answers = {}): Promise<void> {
  if (answers.access === "write") await page.getByLabel("Read and write").check();
  else await page.getByLabel("Read only").check();
  if (answers.secret !== undefined) {
    await page.getByLabel("Sign-in secret").fill(answers.secret);
  } else {
    await page.getByLabel("Token identifier").fill(answers.identifier ?? IDENTIFIER);
    await page.getByLabel("Token key").fill(answers.key ?? KEY);
    if (answers.tier) await page.getByLabel("Token tier").selectOption(answers.tier);
    if (answers.websiteId) await page.getByLabel(/Website ID/).fill(answers.websiteId);
  }
  await page.getByRole("button", { name: "Allow" }).click();
}

/** The SDK's flow up to the authorization URL: discovery from the 401, metadata, registration. */
async function beginSignIn(url: string, oauthClient: MemoryOAuthClient): Promise<URL> {
  const client = new Client({ name: "oauth-test", version: "0.0.0" });
  await expect(client.connect(new StreamableHTTPClientTransport(new URL(url), { authProvider: oauthClient }))).rejects.toBeInstanceOf(
    UnauthorizedError,
  );
  expect(oauthClient.authorizationUrl).toBeDefined();
  return oauthClient.authorizationUrl!;
}

/** The consent page the SDK's flow opens, shown in the browser, and the callback its answer goes to. */
async function openConsent(running: RunningHttpServer): Promise<{ page: Page; cb: Callback }> {
  const cb = await callback();
  const page = await newPage();
  await page.goto((await beginSignIn(running.url, new MemoryOAuthClient(cb.url))).href);
  return { page, cb };
}

/** What the shown form posts back: its sealed request, its CSRF token, and the page's cookie as a header. */
async function consentForm(page: Page, running: RunningHttpServer): Promise<{ request: string; csrf: string; cookie: string }> {
  const request = (await page.locator('input[name="request"]').getAttribute("value"))!;
  const csrf = (await page.locator('input[name="csrf_token"]').getAttribute("value"))!;
  const cookie = (await browser.context.cookies(new URL("/consent", running.oauth!.issuer).href)).find((c) => c.value === csrf)!;
  return { request, csrf, cookie: `${cookie.name}=${cookie.value}` };
}

/** The whole SDK flow with the consent answered: a connected client. */
async function signedInClient(running: RunningHttpServer, answers: Answers = {}): Promise<{ client: Client; oauthClient: MemoryOAuthClient }> {
  const cb = await callback();
  const oauthClient = new MemoryOAuthClient(cb.url);
  const page = await newPage();
  await page.goto((await beginSignIn(running.url, oauthClient)).href);
  await answer(page, answers);
  const code = (await cb.next()).get("code")!;
  await new StreamableHTTPClientTransport(new URL(running.url), { authProvider: oauthClient }).finishAuth(code);
  const client = new Client({ name: "oauth-test", version: "0.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(running.url), { authProvider: oauthClient }));
  cleanups.push(() => client.close());
  return { client, oauthClient };
}

interface Authorization {
  code: string;
  verifier: string;
  clientId: string;
  redirectUri: string;
}

/** Registration and consent by hand, for the token endpoint's refusals. */
async function authorization(running: RunningHttpServer, answers: Answers = {}): Promise<Authorization> {
  const issuer = running.oauth!.issuer;
  const cb = await callback();
  const registered = await register(issuer, { redirect_uris: [cb.url], client_name: "by hand", token_endpoint_auth_method: "none" });
  expect(registered.status).toBe(201);
  const { verifier, challenge } = pkcePair();
  const url = authorizeUrl(running, registered.body.client_id, cb.url, challenge);
  const page = await newPage();
  await page.goto(url);
  await answer(page, answers);
  const code = (await cb.next()).get("code")!;
  return { code, verifier, clientId: registered.body.client_id, redirectUri: cb.url };
}

function authorizeUrl(running: RunningHttpServer, clientId: string, redirectUri: string, challenge: string, extra: Record<string, string> = {}): string {
  const url = new URL("/authorize", running.oauth!.issuer);
  const params = { response_type: "code", client_id: clientId, redirect_uri: redirectUri, code_challenge: challenge, code_challenge_method: "S256", resource: running.oauth!.resource, ...extra };
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url.href;
}

function exchange(running: RunningHttpServer, a: Authorization, overrides: Record<string, string> = {}) {
  return tokenRequest(running.oauth!.issuer, {
    grant_type: "authorization_code",
    code: a.code,
    code_verifier: a.verifier,
    client_id: a.clientId,
    redirect_uri: a.redirectUri,
    resource: running.oauth!.resource,
    ...overrides,
  });
}

/** tools/list with a raw Authorization header. */
function listWith(url: string, authorization: string): Promise<Response> {
  return fetch(url, { method: "POST", headers: { ...RPC_HEADERS, authorization }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }) });
}

const call = (client: Client, name: string, args: Record<string, unknown>) => client.callTool({ name, arguments: args }) as Promise<CallToolResult>;

describe("sign-in with the SDK client's OAuth flow and a real browser", () => {
  it("discovers, registers, signs in on the consent page, calls Crisp, refreshes, and a revocation ends it", async () => {
    const running = await passthroughServer();
    const cb = await callback();
    const oauthClient = new MemoryOAuthClient(cb.url);
    const authorizationUrl = await beginSignIn(running.url, oauthClient);
    expect(authorizationUrl.searchParams.get("resource")).toBe(running.oauth!.resource);

    const page = await newPage();
    await page.goto(authorizationUrl.href);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Connect an app to Crisp");
    const intro = await page.locator(".who").textContent();
    expect(intro).toContain("crisp-mcp test client");
    expect(intro).toContain(new URL(cb.url).host);
    await answer(page, { access: "write" });
    const query = await cb.next();
    const code = query.get("code");
    expect(code).toMatch(/^[\w-]{43}$/);
    expect(query.get("iss")).toBe(running.oauth!.issuer);

    await new StreamableHTTPClientTransport(new URL(running.url), { authProvider: oauthClient }).finishAuth(code!);
    expect(oauthClient.tokens()).toMatchObject({ token_type: "Bearer", expires_in: 3600, scope: "crisp:read crisp:write" });
    const client = new Client({ name: "oauth-test", version: "0.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(running.url), { authProvider: oauthClient }));
    cleanups.push(() => client.close());
    expect((await client.listTools()).tools.map((t) => t.name)).toContain("reply_to_conversation");
    const waiting = await call(client, "list_conversations_awaiting_reply", { website_id: box.websiteId });
    expect(waiting.isError).toBeFalsy();
    expect(textOf(waiting)).toContain("session_");
    // The call reached the sandbox, which knows only the keypair typed on the page, and it was accepted.
    expect(box.requests.at(-1)).toMatchObject({ tier: "plugin", status: 200 });

    const before = oauthClient.tokens()!;
    expect(await auth(oauthClient, { serverUrl: new URL(running.url) })).toBe("AUTHORIZED");
    const after = oauthClient.tokens()!;
    expect(after.access_token).not.toBe(before.access_token);
    expect(after.refresh_token).not.toBe(before.refresh_token);
    expect((await call(client, "list_website_operators", { website_id: box.websiteId })).isError).toBeFalsy();

    const revoked = await tokenRequest(running.oauth!.issuer, { token: after.refresh_token!, client_id: oauthClient.clientInformation()!.client_id }, "/revoke");
    expect(revoked.status).toBe(200);
    const refused = await listWith(running.url, `Bearer ${after.access_token}`);
    expect(refused.status).toBe(401);
    expect(refused.headers.get("www-authenticate")).toMatch(/^Bearer error="invalid_token", error_description="[^"]*revoked[^"]*", resource_metadata="/);
  });

  it("read-only chosen on the page: no write tool is listed and call_crisp_method refuses writes", async () => {
    const running = await passthroughServer({ settings: { toolsets: ["default"] } });
    const { client } = await signedInClient(running, { access: "read" });
    const names = (await client.listTools()).tools.map((t) => t.name);
    expect(names).toContain("get_conversation_transcript");
    expect(names).not.toContain("reply_to_conversation");
    expect(names).not.toContain("change_conversation_state");
    const before = box.requests.length;
    const write = await call(client, "call_crisp_method", {
      method: "send_message_in_conversation",
      arguments: { website_id: box.websiteId, session_id: "session_00000000-0000-4000-8000-000000000000", type: "text", from: "operator", origin: "chat", content: "hello" },
    });
    expect(write.isError).toBe(true);
    expect(textOf(write)).toMatch(/signed in with read-only access/);
    expect(box.requests.slice(before).filter((r) => r.method !== "GET")).toEqual([]);
    // A read still works with the same token.
    expect((await call(client, "call_crisp_method", { method: "get_website", arguments: { website_id: box.websiteId } })).isError).toBeFalsy();
  });

  it("a website chosen on the page becomes the token's default website", async () => {
    const running = await passthroughServer();
    const { client } = await signedInClient(running, { access: "read", websiteId: box.websiteId });
    const transcript = (await client.listTools()).tools.find((t) => t.name === "list_conversations_awaiting_reply")!;
    expect(Object.keys(transcript.inputSchema.properties ?? {})).not.toContain("website_id");
    expect((await call(client, "list_conversations_awaiting_reply", {})).isError).toBeFalsy();
  });

  it("token mode: the sign-in secret lets a person in on the server's keypair, and the static Bearer token still works", async () => {
    const running = await tokenModeServer({ token: "static-bearer-token-0123456789" });
    const { client } = await signedInClient(running, { access: "write", secret: SIGNIN_SECRET });
    expect((await call(client, "list_conversations_awaiting_reply", {})).isError).toBeFalsy();
    expect((await listWith(running.url, "Bearer static-bearer-token-0123456789")).status).toBe(200);
    const noToken = await listWith(running.url, "");
    expect(noToken.status).toBe(401);
    expect(noToken.headers.get("www-authenticate")).toBe(
      `Bearer resource_metadata="${new URL("/.well-known/oauth-protected-resource/mcp", running.oauth!.issuer).href}", scope="crisp:read crisp:write"`,
    );
  });

  it("a server in read-only mode offers no write access on the page", async () => {
    const running = await passthroughServer({ settings: { readOnly: true } });
    const { page } = await openConsent(running);
    expect(await page.getByLabel("Read and write").count()).toBe(0);
    expect((await listWith(running.url, "")).headers.get("www-authenticate")).toContain('scope="crisp:read"');
    expect(await page.getByLabel("Read only").isChecked()).toBe(true);
  });
});

describe("the spec's documents and challenges", () => {
  it("serves protected-resource metadata at the root and /mcp forms, and authorization-server metadata", async () => {
    const running = await passthroughServer();
    const issuer = running.oauth!.issuer;
    for (const path of ["/.well-known/oauth-protected-resource", "/.well-known/oauth-protected-resource/mcp"]) {
      const response = await fetch(new URL(path, issuer));
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        resource: running.url,
        authorization_servers: [issuer],
        scopes_supported: ["crisp:read", "crisp:write"],
        bearer_methods_supported: ["header"],
        resource_name: "crisp-mcp",
      });
    }
    const metadata = await (await fetch(new URL("/.well-known/oauth-authorization-server", issuer))).json();
    expect(metadata).toMatchObject({
      issuer,
      authorization_endpoint: new URL("/authorize", issuer).href,
      token_endpoint: new URL("/token", issuer).href,
      registration_endpoint: new URL("/register", issuer).href,
      revocation_endpoint: new URL("/revoke", issuer).href,
      response_types_supported: ["code"],
      code_challenge_methods_supported: ["S256"],
      grant_types_supported: ["authorization_code", "refresh_token"],
      authorization_response_iss_parameter_supported: true,
    });
  });

  it("an issuer on any loopback address works, IPv6 included", async () => {
    const running = await passthroughServer({ oauth: { secret: SECRET, publicUrl: "http://[::1]:8787" } });
    const metadata = await (await fetch(new URL("/.well-known/oauth-authorization-server", running.url))).json();
    expect(metadata).toMatchObject({ issuer: "http://[::1]:8787/", token_endpoint: "http://[::1]:8787/token" });
  });

  it("every 401 from /mcp names the resource metadata; Basic passthrough still works beside OAuth", async () => {
    const running = await passthroughServer();
    const prm = `resource_metadata="${running.oauth!.issuer}.well-known/oauth-protected-resource/mcp"`;
    for (const authorization of ["", "Basic bm9jb2xvbg==", "Bearer not-a-token"]) {
      const response = await listWith(running.url, authorization);
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toContain(prm);
    }
    const basic = await listWith(running.url, `Basic ${Buffer.from(`${IDENTIFIER}:${KEY}`).toString("base64")}`);
    expect(basic.status).toBe(200);
  });

  it("/healthz stays open", async () => {
    const running = await passthroughServer();
    expect((await fetch(new URL("/healthz", running.url))).status).toBe(200);
  });
});

describe("refusals, each with nothing issued", () => {
  it("a wrong PKCE verifier is invalid_grant, and it burns the code", async () => {
    const running = await passthroughServer();
    const a = await authorization(running);
    const wrong = await exchange(running, a, { code_verifier: pkcePair().verifier });
    expect(wrong).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
    expect(wrong.body.access_token).toBeUndefined();
    expect((await exchange(running, a)).body.error).toBe("invalid_grant");
  });

  it("a reused code is invalid_grant, and the tokens from its first use stop working", async () => {
    const running = await passthroughServer();
    const a = await authorization(running);
    const first = await exchange(running, a);
    expect(first.status).toBe(200);
    expect((await listWith(running.url, `Bearer ${first.body.access_token}`)).status).toBe(200);
    const second = await exchange(running, a);
    expect(second).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
    expect((await listWith(running.url, `Bearer ${first.body.access_token}`)).status).toBe(401);
  });

  it("an expired code is invalid_grant", async () => {
    const running = await passthroughServer({ oauth: { secret: SECRET, lifetimes: { codeSeconds: 1 } } });
    const a = await authorization(running);
    await new Promise((r) => setTimeout(r, 2_100));
    expect(await exchange(running, a)).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
  });

  it("a redirect URI that was not registered is refused before any page, and unsafe ones cannot be registered", async () => {
    const running = await passthroughServer();
    const issuer = running.oauth!.issuer;
    const cb = await callback();
    const registered = await register(issuer, { redirect_uris: [cb.url], token_endpoint_auth_method: "none" });
    const other = authorizeUrl(running, registered.body.client_id, "https://attacker.example/cb", pkcePair().challenge);
    const response = await fetch(other, { redirect: "manual" });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toBe("invalid_request");
    for (const uri of ["http://attacker.example/cb", "javascript:alert(1)", "https://claude.ai/cb#frag", "https://user:pw@claude.ai/cb"]) {
      const refused = await register(issuer, { redirect_uris: [uri] });
      expect(refused, uri).toMatchObject({ status: 400, body: { error: "invalid_client_metadata" } });
    }
    for (const uri of ["https://claude.ai/api/mcp/auth_callback", "https://chatgpt.com/connector_platform_oauth_redirect", "http://localhost:33418/", "http://[::1]:8080/cb"]) {
      expect((await register(issuer, { redirect_uris: [uri] })).status, uri).toBe(201);
    }
  });

  it("a token is refused by another resource, even one that shares the secret", async () => {
    const here = await passthroughServer();
    const elsewhere = await passthroughServer();
    const a = await authorization(here);
    const tokens = (await exchange(here, a)).body;
    expect((await listWith(here.url, `Bearer ${tokens.access_token}`)).status).toBe(200);
    const refused = await listWith(elsewhere.url, `Bearer ${tokens.access_token}`);
    expect(refused.status).toBe(401);
    expect(refused.headers.get("www-authenticate")).toContain('error="invalid_token"');
    // And a code is for the resource it was asked for.
    const b = await authorization(here);
    expect(await exchange(here, b, { resource: elsewhere.url })).toMatchObject({ status: 400, body: { error: "invalid_target" } });
  });

  it("a tampered or expired access token is refused", async () => {
    const running = await passthroughServer({ oauth: { secret: SECRET, lifetimes: { accessSeconds: 1 } } });
    const tokens = (await exchange(running, await authorization(running))).body;
    const parts = tokens.access_token.split(".");
    parts[3] = (parts[3][0] === "A" ? "B" : "A") + parts[3].slice(1);
    const tampered = await listWith(running.url, `Bearer ${parts.join(".")}`);
    expect(tampered.status).toBe(401);
    expect(tampered.headers.get("www-authenticate")).toContain('error="invalid_token"');
    await new Promise((r) => setTimeout(r, 2_100));
    const expired = await listWith(running.url, `Bearer ${tokens.access_token}`);
    expect(expired.status).toBe(401);
    expect(expired.headers.get("www-authenticate")).toContain("expired");
    // An access token is no refresh token, and the other way round.
    expect((await tokenRequest(running.oauth!.issuer, { grant_type: "refresh_token", refresh_token: tokens.access_token, client_id: "x" })).status).toBe(400);
    expect((await listWith(running.url, `Bearer ${tokens.refresh_token}`)).status).toBe(401);
  });

  it("a refresh token used twice is invalid_grant, and the whole grant ends", async () => {
    const running = await passthroughServer();
    const a = await authorization(running);
    const tokens = (await exchange(running, a)).body;
    const refresh = { grant_type: "refresh_token", refresh_token: tokens.refresh_token, client_id: a.clientId };
    const rotated = await tokenRequest(running.oauth!.issuer, refresh);
    expect(rotated.status).toBe(200);
    expect(await tokenRequest(running.oauth!.issuer, refresh)).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
    expect((await listWith(running.url, `Bearer ${rotated.body.access_token}`)).status).toBe(401);
    expect((await tokenRequest(running.oauth!.issuer, { ...refresh, refresh_token: rotated.body.refresh_token })).status).toBe(400);
  });

  it("PKCE is S256 only: a plain challenge is sent back as an error, with no page", async () => {
    const running = await passthroughServer();
    const cb = await callback();
    const clientId = (await register(running.oauth!.issuer, { redirect_uris: [cb.url], token_endpoint_auth_method: "none" })).body.client_id;
    const plain = await fetch(authorizeUrl(running, clientId, cb.url, "x".repeat(43), { code_challenge_method: "plain", state: "s1" }), { redirect: "manual" });
    expect(plain.status).toBe(302);
    const location = new URL(plain.headers.get("location")!);
    expect(location.origin + location.pathname).toBe(cb.url);
    expect(location.searchParams.get("error")).toBe("invalid_request");
    expect(location.searchParams.get("code")).toBeNull();
  });

  it("a new CRISP_MCP_OAUTH_SECRET revokes every token and every registered client", async () => {
    // Two servers that present the same public URL (the first one's): only their secrets differ.
    const before = await passthroughServer();
    const after = await passthroughServer({ oauth: { secret: `${SECRET}-rotated`, publicUrl: before.oauth!.issuer } });
    expect(after.oauth).toEqual(before.oauth);
    const tokens = (await exchange(before, await authorization(before))).body;
    expect((await listWith(before.url, `Bearer ${tokens.access_token}`)).status).toBe(200);
    expect((await listWith(after.url, `Bearer ${tokens.access_token}`)).status).toBe(401);
    const afterOrigin = new URL(after.url).origin;
    const cb = await callback();
    const clientId = (await register(before.oauth!.issuer, { redirect_uris: [cb.url], token_endpoint_auth_method: "none" })).body.client_id;
    const refreshed = await tokenRequest(afterOrigin, { grant_type: "refresh_token", refresh_token: tokens.refresh_token, client_id: clientId });
    expect(refreshed).toMatchObject({ status: 400, body: { error: "invalid_client" } });
    const page = await fetch(authorizeUrl(after, clientId, cb.url, pkcePair().challenge).replace(new URL(after.oauth!.issuer).origin, afterOrigin));
    expect(page.status).toBe(400);
    expect(((await page.json()) as { error: string }).error).toBe("invalid_client");
  });

  it("a wrong keypair is refused on the page, with the field marked, and no code is sent", async () => {
    const running = await passthroughServer();
    const { page, cb } = await openConsent(running);
    await answer(page, { key: "0".repeat(64) });
    const alert = page.getByRole("alert");
    expect(await alert.textContent()).toContain("Crisp refused this token keypair");
    expect(await page.getByLabel("Token key").getAttribute("aria-invalid")).toBe("true");
    // The key is never written back into the page; the identifier is, to correct it.
    expect(await page.content()).not.toContain("0".repeat(64));
    expect(await page.getByLabel("Token identifier").inputValue()).toBe(IDENTIFIER);
    await expect(cb.next(500)).rejects.toThrow(/no redirect/);
    // Corrected on the same page, it goes through.
    await answer(page, {});
    expect((await cb.next()).get("code")).toBeTruthy();
  });

  it("a wrong sign-in secret is refused on the page", async () => {
    const running = await tokenModeServer();
    const { page, cb } = await openConsent(running);
    await answer(page, { secret: "not-the-team-secret-at-all" });
    expect(await page.getByRole("alert").textContent()).toContain("not the one this server expects");
    expect(await page.getByLabel("Sign-in secret").getAttribute("aria-invalid")).toBe("true");
    await expect(cb.next(500)).rejects.toThrow(/no redirect/);
  });

  it("failed sign-ins are rate-limited per address, and the limit then holds for a right answer too", async () => {
    const running = await tokenModeServer({ oauth: { secret: SECRET, signinSecret: SIGNIN_SECRET, rateLimits: { consentFailures: 2 } } });
    const cb = await callback();
    const clientId = (await register(running.oauth!.issuer, { redirect_uris: [cb.url], token_endpoint_auth_method: "none" })).body.client_id;
    const shown = await fetch(authorizeUrl(running, clientId, cb.url, pkcePair().challenge));
    const html = await shown.text();
    const field = (name: string) => new RegExp(`name="${name}" value="([^"]+)"`).exec(html)![1]!;
    const cookie = shown.headers.get("set-cookie")!.split(";")[0]!;
    const attempt = (secret: string) =>
      fetch(new URL("/consent", running.oauth!.issuer), {
        method: "POST",
        redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie },
        body: new URLSearchParams({ request: field("request"), csrf_token: field("csrf_token"), decision: "allow", signin_secret: secret }),
      });
    expect((await attempt("wrong-secret-number-one")).status).toBe(403);
    expect((await attempt("wrong-secret-number-two")).status).toBe(403);
    expect((await attempt("wrong-secret-number-three")).status).toBe(429);
    expect((await attempt(SIGNIN_SECRET)).status).toBe(429);
  });

  it("a form posted without its CSRF token, or from another browser, is refused", async () => {
    const running = await passthroughServer();
    const { page, cb } = await openConsent(running);
    const { request, csrf, cookie } = await consentForm(page, running);
    const post = (fields: Record<string, string>, cookieHeader?: string) =>
      fetch(new URL("/consent", running.oauth!.issuer), {
        method: "POST",
        redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded", ...(cookieHeader ? { cookie: cookieHeader } : {}) },
        body: new URLSearchParams({ request, decision: "allow", access: "read", identifier: IDENTIFIER, key: KEY, tier: "plugin", ...fields }),
      });
    const withoutToken = await post({}, cookie);
    expect(withoutToken.status).toBe(403);
    expect(await withoutToken.text()).toContain("CSRF");
    const withoutCookie = await post({ csrf_token: csrf });
    expect(withoutCookie.status).toBe(403);
    const wrongToken = await post({ csrf_token: "x".repeat(32) }, cookie);
    expect(wrongToken.status).toBe(403);
    const foreignOrigin = await fetch(new URL("/consent", running.oauth!.issuer), {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "https://attacker.example", cookie },
      body: new URLSearchParams({ request, csrf_token: csrf, decision: "allow", identifier: IDENTIFIER, key: KEY }),
    });
    expect(foreignOrigin.status).toBe(403);
    await expect(cb.next(300)).rejects.toThrow(/no redirect/);
    // The same form, whole, from its own page's cookie: accepted (so the refusals above are the checks, not the by-hand post).
    const whole = await post({ csrf_token: csrf }, cookie);
    expect(whole.status).toBe(302);
    expect(new URL(whole.headers.get("location")!).searchParams.get("code")).toBeTruthy();
  });

  it("Deny sends access_denied back, and a sealed request that was altered is refused", async () => {
    const running = await passthroughServer();
    const { page, cb } = await openConsent(running);
    await page.getByRole("button", { name: "Deny" }).click();
    const denied = await cb.next();
    expect(denied.get("error")).toBe("access_denied");
    expect(denied.get("code")).toBeNull();

    await page.goto((await beginSignIn(running.url, new MemoryOAuthClient(cb.url))).href);
    const { request, csrf, cookie } = await consentForm(page, running);
    const altered = request.slice(0, -3) + (request.endsWith("AAA") ? "BBB" : "AAA");
    const response = await fetch(new URL("/consent", running.oauth!.issuer), {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie },
      body: new URLSearchParams({ request: altered, csrf_token: csrf, decision: "allow", identifier: IDENTIFIER, key: KEY }),
    });
    expect(response.status).toBe(400);
  });

  it("a confidential client authenticates with client_secret_basic or client_secret_post, and not without its secret", async () => {
    const running = await passthroughServer();
    const issuer = running.oauth!.issuer;
    const cb = await callback();
    const registered = await register(issuer, { redirect_uris: [cb.url], token_endpoint_auth_method: "client_secret_basic" });
    expect(registered.status).toBe(201);
    const { client_id: clientId, client_secret: clientSecret } = registered.body;
    expect(clientSecret).toBeTruthy();
    const consentOnce = async () => {
      const { verifier, challenge } = pkcePair();
      const page = await newPage();
      await page.goto(authorizeUrl(running, clientId, cb.url, challenge));
      await answer(page);
      return { code: (await cb.next()).get("code")!, verifier };
    };
    const grant = await consentOnce();
    const fields = { grant_type: "authorization_code", code: grant.code, code_verifier: grant.verifier, redirect_uri: cb.url };
    expect((await tokenRequest(issuer, { ...fields, client_id: clientId })).body.error).toBe("invalid_client");
    const second = await consentOnce();
    const basicHeader = `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString("base64")}`;
    const viaBasic = await tokenRequest(issuer, { ...fields, code: second.code, code_verifier: second.verifier }, "/token", { authorization: basicHeader });
    expect(viaBasic.status).toBe(200);
    const third = await consentOnce();
    const viaPost = await tokenRequest(issuer, { ...fields, code: third.code, code_verifier: third.verifier, client_id: clientId, client_secret: clientSecret });
    expect(viaPost.status).toBe(200);
  });
});

describe("the consent page as a page", () => {
  it("has no script, no frame, no external asset, and a label for every field; it is reached by keyboard", async () => {
    const running = await passthroughServer();
    const cb = await callback();
    const oauthClient = new MemoryOAuthClient(cb.url);
    const url = await beginSignIn(running.url, oauthClient);
    const response = await fetch(url);
    expect(response.status).toBe(200);
    const csp = response.headers.get("content-security-policy")!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/script-src/);
    expect(csp).toContain(`form-action 'self' ${new URL(cb.url).origin}`);
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    expect(response.headers.get("cache-control")).toBe("no-store");
    const html = await response.text();
    expect(html).not.toMatch(/<script|<iframe|src=|href=|url\(/i);

    const page = await newPage();
    await page.goto(url.href);
    // Playwright's evaluation runs beside the page's disabled scripts; the page itself runs none.
    const unlabeled = await page.locator("input:not([type=hidden]), select, button").evaluateAll((elements: any[]) =>
      elements.filter((e) => !e.labels?.length && !e.textContent?.trim()).map((e) => e.outerHTML),
    );
    expect(unlabeled).toEqual([]);
    // Keyboard only: Tab from the top reaches every control, in reading order.
    const order: string[] = [];
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press("Tab");
      order.push(await page.evaluate(() => {
        const focused = (globalThis as any).document.activeElement;
        return focused?.name || focused?.id || "";
      }));
    }
    expect(order.slice(0, 7)).toEqual(["access", "identifier", "key", "tier", "website_id", "decision", "decision"]);
  });

  it("offers write only to a client that asked for it (or for nothing), and ignores scopes it does not define", async () => {
    const running = await passthroughServer();
    const cb = await callback();
    const clientId = (await register(running.oauth!.issuer, { redirect_uris: [cb.url], token_endpoint_auth_method: "none" })).body.client_id;
    const pageFor = async (scope?: string) => {
      const response = await fetch(authorizeUrl(running, clientId, cb.url, pkcePair().challenge, scope === undefined ? {} : { scope }));
      expect(response.status).toBe(200);
      return response.text();
    };
    expect(await pageFor("crisp:read")).not.toContain('value="write"');
    expect(await pageFor("openid crisp:read crisp:write offline_access")).toContain('value="write"');
    expect(await pageFor()).toContain('value="write"');
    expect(await pageFor("offline_access")).toContain('value="write"');
  });

  it("names a client with hostile text as plain, escaped text", async () => {
    const running = await passthroughServer();
    const cb = await callback();
    const oauthClient = new MemoryOAuthClient(cb.url, { client_name: '<img src=x onerror=alert(1)>\u202Eevil' });
    const page = await newPage();
    await page.goto((await beginSignIn(running.url, oauthClient)).href);
    expect(await page.locator("img").count()).toBe(0);
    const intro = (await page.locator(".who strong").first().textContent())!;
    expect(intro).toContain("<img src=x onerror=alert(1)>");
    expect(intro).not.toContain("\u202E");
  });
});
