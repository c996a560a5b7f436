import { createServer } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  CrispApiError,
  CrispClient,
  CrispNetworkError,
  type CrispClientOptions,
  type CrispRequest,
} from "../src/client/index.js";
import { parseRetryAfter } from "../src/client/retry.js";
import { seededPeopleId, startSandbox, type FaultRule, type Sandbox } from "../src/sandbox/index.js";
import { until } from "./helpers/until.js";
import { VirtualClock } from "./helpers/virtual-clock.js";

// CrispClient on its own, over real HTTP against the sandbox, with injected
// faults. sandbox.requests counts what actually reached "Crisp".

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

function clientFor(overrides: Partial<CrispClientOptions> = {}): CrispClient {
  const client = new CrispClient({
    baseUrl: sandbox.url,
    identifier: sandbox.identifier,
    key: sandbox.key,
    tier: sandbox.tier,
    timeoutMs: 2_000,
    ...overrides,
    retry: { baseDelayMs: 5, maxDelayMs: 20, budgetMs: 1_500, ...overrides.retry },
  });
  opened.push(client);
  return client;
}

const emma = () => seededPeopleId("emma");
const websitePath = () => `/website/${sandbox.websiteId}`;
const profilePath = () => `/website/${sandbox.websiteId}/people/profile/${emma()}`;

const getWebsite = (): CrispRequest => ({
  method: "GET",
  path: "/website/{website_id}",
  pathParams: { website_id: sandbox.websiteId },
});
const getProfile = (): CrispRequest => ({
  method: "GET",
  path: "/website/{website_id}/people/profile/{people_id}",
  pathParams: { website_id: sandbox.websiteId, people_id: emma() },
});
const addProfile = (email: string): CrispRequest => ({
  method: "POST",
  path: "/website/{website_id}/people/profile",
  pathParams: { website_id: sandbox.websiteId },
  body: { email, person: { nickname: "Once Only" } },
});
const patchProfile = (): CrispRequest => ({
  method: "PATCH",
  path: "/website/{website_id}/people/profile/{people_id}",
  pathParams: { website_id: sandbox.websiteId, people_id: emma() },
  body: { person: { nickname: "Emma Patched" } },
});

function fault(rule: Omit<FaultRule, "path"> & { path?: string }): void {
  sandbox.faults.add({ path: websitePath(), ...rule });
}

function sent(method?: string) {
  return sandbox.requests.filter((r) => method === undefined || r.method === method);
}

/** The error a call failed with; fails the test if it succeeded. */
async function failureOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the call to fail, and it succeeded");
}

describe("status mapping: every Crisp error becomes a typed error with a hint", () => {
  it.each([
    { status: 401, reason: "unauthorized", hint: /CRISP_IDENTIFIER and CRISP_KEY.*CRISP_TIER/, attempts: 1, transient: false },
    { status: 403, reason: "not_allowed", hint: /lacks the scope/, attempts: 1, transient: false },
    { status: 404, reason: "not_found", hint: /Not found\. Check the ids/, attempts: 1, transient: false },
    { status: 420, reason: "rate_limited", hint: /rate-limited the call after 3 attempt/, attempts: 3, transient: true },
    { status: 429, reason: "rate_limited", hint: /rate-limited the call after 3 attempt/, attempts: 3, transient: true },
    { status: 500, reason: "server_error", hint: /server error after 3 attempt.*writes were not repeated/, attempts: 3, transient: true },
    { status: 502, reason: "server_error", hint: /server error after 3/, attempts: 3, transient: true },
    { status: 503, reason: "server_error", hint: /server error after 3/, attempts: 3, transient: true },
  ])("$status on a GET: $reason, $attempts request(s)", async ({ status, reason, hint, attempts, transient }) => {
    fault({ kind: "status", status });
    const error = await failureOf(clientFor().request(getWebsite()));
    expect(error).toBeInstanceOf(CrispApiError);
    const api = error as CrispApiError;
    expect({ status: api.status, reason: api.reason, attempts: api.attempts, transient: api.transient }).toEqual({
      status,
      reason,
      attempts,
      transient,
    });
    expect(api.hint).toMatch(hint);
    expect(api.message).toContain(`GET /website/${sandbox.websiteId}`);
    expect(sent()).toHaveLength(attempts);
  });

  it("a wrong key is the sandbox's own 401, with the keypair hint and without the key", async () => {
    const error = (await failureOf(clientFor({ key: "wrong-key-0000" }).request(getWebsite()))) as CrispApiError;
    expect(error).toBeInstanceOf(CrispApiError);
    expect(error.status).toBe(401);
    expect(error.hint).toMatch(/CRISP_KEY/);
    expect(`${error.message} ${error.hint}`).not.toContain("wrong-key-0000");
    expect(sent()).toHaveLength(1);
  });

  it("a tier header that does not match the token is a 403 that names CRISP_TIER", async () => {
    const error = (await failureOf(clientFor({ tier: "website" }).request(getWebsite()))) as CrispApiError;
    expect(error.status).toBe(403);
    expect(error.reason).toBe("restricted_route_tier");
    expect(error.hint).toMatch(/CRISP_TIER/);
  });

  it("an unknown id is the sandbox's own 404 with the ids hint", async () => {
    const error = (await failureOf(
      clientFor().request({ ...getProfile(), pathParams: { website_id: sandbox.websiteId, people_id: "nobody@example.com" } }),
    )) as CrispApiError;
    expect(error.status).toBe(404);
    expect(error.hint).toMatch(/Check the ids/);
  });

  it("a rejected body is a 400 whose hint points at the arguments", async () => {
    const error = (await failureOf(
      clientFor().request({ ...addProfile("x"), body: { person: { nickname: "No Email" } } }),
    )) as CrispApiError;
    expect(error.status).toBe(400);
    expect(error.hint).toMatch(/rejected the data/);
  });
});

