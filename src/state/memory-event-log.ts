import { randomBytes } from "node:crypto";
import type { MemoryState } from "./memory.js";
import type { AppendGuard, EventLog, StreamEntry, StreamHead } from "./types.js";

// The in-process event log: one ring of the newest `capacity` entries per
// stream, numbered without gaps. The number of streams is bounded too: the
// least recently used goes first, never one a reader is waiting on. Guards
// are checked in the process's MemoryState, the same home OAuth uses.

export interface MemoryEventLogOptions {
  capacity: number;
  /** Streams kept at once. */
  maxStreams?: number;
  state: MemoryState;
}

const DEFAULT_MAX_STREAMS = 64;

export class MemoryEventLog<T> implements EventLog<T> {
  readonly capacity: number;
  private readonly maxStreams: number;
  private readonly streams = new Map<string, Ring<T>>();

  constructor(private readonly options: MemoryEventLogOptions) {
    this.capacity = options.capacity;
    this.maxStreams = options.maxStreams ?? DEFAULT_MAX_STREAMS;
  }

  async append(stream: string, record: T, guard?: AppendGuard): Promise<number | undefined> {
    const { state } = this.options;
    if (guard?.fence && (await state.get(guard.fence.key)) !== guard.fence.holder) return undefined;
    if (guard?.once && !(await state.claim(guard.once.key, "1", guard.once.ttlMs))) return undefined;
    return this.ring(stream).push(record);
  }

  async head(stream: string): Promise<StreamHead> {
    return this.ring(stream).head();
  }

  async range(stream: string, afterSeq: number, count: number): Promise<{ head: StreamHead; entries: StreamEntry<T>[] }> {
    const ring = this.ring(stream);
    return { head: ring.head(), entries: ring.after(afterSeq, count) };
  }

  waitForNews(stream: string, afterSeq: number, ms: number, signal?: AbortSignal): Promise<void> {
    return this.ring(stream).waitForNews(afterSeq, ms, signal);
  }

  async close(): Promise<void> {
    this.streams.clear();
  }

  /** The stream's ring, created on first use; Map order is recency order. */
  private ring(stream: string): Ring<T> {
    let ring = this.streams.get(stream);
    if (ring) this.streams.delete(stream);
    else {
      ring = new Ring<T>(this.capacity);
      for (const [key, old] of this.streams) {
        if (this.streams.size < this.maxStreams) break;
        if (!old.watched) this.streams.delete(key);
      }
    }
    this.streams.set(stream, ring);
    return ring;
  }
}

/** A ring of the last `capacity` entries with its own random epoch; a number is never reused in it. */
class Ring<T> {
  private readonly epoch = randomBytes(6).toString("hex");
  private readonly slots: (T | undefined)[];
  /** Index in `slots` of the oldest entry. */
  private start = 0;
  private count = 0;
  private newest = 0;
  private readonly waiters = new Set<() => void>();

  constructor(private readonly capacity: number) {
    this.slots = new Array<T | undefined>(capacity);
  }

  /** A reader is waiting on this ring now: it must not be evicted under them. */
  get watched(): boolean {
    return this.waiters.size > 0;
  }

  head(): StreamHead {
    return { epoch: this.epoch, oldest: this.newest - this.count + 1, newest: this.newest };
  }

  /** Appends, dropping the oldest when full, and wakes every waiter. */
  push(record: T): number {
    const seq = ++this.newest;
    if (this.count === this.capacity) {
      this.slots[this.start] = record;
      this.start = (this.start + 1) % this.capacity;
    } else {
      this.slots[(this.start + this.count) % this.capacity] = record;
      this.count++;
    }
    // Each waiter takes itself out of the set when woken: iterate over a copy.
    for (const wake of [...this.waiters]) wake();
    return seq;
  }

  after(afterSeq: number, count: number): StreamEntry<T>[] {
    const oldest = this.newest - this.count + 1;
    const entries: StreamEntry<T>[] = [];
    for (let seq = Math.max(afterSeq + 1, oldest); seq <= this.newest && entries.length < count; seq++) {
      entries.push({ seq, record: this.slots[(this.start + (seq - oldest)) % this.capacity]! });
    }
    return entries;
  }

  waitForNews(afterSeq: number, ms: number, signal?: AbortSignal): Promise<void> {
    if (this.newest > afterSeq || signal?.aborted || ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", done);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener("abort", done);
      this.waiters.add(done);
    });
  }
}
