import type { SharedState } from "./types.js";

// The in-process home of shared state. Entries expire by their deadline, read
// lazily and swept now and then, and the number kept is bounded: past the
// bound, the entries closest to expiry go first (they would be gone soonest).

interface Entry {
  value: string;
  expiresAt: number;
}

export interface MemoryStateOptions {
  /** Most entries kept at once. */
  maxEntries?: number;
  /** Clock, for tests of expiry. */
  now?: () => number;
}

export class MemoryState implements SharedState {
  private readonly entries = new Map<string, Entry>();
  private readonly sets = new Map<string, { members: Set<string>; expiresAt: number }>();
  private readonly maxEntries: number;
  private readonly now: () => number;
  private readonly sweeper: NodeJS.Timeout;

  constructor(options: MemoryStateOptions = {}) {
    this.maxEntries = options.maxEntries ?? 100_000;
    this.now = options.now ?? Date.now;
    this.sweeper = setInterval(() => this.sweep(), 60_000);
    this.sweeper.unref();
  }

  get size(): number {
    return this.entries.size;
  }

  async put(key: string, value: string, ttlMs: number): Promise<void> {
    this.entries.set(key, { value, expiresAt: this.now() + ttlMs });
    this.bound();
  }

  async get(key: string): Promise<string | undefined> {
    return this.live(key)?.value;
  }

  async take(key: string): Promise<string | undefined> {
    const entry = this.live(key);
    this.entries.delete(key);
    return entry?.value;
  }

  async claim(key: string, value: string, ttlMs: number): Promise<boolean> {
    if (this.live(key)) return false;
    await this.put(key, value, ttlMs);
    return true;
  }

  async lease(key: string, holder: string, ttlMs: number): Promise<boolean> {
    const current = this.live(key);
    if (current && current.value !== holder) return false;
    await this.put(key, holder, ttlMs);
    return true;
  }

  async release(key: string, holder: string): Promise<void> {
    if (this.live(key)?.value === holder) this.entries.delete(key);
  }

  async addToSet(key: string, members: readonly string[], ttlMs: number): Promise<void> {
    let set = this.sets.get(key);
    if (!set || set.expiresAt <= this.now()) this.sets.set(key, (set = { members: new Set(), expiresAt: 0 }));
    for (const member of members) set.members.add(member);
    set.expiresAt = this.now() + ttlMs;
  }

  async members(key: string): Promise<string[]> {
    const set = this.sets.get(key);
    return set && set.expiresAt > this.now() ? [...set.members] : [];
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    this.entries.clear();
    this.sets.clear();
  }

  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
    for (const [key, set] of this.sets) if (set.expiresAt <= now) this.sets.delete(key);
  }

  private bound(): void {
    if (this.entries.size <= this.maxEntries) return;
    this.sweep();
    const excess = this.entries.size - this.maxEntries;
    if (excess <= 0) return;
    const soonest = [...this.entries].sort((a, b) => a[1].expiresAt - b[1].expiresAt).slice(0, excess);
    for (const [key] of soonest) this.entries.delete(key);
  }
}
