import type { Operation } from "../../tools/operation.js";
import { CrispRefusal, failure, notFound, type Reply } from "../envelope.js";
import type { SandboxState } from "../state.js";
import type { Handler, HandlerContext } from "./context.js";
import { conversationHandlers } from "./conversations.js";
import { createGenericHandler } from "./generic.js";
import { helpdeskHandlers } from "./helpdesk.js";
import { messageHandlers } from "./messages.js";
import { peopleHandlers } from "./people.js";
import { websiteHandlers } from "./website.js";

/** Stateful handlers by operation name; every other operation gets the generic answer. */
const STATEFUL_HANDLERS: Readonly<Record<string, Handler>> = {
  ...conversationHandlers,
  ...messageHandlers,
  ...peopleHandlers,
  ...helpdeskHandlers,
  ...websiteHandlers,
};

export type Dispatch = (context: HandlerContext) => Reply;

export function createDispatcher(operations: readonly Operation[]): Dispatch {
  const generic = createGenericHandler(operations);
  return (context) => {
    try {
      refuseForeignWebsite(context);
      const stateful = STATEFUL_HANDLERS[context.operation.name];
      if (stateful) return stateful(context);
      requireReferencedResources(context);
      return generic(context);
    } catch (error) {
      if (error instanceof CrispRefusal) return error.reply;
      return failure(500, "server_error", "internal", "the sandbox failed to handle this request");
    }
  };
}

/** The sandbox token is bound to its one seeded website; any other website id is not found. */
function refuseForeignWebsite({ state, params }: HandlerContext): void {
  const websiteId = params.website_id;
  if (websiteId === undefined || websiteId === state.websiteId) return;
  throw notFound("website", `website ${websiteId} is not reachable with this token`);
}

/** Generic answers still say 404 for a conversation, person or article that does not exist. */
function requireReferencedResources({ state, params, operation }: HandlerContext): void {
  if (params.session_id !== undefined) state.conversations.require(params.session_id);
  if (params.people_id !== undefined) state.people.require(params.people_id);
  if (params.locale !== undefined && operation.path.includes("/helpdesk/locale/")) {
    if (params.article_id !== undefined) state.helpdesk.article(params.locale, params.article_id);
    else state.helpdesk.requireLocale(params.locale);
  }
  if (params.user_id !== undefined && operation.path.includes("/operator/") && !state.operator(params.user_id)) {
    throw notFound("operator", `no operator ${params.user_id} on this website`);
  }
}
