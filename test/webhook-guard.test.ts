import { createHmac } from "node:crypto";
import { request as rawRequest } from "node:http";
import { connect as netConnect } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { CrispClient } from "../src/client/index.js";
import { createEventHub, EventHub, WEBHOOK_PATH, WebhookReceiver } from "../src/events/index.js";
import { redisHome, type StateHome } from "../src/state/index.js";
import { MemoryEventLog } from "../src/state/memory-event-log.js";
import { MemoryState } from "../src/state/memory.js";
import { log } from "../src/log.js";
import { startHttpServer } from "../src/transports/http.js";
import { serverSettings } from "./helpers/harness.js";
import { startRedis } from "./helpers/redis.js";

// What POST /webhooks/crisp lets in, over real HTTP against startHttpServer:
// the signature headers, the time window and its edges, the replay cache's
// lifetime, the body limit, the hook's shape, the log, and the route's
// exemption from the Bearer token and the Host list. The receiver's clock is
// injected (WebhookReceiver's `now`, MemoryState's `now`), so every edge is
// exact and nothing waits.

const SECRET = "whsec-guard-0123456789abcdef";
const TOKEN = "guard-token-0123456789abcdef";
const WEBSITE = "8c842203-7ed8-4e29-a608-7cf78a7d2fcc";
const T0 = 1_700_000_000_000;
const FIVE_MINUTES = 5 * 60_000;

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!().catch(() => undefined);
});

interface Clock {
  now: number;
}

/** A memory home whose replay claims run on the test's clock. */
function homeOn(clock: Clock): StateHome {
  const state = new MemoryState({ now: () => clock.now });
  let eventLog: MemoryEventLog<unknown> | undefined;
  return {
    kind: "memory",
    state,
    eventLog<T>(capacity: number) {
      eventLog ??= new MemoryEventLog<unknown>({ capacity, state });
      return eventLog as MemoryEventLog<T>;
    },
    health: () => ({ home: "memory", up: true }),
    async close() {
      await eventLog?.close();
      await state.close();
    },
  };
}

interface Served {
  base: string;
  hub: EventHub;
  receiver?: WebhookReceiver;
  /** Events filed for WEBSITE so far. */
  filed(): Promise<number>;
}

/**
 * A token-mode server that serves only mcp.example.com, with web hooks on.
 * `clock`: a receiver on that clock; none: the receiver the bin builds (createEventHub, Date.now, defaults).
 */
async function serve(
  options: { clock?: Clock; home?: StateHome; toleranceMs?: number; maxBodyBytes?: number; allowedHosts?: string[] } = {},
): Promise<Served> {
  let hub: EventHub;
  let receiver: WebhookReceiver | undefined;
  if (options.clock) {
    const clock = options.clock;
    const home = options.home ?? homeOn(clock);
    cleanups.push(() => home.close());
    hub = new EventHub({ home });
    receiver = new WebhookReceiver(hub, {
      secret: SECRET,
      now: () => clock.now,
      ...(options.toleranceMs !== undefined ? { toleranceMs: options.toleranceMs } : {}),
      ...(options.maxBodyBytes !== undefined ? { maxBodyBytes: options.maxBodyBytes } : {}),
    });
    hub.attachWebhooks(receiver);
  } else {
    hub = createEventHub({ webhookSecret: SECRET });
    cleanups.push(() => hub.close());
  }
  // Never called: every /mcp request here is refused before a tool runs.
  const crisp = new CrispClient({ baseUrl: "http://127.0.0.1:9/v1", identifier: "unused-ident", key: "unused-key", tier: "plugin", timeoutMs: 1_000 });
  const running = await startHttpServer({
    host: "127.0.0.1",
    port: 0,
    settings: serverSettings({ toolsets: ["events"], websiteId: WEBSITE }),
    auth: { mode: "token", token: TOKEN, client: crisp },
    allowedHosts: options.allowedHosts ?? ["mcp.example.com"],
    events: hub,
    shutdownGraceMs: 600_000,
  });
  cleanups.push(async () => {
    await running.close();
    await crisp.close();
  });
  return {
    base: running.url.replace(/\/mcp$/, ""),
    hub,
    receiver,
    filed: async () => (await hub.head(WEBSITE)).newest,
  };
}

function hook(overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({ website_id: WEBSITE, event: "message:send", data: { session_id: "session_1", content: "hi" }, timestamp: T0, ...overrides });
}

