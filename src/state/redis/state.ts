import type { SharedState } from "../types.js";
import type { RedisConnection } from "./connection.js";
import { LEASE, RELEASE, runScript } from "./scripts.js";

// SharedState in Redis: plain keys with a PX expiry. take is GETDEL, claim is
// SET NX, a lease is a key holding its holder's name, taken or extended in one
// script so that two replicas never both believe they hold it.

export const KEY_PREFIX = "crisp-mcp:";

export class RedisState implements SharedState {
  constructor(private readonly redis: RedisConnection) {}

  async put(key: string, value: string, ttlMs: number): Promise<void> {
    await this.redis.call("store a value", (c) => c.set(KEY_PREFIX + key, value, { PX: ttl(ttlMs) }));
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.redis.call("read a value", (c) => c.get(KEY_PREFIX + key))) ?? undefined;
  }

  async take(key: string): Promise<string | undefined> {
    return (await this.redis.call("take a value", (c) => c.getDel(KEY_PREFIX + key))) ?? undefined;
  }

  async claim(key: string, value: string, ttlMs: number): Promise<boolean> {
    const answer = await this.redis.call("claim a key", (c) => c.set(KEY_PREFIX + key, value, { NX: true, PX: ttl(ttlMs) }));
    return answer === "OK";
  }

  async lease(key: string, holder: string, ttlMs: number): Promise<boolean> {
    const answer = await this.redis.call("take a lease", (c) => runScript(c, LEASE, [KEY_PREFIX + key], [holder, String(ttl(ttlMs))]));
    return answer === 1;
  }

  async release(key: string, holder: string): Promise<void> {
    await this.redis.call("release a lease", (c) => runScript(c, RELEASE, [KEY_PREFIX + key], [holder]));
  }

  async addToSet(key: string, members: readonly string[], ttlMs: number): Promise<void> {
    if (members.length === 0) return;
    await this.redis.call("add to a set", (c) =>
      c.multi().sAdd(KEY_PREFIX + key, [...members]).pExpire(KEY_PREFIX + key, ttl(ttlMs)).exec(),
    );
  }

  async members(key: string): Promise<string[]> {
    return this.redis.call("read a set", (c) => c.sMembers(KEY_PREFIX + key));
  }

  /** The connection is the home's: it closes it. */
  async close(): Promise<void> {}
}

/** Redis refuses an expiry of 0 or less; a whole number of ms, at least 1. */
function ttl(ms: number): number {
  return Math.max(1, Math.ceil(ms));
}
