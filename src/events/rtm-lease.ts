import { createHash, randomBytes } from "node:crypto";
import { log } from "../log.js";
import type { SharedState } from "../state/index.js";
import type { EventSource, SourceStatus } from "./hub.js";
import { rtmEventsFor } from "./names.js";
import type { RtmCredentials } from "./rtm.js";

// With replicas, one RTM socket per keypair for all of them: Crisp limits the
// sockets a token may open, and each socket would file every event once more.
// The replica that holds a lease in the shared store holds the socket; it
// renews the lease every third of its life, and what it files is fenced by it
// (a replica that lost the lease cannot add an event). When the holder stops,
// it gives the lease up; when it dies, the lease runs out. Either way another
// replica that has seen a wait takes it over within a renewal or a lifetime.
// Followers add the events their readers want to a shared set, which the
// holder subscribes to, and read the holder's status from the store.

export interface LeasedRtmOptions {
  state: SharedState;
  credentials: RtmCredentials;
  /** Creates this replica's socket, filing events under the fence of the lease. */
  createSource(fence: { key: string; holder: string }): EventSource;
  /** Lease lifetime, in ms. */
  leaseMs?: number;
}

const DEFAULT_LEASE_MS = 10_000;
const DAY_MS = 24 * 60 * 60_000;

export class LeasedRtm implements EventSource {
  private readonly holder = randomBytes(8).toString("hex");
  private readonly leaseKey: string;
  private readonly statusKey: string;
  private readonly eventsKey: string;
  private readonly leaseMs: number;
  private source?: EventSource;
  private websiteId?: string;
  private timer?: NodeJS.Timeout;
  private ticking?: Promise<void>;
  private holderStatus?: SourceStatus;
  /** When each wanted event was last added to the shared set. */
  private readonly sharedAt = new Map<string, number>();
  private storeProblem?: string;
  private closed = false;

  constructor(private readonly options: LeasedRtmOptions) {
    // The keypair is named by a digest: the store never sees the identifier or the key.
    const tag = createHash("sha256").update(`${options.credentials.tier}:${options.credentials.identifier}`).digest("hex").slice(0, 24);
    this.leaseKey = `rtm:lease:${tag}`;
    this.statusKey = `rtm:status:${tag}`;
    this.eventsKey = `rtm:events:${tag}`;
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  }

  activate(hint: { websiteId: string; patterns?: readonly string[] }): void {
    if (this.closed) return;
    this.websiteId ??= hint.websiteId;
    if (hint.patterns?.length) this.share(rtmEventsFor(hint.patterns));
    this.source?.activate?.(hint);
    if (!this.timer) {
      this.timer = setInterval(() => void this.tick(), Math.max(100, Math.floor(this.leaseMs / 3)));
      this.timer.unref();
      void this.tick();
    }
  }

  status(): SourceStatus {
    if (this.source) {
      const own = this.source.status();
      return { state: own.state, detail: `${own.detail ? `${own.detail}; ` : ""}this replica holds the socket` };
    }
    if (!this.timer) return { state: "connecting", detail: "connects on the first wait_for_events" };
    if (this.storeProblem) return { state: "down", detail: `cannot reach the shared store to coordinate the socket: ${this.storeProblem}` };
    if (this.holderStatus) {
      return { state: this.holderStatus.state, detail: `another replica holds the socket${this.holderStatus.detail ? `: ${this.holderStatus.detail}` : ""}` };
    }
    return { state: "connecting", detail: "waiting for a replica to take the socket" };
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    await this.ticking?.catch(() => undefined);
    const source = this.source;
    this.source = undefined;
    await source?.close?.();
    // Given up at once, so another replica need not wait for it to run out.
    await this.options.state.release(this.leaseKey, this.holder).catch(() => undefined);
  }

  /**
   * Adds the events this replica's readers want to the shared set, once per
   * half of the set's life rather than on every wait: each add is a write.
   */
  private share(names: readonly string[]): void {
    const now = Date.now();
    const due = names.filter((name) => (this.sharedAt.get(name) ?? -Infinity) < now - DAY_MS / 2);
    if (due.length === 0) return;
    this.options.state.addToSet(this.eventsKey, due, DAY_MS).then(
      () => {
        for (const name of due) this.sharedAt.set(name, now);
      },
      () => undefined,
    );
  }

  private tick(): Promise<void> {
    // One renewal at a time: a slow store must not stack them up.
    this.ticking ??= this.renew().finally(() => (this.ticking = undefined));
    return this.ticking;
  }

  private async renew(): Promise<void> {
    const { state } = this.options;
    try {
      const mine = await state.lease(this.leaseKey, this.holder, this.leaseMs);
      if (this.closed) return;
      this.storeProblem = undefined;
      if (!mine) {
        if (this.source) {
          log("warn", "rtm: another replica holds the socket now; closing this one");
          const source = this.source;
          this.source = undefined;
          await source.close?.();
        }
        const shared = await state.get(this.statusKey);
        this.holderStatus = shared ? (JSON.parse(shared) as SourceStatus) : undefined;
        return;
      }
      if (!this.source) {
        log("info", "rtm: this replica holds the socket for the keypair (lease in the shared store)");
        this.source = this.options.createSource({ key: this.leaseKey, holder: this.holder });
      }
      const wanted = await state.members(this.eventsKey);
      if (this.closed) return;
      this.source.activate?.({ websiteId: this.websiteId!, ...(wanted.length ? { patterns: wanted } : {}) });
      await state.put(this.statusKey, JSON.stringify(this.source.status()), this.leaseMs);
    } catch (error) {
      // The socket is kept: what it files is refused by the fence anyway until the store answers.
      this.storeProblem = String((error as Error)?.message ?? error).slice(0, 200);
    }
  }
}