function sign(body: string | Buffer, stamp: string, secret = SECRET): string {
  return createHmac("sha256", secret).update("[").update(stamp).update(";").update(body).update("]").digest("hex");
}

function signed(body: string | Buffer, stamp: string): Record<string, string> {
  return { "x-crisp-request-timestamp": stamp, "x-crisp-signature": sign(body, stamp) };
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  json: any;
}

/** A raw exchange: the Host header and the body's framing are ours to choose. */
function send(
  base: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer; chunked?: boolean },
): Promise<Answer> {
  const url = new URL(path, base);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { "content-type": "application/json", ...options.headers };
    if (options.body !== undefined && !options.chunked) headers["content-length"] = String(Buffer.byteLength(options.body));
    const req = rawRequest(url, { method: options.method ?? "POST", headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (text += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, json: text ? JSON.parse(text) : undefined }));
    });
    req.on("error", reject);
    if (options.chunked && options.body !== undefined) {
      // Two writes: no Content-Length, the limit must hold while reading.
      const body = Buffer.from(options.body);
      req.write(body.subarray(0, 1));
      req.end(body.subarray(1));
    } else req.end(options.body);
  });
}

const deliver = (served: Served, body: string | Buffer, headers: Record<string, string>, extra: Partial<Parameters<typeof send>[2]> = {}) =>
  send(served.base, WEBHOOK_PATH, { headers, body, ...extra });

/**
 * Starts a POST whose body never completes, and goes away once the server is
 * reading it: "Expect: 100-continue" makes Node answer "100 Continue" as it
 * hands the request to the handler.
 */
async function abandonMidBody(base: string, path: string, headers = ""): Promise<void> {
  const { port } = new URL(base);
  const socket = netConnect(Number(port), "127.0.0.1");
  await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
  const continued = new Promise<void>((resolve) => {
    let seen = "";
    socket.on("data", (chunk) => {
      seen += String(chunk);
      if (seen.includes("100 Continue")) resolve();
    });
  });
  socket.write(`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 5000\r\nExpect: 100-continue\r\n${headers}\r\n`);
  await continued;
  socket.write('{"website_id":');
  socket.destroy();
}

/** Everything written to stderr from now on (the real writes still go through). */
function captureStderr(): () => string {
  const chunks: string[] = [];
  const realWrite = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
    chunks.push(String(chunk));
    return realWrite(chunk, ...rest);
  }) as typeof process.stderr.write;
  cleanups.push(async () => {
    process.stderr.write = realWrite;
  });
  return () => chunks.join("");
}

describe("the signature headers", () => {
  it("each header alone is refused with 401, empty ones too, and nothing is filed", async () => {
    const served = await serve({ clock: { now: T0 } });
    const body = hook();
    const stamp = String(T0);
    const both = signed(body, stamp);
    const onlySignature = await deliver(served, body, { "x-crisp-signature": both["x-crisp-signature"]! });
    expect(onlySignature.status).toBe(401);
    expect(onlySignature.json.error).toMatch(/unsigned/);
    expect(onlySignature.headers["content-type"]).toBe("application/json");
    const onlyStamp = await deliver(served, body, { "x-crisp-request-timestamp": stamp });
    expect(onlyStamp.status).toBe(401);
    expect(onlyStamp.json.error).toMatch(/unsigned/);
    const emptySignature = await deliver(served, body, { ...both, "x-crisp-signature": "" });
    expect(emptySignature.status).toBe(401);
    expect(await served.filed()).toBe(0);
    // The same two headers together are taken.
    expect((await deliver(served, body, both)).status).toBe(200);
    expect(await served.filed()).toBe(1);
  });

  it("a signature over another stamp, or by another secret, or not hex, is refused", async () => {
    const served = await serve({ clock: { now: T0 } });
    const body = hook();
    const stamp = String(T0);
    const otherStamp = await deliver(served, body, { "x-crisp-request-timestamp": stamp, "x-crisp-signature": sign(body, String(T0 + 1)) });
    expect(otherStamp).toMatchObject({ status: 401, json: { error: "bad signature" } });
    const otherSecret = await deliver(served, body, { "x-crisp-request-timestamp": stamp, "x-crisp-signature": sign(body, stamp, "another-secret-0123456789") });
    expect(otherSecret.status).toBe(401);
    const notHex = await deliver(served, body, { "x-crisp-request-timestamp": stamp, "x-crisp-signature": `${sign(body, stamp).slice(0, 62)}zz` });
    expect(notHex.status).toBe(401);
    const padded = await deliver(served, body, { "x-crisp-request-timestamp": stamp, "x-crisp-signature": `${sign(body, stamp)}00` });
    expect(padded.status).toBe(401);
    // Hex decoding stops at the first other character: the right signature with anything after it must still be refused.
    const trailed = await deliver(served, body, { "x-crisp-request-timestamp": stamp, "x-crisp-signature": `${sign(body, stamp)}zz` });
    expect(trailed.status).toBe(401);
    expect(await served.filed()).toBe(0);
  });

  it("a signature with spaces around it is read without them", async () => {
    const served = await serve({ clock: { now: T0 } });
    const body = Buffer.from(hook());
    const stamp = String(T0);
    expect(served.receiver!.receive({ "x-crisp-signature": ` ${sign(body, stamp)} `, "x-crisp-request-timestamp": stamp }, body).ok).toBe(true);
  });

  it("receive() takes the first of repeated headers and trims the stamp before reading it", async () => {
    const served = await serve({ clock: { now: T0 } });
    const body = Buffer.from(hook());
    const stamp = String(T0);
    const repeated = served.receiver!.receive({ "x-crisp-signature": [sign(body, stamp), "0".repeat(64)], "x-crisp-request-timestamp": [stamp, "1"] }, body);
    expect(repeated.ok).toBe(true);
    const spaced = served.receiver!.receive({ "x-crisp-signature": sign(body, ` ${stamp} `), "x-crisp-request-timestamp": ` ${stamp} ` }, body);
    expect(spaced.ok).toBe(true);
  });
});

