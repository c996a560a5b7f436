import fc from "fast-check";
import { expect } from "vitest";
import { readEvents, type EventRecord } from "../../src/events/read.js";
import type { EventLog } from "../../src/state/index.js";

// The reader's promise, as a property: whatever the appends, the reads and
// their limits, reading on with the position a read returns gives every
// matching event once, in order, or counts it as dropped. Run against each
// home of the event log.

type Op = { kind: "push"; name: string } | { kind: "read"; maxEvents: number; maxChars: number };
const op = fc.oneof(
  fc.record({ kind: fc.constant("push" as const), name: fc.constantFrom("message:send", "session:set_state", "people:profile:updated") }),
  fc.record({ kind: fc.constant("read" as const), maxEvents: fc.integer({ min: 1, max: 5 }), maxChars: fc.integer({ min: 1, max: 400 }) }),
);

export async function checkReadsNeverSkipOrRepeat(openLog: (capacity: number) => EventLog<EventRecord>, numRuns: number): Promise<void> {
  let streams = 0;
  await fc.assert(
    fc.asyncProperty(fc.integer({ min: 1, max: 12 }), fc.array(op, { maxLength: 120 }), fc.boolean(), async (capacity, ops, filtered) => {
      const log = openLog(capacity);
      const stream = `00000000-0000-4000-8000-${String(++streams).padStart(12, "0")}-${capacity}`;
      const filter = filtered ? { patterns: ["message:*"] } : {};
      const wanted = (name: string) => !filtered || name.startsWith("message:");
      const names: string[] = [];
      const seen: number[] = [];
      /** Events that left the log before the reader got to them. */
      const lost = new Set<number>();
      let position = { epoch: (await log.head(stream)).epoch, seq: 0 };
      let dropped = 0;
      const drain = async (limits: { maxEvents: number; maxChars: number }) => {
        const { oldest } = await log.head(stream);
        for (let seq = position.seq + 1; seq < oldest; seq++) lost.add(seq);
        const read = await readEvents(log, stream, position, filter, limits);
        expect(read.restarted).toBe(false);
        expect(read.seq).toBeGreaterThanOrEqual(position.seq);
        expect(read.dropped).toBe(Math.max(0, oldest - position.seq - 1));
        position = { epoch: read.epoch, seq: read.seq };
        dropped += read.dropped;
        seen.push(...read.events.map((e) => e.seq));
        return read;
      };
      for (const step of ops as Op[]) {
        if (step.kind === "push") {
          names.push(step.name);
          await log.append(stream, { name: step.name, website_id: "w", source: "rtm", received_at: 0, data: {}, size: 100 });
        } else await drain(step);
      }
      while ((await drain({ maxEvents: 5, maxChars: 1_000 })).more);
      expect(position.seq).toBe((await log.head(stream)).newest);
      // Never repeated, always in order, only what the filter asked for.
      for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThan(seen[i - 1]!);
      for (const seq of seen) expect(wanted(names[seq - 1]!)).toBe(true);
      // Never skipped: every matching event was returned, or counted as dropped.
      const returned = new Set(seen);
      names.forEach((name, index) => {
        if (wanted(name)) expect(returned.has(index + 1) || lost.has(index + 1)).toBe(true);
      });
      expect(dropped).toBe(lost.size);
    }),
    { numRuns },
  );
}
