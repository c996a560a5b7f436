import type { Operation } from "../../tools/operation.js";
import { CrispRefusal, failure, notFound, type Reply } from "../envelope.js";
import type { Handler, HandlerContext, RouteRequest } from "./context.js";
import { conversationHandlers } from "./conversations.js";
import { createGenericHandler } from "./generic.js";
import { knowledgeBaseHandlers } from "./knowledge-base.js";
import { knowledgeBaseHistoryHandlers } from "./knowledge-base-history.js";
import { legacyHelpdeskHandlers } from "./legacy-helpdesk.js";
import { messageHandlers } from "./messages.js";
import { peopleHandlers } from "./people.js";
import { refuseUnservedRoute, siteFor } from "./sites.js";
import { teamHandlers } from "./teams.js";
import { websiteHandlers } from "./website.js";

/** Stateful handlers by operation name, per Knowledge Base; every other operation gets the generic answer. */
const MAIN_SITE_HANDLERS: Readonly<Record<string, Handler>> = {
  ...conversationHandlers,
  ...messageHandlers,
  ...peopleHandlers,
  ...knowledgeBaseHandlers,
  ...knowledgeBaseHistoryHandlers,
  ...teamHandlers,
  ...websiteHandlers,
};

const LEGACY_SITE_HANDLERS: Readonly<Record<string, Handler>> = {
  ...legacyHelpdeskHandlers,
  ...websiteHandlers,
};

export type Dispatch = (request: RouteRequest) => Reply;

export function createDispatcher(operations: readonly Operation[]): Dispatch {
  const generic = createGenericHandler(operations);
  return (request) => {
    try {
      const site = siteFor(request.state, request.params);
      refuseUnservedRoute(site, request.operation);
      const context: HandlerContext = { ...request, site };
      const handlers = site.knowledgeBase === "new" ? MAIN_SITE_HANDLERS : LEGACY_SITE_HANDLERS;
      const stateful = handlers[context.operation.name];
      if (stateful) return stateful(context);
      requireReferencedResources(context);
      return generic(context);
    } catch (error) {
      if (error instanceof CrispRefusal) return error.reply;
      return failure(500, "server_error", "internal", "the sandbox failed to handle this request");
    }
  };
}

/** Generic answers still say 404 for a conversation, person, locale, article or operator that does not exist. */
function requireReferencedResources({ state, params, operation, site }: HandlerContext): void {
  if (params.session_id !== undefined) state.conversations.require(params.session_id);
  if (params.people_id !== undefined) state.people.require(params.people_id);
  if (params.locale !== undefined && operation.path.includes("/helpdesk/")) {
    if (site.knowledgeBase === "new") state.knowledgeBase.requireLocale(params.locale);
    else if (params.article_id !== undefined) state.helpdesk.article(params.locale, params.article_id);
    else state.helpdesk.requireLocale(params.locale);
  }
  if (params.user_id !== undefined && operation.path.includes("/operator/") && !state.operator(params.user_id)) {
    throw notFound("operator", `no operator ${params.user_id} on this website`);
  }
}