describe("retries: idempotent requests only, within the budget", () => {
  it("a GET retries a 503 and succeeds on the third attempt", async () => {
    fault({ kind: "status", status: 503, times: 2 });
    const website = await clientFor().request<{ name: string }>(getWebsite());
    expect(website.name).toBe("Acme Shop");
    expect(sent("GET")).toHaveLength(3);
  });

  it("a GET retries a reset connection", async () => {
    fault({ kind: "reset", times: 1 });
    const website = await clientFor().request<{ name: string }>(getWebsite());
    expect(website.name).toBe("Acme Shop");
    expect(sent("GET")).toHaveLength(2);
  });

  it("a GET whose connection is always reset fails as a connection error after the attempts", async () => {
    fault({ kind: "reset" });
    const error = (await failureOf(clientFor().request(getWebsite()))) as CrispNetworkError;
    expect(error).toBeInstanceOf(CrispNetworkError);
    expect(error.kind).toBe("connection");
    expect(error.hint).toMatch(/CRISP_API_URL/);
    expect(sent()).toHaveLength(3);
  });

  it("PUT, DELETE and HEAD are idempotent and retried", async () => {
    const client = clientFor();
    sandbox.faults.add({ path: profilePath(), kind: "status", status: 503, times: 1 });
    await client.request({ ...getProfile(), method: "PUT", body: { email: "emma@example.com", person: { nickname: "Emma" } } });
    expect(sent("PUT")).toHaveLength(2);

    sandbox.faults.add({ path: profilePath(), kind: "status", status: 502, times: 1 });
    expect(await client.exists(getProfile())).toBe(true);
    expect(sent("HEAD")).toHaveLength(2);

    sandbox.faults.add({ path: profilePath(), kind: "status", status: 500, times: 1 });
    await client.request({ ...getProfile(), method: "DELETE" });
    expect(sent("DELETE")).toHaveLength(2);
    expect(sandbox.state.people.find(emma())).toBeUndefined();
  });

  type Failure = { status: number; reason: string; retryAfterSeconds?: number } | { network: "timeout" | "connection" };
  const WRITE_FAULTS: { name: string; rule: Omit<FaultRule, "path" | "method">; failure: Failure }[] = [
    { name: "500", rule: { kind: "status", status: 500 }, failure: { status: 500, reason: "server_error" } },
    { name: "503", rule: { kind: "status", status: 503 }, failure: { status: 503, reason: "server_error" } },
    { name: "429", rule: { kind: "status", status: 429 }, failure: { status: 429, reason: "rate_limited" } },
    {
      name: "429 with Retry-After",
      rule: { kind: "status", status: 429, retryAfter: 1 },
      failure: { status: 429, reason: "rate_limited", retryAfterSeconds: 1 },
    },
    { name: "420", rule: { kind: "status", status: 420 }, failure: { status: 420, reason: "rate_limited" } },
    { name: "an HTML 502", rule: { kind: "html", status: 502 }, failure: { status: 502, reason: "invalid_response" } },
    { name: "a reset connection", rule: { kind: "reset" }, failure: { network: "connection" } },
    { name: "a hang", rule: { kind: "hang" }, failure: { network: "timeout" } },
    { name: "malformed JSON", rule: { kind: "malformed_json" }, failure: { status: 200, reason: "invalid_response" } },
  ];

  /** The error's kind, in the shape of Failure, after one attempt. */
  function expectFailure(error: Error, failure: Failure): void {
    if ("network" in failure) {
      expect(error).toBeInstanceOf(CrispNetworkError);
      expect({ kind: (error as CrispNetworkError).kind, attempts: (error as CrispNetworkError).attempts }).toEqual({ kind: failure.network, attempts: 1 });
      return;
    }
    expect(error).toBeInstanceOf(CrispApiError);
    const api = error as CrispApiError;
    expect({ status: api.status, reason: api.reason, retryAfterSeconds: api.retryAfterSeconds, attempts: api.attempts }).toEqual({
      retryAfterSeconds: undefined,
      ...failure,
      attempts: 1,
    });
  }

  it.each(WRITE_FAULTS)("a POST meets $name: sent exactly once, then that typed error", async ({ rule, failure }) => {
    const path = `/website/${sandbox.websiteId}/people/profile`;
    sandbox.faults.add({ ...rule, method: "POST", path, times: 1 });
    const email = `once-${rule.kind}-${rule.status ?? 0}@example.com`;
    const error = await failureOf(clientFor({ timeoutMs: 300 }).request(addProfile(email)));
    expectFailure(error, failure);
    expect(sent("POST")).toHaveLength(1);
    // The fault took the only attempt: nothing was created behind the error.
    expect(sandbox.state.people.find(email)).toBeUndefined();
  });

  it.each(WRITE_FAULTS)("a PATCH meets $name: sent exactly once, then that typed error", async ({ rule, failure }) => {
    sandbox.faults.add({ ...rule, method: "PATCH", path: profilePath(), times: 1 });
    const error = await failureOf(clientFor({ timeoutMs: 300 }).request(patchProfile()));
    expectFailure(error, failure);
    expect(sent("PATCH")).toHaveLength(1);
  });
});

