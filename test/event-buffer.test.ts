import { getEventListeners } from "node:events";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it, vi } from "vitest";
import { CrispClient } from "../src/client/index.js";
import { RESTART_NOTE } from "../src/events/hub.js";
import { createEventHub } from "../src/events/index.js";
import { readEvents, type EventRecord, type ReadPosition } from "../src/events/read.js";
import { createServer } from "../src/server.js";
import { MemoryEventLog } from "../src/state/memory-event-log.js";
import { MemoryState } from "../src/state/memory.js";
import { connectInMemory, serverSettings, textOf } from "./helpers/harness.js";

// The event buffer of a process: one ring per website, at most 64 websites at
// once (the least recently used goes first, never one a reader waits on), and
// reads that return events in order within a count and a size, saying what
// fell off before the reader got to it.

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!().catch(() => undefined);
});

function memoryLog(capacity: number, maxStreams?: number): MemoryEventLog<EventRecord> {
  const state = new MemoryState();
  const log = new MemoryEventLog<EventRecord>({ capacity, state, ...(maxStreams === undefined ? {} : { maxStreams }) });
  cleanups.push(async () => {
    await log.close();
    await state.close();
  });
  return log;
}

const site = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

function record(name: string, extra: Partial<EventRecord> = {}): EventRecord {
  const data = { n: name };
  return { name, website_id: site(0), source: "webhook", received_at: 0, data, size: 100, ...extra };
}

/** True when the promise settled before the event loop turned once: it did not wait on a timer. */
async function settledAtOnce(promise: Promise<unknown>): Promise<boolean> {
  return Promise.race([promise.then(() => true), new Promise<boolean>((resolve) => setImmediate(() => resolve(false)))]);
}

/** The log still keeps this stream: the same ring (epoch) with its entries. */
async function kept(log: MemoryEventLog<EventRecord>, stream: string, epoch: string): Promise<boolean> {
  return (await log.head(stream)).epoch === epoch;
}

