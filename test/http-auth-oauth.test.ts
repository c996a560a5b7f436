import { request as rawRequest } from "node:http";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CrispClient } from "../src/client/index.js";
import { startSandbox, type Sandbox } from "../src/sandbox/index.js";
import { startHttpServer, type RunningHttpServer } from "../src/transports/http.js";
import { serverSettings } from "./helpers/harness.js";
import { pkcePair, register, tokenRequest } from "./helpers/oauth-client.js";

// What an access token issued by this server's OAuth lets its holder do at
// /mcp: in token mode the server's keypair, in passthrough the keypair typed on
// the consent page, each narrowed to what was granted (read only, a website);
// and a token of the other sign-in mode is refused. The consent form is
// answered over plain HTTP (it needs no script), as a browser would post it.

const SECRET = "oauth-secret-for-auth-oauth-tests-0123456789";
const SIGNIN_SECRET = "signin-secret-for-auth-oauth-0123456789";
const STATIC_TOKEN = "static-bearer-token-for-auth-oauth-0123";
const IDENTIFIER = "5d0a9c8e-2b41-4c7d-8a69-1b3c5d7e9f0a";
const KEY = "8d1a3b5c7e9f0a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d0e2f4a6b8c0d2e4f6a8b";
/** Both servers of the mode-change test answer for this origin: same issuer, same audience. */
const PUBLIC_URL = "http://crisp-mcp.test";
const REDIRECT_URI = "http://127.0.0.1:9/callback";

let box: Sandbox;
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  box = await startSandbox({ identifier: IDENTIFIER, key: KEY, tier: "plugin" });
});
afterAll(async () => {
  await box?.close();
});
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!().catch(() => undefined);
});

/** staticToken null: no static token, only OAuth lets callers in. */
async function tokenModeServer(publicUrl?: string, staticToken: string | null = STATIC_TOKEN): Promise<RunningHttpServer> {
  const crisp = new CrispClient({ baseUrl: box.url, identifier: IDENTIFIER, key: KEY, tier: "plugin", timeoutMs: 5_000 });
  const running = await startHttpServer({
    host: "127.0.0.1",
    port: 0,
    settings: serverSettings({ toolsets: ["default"] }),
    auth: { mode: "token", token: staticToken ?? undefined, client: crisp },
    oauth: { secret: SECRET, signinSecret: SIGNIN_SECRET, ...(publicUrl ? { publicUrl } : {}) },
  });
  cleanups.push(async () => {
    await running.close();
    await crisp.close();
  });
  return running;
}

async function passthroughServer(publicUrl?: string): Promise<RunningHttpServer> {
  const running = await startHttpServer({
    host: "127.0.0.1",
    port: 0,
    settings: serverSettings({ toolsets: ["default"] }),
    auth: { mode: "passthrough", apiUrl: box.url, defaultTier: "plugin", timeoutMs: 5_000 },
    oauth: { secret: SECRET, ...(publicUrl ? { publicUrl } : {}) },
  });
  cleanups.push(() => running.close());
  return running;
}

/** The server's own address for an OAuth path (the issuer may be a public name no test resolves). */
const at = (running: RunningHttpServer, path: string) => new URL(path, running.url).href;

/**
 * A sign-in from registration to access token: the consent page fetched,
 * its form posted back with its CSRF token and cookie and these answers,
 * the code from the redirect exchanged.
 */