describe("the time window", () => {
  it("a correctly signed stamp that is not a number is refused, junk before or after digits included", async () => {
    const served = await serve({ clock: { now: T0 } });
    const body = hook();
    for (const stamp of ["soon", "NaN", `${T0}abc`, `abc${T0}`, `${T0}.5`, `-${T0}`, "1e12", `${T0} ${T0}`]) {
      const answer = await deliver(served, body, signed(body, stamp));
      expect(answer, stamp).toMatchObject({ status: 401, json: { error: "timestamp too far from now (more than 5 minutes)" } });
    }
    expect(await served.filed()).toBe(0);
  });

  it("the default window is 5 minutes either side, both edges included", async () => {
    const clock = { now: T0 };
    const served = await serve({ clock });
    const at = async (offset: number) => {
      const body = hook({ n: offset });
      return (await deliver(served, body, signed(body, String(T0 + offset)))).status;
    };
    expect(await at(-FIVE_MINUTES)).toBe(200);
    expect(await at(-FIVE_MINUTES - 1)).toBe(401);
    expect(await at(FIVE_MINUTES)).toBe(200);
    expect(await at(FIVE_MINUTES + 1)).toBe(401);
    expect(await served.filed()).toBe(2);
  });

  it("a configured window replaces the default", async () => {
    const served = await serve({ clock: { now: T0 }, toleranceMs: 1_000 });
    const near = hook({ n: 1 });
    expect((await deliver(served, near, signed(near, String(T0 - 1_000)))).status).toBe(200);
    const far = hook({ n: 2 });
    expect((await deliver(served, far, signed(far, String(T0 - 1_001)))).status).toBe(401);
  });

  it("a stamp of 12 digits or fewer is seconds, of 13 or more is milliseconds", async () => {
    // At 1e12 ms (Sept 2001) the two readings of "1000000000000" are 31 millennia apart.
    const clock = { now: 1e12 };
    const served = await serve({ clock });
    const ms = hook({ n: 1 });
    expect((await deliver(served, ms, signed(ms, "1000000000000"))).status).toBe(200);
    const seconds = hook({ n: 2 });
    expect((await deliver(served, seconds, signed(seconds, "999999999"))).status).toBe(200);
    const secondsAsMs = hook({ n: 3 });
    expect((await deliver(served, secondsAsMs, signed(secondsAsMs, "999999999000"))).status).toBe(401);
  });

  it("a stamp has 9 to 16 digits: fewer or more is refused whatever the clock says", async () => {
    const clock = { now: 0 };
    const served = await serve({ clock });
    const at = async (now: number, stamp: string, n: number) => {
      clock.now = now;
      const body = hook({ n });
      return (await deliver(served, body, signed(body, stamp))).status;
    };
    expect(await at(99_999_999_000, "99999999", 1)).toBe(401);
    expect(await at(1e15, "1000000000000000", 2)).toBe(200);
    expect(await at(1e16, "10000000000000000", 3)).toBe(401);
  });
});

