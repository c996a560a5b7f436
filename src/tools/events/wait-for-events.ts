import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import type { CrispClient } from "../../client/index.js";
import { RESTART_NOTE, type EventHub, type SourceStatus } from "../../events/hub.js";
import type { ReadPosition, StoredEvent } from "../../events/read.js";
import { EVENT_PATTERN } from "../../events/names.js";
import * as c from "../catalog/common.js";
import { errorResult } from "../results.js";
import type { ToolDefinition } from "../types.js";

// Long-polls the process's event hub for one website: returns as soon as a
// matching event is there, or an empty list at the timeout, with a cursor so
// the next call misses nothing and repeats nothing. The first call starts the
// RTM connection. Progress notifications are sent while it waits.

const MAX_EVENTS = 50;
/** About 13k tokens of events: well under what clients accept, with room for the rest. */
const MAX_EVENT_CHARS = 40_000;
const PROGRESS_EVERY_MS = 5_000;
/** A keypair's access to a website is checked again after this long. */
const ACCESS_TTL_MS = 10 * 60_000;

const eventRow = z.object({
  name: z.string(),
  session_id: z.string().optional(),
  source: z.enum(["rtm", "webhook"]),
  received_at: z.string(),
  data: z.record(z.string(), z.unknown()),
});

const output = z.object({
  events: z.array(eventRow),
  cursor: z.string(),
  timed_out: z.boolean(),
  more: z.boolean().optional(),
  dropped: z.number().optional(),
  note: z.string().optional(),
  /** "live", "connecting", "down: why" or "off: why", per source. */
  sources: z.object({ rtm: z.string(), webhooks: z.string() }),
});

type Output = z.infer<typeof output>;

export const waitForEvents: ToolDefinition = {
  name: "wait_for_events",
  title: "Wait for Crisp events",
  description:
    "Waits for real-time Crisp events (e.g. a visitor's message) instead of polling. Pass back the cursor to miss nothing.",
  toolset: "events",
  params: {
    website_id: c.websiteId,
    events: z
      .array(z.string().max(60).refine((name) => EVENT_PATTERN.test(name), "must be an event name or a prefix ending in *"))
      .min(1)
      .max(20)
      .optional()
      .describe("Names or prefixes, e.g. message:send, session:*; default all"),
    session_id: c.sessionId.optional(),
    timeout_seconds: z.number().int().min(1).max(50).default(30).describe("Longest wait"),
    cursor: z.string().max(100).optional().describe("From the last result; 'oldest': all kept"),
  },
  outputSchema: output,
  annotations: { readOnlyHint: true, openWorldHint: false },
  async run(args, ctx) {
    const hub = ctx.events;
    if (!hub) {
      return errorResult(
        "Real-time events are not available in this server.",
        "Poll with list_conversations_awaiting_reply instead; the crisp-mcp bin (stdio or HTTP) serves events.",
      );
    }
    const websiteId = String(args.website_id);
    if (hub.verifyAccess) await checkAccess(ctx.client, websiteId, ctx.signal);

    // A lost shared store throws a SharedStateError here: the call pipeline turns it into an isError with a hint.
    const start = await hub.position(websiteId, args.cursor as string | undefined);
    if ("error" in start) {
      return errorResult(
        `Invalid arguments for wait_for_events: cursor ${start.error}.`,
        "Pass the cursor of the previous wait_for_events result for this website, or omit it to wait for new events.",
      );
    }
    const patterns = args.events as string[] | undefined;
    const filter = { patterns, sessionId: args.session_id as string | undefined };
    hub.activate({ websiteId, patterns });

    const timeoutMs = (args.timeout_seconds as number) * 1000;
    const startedAt = Date.now();
    const deadline = startedAt + timeoutMs;
    let position: ReadPosition = { epoch: start.epoch, seq: start.seq };
    let note = start.note;
    let dropped = 0;
    let nextProgress = startedAt;

    for (;;) {
      const read = await hub.read(websiteId, position, filter, { maxEvents: MAX_EVENTS, maxChars: MAX_EVENT_CHARS });
      position = { epoch: read.epoch, seq: read.seq };
      dropped += read.dropped;
      if (read.restarted) note = RESTART_NOTE;
      const now = Date.now();
      if (read.events.length > 0 || now >= deadline || ctx.signal.aborted) {
        return result(hub, websiteId, {
          events: read.events,
          position,
          timedOut: read.events.length === 0,
          more: read.more,
          dropped,
          note,
        });
      }
      if (now >= nextProgress) {
        const waited = Math.floor((now - startedAt) / 1000);
        await ctx.progress(waited, timeoutMs / 1000, `waiting for events (rtm ${hub.sources().rtm.state})`).catch(() => undefined);
        nextProgress = now + PROGRESS_EVERY_MS;
      }
      await hub.waitForNews(websiteId, position.seq, Math.min(deadline, nextProgress) - Date.now(), ctx.signal);
    }
  },
};

interface Outcome {
  events: StoredEvent[];
  position: ReadPosition;
  timedOut: boolean;
  more: boolean;
  dropped: number;
  note?: string;
}

function result(hub: EventHub, websiteId: string, outcome: Outcome): CallToolResult {
  const data: Output = {
    events: outcome.events.map(rowOf),
    cursor: hub.cursor(websiteId, outcome.position),
    timed_out: outcome.timedOut,
    sources: sourcesLine(hub),
  };
  if (outcome.more) data.more = true;
  if (outcome.dropped > 0) {
    data.dropped = outcome.dropped;
    const lost = outcome.dropped === 1 ? "1 event was dropped before you read it" : `${outcome.dropped} events were dropped before you read them`;
    data.note = `${lost} (the buffer keeps the last ${hub.capacity} per website); wait more often or narrow events`;
  }
  if (outcome.note) data.note = data.note ? `${outcome.note}; ${data.note}` : outcome.note;
  if (outcome.more) {
    const next = "more events are waiting: call again with this cursor";
    data.note = data.note ? `${data.note}; ${next}` : next;
  }
  return { content: [{ type: "text", text: JSON.stringify(data) }], structuredContent: data };
}

function rowOf(event: StoredEvent): Output["events"][number] {
  return {
    name: event.name,
    ...(event.session_id !== undefined ? { session_id: event.session_id } : {}),
    source: event.source,
    received_at: new Date(event.received_at).toISOString(),
    data: event.data,
  };
}

function sourcesLine(hub: EventHub): Output["sources"] {
  const { rtm, webhooks } = hub.sources();
  const line = (s: SourceStatus) => (s.detail ? `${s.state}: ${s.detail}` : s.state);
  return { rtm: line(rtm), webhooks: line(webhooks) };
}

const verified = new WeakMap<CrispClient, Map<string, number>>();

/**
 * When callers bring their own keypairs, a website's events are shown only
 * to a keypair Crisp lets read that website. Throws the Crisp error otherwise,
 * which the call pipeline turns into an isError result with a hint.
 */
async function checkAccess(client: CrispClient, websiteId: string, signal: AbortSignal): Promise<void> {
  let known = verified.get(client);
  if (!known) verified.set(client, (known = new Map()));
  if ((known.get(websiteId) ?? 0) > Date.now()) return;
  await client.request({ method: "GET", path: "/website/{website_id}", pathParams: { website_id: websiteId }, signal });
  known.set(websiteId, Date.now() + ACCESS_TTL_MS);
}
