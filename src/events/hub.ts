import { TenantBuffer, type EventOrigin, type StoredEvent } from "./buffer.js";
import { decodeCursor, encodeCursor, tenantTag } from "./cursor.js";
import { eventView } from "./view.js";
import type { WebhookReceiver } from "./webhook.js";

// The process's event hub: sources (the RTM socket, signed web hooks) publish
// into it, wait_for_events reads from it. A tenant is one Crisp workspace
// (website_id): every event belongs to the website it names, and a caller
// reads one website's events. Buffers are bounded per tenant, and the number
// of tenants is bounded too (the least recently used one goes first).

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
  /** Tenants kept at once. */
  maxTenants?: number;
  /**
   * Set when callers bring their own keypairs (HTTP passthrough): a caller
   * reads a website's events only after Crisp confirms its keypair reaches
   * that website.
   */
  verifyAccess?: boolean;
}

export interface Position {
  seq: number;
  /** Why reading starts where it does, when the cursor could not be followed exactly. */
  note?: string;
}

export const DEFAULT_CAPACITY = 1_000;
const DEFAULT_MAX_TENANTS = 64;

export class EventHub {
  readonly capacity: number;
  readonly verifyAccess: boolean;
  private readonly maxTenants: number;
  private readonly tenants = new Map<string, TenantBuffer>();
  private rtmSource?: EventSource;
  private webhooks?: WebhookReceiver;
  /** Set in sandbox mode only. */
  simulator?: VisitorSimulator;

  constructor(options: EventHubOptions = {}) {
    this.capacity = options.capacity ?? DEFAULT_CAPACITY;
    this.maxTenants = options.maxTenants ?? DEFAULT_MAX_TENANTS;
    this.verifyAccess = options.verifyAccess ?? false;
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

  /** Files an event under its website; returns it as stored. */
  publish(event: IncomingEvent): StoredEvent {
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
    const size = JSON.stringify(draft).length + 40;
    return this.buffer(event.websiteId).push({ ...draft, size });
  }

  /** The tenant's buffer, created on first use. */
  buffer(websiteId: string): TenantBuffer {
    let buffer = this.tenants.get(websiteId);
    if (buffer) {
      // Re-inserted: Map order is recency order, the first entry is evicted first.
      this.tenants.delete(websiteId);
    } else {
      buffer = new TenantBuffer(this.capacity);
      this.evictFor(1);
    }
    this.tenants.set(websiteId, buffer);
    return buffer;
  }

  /** Makes room for new tenants: least recently used first, never one a caller waits on. */
  private evictFor(incoming: number): void {
    for (const [key, buffer] of this.tenants) {
      if (this.tenants.size + incoming <= this.maxTenants) return;
      if (!buffer.watched) this.tenants.delete(key);
    }
  }

  cursorFor(websiteId: string, seq: number): string {
    return encodeCursor(this.buffer(websiteId).epoch, websiteId, seq);
  }

  /**
   * Where a read starts. No cursor: after the newest event (only what comes
   * next). "oldest": before the oldest event kept. A cursor from an earlier
   * buffer (the server restarted, or the tenant was evicted): from the oldest
   * event kept, with a note. Returns an error message for a malformed cursor,
   * one for another website, or one ahead of the stream.
   */
  position(websiteId: string, cursor: string | undefined): Position | { error: string } {
    const buffer = this.buffer(websiteId);
    if (cursor === undefined) return { seq: buffer.lastSeq };
    if (cursor === "oldest") return { seq: buffer.oldestSeq - 1 };
    const decoded = decodeCursor(cursor);
    if (!decoded) return { error: "is not a cursor this server gave out" };
    if (decoded.tenant !== tenantTag(websiteId)) return { error: "belongs to another website" };
    if (decoded.hub !== buffer.epoch) {
      return {
        seq: buffer.oldestSeq - 1,
        note: "the cursor is from before a server restart (or this website's buffer was recycled): reading from the oldest event kept; events in between may be lost",
      };
    }
    if (decoded.seq > buffer.lastSeq) return { error: "is ahead of this website's events" };
    return { seq: decoded.seq };
  }

  /** Starts or nudges the live sources for a wait on this website. */
  activate(hint: { websiteId: string; patterns?: readonly string[] }): void {
    this.rtmSource?.activate?.(hint);
  }

  sources(): { rtm: SourceStatus; webhooks: SourceStatus } {
    return {
      rtm: this.rtmSource?.status() ?? { state: "off", detail: "no keypair of its own in this mode" },
      webhooks: this.webhooks?.status() ?? {
        state: "off",
        detail: "needs the HTTP transport and CRISP_WEBHOOK_SECRET",
      },
    };
  }

  async close(): Promise<void> {
    await this.rtmSource?.close?.();
  }
}