describe("replays", () => {
  it("the same delivery is answered as a duplicate for as long as its stamp can pass, then refused by the window", async () => {
    const clock = { now: T0 };
    const served = await serve({ clock });
    const body = hook();
    // Stamped at the far edge of the window: it stays acceptable longest (until T0 + 10 minutes).
    const headers = signed(body, String(T0 + FIVE_MINUTES));
    expect(await deliver(served, body, headers)).toMatchObject({ status: 200, json: { ok: true } });
    expect((await deliver(served, body, headers)).json).toEqual({ ok: true, duplicate: true });
    clock.now = T0 + FIVE_MINUTES;
    expect((await deliver(served, body, headers)).json).toEqual({ ok: true, duplicate: true });
    // The last instant its stamp is still inside the window: the claim must outlive it.
    clock.now = T0 + 2 * FIVE_MINUTES;
    expect((await deliver(served, body, headers)).json).toEqual({ ok: true, duplicate: true });
    clock.now = T0 + 2 * FIVE_MINUTES + 1;
    expect((await deliver(served, body, headers)).status).toBe(401);
    expect(await served.filed()).toBe(1);

    // Another delivery (another body) is not a replay.
    const other = hook({ n: 2 });
    expect((await deliver(served, other, signed(other, String(clock.now)))).json).toEqual({ ok: true });
    expect(await served.filed()).toBe(2);
  });

  it("the claim is kept by the body's digest: the same body under a new stamp is still a duplicate", async () => {
    const clock = { now: T0 };
    const served = await serve({ clock });
    const body = hook();
    expect((await deliver(served, body, signed(body, String(T0)))).json).toEqual({ ok: true });
    clock.now = T0 + 60_000;
    expect((await deliver(served, body, signed(body, String(clock.now)))).json).toEqual({ ok: true, duplicate: true });
    expect(await served.filed()).toBe(1);
  });
});

describe("the body limit", () => {
  /** A signed hook whose body is exactly `size` bytes. */
  function hookOfSize(size: number): string {
    const empty = hook({ pad: "" });
    const body = hook({ pad: "x".repeat(size - Buffer.byteLength(empty)) });
    expect(Buffer.byteLength(body)).toBe(size);
    return body;
  }

  it("without an override, exactly 1 MiB is taken and one byte more is refused with 413, with or without Content-Length", async () => {
    const served = await serve();
    const now = String(Date.now());
    const limit = hookOfSize(1024 * 1024);
    expect((await deliver(served, limit, signed(limit, now))).status).toBe(200);
    const over = hookOfSize(1024 * 1024 + 1);
    const refused = await deliver(served, over, signed(over, now));
    expect(refused.status).toBe(413);
    expect(refused.json.error).toBe("the body must not exceed 1048576 bytes");
    expect(refused.headers.connection).toBe("close");
    const chunked = await deliver(served, over, signed(over, now), { chunked: true });
    expect(chunked.status).toBe(413);
    expect(await served.filed()).toBe(1);
  });

  it("a configured limit replaces the default, to the byte", async () => {
    const served = await serve({ clock: { now: T0 }, maxBodyBytes: 2_000 });
    const limit = hookOfSize(2_000);
    expect((await deliver(served, limit, signed(limit, String(T0)), { chunked: true })).status).toBe(200);
    const over = hookOfSize(2_001);
    const refused = await deliver(served, over, signed(over, String(T0)), { chunked: true });
    expect(refused).toMatchObject({ status: 413, json: { error: "the body must not exceed 2000 bytes" } });
  });

  it("a hook whose sender goes away mid-body leaves the server serving and able to close", async () => {
    const served = await serve({ clock: { now: T0 } });
    await abandonMidBody(served.base, WEBHOOK_PATH);
    const body = hook();
    expect((await deliver(served, body, signed(body, String(T0)))).status).toBe(200);
    expect(await served.filed()).toBe(1);
    // close() (10 minutes of grace here) returns only once no exchange is left in flight.
    await cleanups.pop()!();
  });
});

