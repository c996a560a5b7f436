import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { EventRecord } from "../src/events/read.js";
import { startSandbox, type Sandbox } from "../src/sandbox/index.js";
import { RedisConnection } from "../src/state/redis/connection.js";
import { RedisEventLog } from "../src/state/redis/event-log.js";
import { redisHome } from "../src/state/index.js";
import { startHttpServer, type RunningHttpServer } from "../src/transports/http.js";
import { sandboxClient, serverSettings, textOf } from "./helpers/harness.js";
import { pkcePair, register, tokenRequest } from "./helpers/oauth-client.js";
import { checkReadsNeverSkipOrRepeat } from "./helpers/read-property.js";
import { startRedis, type TestRedis } from "./helpers/redis.js";
import { messageHook, numbersOf, postHook, sendHook, startReplica, WEBHOOK_SECRET, type Replica, type WaitResult } from "./helpers/replica.js";
import { killSpawned, spawnBin, type SpawnedServer } from "./helpers/spawn-bin.js";
import { until } from "./helpers/until.js";

// Replicas behind one address, sharing one real redis-server: web hooks,
// replay protection, cursors, the RTM socket and Redis going away and coming
// back. Replicas run in this process (each with its own connections, hub and
// HTTP server) or as spawned bins started with deploy/compose.yaml's settings.

/** How long the scale-out tests wait for replicas to settle before they give up. */
const SETTLE_MS = 20_000;
const W1 = "4f7c4a8e-2b1d-4c3e-9a5f-0d1e2f3a4b5c";
const W2 = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";

let redis: TestRedis;
let sandbox: Sandbox;
beforeAll(async () => {
  [redis, sandbox] = await Promise.all([startRedis(), startSandbox()]);
});
afterAll(async () => {
  await sandbox?.close();
  await redis?.close();
});

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!().catch(() => undefined);
  killSpawned();
});

async function replicas(count: number, extra: { rtm?: boolean; leaseMs?: number } = {}): Promise<[Replica, Replica, ...Replica[]]> {
  const started = await Promise.all(
    Array.from({ length: count }, (_, i) => startReplica({ name: String.fromCharCode(65 + i), redisUrl: redis.url, sandbox, ...extra })),
  );
  for (const replica of started) cleanups.push(() => replica.close());
  return started as [Replica, Replica, ...Replica[]];
}

/** Reads a website's events on a replica until `count` have come, from `cursor` on. */
async function readAll(replica: Replica, websiteId: string, cursor: string, count: number): Promise<{ numbers: number[]; cursor: string }> {
  const numbers: number[] = [];
  while (numbers.length < count) {
    const result = await replica.wait({ website_id: websiteId, cursor, timeout_seconds: 10 });
    if (result.timed_out) throw new Error(`${replica.name} timed out after ${numbers.length} of ${count} events`);
    expect(result.dropped).toBeUndefined();
    numbers.push(...numbersOf(result));
    cursor = result.cursor;
  }
  return { numbers, cursor };
}

