// What the catalog says about a route, read by the simulator (to answer as
// Crisp does) and by the doctor (to predict what Crisp will answer).
import type { CrispTier, Operation } from "./operation.js";

/**
 * Whether the route accepts the token's tier. Website tokens are
 * single-workspace tokens, so they reach what plugin tokens reach.
 * Routes whose tiers are not documented accept every tier.
 */
export function routeAcceptsTier(operation: Pick<Operation, "tiers">, tier: CrispTier): boolean {
  if (!operation.tiers || operation.tiers.length === 0) return true;
  const effective: CrispTier = tier === "website" ? "plugin" : tier;
  return operation.tiers.includes(effective) || operation.tiers.includes(tier);
}

/** The 31 article, category and section routes and the 4 `…_legacy` forms. */
export function isLegacyKnowledgeBaseRoute(operation: { toolset: string }): boolean {
  return operation.toolset === "helpdesk_legacy";
}

/** The 16 routes crisp-api 11 added and the new forms of the 4 it moved: per content type, or the history. */
export function isNewKnowledgeBaseRoute(operation: { toolset: string; path: string }): boolean {
  return operation.toolset === "helpdesk" && (operation.path.includes("{content_type}") || operation.path.includes("/helpdesk/history/"));
}
