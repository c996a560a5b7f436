import { errorResult } from "../results.js";
import type { Policy, ToolContext, ToolDefinition } from "../types.js";
import { listConversationsAwaitingReply } from "./awaiting-reply.js";
import { getConversationContext } from "./conversation-context.js";
import { getConversationTranscript } from "./conversation-transcript.js";
import { findPeople } from "./find-people.js";
import { readHelpdeskArticle } from "./helpdesk-article.js";
import { searchHelpdeskArticles } from "./helpdesk-search.js";
import { mayCall, methodRefusal } from "./crisp.js";
import { addInternalNote } from "./note.js";
import { replyToConversation } from "./reply.js";

const AGENT_TOOLS: readonly ToolDefinition[] = [
  listConversationsAwaitingReply,
  getConversationContext,
  getConversationTranscript,
  replyToConversation,
  addInternalNote,
  findPeople,
  searchHelpdeskArticles,
  readHelpdeskArticle,
];

/**
 * Composite tools for support agents, in the order of the work: what waits,
 * what it is about, what to answer, who the customer is, what the docs say.
 * Each reaches Crisp only through the catalog's declared routes, under the
 * policy of those routes: a tool is left out when the policy refuses a
 * method it needs, or every method it could use.
 */
export function agentTools(policy?: Policy): ToolDefinition[] {
  if (!policy) return [...AGENT_TOOLS];
  return AGENT_TOOLS.filter((tool) => usable(tool, { policy })).map(guarded);
}

function usable(tool: ToolDefinition, ctx: Pick<ToolContext, "policy">): boolean {
  const { required, optional = [] } = tool.crispMethods!;
  if (!required.every((method) => mayCall(ctx, method))) return false;
  return required.length > 0 || optional.some((method) => mayCall(ctx, method));
}

/**
 * The tool, refusing before any call to Crisp when a method it needs is
 * refused by the policy of this call (an HTTP request may narrow it further):
 * never half a tool's reads.
 */
function guarded(tool: ToolDefinition): ToolDefinition {
  return {
    ...tool,
    async run(args, ctx) {
      for (const method of tool.crispMethods!.required) {
        const refusal = methodRefusal(ctx, method);
        if (refusal) return errorResult(`${tool.name} needs ${method}. ${refusal.message}`, refusal.hint);
      }
      return tool.run(args, ctx);
    },
  };
}