async function signIn(running: RunningHttpServer, answers: Record<string, string>): Promise<string> {
  const registered = await register(at(running, "/"), { redirect_uris: [REDIRECT_URI], client_name: "auth-oauth test", token_endpoint_auth_method: "none" });
  expect(registered.status).toBe(201);
  const { verifier, challenge } = pkcePair();
  const authorize = new URL(at(running, "/authorize"));
  const params = { response_type: "code", client_id: registered.body.client_id, redirect_uri: REDIRECT_URI, code_challenge: challenge, code_challenge_method: "S256", resource: running.oauth!.resource };
  for (const [name, value] of Object.entries(params)) authorize.searchParams.set(name, value);
  const page = await fetch(authorize, { redirect: "manual" });
  expect(page.status).toBe(200);
  const html = await page.text();
  const field = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)![1]!.replace(/&#(\d+);/g, (_, c) => String.fromCharCode(Number(c)));
  const cookie = page.headers.get("set-cookie")!.split(";")[0]!;
  const posted = await fetch(at(running, "/consent"), {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie },
    body: new URLSearchParams({ request: field("request"), csrf_token: field("csrf_token"), decision: "allow", ...answers }),
  });
  expect(posted.status, await posted.clone().text()).toBe(302);
  const code = new URL(posted.headers.get("location")!).searchParams.get("code")!;
  const tokens = await tokenRequest(at(running, "/"), {
    grant_type: "authorization_code",
    code,
    code_verifier: verifier,
    client_id: registered.body.client_id,
    redirect_uri: REDIRECT_URI,
    resource: running.oauth!.resource,
  });
  expect(tokens.status).toBe(200);
  return tokens.body.access_token as string;
}

async function connected(running: RunningHttpServer, accessToken: string): Promise<Client> {
  const client = new Client({ name: "auth-oauth-test", version: "0.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(running.url), { requestInit: { headers: { authorization: `Bearer ${accessToken}` } } }));
  cleanups.push(() => client.close());
  return client;
}

const toolNames = async (client: Client) => (await client.listTools()).tools.map((tool) => tool.name);
const call = (client: Client, name: string, args: Record<string, unknown>) => client.callTool({ name, arguments: args }) as Promise<CallToolResult>;

/** tools/list over node:http, which keeps repeated WWW-Authenticate headers apart. */
function rawList(url: string, authorization: string): Promise<{ status: number; challenges: string[]; message?: string }> {
  return new Promise((resolve, reject) => {
    const headers = { "content-type": "application/json", accept: "application/json", authorization };
    const req = rawRequest(url, { method: "POST", headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => (text += chunk));
      res.on("end", () => {
        const challenges = res.rawHeaders.filter((_, i, all) => i % 2 === 1 && all[i - 1]!.toLowerCase() === "www-authenticate");
        resolve({ status: res.statusCode ?? 0, challenges, message: (JSON.parse(text) as { error?: { message: string } }).error?.message });
      });
    });
    req.on("error", reject);
    req.end(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }));
  });
}

function listWith(url: string, authorization: string): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json, text/event-stream", authorization },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
  });
}

describe("token mode with OAuth", () => {
  it("a write token reaches Crisp on the server's keypair with write tools; a read token gets none", async () => {
    const running = await tokenModeServer();
    const writer = await connected(running, await signIn(running, { access: "write", signin_secret: SIGNIN_SECRET }));
    expect(await toolNames(writer)).toContain("reply_to_conversation");
    const before = box.requests.length;
    const waiting = await call(writer, "list_conversations_awaiting_reply", { website_id: box.websiteId });
    expect(waiting.isError).toBeFalsy();
    expect(box.requests.slice(before)).toContainEqual(expect.objectContaining({ tier: "plugin", status: 200 }));

    const reader = await connected(running, await signIn(running, { access: "read", signin_secret: SIGNIN_SECRET }));
    const names = await toolNames(reader);
    expect(names).toContain("get_conversation_transcript");
    expect(names).not.toContain("reply_to_conversation");
    // The static token beside it keeps the server's whole surface.
    expect(await toolNames(await connected(running, STATIC_TOKEN))).toContain("reply_to_conversation");
  });
});

