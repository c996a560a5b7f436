// State that must be seen by every replica, or used once across all of them.
// One interface, two homes: memory (one process: the default, stdio, tests)
// and, with the scale-out work, Redis. Callers never know which one they hold.

export interface SharedState {
  /** Stores `value` under `key` for `ttlMs`, replacing what was there. */
  put(key: string, value: string, ttlMs: number): Promise<void>;
  /** The value under `key`, unless it expired. */
  get(key: string): Promise<string | undefined>;
  /** Returns the value and deletes it in one step: of two concurrent takers, one gets it. */
  take(key: string): Promise<string | undefined>;
  /** Stores `value` only if `key` holds nothing; true when this call stored it. */
  claim(key: string, value: string, ttlMs: number): Promise<boolean>;
  close(): Promise<void>;
}
