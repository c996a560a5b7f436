import type { CrispClient } from "../client/index.js";
import { log } from "../log.js";
import type { StateHome } from "../state/index.js";
import { discoverSocketUrls } from "./discovery.js";
import { EventHub, type IncomingEvent, type VisitorSimulator } from "./hub.js";
import { LeasedRtm } from "./rtm-lease.js";
import { RtmSource, type RtmCredentials, type RtmSourceOptions } from "./rtm.js";
import { WebhookReceiver } from "./webhook.js";

// Real-time events for wait_for_events: one hub per process, fed by the RTM
// socket of the process's own keypair (when it has one) and by signed web
// hooks (when the HTTP transport runs with CRISP_WEBHOOK_SECRET). With a
// shared home (Redis), one replica holds the socket for all of them.

export { EventHub, type EventHubOptions, type SourceStatus, type VisitorSimulator } from "./hub.js";
export type { StoredEvent } from "./read.js";
export { handleWebhook, verifySignature, WEBHOOK_PATH, WebhookReceiver } from "./webhook.js";
export { RtmSource, type RtmCredentials } from "./rtm.js";

export interface EventsSetup {
  /** Events kept per website (CRISP_EVENTS_BUFFER). */
  capacity?: number;
  /** Where events and replay claims live; default: this process's memory. */
  home?: StateHome;
  /** HTTP passthrough: callers bring their own keypairs, so access to a website is checked. */
  verifyAccess?: boolean;
  /** The process's own keypair and client: enables the RTM source. */
  rtm?: {
    client: CrispClient;
    credentials: RtmCredentials;
    /** The default website, used by website- and user-tier discovery. */
    websiteId?: string;
    backoff?: RtmSourceOptions["backoff"];
    /** With a shared home: the socket lease's lifetime, in ms. */
    leaseMs?: number;
  };
  /** CRISP_WEBHOOK_SECRET: enables POST /webhooks/crisp (served by the HTTP transport). */
  webhookSecret?: string;
  /** Sandbox mode only: plays a visitor. */
  simulator?: VisitorSimulator;
  /** The transport served, for the hub's account of what turns web hooks on. */
  transport?: "stdio" | "http";
}

export function createEventHub(setup: EventsSetup = {}): EventHub {
  const hub = new EventHub({ capacity: setup.capacity, verifyAccess: setup.verifyAccess, home: setup.home, transport: setup.transport });
  const rtm = setup.rtm;
  if (rtm) {
    const source = (fence?: { key: string; holder: string }) =>
      new RtmSource({
        credentials: rtm.credentials,
        discover: (websiteId) => discoverSocketUrls(rtm.client, rtm.credentials.tier, rtm.websiteId ?? websiteId),
        apiUrl: rtm.client.baseUrl,
        publish: (event) => filed(hub, event, fence),
        backoff: rtm.backoff,
      });
    hub.attachRtm(
      hub.home.kind === "memory"
        ? source()
        : new LeasedRtm({ state: hub.home.state, credentials: rtm.credentials, leaseMs: rtm.leaseMs, createSource: source }),
    );
  }
  if (setup.webhookSecret) hub.attachWebhooks(new WebhookReceiver(hub, { secret: setup.webhookSecret }));
  if (setup.simulator) hub.simulator = setup.simulator;
  return hub;
}

let lastLostLog = 0;

/** Files an RTM event; one the store cannot take is lost (RTM does not deliver again), and said so in the log. */
function filed(hub: EventHub, event: IncomingEvent, fence?: { key: string; holder: string }): void {
  hub.publish(event, fence ? { fence } : undefined).catch((error: unknown) => {
    if (Date.now() - lastLostLog < 10_000) return;
    lastLostLog = Date.now();
    log("warn", `rtm: an event could not be filed: ${(error as Error)?.message ?? String(error)}; web hooks, which Crisp delivers again, do not lose events this way`);
  });
}
