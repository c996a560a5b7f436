import { spawn } from "node:child_process";
import { createServer as createRawServer, request as rawRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult, Tool } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CrispClient } from "../src/client/index.js";
import { ConfigError, loadConfig } from "../src/config.js";
import { setLogLevel } from "../src/log.js";
import { startSandbox, seededSessionId, type Sandbox } from "../src/sandbox/index.js";
import type { ServerSettings } from "../src/server.js";
import { startHttpServer, type HttpServerOptions, type RunningHttpServer } from "../src/transports/http.js";
import { TenantClients } from "../src/transports/tenants.js";
import { serverSettings, textOf } from "./helpers/harness.js";

const BIN = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
const TOKEN = "test-token-0123456789abcdef";

const SETTINGS = serverSettings({ toolsets: ["default"] });

// Everything a test starts, closed after it.
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!().catch(() => undefined);
});

async function sandbox(options: Parameters<typeof startSandbox>[0] = {}): Promise<Sandbox> {
  const s = await startSandbox(options);
  cleanups.push(() => s.close());
  return s;
}

/** A token-mode server over one sandbox (the bin's default shape). */
async function tokenServer(
  box: Sandbox,
  overrides: Omit<Partial<HttpServerOptions>, "settings" | "auth"> & { settings?: Partial<ServerSettings>; token?: string | null } = {},
): Promise<RunningHttpServer> {
  const crisp = new CrispClient({ baseUrl: box.url, identifier: box.identifier, key: box.key, tier: box.tier, timeoutMs: 5_000 });
  const { settings, token, ...rest } = overrides;
  const running = await startHttpServer({
    host: "127.0.0.1",
    port: 0,
    ...rest,
    settings: { ...SETTINGS, websiteId: box.websiteId, ...settings },
    auth: { mode: "token", token: token === null ? undefined : (token ?? TOKEN), client: crisp },
  });
  cleanups.push(async () => {
    await running.close();
    await crisp.close();
  });
  return running;
}

