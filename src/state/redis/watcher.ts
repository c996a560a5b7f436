import { randomBytes } from "node:crypto";
import { SharedStateError } from "../errors.js";
import { DeadlineError, withinDeadline, type Redis, type RedisConnection } from "./connection.js";
import { KEY_PREFIX } from "./state.js";

// Waits on Redis Streams for every reader of this process at once: one
// connection blocks in XREAD on all the streams someone waits on, each from
// the lowest position a reader holds, so an entry appended by any replica
// wakes the readers behind it. A reader arriving with a new stream (or a
// lower position) wakes the watcher through a control stream of its own,
// which XREAD always includes: an XADD there before the XREAD is processed
// makes it return at once, so no reader is ever left out of a wait.

interface Waiter {
  afterSeq: number;
  resolve(): void;
  reject(error: Error): void;
}

/** Longest single XREAD; readers are woken by news, this only bounds a silent connection. */
const BLOCK_MS = 10_000;
/** How long after BLOCK_MS the watcher waits before it calls its connection dead. */
const GRACE_MS = 3_000;
const RETRY_MS = 250;

export class StreamWatcher {
  private readonly waiters = new Map<string, Set<Waiter>>();
  private readonly control = `${KEY_PREFIX}wake:${randomBytes(8).toString("hex")}`;
  private controlId = "0-0";
  /** The position each stream is blocked at in the XREAD in flight. */
  private blockedAt = new Map<string, number>();
  private client?: Redis;
  private running = false;
  private closed = false;

  constructor(private readonly redis: RedisConnection) {}

  wait(key: string, afterSeq: number, ms: number, signal?: AbortSignal): Promise<void> {
    if (this.closed || signal?.aborted || ms <= 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      let set = this.waiters.get(key);
      if (!set) this.waiters.set(key, (set = new Set()));
      const finish = (error?: Error) => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        const current = this.waiters.get(key);
        current?.delete(waiter);
        if (current?.size === 0) this.waiters.delete(key);
        if (error) reject(error);
        else resolve();
      };
      const waiter: Waiter = { afterSeq, resolve: () => finish(), reject: (error) => finish(error) };
      const onAbort = () => finish();
      const timer = setTimeout(onAbort, ms);
      signal?.addEventListener("abort", onAbort, { once: true });
      set.add(waiter);
      const blocked = this.blockedAt.get(key);
      if (blocked === undefined || blocked > afterSeq) this.nudge();
      if (!this.running) void this.run();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const set of [...this.waiters.values()]) for (const waiter of [...set]) waiter.resolve();
    this.nudge();
    const client = this.client;
    this.client = undefined;
    await client?.destroy();
  }

  /** Makes the XREAD in flight return, so the next one covers every reader. */
  private nudge(): void {
    if (!this.running) return;
    void this.redis.call("wake the event watcher", (c) => c.xAdd(this.control, "*", { w: "1" }, { TRIM: { strategy: "MAXLEN", threshold: 1 } }).then(() => c.pExpire(this.control, 60_000))).catch(() => undefined);
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      while (!this.closed && this.waiters.size > 0) {
        try {
          await this.readOnce();
        } catch (error) {
          this.failAll(error);
          await new Promise((r) => setTimeout(r, RETRY_MS));
        }
      }
    } finally {
      this.running = false;
      this.blockedAt = new Map();
    }
  }

  private async readOnce(): Promise<void> {
    const client = await this.connected();
    const positions = new Map<string, number>();
    for (const [key, set] of this.waiters) positions.set(key, Math.min(...[...set].map((w) => w.afterSeq)));
    this.blockedAt = positions;
    const streams = [{ key: this.control, id: this.controlId }, ...[...positions].map(([key, seq]) => ({ key, id: `${seq}-0` }))];
    let reply: Awaited<ReturnType<Redis["xRead"]>>;
    try {
      reply = await withinDeadline(client.xRead(streams, { BLOCK: BLOCK_MS, COUNT: 1 }), BLOCK_MS + GRACE_MS, "no answer from Redis");
    } catch (error) {
      if (error instanceof DeadlineError) {
        // A connection that stops answering is dropped; the next read opens another.
        this.client = undefined;
        await client.destroy();
      }
      throw error;
    } finally {
      this.blockedAt = new Map();
    }
    for (const stream of (reply ?? []) as { name: string; messages: { id: string }[] }[]) {
      const id = stream.messages[stream.messages.length - 1]?.id;
      if (!id) continue;
      if (stream.name === this.control) {
        this.controlId = id;
        continue;
      }
      const seq = Number(id.split("-")[0]);
      for (const waiter of [...(this.waiters.get(stream.name) ?? [])]) if (waiter.afterSeq < seq) waiter.resolve();
    }
  }

  /** The blocking connection: opened on the first wait, kept, reconnected by node-redis. */
  private async connected(): Promise<Redis> {
    if (!this.client) this.client = await this.redis.second("event watcher");
    if (!this.client.isReady) throw new Error("the connection is down");
    return this.client;
  }

  private failAll(error: unknown): void {
    const message = String((error as Error)?.message ?? error).slice(0, 200);
    const failure = new SharedStateError(`the shared store (Redis) was lost while waiting for events: ${message}`);
    for (const set of [...this.waiters.values()]) for (const waiter of [...set]) waiter.reject(failure);
  }
}
