import { randomBytes } from "node:crypto";
import { SharedStateError } from "../errors.js";
import type { AppendGuard, EventLog, StreamEntry, StreamHead } from "../types.js";
import type { RedisConnection } from "./connection.js";
import { KEY_PREFIX } from "./state.js";
import { APPEND, READ, runScript } from "./scripts.js";
import { StreamWatcher } from "./watcher.js";

// The event log in Redis: one Redis Stream per stream name, capped at the
// capacity (MAXLEN), entries numbered by a counter kept beside it, so every
// replica appends to and reads from the same numbered sequence. Appends and
// their guards (replay key, lease fence) run as one script. A stream nobody
// appends to for `idleMs` expires (a read keeps it at least half of that
// longer), and starts again under a new epoch.

export interface RedisEventLogOptions {
  capacity: number;
  /** How long a stream is kept after its last append (a read extends it once half has gone). */
  idleMs?: number;
}

const DEFAULT_IDLE = 24 * 60 * 60_000;

export class RedisEventLog<T> implements EventLog<T> {
  readonly capacity: number;
  private readonly idleMs: number;
  private readonly watcher: StreamWatcher;

  constructor(
    private readonly redis: RedisConnection,
    options: RedisEventLogOptions,
  ) {
    this.capacity = options.capacity;
    this.idleMs = options.idleMs ?? DEFAULT_IDLE;
    this.watcher = new StreamWatcher(redis);
  }

  async append(stream: string, record: T, guard?: AppendGuard): Promise<number | undefined> {
    const keys = [streamKey(stream), metaKey(stream), guard?.once ? KEY_PREFIX + guard.once.key : "", guard?.fence ? KEY_PREFIX + guard.fence.key : ""];
    const args = [
      newEpoch(),
      String(this.idleMs),
      JSON.stringify(record),
      String(this.capacity),
      String(Math.max(1, Math.ceil(guard?.once?.ttlMs ?? 1))),
      guard?.fence?.holder ?? "",
    ];
    const seq = Number(await this.redis.call("append an event", (c) => runScript(c, APPEND, keys, args)));
    return seq > 0 ? seq : undefined;
  }

  async head(stream: string): Promise<StreamHead> {
    return (await this.read(stream, 0, 0)).head;
  }

  range(stream: string, afterSeq: number, count: number): Promise<{ head: StreamHead; entries: StreamEntry<T>[] }> {
    return this.read(stream, afterSeq, count);
  }

  waitForNews(stream: string, afterSeq: number, ms: number, signal?: AbortSignal): Promise<void> {
    return this.watcher.wait(streamKey(stream), afterSeq, ms, signal);
  }

  async close(): Promise<void> {
    await this.watcher.close();
  }

  private async read(stream: string, afterSeq: number, count: number): Promise<{ head: StreamHead; entries: StreamEntry<T>[] }> {
    const args = [newEpoch(), String(this.idleMs), String(afterSeq + 1), String(count)];
    const reply = (await this.redis.call("read events", (c) => runScript(c, READ, [streamKey(stream), metaKey(stream)], args))) as unknown[];
    if (!Array.isArray(reply) || reply.length < 3) throw new SharedStateError("the shared store (Redis) gave an unreadable answer to a read of events");
    const head: StreamHead = { epoch: String(reply[0]), newest: Number(reply[1]), oldest: Number(reply[2]) };
    const entries: StreamEntry<T>[] = [];
    for (let i = 3; i + 1 < reply.length; i += 2) entries.push({ seq: Number(reply[i]), record: JSON.parse(String(reply[i + 1])) as T });
    return { head, entries };
  }
}

export function streamKey(stream: string): string {
  return `${KEY_PREFIX}events:${stream}`;
}

function metaKey(stream: string): string {
  return `${KEY_PREFIX}events:${stream}:meta`;
}

function newEpoch(): string {
  return randomBytes(6).toString("hex");
}