describe("passthrough with OAuth", () => {
  it("the token carries the keypair typed on the page, its access and its website", async () => {
    const running = await passthroughServer();
    const writer = await connected(running, await signIn(running, { access: "write", identifier: IDENTIFIER, key: KEY, tier: "plugin" }));
    expect(await toolNames(writer)).toContain("reply_to_conversation");
    const awaiting = (await writer.listTools()).tools.find((tool) => tool.name === "list_conversations_awaiting_reply")!;
    expect(Object.keys(awaiting.inputSchema.properties ?? {})).toContain("website_id");
    const before = box.requests.length;
    // The sandbox knows only the keypair typed on the page: the call reached it and was accepted.
    expect((await call(writer, "list_conversations_awaiting_reply", { website_id: box.websiteId })).isError).toBeFalsy();
    expect(box.requests.slice(before)).toContainEqual(expect.objectContaining({ tier: "plugin", status: 200 }));

    const reader = await connected(running, await signIn(running, { access: "read", identifier: IDENTIFIER, key: KEY, tier: "plugin", website_id: box.websiteId }));
    const tools = (await reader.listTools()).tools;
    expect(tools.map((tool) => tool.name)).not.toContain("reply_to_conversation");
    const pinned = tools.find((tool) => tool.name === "list_conversations_awaiting_reply")!;
    expect(Object.keys(pinned.inputSchema.properties ?? {})).not.toContain("website_id");
    expect((await call(reader, "list_conversations_awaiting_reply", {})).isError).toBeFalsy();
  });
});

describe("a token of the other sign-in mode", () => {
  it("is refused with 401 invalid_token both ways, once the deployment changed its mode", async () => {
    const message = "The access token was issued for another sign-in mode: sign in again";
    // Token mode without a static token: only OAuth lets callers in.
    const tokenMode = await tokenModeServer(PUBLIC_URL, null);
    const passthrough = await passthroughServer(PUBLIC_URL);
    expect(passthrough.oauth!.resource).toBe(tokenMode.oauth!.resource);
    const tokenModeToken = await signIn(tokenMode, { access: "write", signin_secret: SIGNIN_SECRET });
    const passthroughToken = await signIn(passthrough, { access: "write", identifier: IDENTIFIER, key: KEY, tier: "plugin" });
    expect((await listWith(tokenMode.url, `Bearer ${STATIC_TOKEN}`)).status).toBe(401);
    // Each is good where it was issued.
    expect((await listWith(tokenMode.url, `Bearer ${tokenModeToken}`)).status).toBe(200);
    expect((await listWith(passthrough.url, `Bearer ${passthroughToken}`)).status).toBe(200);

    for (const [server, token] of [
      [passthrough, tokenModeToken],
      [tokenMode, passthroughToken],
    ] as const) {
      const refused = await listWith(server.url, `Bearer ${token}`);
      expect(refused.status).toBe(401);
      expect(((await refused.json()) as { error: { message: string } }).error.message).toBe(`Unauthorized: ${message}`);
      expect(refused.headers.get("www-authenticate")).toBe(
        `Bearer error="invalid_token", error_description="${message}", resource_metadata="${PUBLIC_URL}/.well-known/oauth-protected-resource/mcp", scope="crisp:read crisp:write"`,
      );
    }
  });
});

describe("what OAuth does not check", () => {
  it("token mode: a Bearer token not shaped like a sealed one is the static token's to refuse, with one challenge", async () => {
    const running = await tokenModeServer();
    const accessToken = await signIn(running, { access: "read", signin_secret: SIGNIN_SECRET });
    const metadata = `${running.oauth!.issuer}.well-known/oauth-protected-resource/mcp`;
    // Junk before or after a sealed token, or another token: not sent to OAuth.
    for (const token of [`x!${accessToken}`, `${accessToken}!`, `${accessToken}.x`, "not-the-static-token-0123456789"]) {
      const refused = await rawList(running.url, `Bearer ${token}`);
      expect(refused.status, token).toBe(401);
      expect(refused.message, token).toBe(`Unauthorized: the Bearer token is not valid, or sign in with OAuth (${metadata})`);
      expect(refused.challenges, token).toEqual([`Bearer resource_metadata="${metadata}", scope="crisp:read crisp:write"`]);
    }
    expect((await rawList(running.url, `Bearer ${accessToken}`)).status).toBe(200);
  });

  it("passthrough: the keypair sent as a Bearer token is still taken beside OAuth", async () => {
    const running = await passthroughServer();
    const keypair = Buffer.from(`${IDENTIFIER}:${KEY}`).toString("base64");
    expect((await rawList(running.url, `Bearer ${keypair}`)).status).toBe(200);
    expect((await rawList(running.url, `Basic ${keypair}`)).status).toBe(200);
  });
});