describe("the hook's shape", () => {
  it("refuses with 400 a website_id that is not a UUID, an event that is not an event name, and bodies that are not hooks", async () => {
    const served = await serve({ clock: { now: T0 } });
    const refusedBodies = [
      hook({ website_id: "8c842203-7ed8-4e29-a608-7cf78a7d2fc" }),
      hook({ website_id: `${WEBSITE}x` }),
      hook({ website_id: `x${WEBSITE}` }),
      hook({ website_id: "../../website/other" }),
      hook({ website_id: 42 }),
      hook({ website_id: undefined }),
      hook({ website_id: [WEBSITE] }),
      hook({ event: ["message:send"] }),
      hook({ event: "Message:send" }),
      hook({ event: "1message" }),
      hook({ event: "message send" }),
      hook({ event: "" }),
      hook({ event: `m${"a".repeat(100)}` }),
      hook({ event: 7 }),
      "null",
      "[]",
      '"message:send"',
      "42",
    ];
    for (const body of refusedBodies) {
      const answer = await deliver(served, body, signed(body, String(T0)));
      expect(answer, body.slice(0, 80)).toMatchObject({ status: 400, json: { error: "the body must be {website_id, event, data}" } });
    }
    const notJson = "{website_id";
    expect(await deliver(served, notJson, signed(notJson, String(T0)))).toMatchObject({ status: 400, json: { error: "the body is not JSON" } });
    expect(await served.filed()).toBe(0);

    // The edges that are allowed: an upper-case UUID, a 100-character event with : and /.
    const upper = hook({ website_id: WEBSITE.toUpperCase(), n: 1 });
    expect((await deliver(served, upper, signed(upper, String(T0)))).status).toBe(200);
    const longest = hook({ event: `m${"a".repeat(49)}:${"b_/".repeat(16)}z`, n: 2 });
    expect(JSON.parse(longest).event).toHaveLength(100);
    expect((await deliver(served, longest, signed(longest, String(T0)))).status).toBe(200);
    // data is Crisp's to choose: null, or without a session, is filed as it is.
    const noData = hook({ data: null, n: 3 });
    expect((await deliver(served, noData, signed(noData, String(T0)))).status).toBe(200);
    const noSession = hook({ data: { session_id: 42 }, n: 4 });
    expect((await deliver(served, noSession, signed(noSession, String(T0)))).status).toBe(200);
    const withSession = hook({ n: 5 });
    expect((await deliver(served, withSession, signed(withSession, String(T0)))).status).toBe(200);
    const filed = await served.hub.read(WEBSITE, { epoch: (await served.hub.head(WEBSITE)).epoch, seq: 0 }, {}, { maxEvents: 10, maxChars: 100_000 });
    expect(filed.events.slice(-3).map((e) => e.session_id)).toEqual([undefined, undefined, "session_1"]);
  });
});

describe("a shared store that cannot be reached", () => {
  it("answers 503 with Retry-After, so Crisp delivers again; logs it at most every 10 s; counts it in the status", async () => {
    const redis = await startRedis();
    cleanups.push(() => redis.close());
    const clock = { now: T0 };
    const served = await serve({ clock, home: await redisHome(redis.url, { callTimeoutMs: 500, connectTimeoutMs: 2_000 }) });
    const first = hook({ n: 1 });
    expect((await deliver(served, first, signed(first, String(T0)))).json).toEqual({ ok: true });
    await redis.stop();
    const logged = captureStderr();
    const lines = () => logged().split("\n").filter((line) => line.includes("web hook answered 503"));
    const body = hook({ n: 2 });
    const lost = await deliver(served, body, signed(body, String(T0)));
    expect(lost.status).toBe(503);
    expect(lost.headers["retry-after"]).toBe("5");
    expect(lost.json).toEqual({ error: "the shared store is unreachable: deliver this hook again later" });
    expect((await deliver(served, body, signed(body, String(T0)))).status).toBe(503);
    expect(lines()).toHaveLength(1);
    expect(lines()[0]).toMatch(/^crisp-mcp warn: web hook answered 503 for Crisp to deliver again: .* \(1 so far\)$/);
    clock.now += 10_000;
    expect((await deliver(served, body, signed(body, String(T0)))).status).toBe(503);
    expect(lines()).toHaveLength(1);
    clock.now += 1;
    expect((await deliver(served, body, signed(body, String(T0)))).status).toBe(503);
    expect(lines()).toHaveLength(2);
    expect(served.receiver!.status().detail).toMatch(/^POST \/webhooks\/crisp: 1 received, last 10s ago, 0 refused, 4 answered 503 \(shared store unreachable\)$/);
  });
});

