import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  CrispApiError,
  CrispClient,
  CrispNetworkError,
  type CrispClientOptions,
  type CrispRequest,
  type RetryClock,
} from "../src/client/index.js";
import { type Activity, withActivityListener } from "../src/activity.js";
import { parseRetryAfter, REAL_CLOCK, retryDelayMs } from "../src/client/retry.js";
import { startSandbox, type FaultRule, type Sandbox } from "../src/sandbox/index.js";
import { VirtualClock } from "./helpers/virtual-clock.js";

// The retry loop's decisions (how long it waits, when it stops) seen through a
// virtual clock: a wait takes no real time, it only moves the clock on, and
// the jitter is drawn from a script. Every number below is known in advance,
// so a wrong backoff, cap, budget or deadline shows as a different list of
// waits or a different count of requests, never as a timing.

let sandbox: Sandbox;
const opened: CrispClient[] = [];

beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(async () => {
  await sandbox.close();
});
afterEach(async () => {
  sandbox.faults.clear();
  sandbox.clearRequests();
  await Promise.all(opened.splice(0).map((c) => c.close()));
});

function clientWith(clock: RetryClock, options: Partial<CrispClientOptions> = {}): CrispClient {
  const client = new CrispClient({
    baseUrl: sandbox.url,
    identifier: sandbox.identifier,
    key: sandbox.key,
    tier: sandbox.tier,
    timeoutMs: 2_000,
    clock,
    ...options,
  });
  opened.push(client);
  return client;
}

const getWebsite = (): CrispRequest => ({ method: "GET", path: "/website/{website_id}", pathParams: { website_id: sandbox.websiteId } });

function fault(rule: Omit<FaultRule, "path">): void {
  sandbox.faults.add({ path: `/website/${sandbox.websiteId}`, ...rule });
}

async function failureOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the call to fail, and it succeeded");
}

describe("backoff: exponential, capped, with full jitter", () => {
  // The ceiling of attempt n's wait is min(maxDelayMs, baseDelayMs * 2^(n-1)): 100, 200, 300, 300 here.
  const policy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 300, budgetMs: 60_000 };

  it.each([
    { draws: [0.5], waits: [50, 100, 150, 150] },
    { draws: [0.9999], waits: [100, 200, 300, 300] },
    { draws: [0], waits: [0, 0, 0, 0] },
    { draws: [0.25, 0.75, 0.1, 0.6], waits: [25, 150, 30, 180] },
  ])("jitter draws $draws wait $waits between five attempts at a 503", async ({ draws, waits }) => {
    fault({ kind: "status", status: 503 });
    const clock = new VirtualClock(draws);
    const error = (await failureOf(clientWith(clock, { retry: policy }).request(getWebsite()))) as CrispApiError;
    expect(error).toBeInstanceOf(CrispApiError);
    expect(error.status).toBe(503);
    expect(error.attempts).toBe(5);
    expect(clock.waits).toEqual(waits);
    expect(sandbox.requests).toHaveLength(5);
  });

  it("a reset connection waits the same backoff", async () => {
    fault({ kind: "reset" });
    const clock = new VirtualClock([0.5]);
    const error = (await failureOf(clientWith(clock, { retry: policy }).request(getWebsite()))) as CrispNetworkError;
    expect(error).toBeInstanceOf(CrispNetworkError);
    expect(error.kind).toBe("connection");
    expect(error.attempts).toBe(5);
    expect(clock.waits).toEqual([50, 100, 150, 150]);
    expect(sandbox.requests).toHaveLength(5);
  });

  it("a Retry-After replaces the backoff, whatever the jitter", async () => {
    fault({ kind: "status", status: 429, retryAfter: 2, times: 1 });
    const clock = new VirtualClock([0.5]);
    await clientWith(clock, { retry: policy }).request(getWebsite());
    expect(clock.waits).toEqual([2_000]);
    expect(sandbox.requests.map((r) => r.status)).toEqual([429, 200]);
  });

  it("retryDelayMs: known examples", () => {
    const draw = (value: number) => () => value;
    expect(retryDelayMs(policy, 1, undefined, draw(0.5))).toBe(50);
    expect(retryDelayMs(policy, 2, undefined, draw(0.5))).toBe(100);
    expect(retryDelayMs(policy, 3, undefined, draw(0.5))).toBe(150);
    expect(retryDelayMs(policy, 9, undefined, draw(0.9999))).toBe(300);
    expect(retryDelayMs(policy, 1, 3, draw(0.5))).toBe(3_000);
    expect(retryDelayMs(policy, 1, 0, draw(0.5))).toBe(0);
    expect(retryDelayMs(policy, 1, 0.5, draw(0.5))).toBe(500);
  });
});

