import type { ToolDefinition } from "../types.js";
import { listConversationsAwaitingReply } from "./awaiting-reply.js";
import { getConversationContext } from "./conversation-context.js";
import { getConversationTranscript } from "./conversation-transcript.js";
import { findPeople } from "./find-people.js";
import { readHelpdeskArticle } from "./helpdesk-article.js";
import { searchHelpdeskArticles } from "./helpdesk-search.js";
import { addInternalNote } from "./note.js";
import { replyToConversation } from "./reply.js";

/**
 * Composite tools for support agents, in the order of the work: what waits,
 * what it is about, what to answer, who the customer is, what the docs say.
 * Each reaches Crisp only through the catalog's declared routes, named in its
 * crispMethods, and obeys their policy (refusalOf in ../invoke.ts).
 */
export function agentTools(): ToolDefinition[] {
  return [
    listConversationsAwaitingReply,
    getConversationContext,
    getConversationTranscript,
    replyToConversation,
    addInternalNote,
    findPeople,
    searchHelpdeskArticles,
    readHelpdeskArticle,
  ];
}