async function connect(url: string, headers: Record<string, string> = {}): Promise<Client> {
  const client = new Client({ name: "http-test", version: "0.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));
  cleanups.push(() => client.close());
  return client;
}

const bearer = (token = TOKEN) => ({ authorization: `Bearer ${token}` });
const basic = (identifier: string, key: string) => ({
  authorization: `Basic ${Buffer.from(`${identifier}:${key}`).toString("base64")}`,
});
const names = (tools: Tool[]) => tools.map((t) => t.name).sort();

/** A raw HTTP exchange, for what the SDK client cannot send (a foreign Host, odd Accept headers). */
function raw(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  return new Promise((resolve, reject) => {
    const req = rawRequest(url, { method: options.method ?? "POST", headers: options.headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (text += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on("error", reject);
    req.end(options.body);
  });
}

const LIST = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" });
const JSON_HEADERS = { "content-type": "application/json", accept: "application/json, text/event-stream" };

describe("HTTP transport: token mode", () => {
  it("answers /healthz without auth", async () => {
    const server = await tokenServer(await sandbox());
    const health = await raw(server.url.replace(/\/mcp$/, "/healthz"), { method: "GET" });
    expect(health.status).toBe(200);
    expect(JSON.parse(health.text)).toEqual({ status: "ok" });
  });

  it("refuses a request without a token, or with a wrong one, with 401 and a Bearer challenge", async () => {
    const server = await tokenServer(await sandbox());
    await expect(connect(server.url)).rejects.toMatchObject({ code: 401 });
    await expect(connect(server.url, bearer("wrong-token-0123456789abcdef"))).rejects.toMatchObject({ code: 401 });
    await expect(connect(server.url, bearer(`${TOKEN}x`))).rejects.toMatchObject({ code: 401 });

    const missing = await raw(server.url, { headers: JSON_HEADERS, body: LIST });
    expect(missing.status).toBe(401);
    expect(missing.headers["www-authenticate"]).toMatch(/^Bearer realm="crisp-mcp"/);
    const wrong = await raw(server.url, { headers: { ...JSON_HEADERS, ...bearer("nope") }, body: LIST });
    expect(wrong.status).toBe(401);
    expect(wrong.headers["www-authenticate"]).toMatch(/invalid_token/);
  });

  it("lists tools and calls one with the right token", async () => {
    const box = await sandbox();
    const server = await tokenServer(box, { settings: { toolsets: ["catalog", "conversations"] } });
    const client = await connect(server.url, bearer());
    const { tools } = await client.listTools();
    expect(names(tools)).toContain("call_crisp_method");
    expect(names(tools)).toContain("list_conversations");

    const result = (await client.callTool({ name: "call_crisp_method", arguments: { method: "get_website" } })) as CallToolResult;
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toMatch(/Acme Shop/);
    const conversations = (await client.callTool({ name: "list_conversations", arguments: {} })) as CallToolResult;
    expect(conversations.isError).toBeFalsy();
    expect(box.requests.some((r) => r.operation === "list_conversations" && r.status === 200)).toBe(true);
  });

  it("refuses a foreign Host and a foreign Origin with 403, and serves loopback names on any port", async () => {
    const server = await tokenServer(await sandbox());
    const headers = { ...JSON_HEADERS, ...bearer() };
    const foreign = await raw(server.url, { headers: { ...headers, host: "evil.example" }, body: LIST });
    expect(foreign.status).toBe(403);
    expect(foreign.text).toMatch(/Host/);
    const rebound = await raw(server.url, { headers: { ...headers, host: "evil.example:8787" }, body: LIST });
    expect(rebound.status).toBe(403);
    const origin = await raw(server.url, { headers: { ...headers, origin: "https://evil.example" }, body: LIST });
    expect(origin.status).toBe(403);
    expect(origin.text).toMatch(/Origin/);

    const local = await raw(server.url, { headers: { ...headers, host: "localhost:1234", origin: "http://localhost:3000" }, body: LIST });
    expect(local.status).toBe(200);
    expect(JSON.parse(local.text).result.tools.length).toBeGreaterThan(0);
  });

  it("serves only the listed public names when CRISP_MCP_ALLOWED_HOSTS is set", async () => {
    const server = await tokenServer(await sandbox(), { allowedHosts: ["mcp.example.com"] });
    const headers = { ...JSON_HEADERS, ...bearer() };
    const named = await raw(server.url, { headers: { ...headers, host: "mcp.example.com" }, body: LIST });
    expect(named.status).toBe(200);
    const loopback = await raw(server.url, { headers, body: LIST });
    expect(loopback.status).toBe(403);
  });

  it("answers JSON by default and a stream when the client asks for one", async () => {
    const server = await tokenServer(await sandbox());
    const auth = bearer();
    const json = await raw(server.url, { headers: { ...JSON_HEADERS, ...auth }, body: LIST });
    expect(json.headers["content-type"]).toMatch(/^application\/json/);
    expect(JSON.parse(json.text).result.tools.length).toBeGreaterThan(0);

    // A JSON-only client is served too.
    const jsonOnly = await raw(server.url, { headers: { ...JSON_HEADERS, ...auth, accept: "application/json" }, body: LIST });
    expect(jsonOnly.status).toBe(200);
    expect(jsonOnly.headers["content-type"]).toMatch(/^application\/json/);

    const streamOnly = await raw(server.url, { headers: { ...JSON_HEADERS, ...auth, accept: "text/event-stream" }, body: LIST });
    expect(streamOnly.headers["content-type"]).toMatch(/^text\/event-stream/);
    expect(streamOnly.text).toMatch(/^event: message\ndata: \{.*"tools"/m);

    const withProgress = JSON.stringify({
      jsonrpc: "2.0",
      id: 2,
      method: "tools/call",
      params: { name: "call_crisp_method", arguments: { method: "get_website" }, _meta: { progressToken: "p1" } },
    });
    const streamed = await raw(server.url, { headers: { ...JSON_HEADERS, ...auth }, body: withProgress });
    expect(streamed.headers["content-type"]).toMatch(/^text\/event-stream/);
    expect(streamed.text).toMatch(/Acme Shop/);

    const html = await raw(server.url, { headers: { ...JSON_HEADERS, ...auth, accept: "text/html" }, body: LIST });
    expect(html.status).toBe(406);
  });

  it("a call with a progress callback works through the SDK client (streamed answer)", async () => {
    const server = await tokenServer(await sandbox());
    const client = await connect(server.url, bearer());
    const result = (await client.callTool(
      { name: "call_crisp_method", arguments: { method: "get_website" } },
      undefined,
      { onprogress: () => undefined },
    )) as CallToolResult;
    expect(textOf(result)).toMatch(/Acme Shop/);
  });

  it("refuses GET and DELETE (stateless: no stream, no session), and unknown paths", async () => {
    const server = await tokenServer(await sandbox());
    const get = await raw(server.url, { method: "GET", headers: { ...bearer(), accept: "text/event-stream" } });
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe("POST");
    const del = await raw(server.url, { method: "DELETE", headers: bearer() });
    expect(del.status).toBe(405);
    const other = await raw(server.url.replace(/\/mcp$/, "/other"), { headers: JSON_HEADERS, body: LIST });
    expect(other.status).toBe(404);
  });

  it("refuses a body over the limit with 413, and bad JSON with 400", async () => {
    const server = await tokenServer(await sandbox(), { maxBodyBytes: 2_048 });
    const headers = { ...JSON_HEADERS, ...bearer() };
    const big = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list", params: { pad: "x".repeat(4_000) } });
    const tooBig = await raw(server.url, { headers, body: big });
    expect(tooBig.status).toBe(413);
    // Without a Content-Length the limit holds while reading.
    const chunked = await raw(server.url, { headers: { ...headers, "transfer-encoding": "chunked" }, body: big });
    expect(chunked.status).toBe(413);
    const bad = await raw(server.url, { headers, body: "{not json" });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text).error.code).toBe(-32700);
  });

  it("cuts a request at its deadline with 504, without taking the server down", async () => {
    const box = await sandbox();
    const server = await tokenServer(box, { requestTimeoutMs: 300 });
    box.faults.add({ path: `/website/${box.websiteId}`, kind: "hang" });
    const call = JSON.stringify({
      jsonrpc: "2.0",
      id: 3,
      method: "tools/call",
      params: { name: "call_crisp_method", arguments: { method: "get_website" } },
    });
    const headers = { ...JSON_HEADERS, ...bearer() };
    const cut = await raw(server.url, { headers, body: call });
    expect(cut.status).toBe(504);
    expect(JSON.parse(cut.text).error.message).toMatch(/timed out/);
    const after = await raw(server.url, { headers, body: LIST });
    expect(after.status).toBe(200);
  });

  it("holds read-only over HTTP: no write tool listed, no write request sent", async () => {
    const box = await sandbox();
    const server = await tokenServer(box, { settings: { toolsets: ["all"], readOnly: true } });
    const client = await connect(server.url, bearer());
    const { tools } = await client.listTools();
    expect(tools.length).toBeGreaterThan(20);
    expect(tools.filter((t) => t.annotations?.readOnlyHint !== true).map((t) => t.name)).toEqual([]);

    box.clearRequests();
    const write = (await client.callTool({
      name: "call_crisp_method",
      arguments: { method: "change_conversation_state", arguments: { session_id: seededSessionId("refund-request"), state: "resolved" } },
    })) as CallToolResult;
    expect(write.isError).toBe(true);
    expect(box.requests.filter((r) => r.method !== "GET" && r.method !== "HEAD")).toEqual([]);

    // The header cannot lift the server's read-only.
    const lifted = await connect(server.url, { ...bearer(), "x-mcp-read-only": "false" });
    expect(names((await lifted.listTools()).tools)).toEqual(names(tools));
  });

  it("X-MCP-Read-Only: true narrows a writable server to its read tools, also through call_crisp_method", async () => {
    const box = await sandbox();
    const server = await tokenServer(box, { settings: { toolsets: ["all"] } });
    const full = names((await (await connect(server.url, bearer())).listTools()).tools);
    const client = await connect(server.url, { ...bearer(), "x-mcp-read-only": "true" });
    const { tools } = await client.listTools();
    expect(tools.length).toBeLessThan(full.length);
    expect(tools.every((t) => t.annotations?.readOnlyHint === true)).toBe(true);
    expect(names(tools).every((n) => full.includes(n))).toBe(true);

    box.clearRequests();
    const write = (await client.callTool({
      name: "call_crisp_method",
      arguments: { method: "change_conversation_state", arguments: { session_id: seededSessionId("refund-request"), state: "resolved" } },
    })) as CallToolResult;
    expect(write.isError).toBe(true);
    // The refusal names the header that asked for it, not a server setting the user never set.
    expect(textOf(write)).toMatch(/asked for read-only mode \(the X-MCP-Read-Only header\)/);
    expect(textOf(write)).not.toContain("CRISP_READ_ONLY");
    expect(box.requests.filter((r) => r.method !== "GET" && r.method !== "HEAD")).toEqual([]);

    const bad = await raw(server.url, { headers: { ...JSON_HEADERS, ...bearer(), "x-mcp-read-only": "maybe" }, body: LIST });
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/X-MCP-Read-Only must be true or false \(also 1\/0, yes\/no, on\/off\)/);

    // The header reads yes/no words by the same rule as CRISP_READ_ONLY.
    for (const word of ["on", "YES", "1"]) {
      const narrowed = await connect(server.url, { ...bearer(), "x-mcp-read-only": word });
      expect(names((await narrowed.listTools()).tools), word).toEqual(names(tools));
    }
    const off = await connect(server.url, { ...bearer(), "x-mcp-read-only": "off" });
    expect(names((await off.listTools()).tools)).toEqual(full);
  });

  it("X-MCP-Toolsets narrows the surface and cannot widen it", async () => {
    const server = await tokenServer(await sandbox(), { settings: { toolsets: ["catalog", "people"] } });
    const base = names((await (await connect(server.url, bearer())).listTools()).tools);

    const catalogOnly = names((await (await connect(server.url, { ...bearer(), "x-mcp-toolsets": "catalog" })).listTools()).tools);
    expect(catalogOnly).toEqual(["call_crisp_method", "describe_crisp_method", "search_crisp_methods"]);

    const people = names((await (await connect(server.url, { ...bearer(), "x-mcp-toolsets": "people" })).listTools()).tools);
    expect(people.length).toBeGreaterThan(0);
    expect(people.every((n) => base.includes(n))).toBe(true);
    expect(people).not.toContain("call_crisp_method");

    const widened = names((await (await connect(server.url, { ...bearer(), "x-mcp-toolsets": "all" })).listTools()).tools);
    expect(widened).toEqual(base);
    const helpdesk = await connect(server.url, { ...bearer(), "x-mcp-toolsets": "helpdesk" });
    // The server lists no helpdesk method: nothing is added, and a hidden tool stays uncallable.
    expect((await helpdesk.listTools()).tools).toEqual([]);
    const hidden = (await helpdesk.callTool({ name: "list_helpdesk_locales", arguments: {} })) as CallToolResult;
    expect(hidden.isError).toBe(true);

    const unknown = await raw(server.url, { headers: { ...JSON_HEADERS, ...bearer(), "x-mcp-toolsets": "peopel" }, body: LIST });
    expect(unknown.status).toBe(400);
    expect(JSON.parse(unknown.text).error.message).toMatch(/unknown toolset "peopel".*valid toolsets: .*people/);
  });

  it("keeps the destructive-call policy: a stateless client cannot confirm, so the call is refused", async () => {
    const box = await sandbox();
    const server = await tokenServer(box, { settings: { toolsets: ["all"] } });
    const client = await connect(server.url, bearer());
    box.clearRequests();
    const result = (await client.callTool({
      name: "remove_conversation",
      arguments: { session_id: seededSessionId("refund-request") },
    })) as CallToolResult;
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/CRISP_ALLOW_DESTRUCTIVE/);
    expect(box.requests.filter((r) => r.method === "DELETE")).toEqual([]);
  });
});

/**
 * Crisp's API is one URL that serves many workspaces, each reached with its own
 * keypair. Two sandboxes behind a router that picks by keypair play that part;
 * an unknown keypair goes to the first, which refuses it.
 */
async function multiAccountCrisp(boxes: Sandbox[]): Promise<{ url: string; close(): Promise<void> }> {
  const byAuth = new Map(boxes.map((b) => [basic(b.identifier, b.key).authorization, b]));
  const router: Server = createRawServer((req, res) => {
    const box = byAuth.get(req.headers.authorization ?? "") ?? boxes[0]!;
    const target = new URL(box.url);
    const upstream = rawRequest(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => router.listen(0, "127.0.0.1", resolve));
  const { port } = router.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    close: () =>
      new Promise<void>((resolve) => {
        router.closeAllConnections();
        router.close(() => resolve());
      }),
  };
}

describe("HTTP transport: passthrough (multi-tenant)", () => {
  let alpha: Sandbox;
  let beta: Sandbox;
  let crisp: { url: string; close(): Promise<void> };
  let server: RunningHttpServer;
  const logged: string[] = [];
  const realWrite = process.stderr.write.bind(process.stderr);

  beforeAll(async () => {
    alpha = await startSandbox({ identifier: "alpha-identifier-1111", key: "alpha-key-aaaaaaaaaaaaaaaa" });
    beta = await startSandbox({ identifier: "beta-identifier-2222", key: "beta-key-bbbbbbbbbbbbbbbb", tier: "website" });
    beta.state.website.name = "Beta Books";
    crisp = await multiAccountCrisp([alpha, beta]);
    setLogLevel("debug");
    process.stderr.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
      logged.push(String(chunk));
      return realWrite(chunk, ...rest);
    }) as typeof process.stderr.write;
    server = await startHttpServer({
      host: "127.0.0.1",
      port: 0,
      settings: { ...SETTINGS, websiteId: alpha.websiteId },
      auth: { mode: "passthrough", apiUrl: crisp.url, defaultTier: "plugin", timeoutMs: 5_000 },
    });
  });

  afterAll(async () => {
    process.stderr.write = realWrite;
    setLogLevel("info");
    await server?.close();
    await crisp?.close();
    await alpha?.close();
    await beta?.close();
  });

  it("refuses a request without credentials with 401 and a Basic challenge", async () => {
    await expect(connect(server.url)).rejects.toMatchObject({ code: 401 });
    const missing = await raw(server.url, { headers: JSON_HEADERS, body: LIST });
    expect(missing.status).toBe(401);
    expect(missing.headers["www-authenticate"]).toMatch(/^Basic realm="crisp-mcp"/);
    const halfKey = await raw(server.url, {
      headers: { ...JSON_HEADERS, authorization: `Basic ${Buffer.from("only-identifier").toString("base64")}` },
      body: LIST,
    });
    expect(halfKey.status).toBe(401);
    const badTier = await raw(server.url, {
      headers: { ...JSON_HEADERS, ...basic(alpha.identifier, alpha.key), "x-crisp-tier": "admin" },
      body: LIST,
    });
    expect(badTier.status).toBe(400);
  });

  it("serves two tenants at the same time, each with its own keypair and its own workspace", async () => {
    alpha.clearRequests();
    beta.clearRequests();
    const a = await connect(server.url, basic(alpha.identifier, alpha.key));
    const b = await connect(server.url, { ...basic(beta.identifier, beta.key), "x-crisp-tier": "website" });
    const website = (c: Client) => c.callTool({ name: "call_crisp_method", arguments: { method: "get_website" } }) as Promise<CallToolResult>;

    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => website(i % 2 === 0 ? a : b)));
    results.forEach((result, i) => {
      expect(result.isError).toBeFalsy();
      const text = textOf(result);
      if (i % 2 === 0) {
        expect(text).toMatch(/Acme Shop/);
        expect(text).not.toMatch(/Beta Books/);
      } else {
        expect(text).toMatch(/Beta Books/);
      }
    });
    // Each workspace saw only its own tenant, with its own tier, and answered every request.
    expect(alpha.requests.length).toBe(4);
    expect(beta.requests.length).toBe(4);
    expect(alpha.requests.every((r) => r.status === 200 && r.tier === "plugin")).toBe(true);
    expect(beta.requests.every((r) => r.status === 200 && r.tier === "website")).toBe(true);
  });

  it("a tenant with a wrong keypair gets Crisp's refusal, not another tenant's data", async () => {
    const intruder = await connect(server.url, basic(alpha.identifier, "not-the-key-cccccccccccc"));
    const result = (await intruder.callTool({ name: "call_crisp_method", arguments: { method: "get_website" } })) as CallToolResult;
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/401/);
    expect(textOf(result)).not.toMatch(/Acme Shop|Beta Books/);
  });

  it("accepts the keypair as a Bearer token for clients that only send Bearer", async () => {
    const encoded = Buffer.from(`${beta.identifier}:${beta.key}`).toString("base64");
    const client = await connect(server.url, { authorization: `Bearer ${encoded}`, "x-crisp-tier": "website" });
    const result = (await client.callTool({ name: "call_crisp_method", arguments: { method: "get_website" } })) as CallToolResult;
    expect(textOf(result)).toMatch(/Beta Books/);
  });

  it("writes no keypair and no Authorization header to the logs", () => {
    const text = logged.join("");
    expect(text).toMatch(/http POST \/mcp/); // the debug request log did run
    for (const secret of [alpha.key, beta.key, alpha.identifier, beta.identifier, "not-the-key-cccccccccccc"]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(Buffer.from(secret).toString("base64"));
    }
    expect(text).not.toMatch(/Basic [A-Za-z0-9+/=]{8,}/);
  });
});