describe("the retry budget bounds the waits, after errors and after lost connections alike", () => {
  // With draws of ~1 the waits are 100, 200, 400: the budget decides how many are taken.
  const policy = (budgetMs: number) => ({ maxAttempts: 6, baseDelayMs: 100, maxDelayMs: 10_000, budgetMs });

  it.each([
    { kind: "status", budgetMs: 300, waits: [100, 200], requests: 3 },
    { kind: "status", budgetMs: 299, waits: [100], requests: 2 },
    { kind: "reset", budgetMs: 300, waits: [100, 200], requests: 3 },
    { kind: "reset", budgetMs: 299, waits: [100], requests: 2 },
    { kind: "reset", budgetMs: 99, waits: [], requests: 1 },
  ] as const)("$kind with a budget of $budgetMs ms: waits $waits", async ({ kind, budgetMs, waits, requests }) => {
    fault(kind === "status" ? { kind, status: 500 } : { kind });
    const clock = new VirtualClock([0.9999]);
    const error = await failureOf(clientWith(clock, { retry: policy(budgetMs) }).request(getWebsite()));
    expect(error).toBeInstanceOf(kind === "status" ? CrispApiError : CrispNetworkError);
    expect((error as CrispApiError | CrispNetworkError).attempts).toBe(requests);
    expect(clock.waits).toEqual(waits);
    expect(sandbox.requests).toHaveLength(requests);
  });

  it("a timed-out attempt is retried within the budget, then the call fails as a timeout", async () => {
    fault({ kind: "hang" });
    const clock = new VirtualClock([0.9999]);
    const error = (await failureOf(clientWith(clock, { timeoutMs: 1_000, retry: policy(299) }).request(getWebsite()))) as CrispNetworkError;
    expect(error).toBeInstanceOf(CrispNetworkError);
    expect(error.kind).toBe("timeout");
    expect(error.attempts).toBe(2);
    expect(clock.waits).toEqual([100]);
    expect(sandbox.requests).toHaveLength(2);
  });

  it("Retry-After waits add up against the budget", async () => {
    fault({ kind: "status", status: 429, retryAfter: 1 });
    const clock = new VirtualClock();
    const error = (await failureOf(clientWith(clock, { retry: { maxAttempts: 5, budgetMs: 2_500 } }).request(getWebsite()))) as CrispApiError;
    expect(error.status).toBe(429);
    expect(error.retryAfterSeconds).toBe(1);
    expect(error.attempts).toBe(3);
    expect(clock.waits).toEqual([1_000, 1_000]);
  });
});

