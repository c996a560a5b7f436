import { z } from "zod";
import { operation } from "../operation.js";
import * as c from "./common.js";

/** Inbox fields shared by create and save (save replaces the whole inbox). */
const inboxFields = {
  name: z.string().min(1).describe("Inbox name"),
  emoji: z.string().optional().describe("Emoji shown with the name"),
  order: z.number().int().min(0).max(1000).optional().describe("Display position"),
  operators: z.array(c.userId).optional().describe("Operator user IDs in this inbox"),
  // teams and team_operators are in the type since crisp-api 10.11; whether Crisp
  // takes team_operators or only reports it is not documented.
  teams: z.array(c.uuid("Team ID")).optional().describe("Team IDs"),
  team_operators: z.array(z.string().min(1)).optional().describe("Team operators"),
  operator: z.enum(["and", "or"]).optional().describe("How conditions combine"),
  conditions: z
    .array(
      z.strictObject({
        // Conditions only match conversation (session) fields.
        model: z.literal("session").default("session"),
        criterion: z.string().describe("Session field to match"),
        operator: z.enum(["eq", "neq", "gte", "lte", "gt", "lt"]),
        query: z.array(z.string()).describe("Values to match"),
      }),
    )
    .optional()
    .describe("Routing rules for incoming conversations"),
};

export const listInboxes = operation({
  name: "list_inboxes",
  title: "List inboxes",
  description: "List inboxes with their operators and routing conditions. Page through until an empty list.",
  toolset: "inbox",
  method: "GET",
  path: "/website/{website_id}/inboxes/list/{page_number}",
  params: {
    website_id: c.websiteId,
    page_number: c.page,
  },
  tiers: ["user", "plugin"],
});

export const batchOrderInboxes = operation({
  name: "batch_order_inboxes",
  title: "Batch order inboxes",
  description: "Set the display order of several inboxes in one call.",
  toolset: "inbox",
  method: "PATCH",
  path: "/website/{website_id}/inboxes/batch/order",
  params: {
    website_id: c.websiteId,
    orders: z
      .array(z.strictObject({ inbox_id: c.inboxId, order: z.number().int().min(0).max(1000) }))
      .min(1)
      .describe("New position of each inbox"),
  },
  tiers: ["user"],
});

export const createNewInbox = operation({
  name: "create_new_inbox",
  title: "Create a new inbox",
  description: "Create an inbox, optionally with operators and rules that route conversations into it. Returns {inbox_id}.",
  toolset: "inbox",
  method: "POST",
  path: "/website/{website_id}/inbox",
  params: {
    website_id: c.websiteId,
    ...inboxFields,
  },
  tiers: ["user"],
});

export const checkInboxExists = operation({
  name: "check_inbox_exists",
  title: "Check if inbox exists",
  description: "Check whether an inbox exists. Returns {exists}.",
  toolset: "inbox",
  method: "HEAD",
  path: "/website/{website_id}/inbox/{inbox_id}",
  params: {
    website_id: c.websiteId,
    inbox_id: c.inboxId,
  },
  tiers: ["user", "plugin"],
});

export const getInbox = operation({
  name: "get_inbox",
  title: "Get inbox",
  description: "Get an inbox: name, emoji, order, operators and routing conditions.",
  toolset: "inbox",
  method: "GET",
  path: "/website/{website_id}/inbox/{inbox_id}",
  params: {
    website_id: c.websiteId,
    inbox_id: c.inboxId,
  },
  tiers: ["user", "plugin"],
});

export const saveInbox = operation({
  name: "save_inbox",
  title: "Save inbox",
  description: "Replace an inbox's settings; omitted fields are cleared.",
  toolset: "inbox",
  method: "PUT",
  path: "/website/{website_id}/inbox/{inbox_id}",
  params: {
    website_id: c.websiteId,
    inbox_id: c.inboxId,
    ...inboxFields,
  },
  tiers: ["user"],
});

export const deleteInbox = operation({
  name: "delete_inbox",
  title: "Delete inbox",
  description: "Delete an inbox and its routing rules.",
  toolset: "inbox",
  method: "DELETE",
  path: "/website/{website_id}/inbox/{inbox_id}",
  params: {
    website_id: c.websiteId,
    inbox_id: c.inboxId,
  },
  tiers: ["user"],
});

export const inboxOperations = [listInboxes, batchOrderInboxes, createNewInbox, checkInboxExists, getInbox, saveInbox, deleteInbox];
