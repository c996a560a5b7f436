import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { setLogLevel } from "../src/log.js";
import { startSandbox, type Sandbox } from "../src/sandbox/index.js";
import { startHttpServer, type RunningHttpServer } from "../src/transports/http.js";
import { openBrowser, type TestBrowser } from "./helpers/browser.js";
import { serverSettings } from "./helpers/harness.js";
import {
  ensureClientsInstalled,
  freePort,
  headlessEnv,
  INSPECTOR,
  MCP_REMOTE_CLIENT,
  NODE22,
  startClient,
  workspace,
  type ClientProcess,
  type Workspace,
} from "./helpers/oauth-clients.js";

// mcp-remote and the MCP Inspector connect with no header, by OAuth alone: each
// is given only the MCP URL, is refused with 401, finds the authorization
// server through the protected-resource metadata, registers itself, and opens
// the consent page in "the browser" (a shim that records the URL). A real
// headless Chromium then signs in there with a Crisp keypair, as a person
// would; the client exchanges the code and lists crisp-mcp's tools, which it
// can only do with a valid token. The server's own request log shows each step.
//
// The clients are pinned in test/oauth-clients and installed there by the
// first run (npm ci, when node_modules is missing or older than the lock).

const SECRET = "oauth-secret-for-tests-0123456789abcdef";
const IDENTIFIER = "4b7e2d90-5c13-4f8a-a6e1-3d9c0b2f7e54";
const KEY = "3c5e7a9b1d2f4a6c8e0b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a2c4e6b8d0f2a4c";
const REAL_TOOLS = ["list_conversations_awaiting_reply", "call_crisp_method"];

let box: Sandbox;
let browser: TestBrowser;
const cleanups: (() => Promise<unknown>)[] = [];

/** The server's own request log (its debug lines "http METHOD /path STATUS"): what the clients did, as it saw it. */
const seen: string[] = [];
const realWrite = process.stderr.write.bind(process.stderr);

beforeAll(async () => {
  await ensureClientsInstalled();
  box = await startSandbox({ identifier: IDENTIFIER, key: KEY, tier: "plugin" });
  browser = await openBrowser({ javaScript: false });
  setLogLevel("debug");
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
    const text = String(chunk);
    const request = /^crisp-mcp debug: http (\S+ \S+ \d{3}) /.exec(text);
    if (!request) return realWrite(chunk, ...rest);
    seen.push(request[1]!);
    return true;
  }) as typeof process.stderr.write;
}, 240_000);

afterAll(async () => {
  process.stderr.write = realWrite;
  setLogLevel("info");
  await browser?.close();
  await box?.close();
});

afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!().catch(() => undefined);
});

async function oauthServer(): Promise<RunningHttpServer> {
  const running = await startHttpServer({
    host: "127.0.0.1",
    port: 0,
    settings: serverSettings({ toolsets: ["default"] }),
    auth: { mode: "passthrough", apiUrl: box.url, defaultTier: "plugin", timeoutMs: 5_000 },
    oauth: { secret: SECRET },
  });
  cleanups.push(() => running.close());
  seen.length = 0;
  return running;
}

async function tempWorkspace(prefix: string): Promise<Workspace> {
  const ws = await workspace(prefix);
  cleanups.push(() => ws.remove());
  return ws;
}

function launch(command: string, args: string[], env: NodeJS.ProcessEnv, options?: Parameters<typeof startClient>[3]): ClientProcess {
  const client = startClient(command, args, env, options);
  cleanups.push(() => client.stop());
  return client;
}

/**
 * Plays the person: opens the URL the client gave the browser in real Chromium,
 * signs in on the consent page by its labels and allows. Resolves with the
 * callback URL the browser was sent to.
 */
async function signIn(url: string, redirectUri: string): Promise<URL> {
  const page: Page = await browser.page();
  // The callback page may try to close its window: read the request, never the page after.
  const callback = page.waitForRequest((request) => request.url().startsWith(`${redirectUri}?`));
  callback.catch(() => undefined); // awaited below; a failure before then is reported by its own step
  await page.goto(url);
  expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Connect an app to Crisp");
  await page.getByLabel("Read only").check();
  await page.getByLabel("Token identifier").fill(IDENTIFIER);
  await page.getByLabel("Token key").fill(KEY);
  await page.getByLabel("Token tier").selectOption("plugin");
  await page.getByRole("button", { name: "Allow" }).click({ noWaitAfter: true });
  try {
    return new URL((await callback).url());
  } catch (error) {
    // Still on the consent page (it was shown again): say what it says.
    const text = await page.locator("body").innerText({ timeout: 2_000 }).catch(() => "(unreadable)");
    (error as Error).message += `\n--- the browser shows ${page.url()} ---\n${text}`;
    throw error;
  }
}

/** A step of the flow; when it fails, the client's output says why. */
async function step<T>(client: ClientProcess, what: Promise<T>): Promise<T> {
  try {
    return await what;
  } catch (error) {
    (error as Error).message += `\n--- client stdout ---\n${client.stdout()}\n--- client stderr ---\n${client.stderr()}\n--- server saw ---\n${seen.join("\n")}`;
    throw error;
  }
}