describe("the deadline: timeoutMs plus the retry budget, for the whole call", () => {
  // deadline = start + 1000 + 5000. Before a wait of 200 ms the clock reads start + 100 + lag:
  // the retry is sent only if 100 + lag + 200 + 50 (the least an attempt needs) <= 6000.
  const policy = { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 10_000, budgetMs: 5_000 };

  it.each([
    { lagMs: 5_650, waits: [100, 200] },
    { lagMs: 5_651, waits: [100] },
  ])("a clock that ran $lagMs ms during the first wait: waits $waits", async ({ lagMs, waits }) => {
    fault({ kind: "status", status: 503 });
    const clock = new VirtualClock([0.9999], [lagMs]);
    const error = (await failureOf(clientWith(clock, { timeoutMs: 1_000, retry: policy }).request(getWebsite()))) as CrispApiError;
    // At the boundary the third attempt has exactly 50 ms: it may meet the 503 or time out, but it is sent.
    expect(error).toBeInstanceOf(waits.length === 2 ? Error : CrispApiError);
    expect((error as CrispApiError).attempts).toBe(waits.length + 1);
    expect(clock.waits).toEqual(waits);
  });

  it("the last attempt gets only what is left of the deadline, not a whole timeoutMs", async () => {
    // timeoutMs is a minute and the budget 1 s, so the deadline is 61 s away; the clock jumps 59.9 s during
    // the first wait of 100 ms: the hung second attempt must be given up after the 1 s left (the test would
    // hang for a minute otherwise).
    fault({ kind: "status", status: 503, times: 1 });
    fault({ kind: "hang" });
    const clock = new VirtualClock([0.9999], [59_900]);
    const client = clientWith(clock, { timeoutMs: 60_000, retry: { maxAttempts: 2, baseDelayMs: 100, maxDelayMs: 100, budgetMs: 1_000 } });
    const error = (await failureOf(client.request(getWebsite()))) as CrispNetworkError;
    expect(error).toBeInstanceOf(CrispNetworkError);
    expect(error.kind).toBe("timeout");
    expect(error.attempts).toBe(2);
    expect(clock.waits).toEqual([100]);
    expect(sandbox.requests.map((r) => r.status)).toEqual([503, 0]);
  }, 20_000);
});

describe("the default retry policy, with no override", () => {
  it("three attempts, backoff from 250 ms doubling", async () => {
    fault({ kind: "status", status: 502 });
    const clock = new VirtualClock([0.9999]);
    const error = (await failureOf(clientWith(clock).request(getWebsite()))) as CrispApiError;
    expect(error.attempts).toBe(3);
    expect(clock.waits).toEqual([250, 500]);
  });

  it("the waits are capped at 4 s and stop within the 8 s budget", async () => {
    fault({ kind: "status", status: 502 });
    const clock = new VirtualClock([0.9999]);
    const error = (await failureOf(clientWith(clock, { retry: { maxAttempts: 10 } }).request(getWebsite()))) as CrispApiError;
    // 250 + 500 + 1000 + 2000 + 4000 = 7750; one more 4000 would pass 8000.
    expect(clock.waits).toEqual([250, 500, 1_000, 2_000, 4_000]);
    expect(error.attempts).toBe(6);
  });

  it.each([
    { retryAfter: 8, requests: 2, waits: [8_000] },
    { retryAfter: 9, requests: 1, waits: [] },
  ])("a Retry-After of $retryAfter s against the 8 s budget: $requests request(s)", async ({ retryAfter, requests, waits }) => {
    fault({ kind: "status", status: 429, retryAfter, times: 1 });
    const clock = new VirtualClock();
    const client = clientWith(clock);
    if (requests === 2) await client.request(getWebsite());
    else expect(((await failureOf(client.request(getWebsite()))) as CrispApiError).retryAfterSeconds).toBe(retryAfter);
    expect(clock.waits).toEqual(waits);
    expect(sandbox.requests).toHaveLength(requests);
  });
});

