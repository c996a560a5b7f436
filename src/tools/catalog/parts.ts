import type { Operation } from "../operation.js";

/**
 * The catalog's files, in the order of Crisp's reference (the listing order).
 * A server imports a file the first time one of its methods is called: start-up
 * and tools/list read the build's index instead (../tool-index.ts).
 */
const PARTS = {
  conversations: () => import("./conversations.js").then((m) => widened(m.conversationsOperations)),
  conversation: () => import("./conversation.js").then((m) => widened(m.conversationOperations)),
  people: () => import("./people.js").then((m) => widened(m.peopleOperations)),
  helpdesk: () => import("./helpdesk.js").then((m) => widened(m.helpdeskOperations)),
  "helpdesk-legacy": () => import("./helpdesk-legacy.js").then((m) => widened(m.helpdeskLegacyOperations)),
  website: () => import("./website.js").then((m) => widened(m.websiteOperations)),
  operators: () => import("./operators.js").then((m) => widened(m.operatorsOperations)),
  visitors: () => import("./visitors.js").then((m) => widened(m.visitorsOperations)),
  analytics: () => import("./analytics.js").then((m) => widened(m.analyticsOperations)),
  batch: () => import("./batch.js").then((m) => widened(m.batchOperations)),
  inbox: () => import("./inbox.js").then((m) => widened(m.inboxOperations)),
  teams: () => import("./teams.js").then((m) => widened(m.teamsOperations)),
  campaigns: () => import("./campaigns.js").then((m) => widened(m.campaignsOperations)),
  plugins: () => import("./plugins.js").then((m) => widened(m.pluginsOperations)),
  billing: () => import("./billing.js").then((m) => widened(m.billingOperations)),
  media: () => import("./media.js").then((m) => widened(m.mediaOperations)),
} as const satisfies Record<string, () => Promise<readonly Operation[]>>;

/** Each declaration keeps its own params' type (its query names are keys of them); a list of them is a list of Operations. */
function widened(operations: readonly object[]): readonly Operation[] {
  return operations as readonly Operation[];
}

export type CatalogPart = keyof typeof PARTS;

export const CATALOG_PARTS = Object.keys(PARTS) as CatalogPart[];

/** The methods one catalog file declares. */
export function loadCatalogPart(part: CatalogPart): Promise<readonly Operation[]> {
  return PARTS[part]();
}
