import { once } from "node:events";
import type { Page, Request, Response } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.js";
import { openBrowser, type TestBrowser } from "./helpers/browser.js";
import { MemoryOAuthClient, startCallback } from "./helpers/oauth-client.js";
import { killSpawned, spawnBin } from "./helpers/spawn-bin.js";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { UnauthorizedError } from "@modelcontextprotocol/sdk/client/auth.js";

// OAuth's settings as a user meets them: one line at start-up for each wrong
// value, and the built bin signing a person in, with no keypair, token or
// secret in any log line, page, URL or error along the way.

const OAUTH_SECRET = "bin-oauth-secret-0123456789abcdefghij";
const IDENTIFIER = "0b7e9c2a-4f61-4d3b-8a95-1c2d3e4f5a6b";
const KEY = "f0e1d2c3b4a5968778695a4b3c2d1e0ff0e1d2c3b4a5968778695a4b3c2d1e0f";
const http = ["--transport", "http"];

function refusal(argv: string[], env: Record<string, string> = {}): string {
  try {
    loadConfig(argv, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).not.toContain("\n");
    return message;
  }
  throw new Error(`accepted: ${argv.join(" ")}`);
}

describe("OAuth settings", () => {
  const passthrough = ["--sandbox", ...http, "--http-auth", "passthrough", "--oauth"];

  it("turns on with a secret, and the public URL is kept as an origin", () => {
    const config = loadConfig([...passthrough, "--public-url", "https://crisp-mcp.example.com/mcp"], { CRISP_MCP_OAUTH_SECRET: OAUTH_SECRET });
    expect(config).toMatchObject({ oauth: true, oauthSecret: OAUTH_SECRET, publicUrl: "https://crisp-mcp.example.com" });
    expect(loadConfig([...passthrough], { CRISP_MCP_OAUTH_SECRET: OAUTH_SECRET }).publicUrl).toBeUndefined();
  });

  it("refuses each wrong value with one line naming the setting, never echoing a secret", () => {
    const env = { CRISP_MCP_OAUTH_SECRET: OAUTH_SECRET };
    expect(refusal(passthrough)).toMatch(/^missing setting CRISP_MCP_OAUTH_SECRET: .*openssl rand/);
    const short = refusal(passthrough, { CRISP_MCP_OAUTH_SECRET: "too-short-secret" });
    expect(short).toMatch(/CRISP_MCP_OAUTH_SECRET .*at least 32/);
    expect(short).not.toContain("too-short-secret");
    expect(refusal(["--sandbox", "--oauth"], env)).toMatch(/CRISP_MCP_OAUTH .*--transport http/);
    expect(refusal([...passthrough, "--public-url", "https://x.example.com/base"], env)).toMatch(/CRISP_MCP_PUBLIC_URL .*origin/);
    expect(refusal([...passthrough, "--public-url", "http://x.example.com"], env)).toMatch(/CRISP_MCP_PUBLIC_URL .*https/);
    expect(refusal([...passthrough, "--public-url", "ftp://x.example.com"], env)).toMatch(/CRISP_MCP_PUBLIC_URL/);
    expect(refusal([...passthrough, "--host", "0.0.0.0"], env)).toMatch(/^missing setting CRISP_MCP_PUBLIC_URL: listening on 0\.0\.0\.0/);
    expect(refusal(["--sandbox", ...http, "--oauth"], env)).toMatch(/^missing setting CRISP_MCP_SIGNIN_SECRET: /);
    const shortSignin = refusal(["--sandbox", ...http, "--oauth"], { ...env, CRISP_MCP_SIGNIN_SECRET: "tiny-secret" });
    expect(shortSignin).toMatch(/CRISP_MCP_SIGNIN_SECRET .*at least 16/);
    expect(shortSignin).not.toContain("tiny-secret");
    expect(refusal(passthrough, { ...env, CRISP_MCP_SIGNIN_SECRET: "a-long-enough-signin-secret" })).toMatch(/CRISP_MCP_SIGNIN_SECRET .*no effect with CRISP_MCP_HTTP_AUTH=passthrough/);
    expect(refusal(["--sandbox", ...http], env)).toMatch(/CRISP_MCP_OAUTH_SECRET .*no effect without CRISP_MCP_OAUTH=true/);
    expect(refusal(["--sandbox", ...http, "--public-url", "https://x.example.com"])).toMatch(/CRISP_MCP_PUBLIC_URL .*no effect without/);
  });

  it("with OAuth on, token mode may listen beyond loopback without a static token: callers must sign in", () => {
    const config = loadConfig(["--sandbox", ...http, "--oauth", "--host", "0.0.0.0", "--public-url", "https://crisp-mcp.example.com"], {
      CRISP_MCP_OAUTH_SECRET: OAUTH_SECRET,
      CRISP_MCP_SIGNIN_SECRET: "team-signin-secret-0123456789",
    });
    expect(config.httpToken).toBeUndefined();
    expect(refusal(["--sandbox", ...http, "--host", "0.0.0.0"])).toMatch(/missing setting CRISP_MCP_HTTP_TOKEN/);
  });
});

