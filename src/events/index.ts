import type { CrispClient } from "../client/index.js";
import { discoverSocketUrls } from "./discovery.js";
import { EventHub, type VisitorSimulator } from "./hub.js";
import { RtmSource, type RtmCredentials, type RtmSourceOptions } from "./rtm.js";
import { WebhookReceiver } from "./webhook.js";

// Real-time events for wait_for_events: one hub per process, fed by the RTM
// socket of the process's own keypair (when it has one) and by signed web
// hooks (when the HTTP transport runs with CRISP_WEBHOOK_SECRET).

export { EventHub, type EventHubOptions, type SourceStatus, type VisitorSimulator } from "./hub.js";
export type { StoredEvent } from "./buffer.js";
export { handleWebhook, verifySignature, WEBHOOK_PATH, WebhookReceiver } from "./webhook.js";
export { RtmSource, type RtmCredentials } from "./rtm.js";

export interface EventsSetup {
  /** Events kept per website (CRISP_EVENTS_BUFFER). */
  capacity?: number;
  /** HTTP passthrough: callers bring their own keypairs, so access to a website is checked. */
  verifyAccess?: boolean;
  /** The process's own keypair and client: enables the RTM source. */
  rtm?: {
    client: CrispClient;
    credentials: RtmCredentials;
    /** The default website, used by website- and user-tier discovery. */
    websiteId?: string;
    backoff?: RtmSourceOptions["backoff"];
  };
  /** CRISP_WEBHOOK_SECRET: enables POST /webhooks/crisp (served by the HTTP transport). */
  webhookSecret?: string;
  /** Sandbox mode only: plays a visitor. */
  simulator?: VisitorSimulator;
}

export function createEventHub(setup: EventsSetup = {}): EventHub {
  const hub = new EventHub({ capacity: setup.capacity, verifyAccess: setup.verifyAccess });
  const rtm = setup.rtm;
  if (rtm) {
    hub.attachRtm(
      new RtmSource({
        credentials: rtm.credentials,
        discover: (websiteId) => discoverSocketUrls(rtm.client, rtm.credentials.tier, rtm.websiteId ?? websiteId),
        apiUrl: rtm.client.baseUrl,
        publish: (event) => hub.publish(event),
        backoff: rtm.backoff,
      }),
    );
  }
  if (setup.webhookSecret) hub.attachWebhooks(new WebhookReceiver(hub, { secret: setup.webhookSecret }));
  if (setup.simulator) hub.simulator = setup.simulator;
  return hub;
}
