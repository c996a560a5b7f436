import { detached } from "../activity.js";
import { memoryHome, type AppendGuard, type EventLog, type StateHome, type StreamHead } from "../state/index.js";
import { decodeCursor, encodeCursor, tenantTag } from "./cursor.js";
import { readEvents, type EventFilter, type EventOrigin, type EventRecord, type ReadLimits, type ReadPosition, type ReadResult, type StoredEvent } from "./read.js";
import { eventView } from "./view.js";
import type { WebhookReceiver } from "./webhook.js";

// The process's event hub: sources (the RTM socket, signed web hooks) publish
// into it, wait_for_events reads from it. A tenant is one Crisp workspace
// (website_id): every event belongs to the website it names, and a caller
// reads one website's events. The events live in the state home's log: in
// this process's memory, or in Redis where every replica appends to and reads
// from the same numbered stream per website.

export interface IncomingEvent {
  name: string;
  websiteId: string;
  sessionId?: string;
  data: unknown;
  source: EventOrigin;
}

export type SourceState = "live" | "connecting" | "down" | "off";

export interface SourceStatus {
  state: SourceState;
  detail?: string;
}

/** A source of events as the hub sees it: its status, and a nudge on every wait. */
export interface EventSource {
  status(): SourceStatus;
  /** Starts the source on the first wait (lazily), or retries one that is down. */
  activate?(hint: { websiteId: string; patterns?: readonly string[] }): void;
  close?(): Promise<void>;
}

/** Plays a visitor in the sandbox: the only way a tool can make a visitor speak. */
export type VisitorSimulator = (sessionId: string | undefined, text: string) => { session_id: string; fingerprint: number };

export interface EventHubOptions {
  /** Events kept per tenant (CRISP_EVENTS_BUFFER). */
  capacity?: number;
  /** Where the events live; default: a memory home of the hub's own. */
  home?: StateHome;
  /**
   * Set when callers bring their own keypairs (HTTP passthrough): a caller
   * reads a website's events only after Crisp confirms its keypair reaches
   * that website.
   */
  verifyAccess?: boolean;
  /** The transport this process serves: what a caller must change to get web hooks differs. */
  transport?: "stdio" | "http";
}

export interface Position extends ReadPosition {
  /** Why reading starts where it does, when the cursor could not be followed exactly. */
  note?: string;
}

export const DEFAULT_CAPACITY = 1_000;

export class EventHub {
  readonly verifyAccess: boolean;
  readonly home: StateHome;
  private readonly log: EventLog<EventRecord>;
  private readonly ownsHome: boolean;
  private readonly transport: "stdio" | "http" | undefined;
  private rtmSource?: EventSource;
  private webhooks?: WebhookReceiver;
  /** Set in sandbox mode only. */
  simulator?: VisitorSimulator;

  constructor(options: EventHubOptions = {}) {
    this.ownsHome = options.home === undefined;
    this.home = options.home ?? memoryHome();
    this.log = this.home.eventLog<EventRecord>(options.capacity ?? DEFAULT_CAPACITY);
    this.verifyAccess = options.verifyAccess ?? false;
    this.transport = options.transport;
  }

  /** Events kept per website. */
  get capacity(): number {
    return this.log.capacity;
  }

  attachRtm(source: EventSource): void {
    this.rtmSource = source;
  }

  attachWebhooks(receiver: WebhookReceiver): void {
    this.webhooks = receiver;
  }

  /** The receiver behind POST /webhooks/crisp, when web hooks are on. */
  get webhookReceiver(): WebhookReceiver | undefined {
    return this.webhooks;
  }

  /**
   * Files an event under its website; returns it as stored, or undefined when
   * the guard refused it (a delivery seen before, a lease lost). Rejects with
   * a SharedStateError when the store cannot be reached: nothing was filed.
   */
  async publish(event: IncomingEvent, guard?: AppendGuard): Promise<StoredEvent | undefined> {
    const data = eventView(event.name, event.data);
    const draft = {
      name: event.name,
      website_id: event.websiteId,
      ...(event.sessionId !== undefined ? { session_id: event.sessionId } : {}),
      source: event.source,
      received_at: Date.now(),
      data,
    };
    // The size counts the fields a reader sees, with room for the cursor number.
    const record: EventRecord = { ...draft, size: JSON.stringify(draft).length + 40 };
    const seq = await this.log.append(event.websiteId, record, guard);
    return seq === undefined ? undefined : { ...record, seq };
  }

  /** The website's log: its epoch, oldest and newest numbers. */
  head(websiteId: string): Promise<StreamHead> {
    return this.log.head(websiteId);
  }

  /** The opaque cursor for a position a read returned. */
  cursor(websiteId: string, position: ReadPosition): string {
    return encodeCursor(position.epoch, websiteId, position.seq);
  }

  /**
   * Where a read starts. No cursor: after the newest event (only what comes
   * next). "oldest": before the oldest event kept. A cursor from an earlier
   * log (the server restarted, or the website's log was recycled): from the
   * oldest event kept, with a note. Returns an error message for a malformed
   * cursor, one for another website, or one ahead of the stream.
   */
  async position(websiteId: string, cursor: string | undefined): Promise<Position | { error: string }> {
    const head = await this.head(websiteId);
    if (cursor === undefined) return { epoch: head.epoch, seq: head.newest };
    if (cursor === "oldest") return { epoch: head.epoch, seq: head.oldest - 1 };
    const decoded = decodeCursor(cursor);
    if (!decoded) return { error: "is not a cursor this server gave out" };
    if (decoded.tenant !== tenantTag(websiteId)) return { error: "belongs to another website" };
    if (decoded.hub !== head.epoch) return { epoch: head.epoch, seq: head.oldest - 1, note: RESTART_NOTE };
    if (decoded.seq > head.newest) return { error: "is ahead of this website's events" };
    return { epoch: head.epoch, seq: decoded.seq };
  }

  read(websiteId: string, from: ReadPosition, filter: EventFilter, limits: ReadLimits): Promise<ReadResult> {
    return readEvents(this.log, websiteId, from, filter, limits);
  }

  /** Resolves once an event after `seq` may be there, after `ms`, or on abort; rejects when the store is lost. */
  waitForNews(websiteId: string, seq: number, ms: number, signal?: AbortSignal): Promise<void> {
    return this.log.waitForNews(websiteId, seq, ms, signal);
  }

  /** Starts or nudges the live sources for a wait on this website. */
  activate(hint: { websiteId: string; patterns?: readonly string[] }): void {
    // The socket outlives this wait: what it reports later belongs to no call.
    detached(() => this.rtmSource?.activate?.(hint));
  }

  sources(): { rtm: SourceStatus; webhooks: SourceStatus } {
    return {
      rtm: this.rtmSource?.status() ?? { state: "off", detail: "no keypair of its own in this mode" },
      webhooks: this.webhooks?.status() ?? { state: "off", detail: this.webhooksOffDetail() },
    };
  }

  /** What turns web hooks on, from where this process stands. */
  private webhooksOffDetail(): string {
    return this.transport === "http"
      ? "CRISP_WEBHOOK_SECRET is not set on this server (Crisp's web hooks are received at POST /webhooks/crisp once it is)"
      : "needs the HTTP transport (--transport http) and CRISP_WEBHOOK_SECRET";
  }

  async close(): Promise<void> {
    await this.rtmSource?.close?.();
    if (this.ownsHome) await this.home.close();
  }
}

export const RESTART_NOTE =
  "the cursor is from before a server restart (or this website's events were recycled): reading from the oldest event kept; events in between may be lost";
