import { z } from "zod";
import { operation } from "../operation.js";
import * as c from "./common.js";

// Three pairs share one verb and path: PATCH /batch/remove, /batch/data and
// /batch/segments. Crisp tells them apart by the body: {sessions, ...} acts on
// conversations, {people: {profiles?, search?}, ...} on people profiles.

/** Body of the resolve/read family: the listed sessions, optionally within one inbox. */
const conversationScope = {
  inbox_id: c.inboxId.nullable().optional().describe("Inbox to act in; null for the default inbox"),
  sessions: c.sessionList.optional().describe("Session IDs"),
};

// The catalog (Node) types `search` as a string; the Go wrapper sends
// {filter, operator}. Both are accepted and passed as given.
const peopleTarget = z
  .strictObject({
    profiles: z.array(c.peopleId).min(1).max(1000).optional().describe("People IDs"),
    search: z
      .union([
        z.string().min(1),
        z.strictObject({ filter: z.array(c.filterCondition).min(1), operator: z.enum(["and", "or"]).optional() }),
      ])
      .optional()
      .describe("Search text, or {filter, operator}"),
  })
  .refine((p) => p.profiles !== undefined || p.search !== undefined, { message: "give profiles or search" })
  .describe("People to act on: profiles or search");

const dataValues = c.customData();
const segments = z.array(z.string().min(1)).describe("Segments");

export const batchResolveConversations = operation({
  name: "batch_resolve_conversations",
  title: "Batch resolve conversations",
  description: "Resolve the listed sessions, or every conversation (of inbox_id if given) when sessions is omitted.",
  toolset: "batch",
  method: "PATCH",
  path: "/website/{website_id}/batch/resolve",
  params: {
    website_id: c.websiteId,
    ...conversationScope,
  },
  tiers: ["user"],
  aliases: ["batch_resolve_items"],
});

export const batchUnresolveConversations = operation({
  name: "batch_unresolve_conversations",
  title: "Batch unresolve conversations",
  description: "Reopen many resolved conversations at once.",
  toolset: "batch",
  method: "PATCH",
  path: "/website/{website_id}/batch/unresolve",
  params: {
    website_id: c.websiteId,
    ...conversationScope,
  },
  aliases: ["batch_unresolve_items"],
});

export const batchReadConversations = operation({
  name: "batch_read_conversations",
  title: "Batch read conversations",
  description: "Mark the listed sessions read, or every conversation (of inbox_id if given) when sessions is omitted.",
  toolset: "batch",
  method: "PATCH",
  path: "/website/{website_id}/batch/read",
  params: {
    website_id: c.websiteId,
    ...conversationScope,
  },
  tiers: ["user"],
  aliases: ["batch_read_items"],
});

export const batchUnreadConversations = operation({
  name: "batch_unread_conversations",
  title: "Batch unread conversations",
  description: "Mark many conversations as unread at once.",
  toolset: "batch",
  method: "PATCH",
  path: "/website/{website_id}/batch/unread",
  params: {
    website_id: c.websiteId,
    ...conversationScope,
  },
  aliases: ["batch_unread_items"],
});

// Same PATCH /batch/remove as batch_remove_people; the sessions body selects conversations.
export const batchRemoveConversations = operation({
  name: "batch_remove_conversations",
  title: "Batch remove conversations",
  description: "Delete many conversations at once, with their messages.",
  toolset: "batch",
  method: "PATCH",
  path: "/website/{website_id}/batch/remove",
  params: {
    website_id: c.websiteId,
    ...conversationScope,
  },
  destructive: true,
  tiers: ["user"],
  aliases: ["batch_remove_items"],
});

// Same PATCH /batch/remove as batch_remove_conversations; the people body selects profiles.
export const batchRemovePeople = operation({
  name: "batch_remove_people",
  title: "Batch remove people",
  description: "Delete many contact profiles at once, chosen by people IDs or by a search.",
  toolset: "batch",
  method: "PATCH",
  path: "/website/{website_id}/batch/remove",
  params: {
    website_id: c.websiteId,
    people: peopleTarget,
  },
  destructive: true,
  tiers: ["user"],
  aliases: ["batch_remove_items"],
});

