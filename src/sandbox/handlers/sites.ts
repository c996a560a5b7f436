import type { Operation } from "../../tools/operation.js";
import { isLegacyKnowledgeBaseRoute, isNewKnowledgeBaseRoute } from "../../tools/route-facts.js";
import { notFound } from "../envelope.js";
import type { SandboxState } from "../state.js";
import type { Site } from "../types.js";

// Which website a route names, and what that website answers. The sandbox
// token reaches two websites: the main one (new Knowledge Base) and the
// legacy one (legacy Knowledge Base); any other website id is not found.
// Each website refuses the other Knowledge Base's routes with 404 not_found
// in the "helpdesk" namespace, as Crisp does for a workspace that has (or
// has not) moved. The legacy website is simulated for its Knowledge Base
// only: helpdesk routes, the website itself and its operators; its other
// routes answer 404 in the "website" namespace rather than borrow the main
// website's conversations and people.

export const KNOWLEDGE_BASE_MISMATCH = {
  /** A legacy route called on a website on the new Knowledge Base. */
  usesNew: "this website uses the new Knowledge Base: the legacy article, category and section routes are not available (use the tree, content and metadata routes)",
  /** A new-Knowledge-Base route called on a website on the legacy Knowledge Base. */
  usesLegacy: "this website uses the legacy Knowledge Base: the new Knowledge Base routes (pages, tree, content, metadata, history, per content type) are not available (use the article, category and section routes)",
} as const;

/** The legacy website's routes outside the helpdesk toolsets. */
const LEGACY_SITE_EXTRA_ROUTES: ReadonlySet<string> = new Set([
  "check_website_exists",
  "get_website",
  "list_website_operators",
  "get_website_operator",
]);

/** The site a request is for; throws 404 for a website the token does not reach. */
export function siteFor(state: SandboxState, params: Readonly<Record<string, string>>): Site {
  const websiteId = params.website_id;
  if (websiteId === undefined) return state.mainSite;
  const site = state.site(websiteId);
  if (!site) throw notFound("website", `website ${websiteId} is not reachable with this token`);
  return site;
}

/** Throws the 404 a website answers for a route it does not serve. */
export function refuseUnservedRoute(site: Site, operation: Operation): void {
  if (site.knowledgeBase === "new" && isLegacyKnowledgeBaseRoute(operation)) throw notFound("helpdesk", KNOWLEDGE_BASE_MISMATCH.usesNew);
  if (site.knowledgeBase === "legacy") {
    if (isNewKnowledgeBaseRoute(operation)) throw notFound("helpdesk", KNOWLEDGE_BASE_MISMATCH.usesLegacy);
    const helpdesk = operation.toolset === "helpdesk" || operation.toolset === "helpdesk_legacy";
    if (!helpdesk && !LEGACY_SITE_EXTRA_ROUTES.has(operation.name)) {
      throw notFound("website", `the sandbox simulates only the Knowledge Base of website ${site.website.website_id}: its helpdesk, website and operator routes`);
    }
  }
}
