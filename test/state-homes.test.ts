import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memoryHome, redisHome, SharedStateError, type StateHome } from "../src/state/index.js";
import { RedisConnection } from "../src/state/redis/connection.js";
import { startRedis, type TestRedis } from "./helpers/redis.js";

// The contract of shared state, run against both homes: the process's memory
// and a real redis-server. Whatever a caller relies on holds in each.

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.close();
});

const homes: [string, () => Promise<StateHome>][] = [
  ["memory", async () => memoryHome()],
  ["redis", () => redisHome(redis.url)],
];

let unique = 0;
const key = (what: string) => `test:${process.pid}:${++unique}:${what}`;
const stream = () => `00000000-0000-4000-8000-${String(++unique).padStart(12, "0")}`;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(homes)("shared state in %s", (_name, open) => {
  let home: StateHome;
  beforeAll(async () => {
    home = await open();
  });
  afterAll(async () => {
    await home?.close();
  });

  it("stores, reads and expires a value", async () => {
    const k = key("put");
    await home.state.put(k, "v", 150);
    expect(await home.state.get(k)).toBe("v");
    await pause(250);
    expect(await home.state.get(k)).toBeUndefined();
  });

  it("gives a value to one taker only, even when they race", async () => {
    const k = key("take");
    await home.state.put(k, "code", 10_000);
    const takers = await Promise.all(Array.from({ length: 8 }, () => home.state.take(k)));
    expect(takers.filter((t) => t === "code")).toHaveLength(1);
  });

  it("lets one claimer win, and the key can be claimed again once it expires", async () => {
    const k = key("claim");
    const claims = await Promise.all(Array.from({ length: 8 }, (_, i) => home.state.claim(k, String(i), 150)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    await pause(250);
    expect(await home.state.claim(k, "again", 150)).toBe(true);
  });

  it("leases to one holder, renews for it, refuses others, and frees on release or expiry", async () => {
    const k = key("lease");
    expect(await home.state.lease(k, "a", 200)).toBe(true);
    expect(await home.state.lease(k, "b", 200)).toBe(false);
    expect(await home.state.lease(k, "a", 200)).toBe(true);
    await home.state.release(k, "b"); // not b's to release
    expect(await home.state.lease(k, "b", 200)).toBe(false);
    await home.state.release(k, "a");
    expect(await home.state.lease(k, "b", 200)).toBe(true);
    await pause(300);
    expect(await home.state.lease(k, "c", 200)).toBe(true);
  });

  it("keeps a set of members", async () => {
    const k = key("set");
    expect(await home.state.members(k)).toEqual([]);
    await home.state.addToSet(k, ["a", "b"], 10_000);
    await home.state.addToSet(k, ["b", "c"], 10_000);
    expect((await home.state.members(k)).sort()).toEqual(["a", "b", "c"]);
  });

  it("numbers appends without gaps, keeps the newest `capacity`, and reads after a position", async () => {
    const log = home.eventLog<{ n: number }>(5);
    const s = stream();
    const empty = await log.head(s);
    expect(empty).toMatchObject({ newest: 0, oldest: 1 });
    for (let n = 1; n <= 8; n++) expect(await log.append(s, { n })).toBe(n);
    const { head, entries } = await log.range(s, 0, 100);
    expect(head).toEqual({ epoch: empty.epoch, oldest: 4, newest: 8 });
    expect(entries.map((e) => [e.seq, e.record.n])).toEqual([[4, 4], [5, 5], [6, 6], [7, 7], [8, 8]]);
    expect((await log.range(s, 6, 1)).entries.map((e) => e.seq)).toEqual([7]);
    expect((await log.range(s, 8, 10)).entries).toEqual([]);
  });

  it("refuses a second append under the same once key, and any append without the fence's lease", async () => {
    const log = home.eventLog<{ n: number }>(100);
    const s = stream();
    const once = { key: key("once"), ttlMs: 10_000 };
    const results = await Promise.all(Array.from({ length: 6 }, (_, n) => log.append(s, { n }, { once })));
    expect(results.filter((r) => r !== undefined)).toHaveLength(1);
    const fence = { key: key("fence"), holder: "me" };
    expect(await log.append(s, { n: 100 }, { fence })).toBeUndefined();
    await home.state.lease(fence.key, "me", 10_000);
    expect(await log.append(s, { n: 101 }, { fence })).toBe(2);
    await home.state.release(fence.key, "me");
    await home.state.lease(fence.key, "other", 10_000);
    expect(await log.append(s, { n: 102 }, { fence })).toBeUndefined();
    expect((await log.range(s, 0, 10)).entries.map((e) => e.record.n)).toEqual([results.find((r) => r)! - 1, 101]);
  });

  it("wakes a waiter on an append, on the timeout, and on abort", async () => {
    const log = home.eventLog<{ n: number }>(100);
    const s = stream();
    const woken = log.waitForNews(s, 0, 5_000);
    await pause(50);
    const started = Date.now();
    await log.append(s, { n: 1 });
    await woken;
    expect(Date.now() - started).toBeLessThan(1_000);
    // Already past the position: at once.
    await log.waitForNews(s, 0, 5_000);
    const timed = Date.now();
    await log.waitForNews(s, 1, 200);
    expect(Date.now() - timed).toBeGreaterThanOrEqual(150);
    const abort = new AbortController();
    const aborted = log.waitForNews(s, 1, 5_000, abort.signal);
    setTimeout(() => abort.abort(), 50);
    const before = Date.now();
    await aborted;
    expect(Date.now() - before).toBeLessThan(1_000);
  });

  it("wakes every waiter of every stream, whatever position each waits from", async () => {
    const log = home.eventLog<{ n: number }>(100);
    const [s1, s2] = [stream(), stream()];
    await log.append(s1, { n: 1 });
    const waits = [log.waitForNews(s1, 1, 5_000), log.waitForNews(s1, 1, 5_000), log.waitForNews(s2, 0, 5_000)];
    await pause(50);
    // A waiter that arrives later, behind the others, is woken at once by what it has not seen.
    await log.append(s1, { n: 2 });
    await Promise.all([...waits.slice(0, 2), log.waitForNews(s1, 0, 5_000)]);
    await log.append(s2, { n: 1 });
    await waits[2];
  });
});

describe("redis home faults", () => {
  it("refuses to start with one line that names the setting and shows no password", async () => {
    const error = await redisHome("redis://user:hunter2-secret@127.0.0.1:1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SharedStateError);
    const message = (error as Error).message;
    expect(message).toMatch(/^cannot reach Redis at redis:\/\/127\.0\.0\.1:1 \(CRISP_MCP_REDIS_URL\): /);
    expect(message).not.toMatch(/hunter2/);
    expect(message).not.toMatch(/\n/);
  });

  it("an idle stream expires with its epoch, even one that holds a single event", async () => {
    const home = await redisHome(redis.url, { idleMs: 300 });
    const connection = await RedisConnection.open(redis.url);
    try {
      const log = home.eventLog<{ n: number }>(100);
      const [one, two] = [stream(), stream()];
      await log.append(one, { n: 1 });
      await log.append(two, { n: 1 });
      await log.append(two, { n: 2 });
      const keysOf = (s: string) => [`crisp-mcp:events:${s}`, `crisp-mcp:events:${s}:meta`];
      expect(await connection.client.exists([...keysOf(one), ...keysOf(two)])).toBe(4);
      await pause(500);
      expect(await connection.client.exists([...keysOf(one), ...keysOf(two)])).toBe(0);
    } finally {
      await connection.close();
      await home.close();
    }
  });

  it("fails calls fast while Redis is down, fails waiters, and recovers by itself", async () => {
    const home = await redisHome(redis.url);
    try {
      const log = home.eventLog<{ n: number }>(100);
      const s = stream();
      expect(await log.append(s, { n: 1 })).toBe(1);
      const waiting = log.waitForNews(s, 1, 20_000).then(
        () => "resolved",
        (e: unknown) => e,
      );
      await pause(100);
      await redis.stop();
      const failure = await waiting;
      expect(failure).toBeInstanceOf(SharedStateError);
      expect((failure as SharedStateError).hint).toMatch(/reconnects by itself/);
      // The waiter's connection may hear of the loss a moment before the main one.
      await expect.poll(() => home.health(), { timeout: 5_000 }).toMatchObject({ home: "redis", up: false });
      const started = Date.now();
      await expect(log.append(s, { n: 2 })).rejects.toBeInstanceOf(SharedStateError);
      await expect(home.state.get("x")).rejects.toBeInstanceOf(SharedStateError);
      expect(Date.now() - started).toBeLessThan(1_000);
      await redis.start();
      await expect.poll(() => home.health().up, { timeout: 10_000 }).toBe(true);
      // Acknowledged before the stop: still there, under the same epoch (the append-only file kept it).
      const { entries } = await log.range(s, 0, 10);
      expect(entries.map((e) => e.record.n)).toEqual([1]);
      const woken = log.waitForNews(s, 1, 10_000);
      await pause(50);
      expect(await log.append(s, { n: 3 })).toBe(2);
      await woken;
    } finally {
      await redis.start().catch(() => undefined);
      await home.close();
    }
  });
});