/** What the browser was asked to open: this server's /authorize, PKCE S256, for this resource. */
function expectAuthorizeUrl(opened: string, running: RunningHttpServer): URL {
  const url = new URL(opened);
  expect(url.origin + url.pathname).toBe(new URL("/authorize", running.oauth!.issuer).href);
  expect(url.searchParams.get("response_type")).toBe("code");
  expect(url.searchParams.get("code_challenge_method")).toBe("S256");
  expect(url.searchParams.get("code_challenge")).toMatch(/^[\w-]{43}$/);
  expect(url.searchParams.get("resource")).toBe(running.url);
  expect(url.searchParams.get("client_id")).toBeTruthy();
  return url;
}

/** The callback the browser reached: a code, the issuer (RFC 9207) and the client's state. */
function expectCallback(callback: URL, authorize: URL, running: RunningHttpServer): void {
  expect(callback.searchParams.get("error"), callback.href).toBeNull();
  expect(callback.searchParams.get("code") ?? "", callback.href).toMatch(/^[\w-]{43}$/);
  expect(callback.searchParams.get("iss")).toBe(running.oauth!.issuer);
  expect(callback.searchParams.get("state")).toBe(authorize.searchParams.get("state"));
}

/** The server's side: refused first, then discovery, registration, consent, exchange, and authorized MCP calls. */
function expectOAuthAlone(): void {
  const firstMcp = seen.findIndex((line) => line.startsWith("POST /mcp "));
  expect(seen[firstMcp], seen.join("\n")).toBe("POST /mcp 401");
  const order = ["POST /register 201", "GET /authorize 200", "POST /consent 302", "POST /token 200"].map((line) => {
    const at = seen.indexOf(line);
    expect(at, `the server saw no "${line}":\n${seen.join("\n")}`).toBeGreaterThan(firstMcp);
    return at;
  });
  expect(order).toEqual([...order].sort((a, b) => a - b));
  expect(seen.indexOf("POST /mcp 200"), seen.join("\n")).toBeGreaterThan(order.at(-1)!);
  // Exactly one sign-in: one registration, one code, one exchange.
  for (const line of ["POST /register 201", "POST /consent 302", "POST /token 200"]) expect(seen.filter((l) => l === line)).toHaveLength(1);
}

describe("third-party MCP clients sign in by OAuth alone, with no header", () => {
  it("mcp-remote 0.15.1: 401, registration, consent in a real browser, code exchange, then the tools", { timeout: 50_000 }, async () => {
    const running = await oauthServer();
    const ws = await tempWorkspace("crisp-mcp-mcp-remote-");
    const port = await freePort();
    const client = launch(
      process.execPath,
      [MCP_REMOTE_CLIENT, running.url, String(port), "--auth-timeout", "40"],
      headlessEnv(ws.browser, { MCP_REMOTE_CONFIG_DIR: join(ws.dir, "mcp-auth") }),
      // Its stdin ending means "shut down": held open, as an MCP host holds it.
      { stdin: "open" },
    );

    const authorize = expectAuthorizeUrl(await step(client, ws.openedUrl(15_000, client)), running);
    const redirectUri = `http://localhost:${port}/oauth/callback`;
    expect(authorize.searchParams.get("redirect_uri")).toBe(redirectUri);
    expectCallback(await step(client, signIn(authorize.href, redirectUri)), authorize, running);

    expect(await client.exit(20_000), client.stderr()).toBe(0);
    // mcp-remote exits 0 even when tools/list fails: the listing itself is the proof.
    const listed = /\] Tools: (\{\n[\s\S]*?\n\})\n/.exec(client.stderr());
    expect(listed, client.stderr()).not.toBeNull();
    const names = (JSON.parse(listed![1]!) as { tools: { name: string }[] }).tools.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(REAL_TOOLS));
    expect(await ws.opened()).toHaveLength(1);
    expectOAuthAlone();
  });

  it("MCP Inspector 2.12.0 CLI: 401, registration, consent in a real browser, code exchange, then the tools", { timeout: 50_000 }, async () => {
    const running = await oauthServer();
    const ws = await tempWorkspace("crisp-mcp-inspector-");
    const redirectUri = `http://127.0.0.1:${await freePort()}/oauth/callback`;
    const cli = launch(
      NODE22,
      [INSPECTOR, "--cli", running.url, "--transport", "http", "--method", "tools/list", "--callback-url", redirectUri, "--format", "json"],
      headlessEnv(ws.browser, {
        HOME: join(ws.dir, "home"),
        MCP_INSPECTOR_SECRET_STORE: "memory",
        // No TTY: interactive OAuth only with this, which also makes it call the browser.
        MCP_AUTO_OPEN_ENABLED: "true",
      }),
    );

    const authorize = expectAuthorizeUrl(await step(cli, ws.openedUrl(15_000, cli)), running);
    expect(authorize.searchParams.get("redirect_uri")).toBe(redirectUri);
    expectCallback(await step(cli, signIn(authorize.href, redirectUri)), authorize, running);

    expect(await cli.exit(20_000), cli.stderr()).toBe(0);
    let result: { result?: { tools?: { name: string }[] } };
    try {
      result = JSON.parse(cli.stdout());
    } catch {
      throw new Error(`the Inspector printed no JSON on stdout:\n${cli.stdout()}\n--- stderr ---\n${cli.stderr()}`);
    }
    const names = (result.result?.tools ?? []).map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(REAL_TOOLS));
    expect(await ws.opened()).toHaveLength(1);
    expectOAuthAlone();
  });
});
