import { z } from "zod";
import { operation } from "../operation.js";
import * as c from "./common.js";

export const countVisitors = operation({
  name: "count_visitors",
  title: "Count visitors",
  description: "Count the visitors currently on the website. Returns {count, active, limited}.",
  toolset: "visitors",
  method: "GET",
  path: "/website/{website_id}/visitors/count",
  params: {
    website_id: c.websiteId,
  },
  tiers: ["user", "plugin"],
});

export const listVisitors = operation({
  name: "list_visitors",
  title: "List visitors",
  description: "List visitors currently on the website (session, last page, location). Page through until an empty list.",
  toolset: "visitors",
  method: "GET",
  path: "/website/{website_id}/visitors/list/{page_number}",
  params: {
    website_id: c.websiteId,
    page_number: c.page,
  },
  tiers: ["user", "plugin"],
  aliases: ["WebsiteVisitors.listVisitors"],
});

// Go sends either all three query params (its Area variant) or none (Wide,
// the world-wide view); Node sends whichever are given.
export const pinpointVisitorsOnMap = operation({
  name: "pinpoint_visitors_on_map",
  title: "Pinpoint visitors on a map",
  description: "Locate current visitors on a map. Give center and radius together to zoom in, or none for the whole world.",
  toolset: "visitors",
  method: "GET",
  path: "/website/{website_id}/visitors/map",
  params: {
    website_id: c.websiteId,
    center_longitude: z.number().min(-180).max(180).optional().describe("Center longitude"),
    center_latitude: z.number().min(-90).max(90).optional().describe("Center latitude"),
    center_radius: z.number().positive().optional().describe("Radius around the center"),
  },
  tiers: ["user", "plugin"],
  query: ["center_longitude", "center_latitude", "center_radius"],
});

export const getSessionIdentifierFromToken = operation({
  name: "get_session_identifier_from_token",
  title: "Get session identifier from token",
  description: "Resolve a chatbox session token (CRISP_TOKEN_ID) to its conversation. Returns {session_id}.",
  toolset: "visitors",
  method: "GET",
  path: "/website/{website_id}/visitors/token/{token_id}",
  params: {
    website_id: c.websiteId,
    token_id: c.segment("Visitor token"),
  },
  tiers: ["user", "plugin"],
  aliases: ["get_session_id_by_token"],
});

export const countBlockedVisitors = operation({
  name: "count_blocked_visitors",
  title: "Count blocked visitors",
  description: "Count blocked visitors, per block rule.",
  toolset: "visitors",
  method: "GET",
  path: "/website/{website_id}/visitors/blocked",
  params: {
    website_id: c.websiteId,
  },
  tiers: ["user"],
});

export const countBlockedVisitorsInRule = operation({
  name: "count_blocked_visitors_in_rule",
  title: "Count blocked visitors in rule",
  description: "Count the visitors blocked by one block rule.",
  toolset: "visitors",
  method: "GET",
  path: "/website/{website_id}/visitors/blocked/{rule}",
  params: {
    website_id: c.websiteId,
    rule: c.segment("Block rule name"),
  },
  tiers: ["user"],
});

export const clearBlockedVisitorsInRule = operation({
  name: "clear_blocked_visitors_in_rule",
  title: "Clear blocked visitors in rule",
  description: "Unblock every visitor blocked by one block rule.",
  toolset: "visitors",
  method: "DELETE",
  path: "/website/{website_id}/visitors/blocked/{rule}",
  params: {
    website_id: c.websiteId,
    rule: c.segment("Block rule name"),
  },
  tiers: ["user"],
});

export const visitorsOperations = [countVisitors, listVisitors, pinpointVisitorsOnMap, getSessionIdentifierFromToken, countBlockedVisitors, countBlockedVisitorsInRule, clearBlockedVisitorsInRule];