describe("the log and the status", () => {
  it("the web hook secret never reaches a log line", async () => {
    const logged = captureStderr();
    const served = await serve({ clock: { now: T0 } });
    const body = hook();
    await deliver(served, body, { "x-crisp-request-timestamp": String(T0), "x-crisp-signature": SECRET });
    await deliver(served, body, signed(body, String(T0)));
    // Were any line to carry it (an error message quoting a setting), the redactor blanks it.
    log("warn", `test line naming ${SECRET} and ${Buffer.from(SECRET).toString("base64")}`);
    const text = logged();
    expect(text).toContain("web hook refused (401)");
    expect(text).toContain("test line naming [redacted] and [redacted]");
    expect(text).not.toContain(SECRET);
  });

  it("refusals are logged at most once per 10 seconds of the receiver's clock, with the running count", async () => {
    const clock = { now: T0 };
    const served = await serve({ clock });
    const logged = captureStderr();
    const refusalLines = () => logged().split("\n").filter((line) => line.includes("web hook refused"));
    const body = hook();
    const unsigned = () => deliver(served, body, {});
    await unsigned();
    await unsigned();
    expect(refusalLines()).toEqual(["crisp-mcp warn: web hook refused (401): unsigned: X-Crisp-Signature and X-Crisp-Request-Timestamp are required (1 refused so far)"]);
    clock.now += 10_000;
    await unsigned();
    expect(refusalLines()).toHaveLength(1);
    clock.now += 1;
    await unsigned();
    expect(refusalLines()).toHaveLength(2);
    expect(refusalLines()[1]).toMatch(/\(4 refused so far\)$/);
  });

  it("the status counts what was received and refused, and says how long ago the last hook came", async () => {
    const clock = { now: T0 };
    const served = await serve({ clock });
    expect(served.receiver!.status()).toEqual({ state: "live", detail: "POST /webhooks/crisp: 0 received, 0 refused" });
    const body = hook();
    await deliver(served, body, signed(body, String(T0)));
    await deliver(served, body, signed(body, String(T0))); // a duplicate is not counted again
    await deliver(served, body, {});
    clock.now += 4_400;
    expect(served.receiver!.status().detail).toBe("POST /webhooks/crisp: 1 received, last 4s ago, 1 refused");
  });
});

describe("the route's place on the server", () => {
  it("a signed hook needs no Bearer token and no served Host, while /mcp on the same server refuses both", async () => {
    const served = await serve({ clock: { now: T0 } });
    const body = hook();
    const foreign = await deliver(served, body, { ...signed(body, String(T0)), host: "hooks.elsewhere.example" });
    expect(foreign).toMatchObject({ status: 200, json: { ok: true } });
    expect(await served.filed()).toBe(1);

    const list = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" });
    const accept = { accept: "application/json, text/event-stream" };
    const mcpForeign = await send(served.base, "/mcp", { headers: { ...accept, host: "hooks.elsewhere.example", authorization: `Bearer ${TOKEN}` }, body: list });
    expect(mcpForeign.status).toBe(403);
    const mcpNoToken = await send(served.base, "/mcp", { headers: { ...accept, host: "mcp.example.com" }, body: list });
    expect(mcpNoToken.status).toBe(401);
    const mcpServed = await send(served.base, "/mcp", { headers: { ...accept, host: "mcp.example.com", authorization: `Bearer ${TOKEN}` }, body: list });
    expect(mcpServed.status).toBe(200);
  });

  it("/healthz answers with any Host, while /mcp refuses it", async () => {
    const served = await serve({ clock: { now: T0 } });
    const health = await send(served.base, "/healthz", { method: "GET", headers: { host: "probe.internal.example" } });
    expect(health).toMatchObject({ status: 200, json: { status: "ok" } });
    const list = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" });
    const mcp = await send(served.base, "/mcp", { headers: { host: "probe.internal.example", authorization: `Bearer ${TOKEN}` }, body: list });
    expect(mcp.status).toBe(403);
  });

  it("only POST is taken", async () => {
    const served = await serve({ clock: { now: T0 } });
    for (const method of ["GET", "PUT", "DELETE"]) {
      const answer = await send(served.base, WEBHOOK_PATH, { method });
      expect(answer.status, method).toBe(405);
      expect(answer.json, method).toEqual({ error: "web hooks are POSTed" });
      expect(answer.headers.allow).toBe("POST");
    }
  });
});