describe("the websites the memory log keeps", () => {
  it("keeps 64 websites by default: the 65th pushes out the least recently used, and only it", async () => {
    const log = memoryLog(5);
    const epochs: string[] = [];
    for (let n = 1; n <= 64; n++) {
      await log.append(site(n), record("message:send"));
      epochs.push((await log.head(site(n))).epoch);
    }
    // Used in order 1..64; reading website 1 again leaves website 2 the least recently used.
    await log.range(site(1), 0, 10);
    await log.append(site(65), record("message:send"));
    const head1 = await log.head(site(1));
    expect(head1).toEqual({ epoch: epochs[0], oldest: 1, newest: 1 });
    for (let n = 3; n <= 64; n++) expect(await kept(log, site(n), epochs[n - 1]!), `website ${n}`).toBe(true);
    // Website 2 was dropped: asking for it again starts a new, empty log under a new epoch.
    const head2 = await log.head(site(2));
    expect(head2.epoch).not.toBe(epochs[1]);
    expect(head2).toMatchObject({ oldest: 1, newest: 0 });
  });

  it("a bound of 3 keeps 3: every use (append, head, range, wait) makes a website the most recent", async () => {
    const log = memoryLog(5, 3);
    const epoch = async (n: number) => (await log.head(site(n))).epoch;
    const [e1, e2, e3] = [await epoch(1), await epoch(2), await epoch(3)];
    await log.append(site(1), record("a")); // order now: 2, 3, 1
    await log.waitForNews(site(2), 0, 0); // 3, 1, 2
    await epoch(4); // pushes out 3
    expect(await kept(log, site(1), e1)).toBe(true); // 2, 4, 1
    expect(await kept(log, site(2), e2)).toBe(true); // 4, 1, 2
    expect((await log.range(site(3), 0, 1)).head.epoch).not.toBe(e3); // 3 is new again; pushed out 4
    expect(await kept(log, site(1), e1)).toBe(true);
    expect(await kept(log, site(2), e2)).toBe(true);
  });

  it("never drops a website a reader is waiting on; once the wait ends, it can go", async () => {
    const log = memoryLog(5, 2);
    const watchedEpoch = (await log.head(site(1))).epoch;
    const stop = new AbortController();
    const waiting = log.waitForNews(site(1), 0, 60_000, stop.signal);
    const idleEpoch = (await log.head(site(2))).epoch;
    // Website 1 is the least recently used, but watched: website 2 goes instead.
    await log.head(site(3));
    expect(await kept(log, site(1), watchedEpoch)).toBe(true);
    expect(await kept(log, site(2), idleEpoch)).toBe(false);
    // With every kept website watched, the bound gives way rather than drop a reader's website.
    const waiting3 = log.waitForNews(site(3), 0, 60_000, stop.signal);
    await log.head(site(4));
    expect(await kept(log, site(1), watchedEpoch)).toBe(true);
    stop.abort();
    await Promise.all([waiting, waiting3]);
    // The waits ended: website 1 is not protected any more.
    await log.head(site(5));
    await log.head(site(6));
    expect(await kept(log, site(1), watchedEpoch)).toBe(false);
  });

  it("a wait that timed out does not protect its website either", async () => {
    const log = memoryLog(5, 1);
    const epoch = (await log.head(site(1))).epoch;
    await log.waitForNews(site(1), 0, 5);
    await log.head(site(2));
    expect(await kept(log, site(1), epoch)).toBe(false);
  });

  it("a reader whose website was pushed out is told its events were recycled", async () => {
    const hub = createEventHub();
    cleanups.push(() => hub.close());
    const crisp = new CrispClient({ baseUrl: "http://127.0.0.1:9/v1", identifier: "i", key: "k", tier: "plugin", timeoutMs: 1_000 });
    cleanups.push(() => crisp.close());
    const server = createServer(serverSettings({ toolsets: ["events"] }), crisp, { events: hub });
    const mcp = await connectInMemory(server, "event-buffer-test");
    cleanups.push(async () => {
      await mcp.close();
      await server.close();
    });
    const wait = async (websiteId: string, cursor: string) => {
      const result = (await mcp.callTool({ name: "wait_for_events", arguments: { website_id: websiteId, cursor, timeout_seconds: 1 } })) as CallToolResult;
      expect(result.isError, textOf(result)).toBeFalsy();
      return result.structuredContent as { events: { name: string }[]; cursor: string; note?: string };
    };
    const publish = (n: number, name: string) => hub.publish({ name, websiteId: site(n), data: {}, source: "webhook" });

    await publish(1, "message:send");
    const first = await wait(site(1), "oldest");
    expect(first.events.map((e) => e.name)).toEqual(["message:send"]);
    expect(first.note).toBeUndefined();
    for (let n = 2; n <= 65; n++) await publish(n, "session:set_state");
    await publish(1, "message:updated");
    const after = await wait(site(1), first.cursor);
    expect(after.note).toBe(RESTART_NOTE);
    expect(after.events.map((e) => e.name)).toEqual(["message:updated"]);
  });
});