describe("tenant clients", () => {
  const tenant = (n: number, tier: "plugin" | "website" = "plugin") => ({ identifier: `id-${n}`, key: `key-${n}-secret`, tier });

  it("one client per keypair and tier, bounded, never closing one in use", async () => {
    const pool = new TenantClients({ baseUrl: "http://127.0.0.1:9/v1", timeoutMs: 1_000, maxTenants: 2 });
    cleanups.push(() => pool.close());
    const first = pool.acquire(tenant(1));
    const again = pool.acquire(tenant(1));
    expect(again.client).toBe(first.client);
    const website = pool.acquire(tenant(1, "website"));
    expect(website.client).not.toBe(first.client);
    expect(first.label).not.toContain("key-1");
    website.release();

    // Over the bound of two, the least recent idle client goes; the one in use stays.
    const second = pool.acquire(tenant(2));
    expect(pool.size).toBe(2);
    second.release();
    pool.acquire(tenant(3)).release();
    expect(pool.size).toBe(2);
    expect(pool.acquire(tenant(1)).client).toBe(first.client);
    expect(pool.acquire(tenant(2)).client).not.toBe(second.client);
    first.release();
    again.release();
  });

  it("closes clients left idle", async () => {
    const pool = new TenantClients({ baseUrl: "http://127.0.0.1:9/v1", timeoutMs: 1_000, idleMs: 20 });
    cleanups.push(() => pool.close());
    pool.acquire(tenant(1)).release();
    const held = pool.acquire(tenant(2));
    for (let i = 0; i < 200 && pool.size > 1; i++) await new Promise((r) => setTimeout(r, 10));
    expect(pool.size).toBe(1); // the held one stays
    held.release();
  });
});

