import { randomBytes } from "node:crypto";
import { matchesAny } from "./names.js";

// One tenant's events: a ring of the last `capacity` events, numbered 1, 2, 3 ...
// without gaps. A number is never reused within a buffer, and a buffer has its
// own random epoch, so a cursor (epoch + number) never points at two events.

export type EventOrigin = "rtm" | "webhook";

export interface StoredEvent {
  seq: number;
  name: string;
  website_id: string;
  session_id?: string;
  source: EventOrigin;
  /** When this process received it, ms since epoch. */
  received_at: number;
  /** The compact, cleaned view of the event's data. */
  data: Record<string, unknown>;
  /** JSON length of the event, for sizing results. */
  size: number;
}

export interface EventFilter {
  /** Names or prefix patterns; empty or absent: every event. */
  patterns?: readonly string[];
  sessionId?: string;
}

export interface ReadLimits {
  maxEvents: number;
  /** Stops before the events' JSON would pass this many characters (one event always fits). */
  maxChars: number;
}

export interface ReadResult {
  events: StoredEvent[];
  /** Where the next read starts: every event up to here was returned or did not match. */
  position: number;
  /** Events dropped from the buffer before the caller got to them. */
  dropped: number;
  /** Matching events are waiting beyond this read's limits. */
  more: boolean;
}

export class TenantBuffer {
  readonly epoch = randomBytes(6).toString("hex");
  private readonly ring: (StoredEvent | undefined)[];
  /** Index in the ring of the oldest event. */
  private head = 0;
  private count = 0;
  private last = 0;
  private droppedTotal = 0;
  private readonly waiters = new Set<() => void>();

  constructor(readonly capacity: number) {
    this.ring = new Array<StoredEvent | undefined>(capacity);
  }

  /** Number of the newest event; 0 while empty. */
  get lastSeq(): number {
    return this.last;
  }

  /** Number of the oldest event kept (lastSeq + 1 while empty). */
  get oldestSeq(): number {
    return this.last - this.count + 1;
  }

  get dropped(): number {
    return this.droppedTotal;
  }

  get size(): number {
    return this.count;
  }

  /** A caller is waiting on this buffer now: it must not be evicted under them. */
  get watched(): boolean {
    return this.waiters.size > 0;
  }

  /** Appends an event, dropping the oldest when full, and wakes every waiter. */
  push(event: Omit<StoredEvent, "seq">): StoredEvent {
    const stored: StoredEvent = { ...event, seq: ++this.last };
    if (this.count === this.capacity) {
      this.ring[this.head] = stored;
      this.head = (this.head + 1) % this.capacity;
      this.droppedTotal++;
    } else {
      this.ring[(this.head + this.count) % this.capacity] = stored;
      this.count++;
    }
    const woken = [...this.waiters];
    this.waiters.clear();
    for (const wake of woken) wake();
    return stored;
  }

  /** The matching events after `afterSeq`, oldest first, within the limits. */
  read(afterSeq: number, filter: EventFilter, limits: ReadLimits): ReadResult {
    const oldest = this.oldestSeq;
    const dropped = Math.max(0, oldest - (afterSeq + 1));
    const events: StoredEvent[] = [];
    let chars = 0;
    let position = Math.max(afterSeq, oldest - 1);
    let more = false;
    for (let seq = position + 1; seq <= this.last; seq++) {
      const event = this.at(seq);
      if (matches(event, filter)) {
        if (events.length >= limits.maxEvents || (events.length > 0 && chars + event.size > limits.maxChars)) {
          more = true;
          break;
        }
        events.push(event);
        chars += event.size;
      }
      position = seq;
    }
    return { events, position, dropped, more };
  }

  /** Resolves once an event after `afterSeq` exists, or after `ms`, or on abort. */
  waitForNews(afterSeq: number, ms: number, signal?: AbortSignal): Promise<void> {
    if (this.last > afterSeq || signal?.aborted || ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", done);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener("abort", done, { once: true });
      this.waiters.add(done);
    });
  }

  private at(seq: number): StoredEvent {
    return this.ring[(this.head + (seq - this.oldestSeq)) % this.capacity]!;
  }
}

function matches(event: StoredEvent, filter: EventFilter): boolean {
  if (filter.sessionId !== undefined && event.session_id !== filter.sessionId) return false;
  return matchesAny(event.name, filter.patterns);
}
