import { createHmac } from "node:crypto";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import { createEventHub, verifySignature, WEBHOOK_PATH, type EventHub } from "../src/events/index.js";
import { startSandbox } from "../src/sandbox/index.js";
import { startHttpServer } from "../src/transports/http.js";
import { sandboxClient, serverSettings, textOf } from "./helpers/harness.js";
import { killSpawned, spawnBin } from "./helpers/spawn-bin.js";
import { until } from "./helpers/until.js";

// Crisp web hooks over real HTTP, into the Streamable HTTP transport's
// POST /webhooks/crisp, read back with wait_for_events through an MCP client
// over the same server.

const SECRET = "whsec-test-0123456789abcdef";
const WEBSITE = "8c842203-7ed8-4e29-a608-7cf78a7d2fcc";
const SESSION = "session_0b3e9c8e-7d5a-4f0e-9f1a-2c3d4e5f6a7b";

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  killSpawned();
  while (cleanups.length > 0) await cleanups.pop()!().catch(() => undefined);
});

interface Served {
  base: string;
  hub: EventHub;
  mcp: Client;
  wait(args?: Record<string, unknown>, onprogress?: () => void): Promise<any>;
}

/** A token-mode HTTP server (no token: loopback) with an event hub, as the bin runs it. */
/** `null`: web hooks off (no secret). */
async function serve(secret: string | null = SECRET): Promise<Served> {
  const sandbox = await startSandbox();
  cleanups.push(() => sandbox.close());
  const crisp = sandboxClient(sandbox);
  cleanups.push(() => crisp.close());
  const hub = createEventHub({ webhookSecret: secret ?? undefined });
  const running = await startHttpServer({
    host: "127.0.0.1",
    port: 0,
    settings: serverSettings({ toolsets: ["events"], websiteId: WEBSITE }),
    auth: { mode: "token", client: crisp },
    events: hub,
  });
  cleanups.push(() => running.close());
  const mcp = new Client({ name: "webhooks-test", version: "0.0.0" });
  await mcp.connect(new StreamableHTTPClientTransport(new URL(running.url)));
  cleanups.push(() => mcp.close());
  return {
    base: running.url.replace(/\/mcp$/, ""),
    hub,
    mcp,
    async wait(args = {}, onprogress) {
      const result = (await mcp.callTool(
        { name: "wait_for_events", arguments: { timeout_seconds: 1, ...args } },
        undefined,
        onprogress ? { onprogress } : {},
      )) as CallToolResult;
      expect(result.isError, textOf(result)).toBeFalsy();
      return result.structuredContent;
    },
  };
}

function hookBody(text = "Hello from the chatbox\u200B"): string {
  return JSON.stringify({
    website_id: WEBSITE,
    event: "message:send",
    data: {
      website_id: WEBSITE,
      session_id: SESSION,
      type: "text",
      from: "user",
      origin: "chat",
      content: text,
      fingerprint: 163408415045542,
      timestamp: Date.now(),
      user: { nickname: "Visitor 42" },
    },
    timestamp: Date.now(),
  });
}

function sign(body: string, timestamp: string, secret = SECRET): string {
  return createHmac("sha256", secret).update(`[${timestamp};${body}]`).digest("hex");
}

