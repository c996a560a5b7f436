import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import { OPERATIONS } from "../tools/catalog/index.js";
import type { CatalogToolset } from "../tools/operation.js";
import type { Credentials } from "./access.js";
import { FaultRules, type FaultInjector } from "./faults.js";
import { createDispatcher } from "./handlers/index.js";
import { RequestLog, type RecordedRequest } from "./request-log.js";
import { attachRtm, type SandboxRtm } from "./rtm.js";
import { Router } from "./router.js";
import { SandboxServer } from "./server.js";
import { SandboxState } from "./state.js";

// The embedded Crisp simulator: a real HTTP server on localhost that speaks
// Crisp's REST API v1 over a seeded workspace. Used by `--sandbox`, the tests,
// the demo and the benchmark.

export type { FaultInjector, FaultKind, FaultRule } from "./faults.js";
export type { RecordedRequest } from "./request-log.js";
export type { SandboxRtm } from "./rtm.js";
export { SandboxState } from "./state.js";
export { SANDBOX_LEGACY_WEBSITE_ID, SANDBOX_WEBSITE_ID, seededArticleId, seededPeopleId, seededSessionId } from "./seed.js";
export { seededChangeId, seededEntityId, seededTreePath } from "./seed-knowledge-base.js";
export { seededTeamId } from "./seed-teams.js";
export { KNOWLEDGE_BASE_MISMATCH } from "./handlers/sites.js";
export { CONTENT_TYPES, type ContentType } from "./knowledge-base-tree.js";
export type * from "./types.js";

export interface SandboxOptions {
  host?: string;
  port?: number;
  identifier?: string;
  key?: string;
  tier?: "plugin" | "website" | "user";
  /**
   * Plays a plugin token with limited scopes: every route of these catalog
   * toolsets answers 403, as Crisp answers a route outside the token's scopes.
   */
  outOfScope?: readonly CatalogToolset[];
}

export interface Sandbox {
  /** REST base to use as CRISP_API_URL, e.g. http://127.0.0.1:43121/v1 */
  readonly url: string;
  /** The seeded main website (SANDBOX_WEBSITE_ID), on the new Knowledge Base. */
  readonly websiteId: string;
  /** The seeded second website (SANDBOX_LEGACY_WEBSITE_ID), on the legacy Knowledge Base; the same credentials reach it. */
  readonly legacyWebsiteId: string;
  readonly identifier: string;
  readonly key: string;
  readonly tier: "plugin" | "website" | "user";
  /** Every request received, in order (the last 5,000). */
  readonly requests: RecordedRequest[];
  clearRequests(): void;
  /** The workspace, for tests and for simulated visitor messages. */
  readonly state: SandboxState;
  /** For tests and the benchmark only; never reachable over HTTP. */
  readonly faults: FaultInjector;
  /** Emits "event" with {event, website_id, session_id?, data, timestamp} on state changes. */
  readonly events: EventEmitter;
  /** The RTM endpoint (Socket.IO) that pushes those events to authenticated sockets. */
  readonly rtm: SandboxRtm;
  /** Closes the server and every socket, hung ones included. */
  close(): Promise<void>;
}

const REQUEST_LOG_LIMIT = 5_000;

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const host = options.host ?? "127.0.0.1";
  const credentials: Credentials = {
    identifier: options.identifier ?? randomUUID(),
    key: options.key ?? randomUUID(),
    tier: options.tier ?? "plugin",
    outOfScope: new Set(options.outOfScope ?? []),
  };
  const events = new EventEmitter();
  const state = new SandboxState(events);
  const faults = new FaultRules();
  const log = new RequestLog(REQUEST_LOG_LIMIT);
  const server = new SandboxServer({
    router: new Router(OPERATIONS),
    dispatch: createDispatcher(OPERATIONS),
    state,
    faults,
    log,
    credentials,
  });
  const address = await server.listen(options.port ?? 0, host);
  const urlHost = address.family === "IPv6" || address.address.includes(":") ? `[${address.address}]` : address.address;
  const rtm = attachRtm(server.http, `http://${urlHost}:${address.port}`, credentials, events);
  state.rtmEndpoint = rtm.url;

  return {
    url: `http://${urlHost}:${address.port}/v1`,
    websiteId: state.websiteId,
    legacyWebsiteId: state.legacyWebsiteId,
    identifier: credentials.identifier,
    key: credentials.key,
    tier: credentials.tier,
    get requests() {
      return log.entries;
    },
    clearRequests: () => log.clear(),
    state,
    faults,
    events,
    rtm,
    close: () => {
      rtm.close();
      return server.close();
    },
  };
}