describe("writes are never sent twice, and never wait", () => {
  it.each([
    { method: "POST", rule: { kind: "status", status: 503 } },
    { method: "PATCH", rule: { kind: "reset" } },
    { method: "POST", rule: { kind: "status", status: 429, retryAfter: 1 } },
  ] as const)("$method meeting $rule.kind $rule.status", async ({ method, rule }) => {
    sandbox.faults.add({ ...rule, method, path: `/website/${sandbox.websiteId}/people/profile` });
    const clock = new VirtualClock();
    const request: CrispRequest = {
      method,
      path: "/website/{website_id}/people/profile",
      pathParams: { website_id: sandbox.websiteId },
      body: { email: "never-twice@example.com", person: { nickname: "Once" } },
    };
    const error = (await failureOf(clientWith(clock).request(request))) as CrispApiError | CrispNetworkError;
    expect(error.attempts).toBe(1);
    expect(clock.waits).toEqual([]);
    expect(sandbox.requests).toHaveLength(1);
  });

  it.each([
    { name: "a 503", rule: { kind: "status", status: 503 } },
    { name: "a reset connection", rule: { kind: "reset" } },
  ] as const)("a wait cancelled after $name sends nothing more", async ({ rule }) => {
    fault(rule);
    const controller = new AbortController();
    const clock = new VirtualClock();
    const sleep = clock.sleep;
    clock.sleep = (ms, signal) => {
      controller.abort();
      return sleep(ms, signal);
    };
    const error = (await failureOf(clientWith(clock).request({ ...getWebsite(), signal: controller.signal }))) as CrispNetworkError;
    expect(error).toBeInstanceOf(CrispNetworkError);
    expect(error.kind).toBe("aborted");
    expect(error.attempts).toBe(1);
    expect(sandbox.requests).toHaveLength(1);
  });
});