async function post(base: string, body: string, headers: Record<string, string>): Promise<{ status: number; json: any }> {
  const response = await fetch(`${base}${WEBHOOK_PATH}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });
  return { status: response.status, json: await response.json() };
}

function signedHeaders(body: string, timestamp = String(Date.now())): Record<string, string> {
  return { "x-crisp-request-timestamp": timestamp, "x-crisp-signature": sign(body, timestamp) };
}

describe("POST /webhooks/crisp", () => {
  it("a signed hook arrives once, sanitised, and wakes a waiting call", async () => {
    const served = await serve();
    const start = await served.wait();
    let progressed!: () => void;
    const waiting = new Promise<void>((resolve) => (progressed = resolve));
    const pending = served.wait({ cursor: start.cursor, timeout_seconds: 50 }, () => progressed());
    await waiting; // the call is waiting now (its progress came over the SSE stream)

    const body = hookBody();
    const headers = signedHeaders(body);
    const first = await post(served.base, body, headers);
    expect(first).toEqual({ status: 200, json: { ok: true } });

    const woke = await pending;
    expect(woke.timed_out).toBe(false);
    expect(woke.events).toHaveLength(1);
    expect(woke.events[0]).toMatchObject({
      name: "message:send",
      session_id: SESSION,
      source: "webhook",
      data: { from: "visitor", text: "«Hello from the chatbox»", author: "«Visitor 42»" },
    });
    expect(woke.sources.webhooks).toMatch(/^live: POST \/webhooks\/crisp: 1 received/);

    // The same delivery again (a replay, or Crisp retrying): answered, not filed twice.
    const again = await post(served.base, body, headers);
    expect(again).toEqual({ status: 200, json: { ok: true, duplicate: true } });
    const after = await served.wait({ cursor: woke.cursor });
    expect(after.events).toEqual([]);
    const all = await served.wait({ cursor: "oldest" });
    expect(all.events).toHaveLength(1);
  });

  it("forged, unsigned, stale and future hooks are refused with 401 and never reach the buffer", async () => {
    const served = await serve();
    const body = hookBody();
    const now = Date.now();

    const forged = await post(served.base, body, { ...signedHeaders(body), "x-crisp-signature": sign(body, String(now), "not-the-secret") });
    expect(forged).toEqual({ status: 401, json: { error: "bad signature" } });

    const tampered = await post(served.base, body.replace("Hello", "Hallo"), signedHeaders(body));
    expect(tampered.status).toBe(401);

    const unsigned = await post(served.base, body, {});
    expect(unsigned.status).toBe(401);
    expect(unsigned.json.error).toMatch(/unsigned/);

    const old = String(now - 6 * 60_000);
    const stale = await post(served.base, body, signedHeaders(body, old));
    expect(stale).toEqual({ status: 401, json: { error: "timestamp too far from now (more than 5 minutes)" } });

    const future = String(now + 6 * 60_000);
    expect((await post(served.base, body, signedHeaders(body, future))).status).toBe(401);

    const seconds = String(Math.floor(now / 1000));
    const inSeconds = await post(served.base, body, signedHeaders(body, seconds));
    expect(inSeconds.status).toBe(200);

    const all = await served.wait({ cursor: "oldest" });
    expect(all.events).toHaveLength(1);
    expect(all.sources.webhooks).toMatch(/1 received.*5 refused/);
  });

  it("a signed hook that is not a Crisp event is refused with 400; GET is not allowed", async () => {
    const served = await serve();
    const notJson = "hello";
    expect((await post(served.base, notJson, signedHeaders(notJson))).status).toBe(400);
    const noWebsite = JSON.stringify({ event: "message:send", data: {} });
    expect((await post(served.base, noWebsite, signedHeaders(noWebsite))).status).toBe(400);
    const get = await fetch(`${served.base}${WEBHOOK_PATH}`);
    expect(get.status).toBe(405);
    expect((await served.wait({ cursor: "oldest" })).events).toEqual([]);
  });

  it("without CRISP_WEBHOOK_SECRET the route says web hooks are off", async () => {
    const served = await serve(null);
    const body = hookBody();
    const off = await post(served.base, body, signedHeaders(body));
    expect(off.status).toBe(404);
    expect(off.json.error).toMatch(/CRISP_WEBHOOK_SECRET/);
    expect((await served.wait()).sources.webhooks).toMatch(/^off/);
  });
});

describe("verifySignature", () => {
  it("checks the raw bytes, any byte change fails, and the hex case does not matter", () => {
    const body = Buffer.from('{"a": 1}');
    const good = sign(body.toString(), "1700000000000");
    expect(verifySignature(SECRET, "1700000000000", body, good)).toBe(true);
    expect(verifySignature(SECRET, "1700000000000", body, good.toUpperCase())).toBe(true);
    expect(verifySignature(SECRET, "1700000000000", Buffer.from('{"a":1}'), good)).toBe(false);
    expect(verifySignature(SECRET, "1700000000001", body, good)).toBe(false);
    expect(verifySignature(SECRET, "1700000000000", body, good.slice(0, 63))).toBe(false);
    expect(verifySignature(SECRET, "1700000000000", body, "")).toBe(false);
  });
});

describe("the built bin", () => {
  it("takes CRISP_WEBHOOK_SECRET: a hook signed with it is filed, one signed with another secret is refused", async () => {
    const server = spawnBin({ CRISP_WEBHOOK_SECRET: SECRET }, ["--sandbox", "--transport", "http", "--port", "0"]);
    await until(() => /http:\/\/127\.0\.0\.1:\d+\/mcp/.test(server.stderr()), "the bin to say where it listens");
    const base = /http:\/\/127\.0\.0\.1:\d+\/mcp/.exec(server.stderr())![0].replace(/\/mcp$/, "");
    const body = hookBody();
    const stamp = String(Date.now());
    const forged = await post(base, body, { "x-crisp-request-timestamp": stamp, "x-crisp-signature": sign(body, stamp, "another-secret-0123456789") });
    expect(forged).toEqual({ status: 401, json: { error: "bad signature" } });
    const headers = signedHeaders(body, stamp);
    expect(await post(base, body, headers)).toEqual({ status: 200, json: { ok: true } });
    // Filed: the same delivery again is known.
    expect(await post(base, body, headers)).toEqual({ status: 200, json: { ok: true, duplicate: true } });
    server.child.kill("SIGTERM");
    expect((await server.exited).code).toBe(0);
    expect(server.stderr()).not.toContain(SECRET);
  });
});