describe("HTTP settings and the bin", () => {
  it("refuses to serve 0.0.0.0 without a token in token mode, naming the setting", () => {
    const load = (argv: string[]) => loadConfig(argv, {});
    expect(() => load(["--sandbox", "--transport", "http", "--host", "0.0.0.0"])).toThrow(ConfigError);
    expect(() => load(["--sandbox", "--transport", "http", "--host", "0.0.0.0"])).toThrow(/CRISP_MCP_HTTP_TOKEN/);
    expect(load(["--sandbox", "--transport", "http", "--host", "0.0.0.0", "--http-token", TOKEN]).host).toBe("0.0.0.0");
    expect(load(["--sandbox", "--transport", "http"]).port).toBe(8787);
    // Passthrough needs no server keypair and no token.
    const passthrough = load(["--transport", "http", "--http-auth", "passthrough", "--host", "0.0.0.0"]);
    expect(passthrough.httpAuth).toBe("passthrough");
    expect(() => load(["--transport", "http", "--http-auth", "passthrough", "--http-token", TOKEN])).toThrow(/passthrough/);
    // A token too short to be safe is refused without echoing it.
    let message = "";
    try {
      load(["--sandbox", "--transport", "http", "--http-token", "short-secret"]);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/CRISP_MCP_HTTP_TOKEN.*at least 16/);
    expect(message).not.toContain("short-secret");
    expect(() => load(["--sandbox", "--transport", "http", "--allowed-hosts", "a b"])).toThrow(/CRISP_MCP_ALLOWED_HOSTS/);
    expect(() => load(["--sandbox", "--transport", "ftp"])).toThrow(/CRISP_MCP_TRANSPORT/);
  });

  it("the built bin exits 2 with one line when asked to serve 0.0.0.0 without a token", async () => {
    const child = spawn(process.execPath, [BIN, "--sandbox", "--transport", "http", "--host", "0.0.0.0", "--port", "0"], {
      env: { PATH: process.env.PATH ?? "" },
    });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).toBe(2);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toMatch(/CRISP_MCP_HTTP_TOKEN/);
  });

  it("the built bin serves the sandbox over HTTP (--sandbox --transport http) and exits 0 on SIGTERM", async () => {
    const child = spawn(process.execPath, [BIN, "--sandbox", "--transport", "http", "--port", "0", "--http-token", TOKEN], {
      env: { PATH: process.env.PATH ?? "" },
    });
    cleanups.push(async () => {
      if (child.exitCode === null) child.kill("SIGKILL");
    });
    let stderr = "";
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr.on("data", (d) => {
        stderr += d;
        const found = /http:\/\/127\.0\.0\.1:\d+\/mcp/.exec(stderr);
        if (found) resolve(found[0]);
      });
      child.on("exit", () => reject(new Error(`exited early: ${stderr}`)));
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    const client = await connect(url, bearer());
    const result = (await client.callTool({ name: "call_crisp_method", arguments: { method: "get_website" } })) as CallToolResult;
    expect(textOf(result)).toMatch(/Acme Shop/);
    await client.close();
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(stderr).not.toContain(TOKEN);
  });

  it("the built bin serves passthrough on the sandbox, whose keypair is the one given", async () => {
    const keypair = { identifier: "sandbox-tenant-3333", key: "sandbox-key-dddddddddddddddd" };
    const child = spawn(process.execPath, [BIN, "--sandbox", "--transport", "http", "--http-auth", "passthrough", "--port", "0"], {
      env: { PATH: process.env.PATH ?? "", CRISP_IDENTIFIER: keypair.identifier, CRISP_KEY: keypair.key },
    });
    cleanups.push(async () => {
      if (child.exitCode === null) child.kill("SIGKILL");
    });
    let stderr = "";
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr.on("data", (d) => {
        stderr += d;
        const found = /http:\/\/127\.0\.0\.1:\d+\/mcp/.exec(stderr);
        if (found) resolve(found[0]);
      });
      child.on("exit", () => reject(new Error(`exited early: ${stderr}`)));
    });
    await expect(connect(url)).rejects.toMatchObject({ code: 401 });
    const tenant = await connect(url, basic(keypair.identifier, keypair.key));
    const result = (await tenant.callTool({ name: "call_crisp_method", arguments: { method: "get_website" } })) as CallToolResult;
    expect(textOf(result)).toMatch(/Acme Shop/);
    const stranger = await connect(url, basic(keypair.identifier, "another-key-eeeeeeeeeeeeeee"));
    const refused = (await stranger.callTool({ name: "call_crisp_method", arguments: { method: "get_website" } })) as CallToolResult;
    expect(refused.isError).toBe(true);
    expect(stderr).not.toContain(keypair.key);
  });
});