describe("what the client tells about its retries", () => {
  async function reportsOf(work: () => Promise<unknown>): Promise<Activity[]> {
    const seen: Activity[] = [];
    await withActivityListener((activity) => seen.push(activity), () => work().catch(() => undefined));
    return seen;
  }
  const route = () => `GET /website/${sandbox.websiteId}`;
  const policy = { maxAttempts: 3, baseDelayMs: 1_000, maxDelayMs: 10_000, budgetMs: 60_000 };

  it("each wait, with its reason, its length and the next attempt", async () => {
    fault({ kind: "status", status: 503, times: 1 });
    fault({ kind: "status", status: 429, times: 1 });
    const seen = await reportsOf(() => clientWith(new VirtualClock([0.5]), { retry: policy }).request(getWebsite()));
    expect(seen).toEqual([
      { level: "info", source: "crisp", message: `${route()}: Crisp answered 503; retrying in 0.5s (attempt 2 of 3)` },
      { level: "warning", source: "crisp", message: `${route()}: Crisp answered 429 (rate limited); retrying in 1.0s (attempt 3 of 3)` },
    ]);
  });

  it("a 420 is a rate limit too, and after the last attempt it says so", async () => {
    fault({ kind: "status", status: 420 });
    const seen = await reportsOf(() => clientWith(new VirtualClock([0.5]), { retry: { ...policy, maxAttempts: 2 } }).request(getWebsite()));
    expect(seen).toEqual([
      { level: "warning", source: "crisp", message: `${route()}: Crisp answered 420 (rate limited); retrying in 0.5s (attempt 2 of 2)` },
      { level: "warning", source: "crisp", message: `${route()}: Crisp answered 420 (rate limited); not retried: after 2 attempt(s)` },
    ]);
  });

  it("a Retry-After past the budget, and a write, say why they are not retried", async () => {
    fault({ kind: "status", status: 429, retryAfter: 120 });
    expect((await reportsOf(() => clientWith(new VirtualClock()).request(getWebsite()))).map((a) => a.message)).toEqual([
      `${route()}: Crisp answered 429 (rate limited); not retried: Retry-After 120s is past the retry budget`,
    ]);
    sandbox.faults.clear();
    fault({ kind: "status", status: 429, method: "POST" });
    const post = { ...getWebsite(), method: "POST" as const, body: {} };
    expect((await reportsOf(() => clientWith(new VirtualClock()).request(post))).map((a) => a.message)).toEqual([
      `POST /website/${sandbox.websiteId}: Crisp answered 429 (rate limited); not retried: a POST is never sent twice`,
    ]);
  });

  it("a call cancelled while its request hangs is not reported as a lost connection to retry", async () => {
    fault({ kind: "hang" });
    const controller = new AbortController();
    const clock = new VirtualClock();
    let error: CrispNetworkError | undefined;
    const seen = await reportsOf(async () => {
      const call = clientWith(clock, { timeoutMs: 60_000 }).request({ ...getWebsite(), signal: controller.signal });
      while (sandbox.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      controller.abort();
      error = (await failureOf(call)) as CrispNetworkError;
    });
    expect(error).toBeInstanceOf(CrispNetworkError);
    expect(error!.kind).toBe("aborted");
    expect(error!.attempts).toBe(1);
    expect(seen).toEqual([]);
    expect(clock.waits).toEqual([]);
  });

  it("a lost connection and a timeout are named as such", async () => {
    fault({ kind: "reset", times: 1 });
    fault({ kind: "hang", times: 1 });
    const seen = await reportsOf(() => clientWith(new VirtualClock([0.25]), { timeoutMs: 1_000, retry: policy }).request(getWebsite()));
    expect(seen).toEqual([
      { level: "info", source: "crisp", message: `${route()}: connection failed; retrying in 0.3s (attempt 2 of 3)` },
      { level: "info", source: "crisp", message: `${route()}: no answer in time; retrying in 0.5s (attempt 3 of 3)` },
    ]);
  });

  it("a server error that is not retried tells nothing more than its error", async () => {
    fault({ kind: "status", status: 500 });
    expect(await reportsOf(() => clientWith(new VirtualClock(), { retry: { maxAttempts: 1 } }).request(getWebsite()))).toEqual([]);
  });
});

describe("Retry-After as an HTTP date", () => {
  it("is read against the client's clock", async () => {
    // The virtual clock reads 1970-01-01T00:16:40Z; Crisp asks to come back 3 s later.
    const clock = new VirtualClock();
    const at = new Date(clock.now() + 3_000).toUTCString();
    let asked = false;
    const { createServer } = await import("node:http");
    const server = createServer((_request, response) => {
      const first = !asked;
      asked = true;
      response.writeHead(first ? 429 : 200, first ? { "retry-after": at } : { "content-type": "application/json" });
      response.end(first ? "" : '{"error":false,"data":{"ok":true}}');
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as { port: number };
      const client = clientWith(clock, { baseUrl: `http://127.0.0.1:${port}/v1` });
      expect(await client.request(getWebsite())).toEqual({ ok: true });
      expect(clock.waits).toEqual([3_000]);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe("parseRetryAfter", () => {
  const now = Date.parse("2026-01-31T12:00:00Z");
  it.each([
    ["3", 3],
    [" 3 ", 3],
    ["1.5", 1.5],
    ["1.25", 1.25],
    ["0", 0],
    [["4", "9"], 4],
    ["Sat, 31 Jan 2026 12:00:05 GMT", 5],
    ["Sat, 31 Jan 2026 11:00:00 GMT", 0],
    ["", undefined],
    [undefined, undefined],
    ["soon", undefined],
    ["3abc", undefined],
    ["x3", undefined],
  ] as const)("%j is %j", (header, seconds) => {
    expect(parseRetryAfter(header as string | string[] | undefined, now)).toBe(seconds);
  });
});

describe("the real clock's wait", () => {
  it("waits, and ends early (false) when the call is cancelled", async () => {
    expect(await REAL_CLOCK.sleep(1)).toBe(true);
    const controller = new AbortController();
    const waiting = REAL_CLOCK.sleep(60_000, controller.signal);
    controller.abort();
    expect(await waiting).toBe(false);
  });

  it("a call cancelled just before its wait sends nothing more, and counts one attempt", async () => {
    fault({ kind: "status", status: 503 });
    const controller = new AbortController();
    // The retry report comes right before the wait: cancelling there hands the wait a signal already aborted.
    const client = new CrispClient({ baseUrl: sandbox.url, identifier: sandbox.identifier, key: sandbox.key, tier: sandbox.tier, timeoutMs: 2_000 });
    opened.push(client);
    let error: CrispNetworkError | undefined;
    await withActivityListener(
      () => controller.abort(),
      () => client.request({ ...getWebsite(), signal: controller.signal }).catch((e: CrispNetworkError) => (error = e)),
    );
    expect(error).toBeInstanceOf(CrispNetworkError);
    expect(error!.kind).toBe("aborted");
    expect(error!.attempts).toBe(1);
    expect(sandbox.requests).toHaveLength(1);
  });
});