describe("one website's ring", () => {
  it("keeps the newest `capacity` entries across many wraps, numbered without gaps", async () => {
    const log = memoryLog(3);
    for (let n = 1; n <= 10; n++) expect(await log.append(site(1), record(`e${n}`))).toBe(n);
    const { head, entries } = await log.range(site(1), 0, 10);
    expect(head).toMatchObject({ oldest: 8, newest: 10 });
    expect(entries.map((e) => [e.seq, e.record.name])).toEqual([[8, "e8"], [9, "e9"], [10, "e10"]]);
    expect((await log.range(site(1), 8, 10)).entries.map((e) => e.record.name)).toEqual(["e9", "e10"]);
    expect((await log.range(site(1), 7, 1)).entries.map((e) => e.record.name)).toEqual(["e8"]);
    expect((await log.range(site(1), 2, 2)).entries.map((e) => e.record.name)).toEqual(["e8", "e9"]);
  });

  it("a waiter is woken at once when it is behind, aborted, or asked not to wait", async () => {
    const log = memoryLog(3);
    await log.append(site(1), record("e1"));
    expect(await settledAtOnce(log.waitForNews(site(1), 0, 60_000))).toBe(true);
    const aborted = new AbortController();
    aborted.abort();
    expect(await settledAtOnce(log.waitForNews(site(1), 1, 60_000, aborted.signal))).toBe(true);
    expect(await settledAtOnce(log.waitForNews(site(1), 1, 0))).toBe(true);
    expect(await settledAtOnce(log.waitForNews(site(1), 1, -5))).toBe(true);

    const pending = log.waitForNews(site(1), 1, 60_000);
    expect(await settledAtOnce(pending)).toBe(false);
    await log.append(site(1), record("e2"));
    expect(await settledAtOnce(pending)).toBe(true);
    const stop = new AbortController();
    const waiting = log.waitForNews(site(1), 2, 60_000, stop.signal);
    stop.abort();
    expect(await settledAtOnce(waiting)).toBe(true);
  });

  it("a wait that ends leaves nothing on the caller's signal, which lives as long as the session", async () => {
    const log = memoryLog(3);
    const session = new AbortController();
    for (let i = 1; i <= 3; i++) {
      const woken = log.waitForNews(site(1), i - 1, 60_000, session.signal);
      expect(getEventListeners(session.signal, "abort")).toHaveLength(1);
      await log.append(site(1), record(`e${i}`));
      await woken;
      expect(getEventListeners(session.signal, "abort")).toHaveLength(0);
    }
    await log.waitForNews(site(1), 3, 5, session.signal);
    expect(getEventListeners(session.signal, "abort")).toHaveLength(0);
  });

  it("a wait that ends early leaves no timer behind", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      const log = memoryLog(3);
      const byNews = log.waitForNews(site(1), 0, 60_000);
      const stop = new AbortController();
      const byAbort = log.waitForNews(site(1), 0, 60_000, stop.signal);
      expect(vi.getTimerCount()).toBe(2);
      await log.append(site(1), record("e1"));
      await byNews;
      stop.abort();
      await byAbort;
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it("an append under a fence it does not hold, or a second append under a once key, is refused", async () => {
    const state = new MemoryState();
    cleanups.push(() => state.close());
    const log = new MemoryEventLog<EventRecord>({ capacity: 5, state });
    expect(await log.append(site(1), record("a"), { fence: { key: "k", holder: "me" } })).toBeUndefined();
    await state.lease("k", "me", 10_000);
    expect(await log.append(site(1), record("b"), { fence: { key: "k", holder: "me" } })).toBe(1);
    expect(await log.append(site(1), record("c"), { once: { key: "o", ttlMs: 10_000 } })).toBe(2);
    expect(await log.append(site(1), record("c"), { once: { key: "o", ttlMs: 10_000 } })).toBeUndefined();
    expect(await log.append(site(1), record("d"), {})).toBe(3);
    expect(log.capacity).toBe(5);
  });

  it("close forgets every website", async () => {
    const log = memoryLog(5);
    await log.append(site(1), record("a"));
    const before = (await log.head(site(1))).epoch;
    await log.close();
    const after = await log.head(site(1));
    expect(after.epoch).not.toBe(before);
    expect(after.newest).toBe(0);
  });
});

describe("reading one website's events", () => {
  async function filled(names: readonly string[], capacity = 100, extra: (i: number) => Partial<EventRecord> = () => ({})) {
    const log = memoryLog(capacity);
    for (const [i, name] of names.entries()) await log.append(site(1), record(name, extra(i)));
    const { epoch } = await log.head(site(1));
    return { log, start: { epoch, seq: 0 } as ReadPosition };
  }
  const big = { maxEvents: 10_000, maxChars: 10_000_000 };

  it("returns the events after the position, oldest first, and where the reader now stands", async () => {
    const { log, start } = await filled(["a", "b", "c"]);
    const read = await readEvents(log, site(1), { ...start, seq: 1 }, {}, big);
    expect(read).toMatchObject({ epoch: start.epoch, seq: 3, dropped: 0, more: false, restarted: false });
    expect(read.events.map((e) => [e.seq, e.name])).toEqual([[2, "b"], [3, "c"]]);
    const none = await readEvents(log, site(1), { ...start, seq: 3 }, {}, big);
    expect(none).toMatchObject({ events: [], seq: 3, more: false, dropped: 0 });
  });

  it("stops at the count, and says more are waiting", async () => {
    const { log, start } = await filled(["a", "b", "c", "d"]);
    const read = await readEvents(log, site(1), start, {}, { maxEvents: 2, maxChars: 1_000_000 });
    expect(read.events.map((e) => e.name)).toEqual(["a", "b"]);
    expect(read).toMatchObject({ seq: 2, more: true });
    const rest = await readEvents(log, site(1), read, {}, { maxEvents: 2, maxChars: 1_000_000 });
    expect(rest.events.map((e) => e.name)).toEqual(["c", "d"]);
    expect(rest.more).toBe(false);
  });

  it("stops before the size passes the limit, exactly at it is fine, and one event always fits", async () => {
    const { log, start } = await filled(["a", "b", "c"], 100, () => ({ size: 100 }));
    const at = await readEvents(log, site(1), start, {}, { maxEvents: 10, maxChars: 200 });
    expect(at.events.map((e) => e.name)).toEqual(["a", "b"]);
    expect(at).toMatchObject({ seq: 2, more: true });
    const one = await readEvents(log, site(1), start, {}, { maxEvents: 10, maxChars: 10 });
    expect(one.events.map((e) => e.name)).toEqual(["a"]);
    expect(one.more).toBe(true);
    const under = await readEvents(log, site(1), start, {}, { maxEvents: 10, maxChars: 199 });
    expect(under.events.map((e) => e.name)).toEqual(["a"]);
  });

  it("skips what does not match (name pattern, session) but moves past it", async () => {
    const names = ["message:send", "session:set_state", "message:send", "message:updated", "people:profile:updated"];
    const { log, start } = await filled(names, 100, (i) => ({ session_id: i === 2 ? "session_b" : "session_a" }));
    const messages = await readEvents(log, site(1), start, { patterns: ["message:*"] }, big);
    expect(messages.events.map((e) => e.seq)).toEqual([1, 3, 4]);
    expect(messages.seq).toBe(5);
    const inB = await readEvents(log, site(1), start, { sessionId: "session_b" }, big);
    expect(inB.events.map((e) => e.seq)).toEqual([3]);
    const exact = await readEvents(log, site(1), start, { patterns: ["message:send"], sessionId: "session_a" }, big);
    expect(exact.events.map((e) => e.seq)).toEqual([1]);
    expect(exact.seq).toBe(5);
    // More matching than the count: the position moves past what did not match, up to the next match.
    const limited = await readEvents(log, site(1), start, { patterns: ["message:*"] }, { maxEvents: 1, maxChars: 1_000_000 });
    expect(limited).toMatchObject({ seq: 2, more: true });
    expect(limited.events.map((e) => e.seq)).toEqual([1]);
  });

  it("reads past the batch of 200 the log hands out per round trip", async () => {
    const names = Array.from({ length: 450 }, (_, i) => (i === 449 ? "message:send" : `session:e${i}`));
    const { log, start } = await filled(names, 1_000);
    const all = await readEvents(log, site(1), start, {}, big);
    expect(all.events).toHaveLength(450);
    expect(all.events.map((e) => e.seq)).toEqual(Array.from({ length: 450 }, (_, i) => i + 1));
    const last = await readEvents(log, site(1), start, { patterns: ["message:send"] }, big);
    expect(last.events.map((e) => e.seq)).toEqual([450]);
    expect(last.seq).toBe(450);
    const exact = await filled(Array.from({ length: 400 }, () => "x"), 1_000);
    const four = await readEvents(exact.log, site(1), exact.start, { patterns: ["y"] }, big);
    expect(four).toMatchObject({ events: [], seq: 400 });
  });

  it("asks the log once per batch of 200, and not again once it has read up to the newest", async () => {
    const counted = async (count: number) => {
      const { log, start } = await filled(Array.from({ length: count }, () => "x"), 1_000);
      let ranges = 0;
      const range = log.range.bind(log);
      log.range = (...args) => {
        ranges++;
        return range(...args);
      };
      const read = await readEvents(log, site(1), start, {}, big);
      expect(read.events).toHaveLength(count);
      return ranges;
    };
    expect(await counted(0)).toBe(1);
    expect(await counted(199)).toBe(1);
    expect(await counted(200)).toBe(1);
    expect(await counted(201)).toBe(2);
    expect(await counted(400)).toBe(2);
  });

  it("counts what fell off the ring before the reader got to it, and only that", async () => {
    const { log, start } = await filled(["a", "b", "c", "d", "e", "f", "g"], 3);
    const read = await readEvents(log, site(1), start, {}, big);
    expect(read.dropped).toBe(4);
    expect(read.events.map((e) => e.name)).toEqual(["e", "f", "g"]);
    const fromFour = await readEvents(log, site(1), { ...start, seq: 4 }, {}, big);
    expect(fromFour.dropped).toBe(0);
    expect(fromFour.events.map((e) => e.name)).toEqual(["e", "f", "g"]);
    const fromTwo = await readEvents(log, site(1), { ...start, seq: 2 }, {}, big);
    expect(fromTwo.dropped).toBe(2);
    // A filter that matches nothing still counts the loss, and moves to the newest.
    const filtered = await readEvents(log, site(1), start, { patterns: ["zzz"] }, big);
    expect(filtered).toMatchObject({ events: [], dropped: 4, seq: 7 });
  });

  it("a position from another epoch starts over from the oldest kept, and says so", async () => {
    const { log, start } = await filled(["a", "b"], 5);
    const stale = { epoch: "000000000000", seq: 1 };
    const read = await readEvents(log, site(1), stale, {}, big);
    expect(read).toMatchObject({ epoch: start.epoch, seq: 2, restarted: true, dropped: 0 });
    expect(read.events.map((e) => e.name)).toEqual(["a", "b"]);
    // A ring that wrapped: the reader starts at its oldest, and nothing counts as dropped.
    const wrapped = await filled(["a", "b", "c", "d", "e", "f"], 2);
    const again = await readEvents(wrapped.log, site(1), { epoch: "ffffffffffff", seq: 0 }, {}, big);
    expect(again).toMatchObject({ restarted: true, dropped: 0, seq: 6 });
    expect(again.events.map((e) => e.name)).toEqual(["e", "f"]);
  });

  it("events read under one epoch are returned when the log restarts under the reader", async () => {
    // A log whose epoch changes between two round trips, as a Redis stream that expired would.
    const inner = memoryLog(1_000);
    for (let i = 0; i < 250; i++) await inner.append(site(1), record("x"));
    const first = await inner.head(site(1));
    let calls = 0;
    const flaky = {
      capacity: inner.capacity,
      append: inner.append.bind(inner),
      head: inner.head.bind(inner),
      waitForNews: inner.waitForNews.bind(inner),
      close: inner.close.bind(inner),
      async range(stream: string, afterSeq: number, count: number) {
        const answer = await inner.range(stream, afterSeq, count);
        return ++calls === 1 ? answer : { head: { ...answer.head, epoch: "restarted000" }, entries: answer.entries };
      },
    };
    const read = await readEvents(flaky, site(1), { epoch: first.epoch, seq: 0 }, {}, big);
    expect(read.events).toHaveLength(200);
    expect(read).toMatchObject({ epoch: first.epoch, seq: 200, restarted: false });
  });
});
