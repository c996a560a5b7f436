import { z } from "zod";
import { operation } from "../operation.js";
import * as c from "./common.js";


const role = z.enum(["owner", "member"]).describe("Operator role");


export const listWebsiteOperators = operation({
  name: "list_website_operators",
  title: "List website operators",
  description: "Lists the website's operators with their role, name, email and availability.",
  toolset: "operators",
  method: "GET",
  path: "/website/{website_id}/operators/list",
  params: {
    website_id: c.websiteId,
  },
  tiers: ["user", "plugin"],
  aliases: ["WebsiteOperators.getList"],
});

export const listLastActiveWebsiteOperators = operation({
  name: "list_last_active_website_operators",
  title: "List last active website operators",
  description: "Lists operators recently active on the website, with last-seen timestamps.",
  toolset: "operators",
  method: "GET",
  path: "/website/{website_id}/operators/active",
  params: {
    website_id: c.websiteId,
  },
  tiers: ["user", "plugin"],
});

export const flushLastActiveWebsiteOperators = operation({
  name: "flush_last_active_website_operators",
  title: "Flush last active website operators",
  description: "Clears the website's list of last active operators.",
  toolset: "operators",
  method: "DELETE",
  path: "/website/{website_id}/operators/active",
  params: {
    website_id: c.websiteId,
  },
  tiers: ["user"],
});

// The Node wrapper types the operator field as userID; the wire name is user_id.
export const sendEmailToWebsiteOperators = operation({
  name: "send_email_to_website_operators",
  title: "Send email to website operators",
  description: "Emails the website's own operators (e.g. all owners, or one operator), with an optional link button.",
  toolset: "operators",
  method: "POST",
  path: "/website/{website_id}/operators/email",
  params: {
    website_id: c.websiteId,
    recipient: z.string().min(1).describe("Recipients, e.g. owners"),
    user_id: c.userId.optional().describe("Single operator to email"),
    subject: z.string().min(1).describe("Email subject"),
    message: z.string().min(1).describe("Email body text"),
    target: z
      .strictObject({
        label: z.string().describe("Button label"),
        url: z.string().describe("Button URL"),
      })
      .optional()
      .describe("Link button in the email"),
  },
  tiers: ["user", "plugin"],
});

export const getWebsiteOperator = operation({
  name: "get_website_operator",
  title: "Get a website operator",
  description: "Returns one operator's details: name, email, role, title and availability.",
  toolset: "operators",
  method: "GET",
  path: "/website/{website_id}/operator/{user_id}",
  params: {
    website_id: c.websiteId,
    user_id: c.userId,
  },
  tiers: ["user", "plugin"],
  aliases: ["WebsiteOperators.getOne"],
});

// The Node wrapper types verify as a boolean; the docs and Go send {method, secret}.
export const inviteWebsiteOperator = operation({
  name: "invite_website_operator",
  title: "Invite a website operator",
  description: "Emails an invitation to join the website as an operator. Requires identity verification.",
  toolset: "operators",
  method: "POST",
  path: "/website/{website_id}/operator",
  params: {
    website_id: c.websiteId,
    email: c.email().describe("Invitee email"),
    role,
    verify: c.verify,
  },
  openWorld: true,
  tiers: ["user"],
});

export const changeOperatorMembership = operation({
  name: "change_operator_membership",
  title: "Change operator membership",
  description: "Changes an operator's role (owner or member) and optional job title.",
  toolset: "operators",
  method: "PATCH",
  path: "/website/{website_id}/operator/{user_id}",
  params: {
    website_id: c.websiteId,
    user_id: c.userId,
    role,
    title: z.string().optional().describe("Job title shown to visitors"),
  },
  tiers: ["user"],
  aliases: ["WebsiteOperators.updateOne"],
});

export const unlinkOperatorFromWebsite = operation({
  name: "unlink_operator_from_website",
  title: "Unlink operator from website",
  description: "Removes an operator from the website. The last operator cannot be removed.",
  toolset: "operators",
  method: "DELETE",
  path: "/website/{website_id}/operator/{user_id}",
  params: {
    website_id: c.websiteId,
    user_id: c.userId,
  },
  tiers: ["user"],
  aliases: ["WebsiteOperators.deleteOne"],
});

export const getWebsiteAvailabilityStatus = operation({
  name: "get_website_availability_status",
  title: "Get website availability status",
  description: "Returns whether the website's support team is currently online or away.",
  toolset: "operators",
  method: "GET",
  path: "/website/{website_id}/availability/status",
  params: {
    website_id: c.websiteId,
  },
  tiers: ["user", "plugin"],
  aliases: ["WebsiteAvailability.getAvailabilityStatus"],
});

export const listWebsiteOperatorAvailabilities = operation({
  name: "list_website_operator_availabilities",
  title: "List website operator availabilities",
  description: "Lists each operator's current availability on the website.",
  toolset: "operators",
  method: "GET",
  path: "/website/{website_id}/availability/operators",
  params: {
    website_id: c.websiteId,
  },
  tiers: ["user", "plugin"],
  aliases: ["WebsiteAvailability.listOperatorAvailabilities"],
});

export const operatorsOperations = [listWebsiteOperators, listLastActiveWebsiteOperators, flushLastActiveWebsiteOperators, sendEmailToWebsiteOperators, getWebsiteOperator, inviteWebsiteOperator, changeOperatorMembership, unlinkOperatorFromWebsite, getWebsiteAvailabilityStatus, listWebsiteOperatorAvailabilities];