describe("Retry-After", () => {
  it("is honoured when it fits the budget: the client waits as asked, then succeeds", async () => {
    fault({ kind: "status", status: 429, retryAfter: 1, times: 1 });
    const clock = new VirtualClock();
    const website = await clientFor({ clock }).request<{ name: string }>(getWebsite());
    expect(website.name).toBe("Acme Shop");
    expect(sent()).toHaveLength(2);
    expect(clock.waits).toEqual([1_000]);
  });

  it("beyond the budget, fails at once with Crisp's wait in the hint", async () => {
    fault({ kind: "status", status: 429, retryAfter: 30 });
    const error = (await failureOf(clientFor().request(getWebsite()))) as CrispApiError;
    expect(error.status).toBe(429);
    expect(error.retryAfterSeconds).toBe(30);
    expect(error.hint).toMatch(/asked to wait 30s/);
    expect(sent()).toHaveLength(1);
  });

  it("counts against the retry budget, not the request timeout", async () => {
    // 2s would fit timeoutMs + budgetMs (5s + 1s) but not the 1s budget for waiting.
    fault({ kind: "status", status: 429, retryAfter: 2 });
    const error = (await failureOf(clientFor({ timeoutMs: 5_000, retry: { budgetMs: 1_000 } }).request(getWebsite()))) as CrispApiError;
    expect(error.retryAfterSeconds).toBe(2);
    expect(sent()).toHaveLength(1);
  });

  it("waits add up: a second wait that would pass the budget is not taken", async () => {
    fault({ kind: "status", status: 429, retryAfter: 1 });
    const clock = new VirtualClock();
    const error = (await failureOf(clientFor({ clock }).request(getWebsite()))) as CrispApiError;
    expect(clock.waits).toEqual([1_000]);
    expect(error.status).toBe(429);
    expect(error.attempts).toBe(2);
    expect(sent()).toHaveLength(2);
  });

  it("is read as seconds or as an HTTP date", () => {
    const now = Date.parse("2026-01-31T12:00:00Z");
    expect(parseRetryAfter("3", now)).toBe(3);
    expect(parseRetryAfter("Sat, 31 Jan 2026 12:00:05 GMT", now)).toBe(5);
    expect(parseRetryAfter("Sat, 31 Jan 2026 11:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});

describe("the deadline: CRISP_TIMEOUT_MS plus the retry budget", () => {
  it("a GET to a hung upstream times out, is retried within the budget, then fails as a timeout", async () => {
    fault({ kind: "hang" });
    const timeoutMs = 300;
    const budgetMs = 600;
    const error = (await failureOf(clientFor({ timeoutMs, retry: { budgetMs } }).request(getWebsite()))) as CrispNetworkError;
    expect(error).toBeInstanceOf(CrispNetworkError);
    expect(error.kind).toBe("timeout");
    expect(error.hint).toMatch(/CRISP_TIMEOUT_MS/);
    expect(sent().length).toBeGreaterThanOrEqual(2);
    expect(sent().length).toBeLessThanOrEqual(3);
    // That the call ends by its deadline is proven with a virtual clock, in client-retry.test.ts.
  });

  it("a GET that hangs once succeeds on the retry", async () => {
    fault({ kind: "hang", times: 1 });
    const website = await clientFor({ timeoutMs: 300 }).request<{ name: string }>(getWebsite());
    expect(website.name).toBe("Acme Shop");
    expect(sent()).toHaveLength(2);
  });
});

describe("bodies that are not Crisp's envelope", () => {
  it("malformed JSON is an invalid_response error, not a crash, and the body is not echoed", async () => {
    fault({ kind: "malformed_json" });
    const error = (await failureOf(clientFor().request(getWebsite()))) as CrispApiError;
    expect(error).toBeInstanceOf(CrispApiError);
    expect(error.reason).toBe("invalid_response");
    expect(error.hint).toMatch(/not its JSON envelope/);
    expect(error.message).not.toContain("session_");
  });

  it("an HTML error page on a GET is retried, then an invalid_response error that keeps the status", async () => {
    fault({ kind: "html", status: 502 });
    const error = (await failureOf(clientFor().request(getWebsite()))) as CrispApiError;
    expect(error.status).toBe(502);
    expect(error.reason).toBe("invalid_response");
    expect(error.hint).toMatch(/HTML error page/);
    expect(error.message).not.toMatch(/<html|nginx/i);
    expect(sent()).toHaveLength(3);
  });

  it("an HTML page with a 200 status is an invalid_response error", async () => {
    fault({ kind: "html", status: 200 });
    const error = (await failureOf(clientFor().request(getWebsite()))) as CrispApiError;
    expect(error.reason).toBe("invalid_response");
  });

  it("a transient HTML 503 is retried and the call succeeds", async () => {
    fault({ kind: "html", status: 503, times: 1 });
    expect(await clientFor().request<{ name: string }>(getWebsite())).toMatchObject({ name: "Acme Shop" });
  });

  it("a huge valid body is read in full under the size limit", async () => {
    fault({ kind: "huge_body", bytes: 5 * 1024 * 1024 });
    const data = await clientFor().request<unknown[]>(getWebsite());
    expect(Array.isArray(data)).toBe(true);
    expect(data.length).toBeGreaterThan(20_000);
  });

  it("a body past maxResponseBytes is refused with a hint to ask for less, sent once, and the client goes on", async () => {
    fault({ kind: "huge_body", bytes: 2 * 1024 * 1024, times: 1 });
    const client = clientFor({ maxResponseBytes: 256 * 1024 });
    const error = (await failureOf(client.request(getWebsite()))) as CrispApiError;
    expect(error.reason).toBe("response_too_large");
    expect(error.hint).toMatch(/Ask for less/);
    expect(sent()).toHaveLength(1);
    expect(await client.request<{ name: string }>(getWebsite())).toMatchObject({ name: "Acme Shop" });
  });
});

describe("cancellation", () => {
  it("an already-cancelled call sends nothing", async () => {
    const error = (await failureOf(clientFor().request({ ...getWebsite(), signal: AbortSignal.abort() }))) as CrispNetworkError;
    expect(error.kind).toBe("aborted");
    expect(sent()).toHaveLength(0);
  });

  it("cancelling reaches the HTTP request: a hung call ends at once, long before its 60s timeout", async () => {
    fault({ kind: "hang" });
    const controller = new AbortController();
    const call = failureOf(clientFor({ timeoutMs: 60_000 }).request({ ...getWebsite(), signal: controller.signal }));
    await until(() => sent().length === 1, "the request to reach the sandbox");
    controller.abort();
    const error = (await call) as CrispNetworkError;
    expect(error).toBeInstanceOf(CrispNetworkError);
    expect(error.kind).toBe("aborted");
    expect(error.transient).toBe(false);
    expect(sent()).toHaveLength(1);
  });

  it("cancelling during a Retry-After wait stops the retry", async () => {
    fault({ kind: "status", status: 429, retryAfter: 1 });
    const controller = new AbortController();
    const call = failureOf(clientFor().request({ ...getWebsite(), signal: controller.signal }));
    await until(() => sent().length === 1, "the request to reach the sandbox");
    controller.abort();
    expect(((await call) as CrispNetworkError).kind).toBe("aborted");
    expect(sent()).toHaveLength(1);
  });
});

describe("an unreachable Crisp", () => {
  it("is a connection error with a hint naming CRISP_API_URL", async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, "127.0.0.1", () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const error = (await failureOf(
      clientFor({ baseUrl: `http://127.0.0.1:${port}/v1` }).request(getWebsite()),
    )) as CrispNetworkError;
    expect(error).toBeInstanceOf(CrispNetworkError);
    expect(error.kind).toBe("connection");
    expect(error.hint).toMatch(/CRISP_API_URL/);
  });
});