describe("replicas on one Redis", () => {
  it("1,000 hooks spread over both replicas for two websites: every reader gets its website's events once, in order", async () => {
    const [a, b] = await replicas(2);
    const start = async (replica: Replica, websiteId: string) => (await replica.wait({ website_id: websiteId, timeout_seconds: 1 })).cursor;
    const cursors = await Promise.all([start(a, W1), start(b, W1), start(a, W2), start(b, W2)]);
    const readers = Promise.all([
      readAll(a, W1, cursors[0]!, 500),
      readAll(b, W1, cursors[1]!, 500),
      readAll(a, W2, cursors[2]!, 500),
      readAll(b, W2, cursors[3]!, 500),
    ]);
    const send = async (websiteId: string) => {
      for (let n = 0; n < 500; n++) {
        const answer = await (n % 2 === 0 ? a : b).postHook(messageHook(websiteId, n));
        expect(answer).toEqual({ status: 200, json: { ok: true } });
      }
    };
    await Promise.all([send(W1), send(W2)]);
    const expected = Array.from({ length: 500 }, (_, n) => n);
    for (const read of await readers) expect(read.numbers).toEqual(expected);
  }, 120_000);

  it("RTM with three replicas: one socket; when its holder stops another takes over; no event twice", async () => {
    const three = await replicas(3, { rtm: true, leaseMs: 1_500 });
    const cursors = await Promise.all(three.map(async (r) => (await r.wait({ timeout_seconds: 1, events: ["message:send"] })).cursor));
    await until(() => sandbox.rtm.authenticatedCount() === 1, "one RTM socket", SETTLE_MS);
    // Two lease lifetimes later there is still one socket.
    await new Promise((r) => setTimeout(r, 3_200));
    expect(sandbox.rtm.authenticatedCount()).toBe(1);
    const holderOf = (list: Replica[]) => list.filter((r) => /this replica holds the socket/.test(r.hub.sources().rtm.detail ?? ""));
    expect(holderOf(three)).toHaveLength(1);
    const holder = holderOf(three)[0]!;
    const followers = three.filter((r) => r !== holder);
    for (const follower of followers) expect(follower.hub.sources().rtm.detail).toMatch(/another replica holds the socket/);

    const session = sandbox.state.addVisitorMessage(undefined, "before").session_id;
    const texts = async (replica: Replica, cursor: string, count: number) => {
      const seen: string[] = [];
      while (seen.length < count) {
        const result = await replica.wait({ cursor, timeout_seconds: 10, events: ["message:send"] });
        if (result.timed_out) break;
        seen.push(...result.events.map((e) => String(e.data.text)));
        cursor = result.cursor;
      }
      return { seen, cursor };
    };
    const firsts = await Promise.all(three.map((r, i) => texts(r, cursors[i]!, 1)));
    for (const first of firsts) expect(first.seen).toHaveLength(1);
    for (const first of firsts) expect(first.seen[0]).toMatch(/before/);

    await holder.close();
    await until(() => holderOf(followers).length === 1 && sandbox.rtm.authenticatedCount() === 1, "another replica to take the socket over", SETTLE_MS);
    sandbox.state.addVisitorMessage(session, "after");
    for (const follower of followers) {
      const index = three.indexOf(follower);
      // From the cursor of the first read: only the new message, once.
      const rest = await texts(follower, firsts[index]!.cursor, 1);
      expect(rest.seen).toHaveLength(1);
      expect(rest.seen[0]).toMatch(/after/);
      const none = await follower.wait({ cursor: rest.cursor, timeout_seconds: 1, events: ["message:send"] });
      expect(none.events).toEqual([]);
    }
    expect(sandbox.rtm.authenticatedCount()).toBe(1);
  }, 60_000);

  it("an event only a follower's reader asks for is subscribed by the holder and reaches that reader", async () => {
    const two = await replicas(2, { rtm: true, leaseMs: 1_500 });
    await Promise.all(two.map((r) => r.wait({ timeout_seconds: 1 })));
    const holds = (r: Replica) => /this replica holds the socket/.test(r.hub.sources().rtm.detail ?? "");
    await until(() => sandbox.rtm.authenticatedCount() === 1 && two.some(holds), "one replica to hold the socket", SETTLE_MS);
    const holder = two.find(holds)!;
    const follower = two.find((r) => r !== holder)!;
    const subscribed = () => Number(/(\d+) events subscribed/.exec(holder.hub.sources().rtm.detail ?? "")?.[1]);
    const before = subscribed();
    const session = sandbox.state.addVisitorMessage(undefined, "hello").session_id;
    const cursor = (await follower.wait({ timeout_seconds: 1, events: ["session:set_phone"] })).cursor;
    // session:set_phone is not in the default subscription: the holder adds it from the shared set.
    await until(() => subscribed() === before + 1, "the holder to subscribe to session:set_phone", SETTLE_MS);
    sandbox.state.conversations.updateMeta(session, { phone: "+33 1 23 45 67 89" });
    const read = await follower.wait({ cursor, timeout_seconds: 10, events: ["session:set_phone"] });
    expect(read.events.map((e) => e.name)).toEqual(["session:set_phone"]);
  }, 60_000);

  it("a replica that lost the RTM lease cannot file what its socket still hears, and closes the socket", async () => {
    const two = await replicas(2, { rtm: true, leaseMs: 6_000 });
    const cursors = await Promise.all(two.map(async (r) => (await r.wait({ timeout_seconds: 1, events: ["message:send"] })).cursor));
    await until(() => sandbox.rtm.authenticatedCount() === 1 && two.some((r) => /this replica holds/.test(r.hub.sources().rtm.detail ?? "")), "one replica to hold the socket", SETTLE_MS);
    // Someone else takes the lease while the holder still has its socket open (as after a long pause).
    const tag = createHash("sha256").update(`${sandbox.tier}:${sandbox.identifier}`).digest("hex").slice(0, 24);
    await two[0].home.state.put(`rtm:lease:${tag}`, "someone-else", 60_000);
    sandbox.state.addVisitorMessage(undefined, "while the lease is elsewhere");
    for (const [i, replica] of two.entries()) {
      expect((await replica.wait({ cursor: cursors[i], timeout_seconds: 1, events: ["message:send"] })).events).toEqual([]);
    }
    await until(() => sandbox.rtm.authenticatedCount() === 0, "the old holder to close its socket", SETTLE_MS);
    await two[0].home.state.release(`rtm:lease:${tag}`, "someone-else");
    await until(() => sandbox.rtm.authenticatedCount() === 1, "a replica to take the socket again", SETTLE_MS);
  }, 60_000);

  it("Redis stopped while a wait waits and hooks arrive: an isError, 503s, a degraded /healthz, then recovery with no acknowledged hook lost", async () => {
    const [a, b] = await replicas(2);
    const cursor = (await b.wait({ website_id: W1, timeout_seconds: 1 })).cursor;
    const acknowledged = Array.from({ length: 10 }, (_, n) => messageHook(W1, n));
    for (const [n, body] of acknowledged.entries()) expect((await (n % 2 ? a : b).postHook(body)).status).toBe(200);
    const seen = await b.wait({ website_id: W1, cursor, timeout_seconds: 5 });
    expect(numbersOf(seen)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const waiting = b.call({ website_id: W1, cursor: seen.cursor, timeout_seconds: 30 });
    await new Promise((r) => setTimeout(r, 200));
    await redis.stop();
    try {
      const lost = await waiting;
      expect(lost.isError).toBe(true);
      expect(textOf(lost)).toMatch(/shared store \(Redis\).*\nWhat to do: .*reconnects by itself/s);

      const during = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).postHook(messageHook(W1, 10 + i))));
      for (const answer of during) expect(answer.status).toBe(503);
      const retryAfter = await sendHook(a.base, messageHook(W1, 10));
      expect(retryAfter.status).toBe(503);
      expect(retryAfter.headers.get("retry-after")).toBe("5");

      const health = await fetch(`${a.base}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: "degraded", redis: expect.stringMatching(/^down: unreachable/) });
      expect(await (await fetch(`${b.base}/healthz`)).json()).toMatchObject({ status: "degraded" });
      // Tools that need no shared state keep working.
      expect((await a.mcp.listTools()).tools.map((t) => t.name)).toContain("wait_for_events");
      const fast = await a.call({ website_id: W1, timeout_seconds: 5 });
      expect(fast.isError).toBe(true);
    } finally {
      await redis.start();
    }
    await until(async () => ((await (await fetch(`${a.base}/healthz`)).json()) as { redis: string }).redis === "up", "replica A to reconnect", SETTLE_MS);
    await until(async () => ((await (await fetch(`${b.base}/healthz`)).json()) as { redis: string }).redis === "up", "replica B to reconnect", SETTLE_MS);
    // Crisp delivers the refused hooks again; the acknowledged ones, replayed, are duplicates.
    for (let n = 10; n < 20; n++) expect((await (n % 2 ? a : b).postHook(messageHook(W1, n))).json).toEqual({ ok: true });
    for (const body of acknowledged) expect((await a.postHook(body)).json).toEqual({ ok: true, duplicate: true });
    const after = await a.wait({ website_id: W1, cursor, timeout_seconds: 5 });
    expect(numbersOf(after)).toEqual(Array.from({ length: 20 }, (_, n) => n));
  }, 60_000);

  it("the event log in Redis keeps the reader's promise (property)", async () => {
    const connection = await RedisConnection.open(redis.url);
    try {
      await checkReadsNeverSkipOrRepeat((capacity) => new RedisEventLog<EventRecord>(connection, { capacity }), 40);
    } finally {
      await connection.close();
    }
  }, 60_000);
});

// ---- The bin, as deploy/compose.yaml runs it ----

const TOKEN = "scale-out-test-token-0123456789";

/** The replicas' environment in deploy/compose.yaml, read as written (a flat map under x-replica's environment:). */
function composeEnvironment(): Record<string, string> {
  const text = readFileSync(new URL("../deploy/compose.yaml", import.meta.url), "utf8");
  const block = /^x-replica:[^\n]*\n(?:[ ]{2}[^\n]*\n)*?[ ]{2}environment:\n((?:[ ]{4}[^\n]*\n)+)/m.exec(text);
  if (!block) throw new Error("deploy/compose.yaml has no x-replica environment block");
  const env: Record<string, string> = {};
  for (const line of block[1]!.split("\n").filter(Boolean)) {
    const [, name, value] = /^\s+([A-Z_]+):\s*(.*)$/.exec(line)!;
    env[name!] = value!;
  }
  return env;
}

/** compose's ${NAME:?...} and ${NAME:-default} filled in from `given`, and the service names pointed at this machine. */
function asTestRun(env: Record<string, string>, given: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    out[name] = value
      .replace(/\$\{([A-Z_]+):([?-])([^}]*)\}/g, (_, variable: string, kind: string, rest: string) => given[variable] ?? (kind === "-" ? rest : ""))
      .replace("redis://redis:6379", redis.url);
  }
  return { ...out, CRISP_MCP_HOST: "127.0.0.1", CRISP_MCP_PORT: "0" };
}

interface BinReplica {
  server: SpawnedServer;
  base: string;
  mcp: Client;
  wait(args?: Record<string, unknown>): Promise<WaitResult>;
}

async function startBin(env: Record<string, string>): Promise<BinReplica> {
  const server = spawnBin(env);
  // Stopped as an orchestrator stops it, so that its RTM lease is given up for the next test.
  cleanups.push(async () => {
    if (server.child.exitCode !== null || server.child.signalCode !== null) return;
    server.child.kill("SIGTERM");
    await server.exited;
  });
  await until(() => /Streamable HTTP at http:\/\/127\.0\.0\.1:\d+\/mcp/.test(server.stderr()) || server.child.exitCode !== null, "the bin to listen", 15_000);
  let url = /Streamable HTTP at (http:\/\/127\.0\.0\.1:\d+\/mcp)/.exec(server.stderr())?.[1];
  if (!url) throw new Error(`the bin did not start: ${server.stderr()}`);
  // compose serves the Host "localhost" (CRISP_MCP_ALLOWED_HOSTS): the test calls it by that name.
  url = url.replace("127.0.0.1", "localhost");
  const mcp = new Client({ name: "compose-test", version: "0.0.0" });
  await mcp.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { authorization: `Bearer ${TOKEN}` } } }));
  cleanups.push(() => mcp.close());
  return {
    server,
    base: url.replace(/\/mcp$/, ""),
    mcp,
    async wait(args = {}) {
      const result = (await mcp.callTool({ name: "wait_for_events", arguments: { website_id: sandbox.websiteId, timeout_seconds: 2, ...args } })) as CallToolResult;
      expect(result.isError, textOf(result)).toBeFalsy();
      return result.structuredContent as unknown as WaitResult;
    },
  };
}

describe("the bin with CRISP_MCP_REDIS_URL, as deploy/compose.yaml runs it", () => {
  const given = () => ({
    CRISP_MCP_HTTP_TOKEN: TOKEN,
    CRISP_WEBHOOK_SECRET: WEBHOOK_SECRET,
    CRISP_IDENTIFIER: sandbox.identifier,
    CRISP_KEY: sandbox.key,
    CRISP_TIER: sandbox.tier,
  });
  const env = () => ({ ...asTestRun(composeEnvironment(), given()), CRISP_API_URL: sandbox.url });

  it("two replicas: a hook posted to A is returned once on B, its replay to B is refused, a cursor from A goes on at B", async () => {
    expect(composeEnvironment().CRISP_MCP_REDIS_URL).toBe("redis://redis:6379");
    const [a, b] = await Promise.all([startBin(env()), startBin(env())]);
    const start = (await a.wait({ timeout_seconds: 1 })).cursor;
    const hook = messageHook(sandbox.websiteId, 1);
    expect(await postHook(a.base, hook)).toEqual({ status: 200, json: { ok: true } });
    const onB = await b.wait({ cursor: start, timeout_seconds: 5 });
    expect(numbersOf(onB)).toEqual([1]);
    expect(await postHook(b.base, hook)).toEqual({ status: 200, json: { ok: true, duplicate: true } });
    await postHook(b.base, messageHook(sandbox.websiteId, 2));
    await postHook(a.base, messageHook(sandbox.websiteId, 3));
    // A's first cursor, read on B, then B's cursor read on A: nothing skipped, nothing twice.
    const next = await a.wait({ cursor: onB.cursor, timeout_seconds: 5 });
    expect(numbersOf(next)).toEqual([2, 3]);
    const end = await b.wait({ cursor: next.cursor, timeout_seconds: 1 });
    expect(end.events).toEqual([]);
    expect(await (await fetch(`${b.base}/healthz`)).json()).toEqual({ status: "ok", redis: "up" });
    expect(a.server.stderr()).toMatch(/shared state in Redis/);
    for (const replica of [a, b]) expect(replica.server.stderr()).not.toContain(sandbox.key);
  }, 60_000);

  it("a replica that dies holding the RTM socket is replaced once its lease runs out", async () => {
    const [a, b] = await Promise.all([startBin(env()), startBin(env())]);
    await Promise.all([a.wait({ timeout_seconds: 1 }), b.wait({ timeout_seconds: 1 })]);
    await until(() => sandbox.rtm.authenticatedCount() === 1, "one RTM socket", SETTLE_MS);
    const status = async (r: BinReplica) => (await r.wait({ timeout_seconds: 1 })).sources.rtm;
    let holder: BinReplica | undefined;
    await until(async () => {
      for (const r of [a, b]) if (/this replica holds the socket/.test(await status(r))) holder = r;
      return holder !== undefined;
    }, "a replica to hold the socket", SETTLE_MS);
    const survivor = holder === a ? b : a;
    // The follower reads the holder's status at its next renewal.
    await until(async () => /^live: another replica holds the socket/.test(await status(survivor)), "the follower to see the holder", SETTLE_MS);
    const cursor = (await survivor.wait({ timeout_seconds: 1 })).cursor;
    holder!.server.child.kill("SIGKILL");
    await holder!.server.exited;
    await until(async () => /this replica holds the socket/.test(await status(survivor)) && sandbox.rtm.authenticatedCount() === 1, "the survivor to take the socket", 25_000);
    sandbox.state.addVisitorMessage(undefined, "after the crash");
    const read = await survivor.wait({ cursor, timeout_seconds: 10, events: ["message:send"] });
    expect(read.events.map((e) => String(e.data.text))).toEqual([expect.stringMatching(/after the crash/)]);
  }, 60_000);

  it("an unreachable Redis stops start-up with one line that names the setting and shows no password", async () => {
    const server = spawnBin({ ...env(), CRISP_MCP_REDIS_URL: "redis://admin:s3cret-pass@127.0.0.1:1" });
    const exit = await server.exited;
    expect(exit.code).not.toBe(0);
    const lines = server.stderr().trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^crisp-mcp: cannot reach Redis at redis:\/\/127\.0\.0\.1:1 \(CRISP_MCP_REDIS_URL\): /);
    expect(server.stderr()).not.toContain("s3cret-pass");
    expect(server.lines).toEqual([]);
  });

  it("over stdio the setting is not used, and the log says so", async () => {
    const server = spawnBin({ ...env(), CRISP_MCP_TRANSPORT: "stdio", CRISP_MCP_REDIS_URL: "redis://127.0.0.1:1" });
    expect((await server.initialize()).result?.serverInfo?.name).toBeDefined();
    expect(server.stderr()).toMatch(/CRISP_MCP_REDIS_URL is only used by the HTTP transport/);
    server.child.stdin.end();
    expect((await server.exited).code).toBe(0);
  });

  it("a URL that is not redis:// is refused before start-up, without echoing it", async () => {
    const server = spawnBin({ ...env(), CRISP_MCP_REDIS_URL: "http://user:pw-secret@example.com" });
    expect((await server.exited).code).toBe(2);
    expect(server.stderr()).toMatch(/invalid setting CRISP_MCP_REDIS_URL \/ --redis-url: must be a redis:\/\/ or rediss:\/\/ URL/);
    expect(server.stderr()).not.toContain("pw-secret");
  });
});

// ---- OAuth's one-time state, shared ----

describe("OAuth on two replicas sharing Redis", () => {
  const OAUTH_SECRET = "scale-out-oauth-secret-0123456789abcdef";
  const SIGNIN = "scale-out-signin-secret";

  async function oauthReplica(publicUrl?: string) {
    const home = await redisHome(redis.url);
    const crisp = sandboxClient(sandbox);
    const running = await startHttpServer({
      host: "127.0.0.1",
      port: 0,
      settings: serverSettings({ toolsets: ["default"], websiteId: sandbox.websiteId }),
      auth: { mode: "token", client: crisp },
      oauth: { secret: OAUTH_SECRET, signinSecret: SIGNIN, publicUrl, state: home.state },
      stateHealth: () => home.health(),
    });
    cleanups.push(async () => {
      await running.close();
      await home.close();
      await crisp.close();
    });
    return running;
  }

  /** The consent page answered by a plain HTTP client (the page needs no script): the code it redirects with. */
  async function codeFrom(running: RunningHttpServer, clientId: string, redirectUri: string, challenge: string): Promise<string> {
    const url = new URL("/authorize", running.oauth!.issuer);
    for (const [name, value] of Object.entries({ response_type: "code", client_id: clientId, redirect_uri: redirectUri, code_challenge: challenge, code_challenge_method: "S256", resource: running.oauth!.resource })) {
      url.searchParams.set(name, value);
    }
    const page = await fetch(url);
    const html = await page.text();
    const field = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? "";
    const cookie = page.headers.get("set-cookie")!.split(";")[0]!;
    const sent = await fetch(new URL("/consent", running.oauth!.issuer), {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie, origin: new URL(running.oauth!.issuer).origin },
      body: new URLSearchParams({ request: field("request").replaceAll("&amp;", "&"), csrf_token: field("csrf_token"), access: "read", signin_secret: SIGNIN, decision: "allow" }),
    });
    expect(sent.status, await sent.clone().text()).toBe(302);
    return new URL(sent.headers.get("location")!).searchParams.get("code")!;
  }

  it("a code is exchanged once across replicas; its replay on one ends the grant on the other", async () => {
    const a = await oauthReplica();
    // Both replicas answer for the same public address, as behind one load balancer.
    const b = await oauthReplica(new URL(a.oauth!.issuer).origin);
    expect(b.oauth!.issuer).toBe(a.oauth!.issuer);
    const redirectUri = "http://127.0.0.1:9/callback";
    const registered = await register(a.oauth!.issuer, { redirect_uris: [redirectUri], client_name: "scale-out", token_endpoint_auth_method: "none" });
    const { verifier, challenge } = pkcePair();
    const code = await codeFrom(a, registered.body.client_id, redirectUri, challenge);
    const grant = { grant_type: "authorization_code", code, code_verifier: verifier, client_id: registered.body.client_id, redirect_uri: redirectUri, resource: a.oauth!.resource };
    const onB = await tokenRequest(b.url.replace(/\/mcp$/, ""), grant);
    expect(onB.status).toBe(200);
    const list = (running: RunningHttpServer) =>
      fetch(running.url, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json", authorization: `Bearer ${onB.body.access_token}` },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
      });
    expect((await list(a)).status).toBe(200);
    // Redis away: the token cannot be checked against revocations, so the answer is "unavailable", not "unauthorized".
    await redis.stop();
    try {
      const unavailable = await list(a);
      expect(unavailable.status).toBe(503);
      expect(unavailable.headers.get("retry-after")).toBe("5");
      expect(unavailable.headers.get("www-authenticate")).toBeNull();
    } finally {
      await redis.start();
    }
    await until(async () => (await list(a)).status === 200, "replica A to check tokens again", SETTLE_MS);
    // The code again, on the other replica: refused, and (as OAuth asks) the grant it gave is ended everywhere.
    const again = await tokenRequest(a.url.replace(/\/mcp$/, ""), grant);
    expect(again.status).toBe(400);
    expect(again.body.error).toBe("invalid_grant");
    const refused = await list(b);
    expect(refused.status).toBe(401);
    expect(refused.headers.get("www-authenticate")).toMatch(/revoked/);
  }, 30_000);
});

// Last in the file: what the tests above left in Redis (leases, events, replay claims, OAuth's codes).
describe("what Redis holds", () => {
  it("no key or value in Redis carries the Crisp keypair", async () => {
    const connection = await RedisConnection.open(redis.url);
    try {
      const client = connection.client;
      const keys: string[] = [];
      for await (const batch of client.scanIterator({ MATCH: "crisp-mcp:*", COUNT: 500 })) keys.push(...batch);
      expect(keys.some((k) => k.startsWith("crisp-mcp:rtm:events:"))).toBe(true);
      expect(keys.some((k) => k.startsWith("crisp-mcp:webhook:"))).toBe(true);
      expect(keys.some((k) => k.startsWith("crisp-mcp:events:"))).toBe(true);
      let stored = keys.join("\n");
      for (const key of keys) {
        const type = await client.type(key);
        if (type === "string") stored += `\n${await client.get(key)}`;
        else if (type === "hash") stored += `\n${JSON.stringify(await client.hGetAll(key))}`;
        else if (type === "set") stored += `\n${(await client.sMembers(key)).join(",")}`;
        else if (type === "stream") stored += `\n${JSON.stringify(await client.xRange(key, "-", "+"))}`;
      }
      expect(stored.length).toBeGreaterThan(1_000);
      expect(stored).not.toContain(sandbox.key);
      expect(stored).not.toContain(sandbox.identifier);
    } finally {
      await connection.close();
    }
  });
});