describe("the bin with OAuth on", () => {
  let browser: TestBrowser;
  beforeAll(async () => {
    browser = await openBrowser({ javaScript: false });
  });
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(() => killSpawned());

  it("signs a person in on the sandbox, and no keypair, token or secret shows in a log line, page, URL or error", async () => {
    const server = spawnBin(
      { CRISP_IDENTIFIER: IDENTIFIER, CRISP_KEY: KEY, CRISP_MCP_OAUTH_SECRET: OAUTH_SECRET, CRISP_MCP_LOG_LEVEL: "debug" },
      ["--sandbox", "--transport", "http", "--port", "0", "--http-auth", "passthrough", "--oauth"],
    );
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no listening line: ${server.stderr()}`)), 15_000);
      const poll = setInterval(() => {
        const match = /at (http:\/\/127\.0\.0\.1:\d+\/mcp)/.exec(server.stderr());
        if (match) {
          clearInterval(poll);
          clearTimeout(timer);
          resolve(match[1]!);
        }
      }, 50);
    });
    expect(server.stderr()).toMatch(/auth: OAuth \(issuer http:\/\/127\.0\.0\.1:\d+\/\) or each request's own Crisp keypair/);

    const cb = await startCallback();
    const seen: string[] = [];
    const page: Page = await browser.page();
    const onRequest = (request: Request) => seen.push(request.url(), JSON.stringify(request.headers()));
    const onResponse = async (response: Response) => seen.push(JSON.stringify(response.headers()), await response.text().catch(() => ""));
    page.on("request", onRequest);
    page.on("response", onResponse);
    try {
      const oauthClient = new MemoryOAuthClient(cb.url);
      const first = new Client({ name: "bin-oauth", version: "0.0.0" });
      await expect(first.connect(new StreamableHTTPClientTransport(new URL(url), { authProvider: oauthClient }))).rejects.toBeInstanceOf(UnauthorizedError);
      await page.goto(oauthClient.authorizationUrl!.href);
      // A wrong key first: its error page is part of what is checked.
      await page.getByLabel("Token identifier").fill(IDENTIFIER);
      await page.getByLabel("Token key").fill("1".repeat(64));
      await page.getByRole("button", { name: "Allow" }).click();
      expect(await page.getByRole("alert").textContent()).toContain("Crisp refused");
      await page.getByLabel("Read and write").check();
      await page.getByLabel("Token key").fill(KEY);
      await page.getByRole("button", { name: "Allow" }).click();
      const query = await cb.next();
      seen.push(page.url());
      await new StreamableHTTPClientTransport(new URL(url), { authProvider: oauthClient }).finishAuth(query.get("code")!);
      const client = new Client({ name: "bin-oauth", version: "0.0.0" });
      await client.connect(new StreamableHTTPClientTransport(new URL(url), { authProvider: oauthClient }));
      const result = await client.callTool({ name: "list_conversations_awaiting_reply", arguments: {} });
      expect(result.isError).toBeFalsy();
      const bad = await client.callTool({ name: "get_conversation_transcript", arguments: { session_id: "nope" } });
      seen.push(JSON.stringify(bad));
      const tokens = oauthClient.tokens()!;
      const refused = await fetch(url, { method: "POST", headers: { authorization: `Bearer ${tokens.access_token}x`, "content-type": "application/json" }, body: "{}" });
      seen.push(await refused.text(), refused.headers.get("www-authenticate") ?? "");
      await client.close();

      const logs = server.stderr();
      expect(logs).toContain("POST /consent 302");
      const code = query.get("code")!;
      const never = [KEY, "1".repeat(64), OAUTH_SECRET, tokens.access_token, tokens.refresh_token!, Buffer.from(`${IDENTIFIER}:${KEY}`).toString("base64")];
      for (const secret of never) {
        expect(logs.includes(secret), `a log line holds ${secret.slice(0, 12)}…`).toBe(false);
        for (const text of seen) expect(text.includes(secret), `a page, header or URL holds ${secret.slice(0, 12)}…`).toBe(false);
      }
      // The code goes only to the client's own callback, and never to the log.
      expect(logs).not.toContain(code);
      for (const text of seen.filter((t) => t.includes(code))) expect(text).toContain(cb.url);
    } finally {
      page.off("request", onRequest);
      page.off("response", onResponse);
      await cb.close();
      server.child.kill("SIGTERM");
      await once(server.child, "exit");
    }
  }, 60_000);
});
