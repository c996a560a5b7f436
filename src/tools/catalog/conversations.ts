import { z } from "zod";
import { operation } from "../operation.js";
import * as c from "./common.js";


export const listConversations = operation({
  name: "list_conversations",
  title: "List conversations",
  description:
    "List or search conversations. Page through with page_number until an empty list.",
  toolset: "conversations",
  method: "GET",
  path: "/website/{website_id}/conversations/{page_number}",
  params: {
    website_id: c.websiteId,
    page_number: c.page,
    per_page: z.number().int().min(20).max(50).optional().describe("Page size, 20-50 (default 20)"),
    search_query: z
      .union([z.string(), z.array(c.filterCondition).min(1)])
      .optional()
      .describe("String, or {model,criterion,operator,query[]} list for filter"),
    search_type: z.enum(["text", "segment", "filter"]).optional().describe("How search_query is read"),
    search_operator: z.enum(["and", "or"]).optional().describe("Combine filter criteria (default and)"),
    include_empty: c.flag("Include conversations without messages"),
    filter_inbox_id: c.inboxId.optional().describe("Only this inbox"),
    filter_unread: c.flag("Only unread"),
    filter_resolved: c.flag("Only resolved"),
    filter_not_resolved: c.flag("Only not resolved"),
    filter_mention: c.flag("Only where I am mentioned"),
    filter_assigned: c.userId.optional().describe("Only assigned to this operator"),
    filter_unassigned: c.flag("Only unassigned"),
    filter_date_start: c.isoDate("From").optional().describe("From date (ISO-8601)"),
    filter_date_end: c.isoDate("Until").optional().describe("Until date (ISO-8601)"),
    order_date_created: c.flag("Sort by creation date"),
    order_date_updated: c.flag("Sort by last update"),
    order_date_waiting: c.flag("Sort by waiting time"),
  },
  tiers: ["user", "plugin"],
  query: ["per_page", "search_query", "search_type", "search_operator", "include_empty", "filter_inbox_id", "filter_unread", "filter_resolved", "filter_not_resolved", "filter_mention", "filter_assigned", "filter_unassigned", "filter_date_start", "filter_date_end", "order_date_created", "order_date_updated", "order_date_waiting"],
  // The Python wrapper calls the filtered form search_conversations.
  aliases: ["search_conversations"],
});

export const listSuggestedConversationSegments = operation({
  name: "list_suggested_conversation_segments",
  title: "List suggested conversation segments",
  description: "List the segments used on conversations, with counts. Useful before tagging or searching by segment.",
  toolset: "conversations",
  method: "GET",
  path: "/website/{website_id}/conversations/suggest/segments/{page_number}",
  params: {
    website_id: c.websiteId,
    page_number: c.page,
  },
  tiers: ["user", "plugin"],
});

// DELETE with a JSON body.
export const deleteSuggestedConversationSegment = operation({
  name: "delete_suggested_conversation_segment",
  title: "Delete suggested conversation segment",
  description: "Remove a segment from the conversation segment suggestions.",
  toolset: "conversations",
  method: "DELETE",
  path: "/website/{website_id}/conversations/suggest/segment",
  params: {
    website_id: c.websiteId,
    segment: z.string().min(1).describe("Segment to remove"),
  },
  tiers: ["user", "plugin"],
});

export const listSuggestedConversationDataKeys = operation({
  name: "list_suggested_conversation_data_keys",
  title: "List suggested conversation data keys",
  description: "List the custom data keys used in conversation metas, with counts.",
  toolset: "conversations",
  method: "GET",
  path: "/website/{website_id}/conversations/suggest/data/{page_number}",
  params: {
    website_id: c.websiteId,
    page_number: c.page,
  },
  tiers: ["user", "plugin"],
});

// DELETE with a JSON body.
export const deleteSuggestedConversationDataKey = operation({
  name: "delete_suggested_conversation_data_key",
  title: "Delete suggested conversation data key",
  description: "Remove a custom data key from the conversation data suggestions.",
  toolset: "conversations",
  method: "DELETE",
  path: "/website/{website_id}/conversations/suggest/data",
  params: {
    website_id: c.websiteId,
    key: z.string().min(1).describe("Data key to remove"),
  },
  tiers: ["user", "plugin"],
});

export const listSpamConversations = operation({
  name: "list_spam_conversations",
  title: "List spam conversations",
  description: "List conversations held back as spam, with their spam_id and reason.",
  toolset: "conversations",
  method: "GET",
  path: "/website/{website_id}/conversations/spams/{page_number}",
  params: {
    website_id: c.websiteId,
    page_number: c.page,
  },
  tiers: ["user"],
});

export const resolveSpamConversationContent = operation({
  name: "resolve_spam_conversation_content",
  title: "Resolve spam conversation content",
  description: "Get the full content of a conversation held as spam, to review it before a decision.",
  toolset: "conversations",
  method: "GET",
  path: "/website/{website_id}/conversations/spam/{spam_id}/content",
  params: {
    website_id: c.websiteId,
    spam_id: c.segment("Spam conversation ID"),
  },
  tiers: ["user"],
});

export const submitSpamConversationDecision = operation({
  name: "submit_spam_conversation_decision",
  title: "Submit spam conversation decision",
  description: "Decide on a conversation held as spam, e.g. reject it.",
  toolset: "conversations",
  method: "POST",
  path: "/website/{website_id}/conversations/spam/{spam_id}/decision",
  params: {
    website_id: c.websiteId,
    spam_id: c.segment("Spam conversation ID"),
    action: z.string().min(1).describe('Decision, e.g. "reject"'),
  },
  tiers: ["user"],
});

export const conversationsOperations = [listConversations, listSuggestedConversationSegments, deleteSuggestedConversationSegment, listSuggestedConversationDataKeys, deleteSuggestedConversationDataKey, listSpamConversations, resolveSpamConversationContent, submitSpamConversationDecision];
