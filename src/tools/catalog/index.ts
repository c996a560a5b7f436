import type { Operation } from "../operation.js";
import { analyticsOperations } from "./analytics.js";
import { batchOperations } from "./batch.js";
import { billingOperations } from "./billing.js";
import { campaignsOperations } from "./campaigns.js";
import { conversationOperations } from "./conversation.js";
import { conversationsOperations } from "./conversations.js";
import { helpdeskOperations } from "./helpdesk.js";
import { helpdeskLegacyOperations } from "./helpdesk-legacy.js";
import { inboxOperations } from "./inbox.js";
import { mediaOperations } from "./media.js";
import { operatorsOperations } from "./operators.js";
import { peopleOperations } from "./people.js";
import { pluginsOperations } from "./plugins.js";
import { teamsOperations } from "./teams.js";
import { visitorsOperations } from "./visitors.js";
import { websiteOperations } from "./website.js";

/** Every Crisp REST v1 method, in the order of Crisp's reference: crisp-api 11.3.0's 229 and the 35 legacy Knowledge Base routes. */
export const OPERATIONS: readonly Operation[] = [
  ...conversationsOperations,
  ...conversationOperations,
  ...peopleOperations,
  ...helpdeskOperations,
  ...helpdeskLegacyOperations,
  ...websiteOperations,
  ...operatorsOperations,
  ...visitorsOperations,
  ...analyticsOperations,
  ...batchOperations,
  ...inboxOperations,
  ...teamsOperations,
  ...campaignsOperations,
  ...pluginsOperations,
  ...billingOperations,
  ...mediaOperations,
] as readonly Operation[];

const byName = new Map(OPERATIONS.map((op) => [op.name, op]));

export function findOperation(name: string): Operation | undefined {
  return byName.get(name);
}