export const batchReportConversations = operation({
  name: "batch_report_conversations",
  title: "Batch report conversations",
  description: "Report many conversations to Crisp at once, e.g. as spam.",
  toolset: "batch",
  method: "POST",
  path: "/website/{website_id}/batch/report",
  params: {
    website_id: c.websiteId,
    sessions: c.sessionList,
    flag: z.string().min(1).describe("Report reason, e.g. spam"),
  },
  aliases: ["batch_report_items"],
});

export const batchBlockConversations = operation({
  name: "batch_block_conversations",
  title: "Batch block conversations",
  description: "Block or unblock incoming messages for many conversations at once.",
  toolset: "batch",
  method: "PATCH",
  path: "/website/{website_id}/batch/block",
  params: {
    website_id: c.websiteId,
    sessions: c.sessionList,
    blocked: z.boolean().describe("true blocks, false unblocks"),
  },
  aliases: ["batch_block_items"],
});

export const batchRoutingConversations = operation({
  name: "batch_routing_conversations",
  title: "Batch routing conversations",
  description: "Assign many conversations to one operator, or unassign them, at once.",
  toolset: "batch",
  method: "PATCH",
  path: "/website/{website_id}/batch/routing",
  params: {
    website_id: c.websiteId,
    sessions: c.sessionList,
    assigned: z.strictObject({ user_id: c.userId }).nullable().describe("Operator to assign; null unassigns"),
  },
  aliases: ["batch_routing_items"],
});

export const batchInboxConversations = operation({
  name: "batch_inbox_conversations",
  title: "Batch inbox conversations",
  description: "Move many conversations to another inbox at once.",
  toolset: "batch",
  method: "PATCH",
  path: "/website/{website_id}/batch/inbox",
  params: {
    website_id: c.websiteId,
    sessions: c.sessionList,
    inbox_id: c.inboxId.nullable().describe("Target inbox; null for the default inbox"),
  },
  aliases: ["batch_inbox_items"],
});

// Same PATCH /batch/data as batch_update_people_data; the sessions body selects conversations.
export const batchUpdateConversationsData = operation({
  name: "batch_update_conversations_data",
  title: "Batch update conversations data",
  description: "Set custom data keys on many conversations at once.",
  toolset: "batch",
  method: "PATCH",
  path: "/website/{website_id}/batch/data",
  params: {
    website_id: c.websiteId,
    sessions: c.sessionList,
    data: dataValues,
  },
  aliases: ["batch_data_items"],
});

// Same PATCH /batch/data as batch_update_conversations_data; the people body selects profiles.
export const batchUpdatePeopleData = operation({
  name: "batch_update_people_data",
  title: "Batch update people data",
  description: "Set custom data keys on many contacts at once, chosen by people IDs or by a search.",
  toolset: "batch",
  method: "PATCH",
  path: "/website/{website_id}/batch/data",
  params: {
    website_id: c.websiteId,
    people: peopleTarget,
    data: dataValues,
  },
  aliases: ["batch_data_items"],
});

// Same PATCH /batch/segments as batch_update_people_segments; the sessions body selects conversations.
export const batchUpdateConversationsSegments = operation({
  name: "batch_update_conversations_segments",
  title: "Batch update conversations segments",
  description: "Set segments on many conversations at once.",
  toolset: "batch",
  method: "PATCH",
  path: "/website/{website_id}/batch/segments",
  params: {
    website_id: c.websiteId,
    sessions: c.sessionList,
    segments,
  },
  aliases: ["batch_segments_items"],
});

// Same PATCH /batch/segments as batch_update_conversations_segments; the people body selects profiles.
export const batchUpdatePeopleSegments = operation({
  name: "batch_update_people_segments",
  title: "Batch update people segments",
  description: "Set segments on many contacts at once, chosen by people IDs or by a search.",
  toolset: "batch",
  method: "PATCH",
  path: "/website/{website_id}/batch/segments",
  params: {
    website_id: c.websiteId,
    people: peopleTarget,
    segments,
  },
  aliases: ["batch_segments_items"],
});

export const batchOperations = [batchResolveConversations, batchUnresolveConversations, batchReadConversations, batchUnreadConversations, batchRemoveConversations, batchRemovePeople, batchReportConversations, batchBlockConversations, batchRoutingConversations, batchInboxConversations, batchUpdateConversationsData, batchUpdatePeopleData, batchUpdateConversationsSegments, batchUpdatePeopleSegments];
