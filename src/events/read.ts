import type { EventLog } from "../state/index.js";
import { matchesAny } from "./names.js";

// Reading one website's events from the log: the matching events after a
// position, oldest first, within a count and a size, with what fell off the
// log before the reader got to it counted as dropped. The same for both homes
// of the log: the entries come in batches, the rules are applied here.

export type EventOrigin = "rtm" | "webhook";

export interface StoredEvent {
  seq: number;
  name: string;
  website_id: string;
  session_id?: string;
  source: EventOrigin;
  /** When a replica received it, ms since epoch. */
  received_at: number;
  /** The compact, cleaned view of the event's data. */
  data: Record<string, unknown>;
  /** JSON length of the event, for sizing results. */
  size: number;
}

/** An event as the log keeps it: its number is the log's. */
export type EventRecord = Omit<StoredEvent, "seq">;

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

/** Where a reader stands: the log's epoch it read under, and the last number it has seen. */
export interface ReadPosition {
  epoch: string;
  seq: number;
}

export interface ReadResult extends ReadPosition {
  events: StoredEvent[];
  /** Events dropped from the log before the caller got to them. */
  dropped: number;
  /** Matching events are waiting beyond this read's limits. */
  more: boolean;
  /** The log started again under a new epoch since the position was taken (its store lost it, or it expired). */
  restarted: boolean;
}

/** Entries fetched per round trip. */
const BATCH = 200;

export async function readEvents(
  log: EventLog<EventRecord>,
  websiteId: string,
  from: ReadPosition,
  filter: EventFilter,
  limits: ReadLimits,
): Promise<ReadResult> {
  const result: ReadResult = { ...from, events: [], dropped: 0, more: false, restarted: false };
  let chars = 0;
  for (;;) {
    const { head, entries } = await log.range(websiteId, result.seq, BATCH);
    if (head.epoch !== result.epoch) {
      // What was read so far belongs to the old epoch: it is returned, and the next read starts over.
      if (result.events.length > 0) return result;
      result.epoch = head.epoch;
      result.seq = head.oldest - 1;
      result.restarted = true;
      continue;
    }
    result.dropped += Math.max(0, head.oldest - (result.seq + 1));
    result.seq = Math.max(result.seq, head.oldest - 1);
    for (const { seq, record } of entries) {
      if (matches(record, filter)) {
        if (result.events.length >= limits.maxEvents || (result.events.length > 0 && chars + record.size > limits.maxChars)) {
          result.more = true;
          return result;
        }
        result.events.push({ ...record, seq });
        chars += record.size;
      }
      result.seq = seq;
    }
    if (entries.length < BATCH || result.seq >= head.newest) return result;
  }
}

function matches(event: EventRecord, filter: EventFilter): boolean {
  if (filter.sessionId !== undefined && event.session_id !== filter.sessionId) return false;
  return matchesAny(event.name, filter.patterns);
}
