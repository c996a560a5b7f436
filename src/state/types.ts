// State that must be seen by every replica, or used once across all of them.
// One interface, two homes: memory (one process: the default, stdio, tests)
// and Redis (several replicas, CRISP_MCP_REDIS_URL). Callers never know which
// one they hold, and never touch a Redis client.

export interface SharedState {
  /** Stores `value` under `key` for `ttlMs`, replacing what was there. */
  put(key: string, value: string, ttlMs: number): Promise<void>;
  /** The value under `key`, unless it expired. */
  get(key: string): Promise<string | undefined>;
  /** Returns the value and deletes it in one step: of two concurrent takers, one gets it. */
  take(key: string): Promise<string | undefined>;
  /** Stores `value` only if `key` holds nothing; true when this call stored it. */
  claim(key: string, value: string, ttlMs: number): Promise<boolean>;
  /**
   * Takes the lease `key` for `holder`, or extends it when `holder` has it
   * already, for `ttlMs`. True when `holder` holds it now; false while
   * another holder's lease runs.
   */
  lease(key: string, holder: string, ttlMs: number): Promise<boolean>;
  /** Gives the lease up, if `holder` still has it. */
  release(key: string, holder: string): Promise<void>;
  /** Adds members to the set `key`, which lives `ttlMs` from now. */
  addToSet(key: string, members: readonly string[], ttlMs: number): Promise<void>;
  /** The set's members, in no order; empty when it does not exist. */
  members(key: string): Promise<string[]>;
  close(): Promise<void>;
}

/** Where a stream stands: its epoch, and the numbers of its oldest and newest entries. */
export interface StreamHead {
  /**
   * Random, chosen when the stream is created. A stream that expired, or a
   * store that lost its data, starts again under a new epoch: a position
   * from the old one names nothing in the new one.
   */
  epoch: string;
  /** Number of the oldest entry kept; newest + 1 when the stream is empty. */
  oldest: number;
  /** Number of the newest entry; 0 before the first. */
  newest: number;
}

export interface StreamEntry<T> {
  seq: number;
  record: T;
}

/** Conditions an append must meet, checked in the same step as the append. */
export interface AppendGuard {
  /** Appended only if this key was never claimed (a replay of the same delivery is refused). */
  once?: { key: string; ttlMs: number };
  /** Appended only while `holder` holds the lease `key` (a replica that lost it cannot add). */
  fence?: { key: string; holder: string };
}

/**
 * Bounded streams of records, numbered 1, 2, 3 ... without gaps. Each keeps
 * its newest `capacity` entries; readers follow a stream by number and see
 * what fell off the end as a gap between their position and `oldest`.
 */
export interface EventLog<T> {
  readonly capacity: number;
  /** The entry's number, or undefined when the guard refused it. */
  append(stream: string, record: T, guard?: AppendGuard): Promise<number | undefined>;
  head(stream: string): Promise<StreamHead>;
  /** Up to `count` entries after `afterSeq`, oldest first, and the head they were read under. */
  range(stream: string, afterSeq: number, count: number): Promise<{ head: StreamHead; entries: StreamEntry<T>[] }>;
  /**
   * Resolves once an entry after `afterSeq` may exist, after `ms`, or on
   * abort; rejects with a SharedStateError when the store is lost.
   */
  waitForNews(stream: string, afterSeq: number, ms: number, signal?: AbortSignal): Promise<void>;
  close(): Promise<void>;
}

/** How the shared store is doing, for /healthz and the logs. */
export interface StateHealth {
  home: "memory" | "redis";
  up: boolean;
  detail?: string;
}
