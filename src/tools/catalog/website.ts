import { z } from "zod";
import { operation } from "../operation.js";
import * as c from "./common.js";


// HEAD: the executor answers {exists} from the status code.
export const checkWebsiteExists = operation({
  name: "check_website_exists",
  title: "Check if website exists",
  description: "Checks whether a Crisp website exists for a domain. Returns {exists}.",
  toolset: "website",
  method: "HEAD",
  path: "/website",
  params: {
    domain: z.string().min(1).max(253).describe("Domain, e.g. example.com"),
  },
  tiers: ["user", "plugin"],
  query: ["domain"],
});

export const createWebsite = operation({
  name: "create_website",
  title: "Create website",
  description: "Creates a new Crisp website (workspace). Returns its website_id.",
  toolset: "website",
  method: "POST",
  path: "/website",
  params: {
    name: z.string().min(1).describe("Website name"),
    domain: z.string().min(1).max(253).describe("Domain, e.g. example.com"),
  },
  tiers: ["user"],
  aliases: ["Website.create"],
});

export const getWebsite = operation({
  name: "get_website",
  title: "Get a website",
  description: "Returns a website's name, domain and logo.",
  toolset: "website",
  method: "GET",
  path: "/website/{website_id}",
  params: {
    website_id: c.websiteId,
  },
  tiers: ["user", "plugin"],
});

// DELETE with a JSON body.
export const deleteWebsite = operation({
  name: "delete_website",
  title: "Delete a website",
  description:
    "Schedules the website for deletion in a few days and emails its owners. Undo with abort_website_deletion.",
  toolset: "website",
  method: "DELETE",
  path: "/website/{website_id}",
  params: {
    website_id: c.websiteId,
    verify: c.verify,
  },
  tiers: ["user"],
  aliases: ["Website.delete"],
});

// A DELETE that undoes a deletion, so not destructive.
export const abortWebsiteDeletion = operation({
  name: "abort_website_deletion",
  title: "Abort website deletion",
  description: "Cancels a pending website deletion started by delete_website.",
  toolset: "website",
  method: "DELETE",
  path: "/website/{website_id}/expunge",
  params: {
    website_id: c.websiteId,
  },
  destructive: false,
  tiers: ["user"],
});

export const getWebsiteSettings = operation({
  name: "get_website_settings",
  title: "Get website settings",
  description: "Returns website settings: contact, inbox, emails and chatbox options.",
  toolset: "website",
  method: "GET",
  path: "/website/{website_id}/settings",
  params: {
    website_id: c.websiteId,
  },
  tiers: ["user", "plugin"],
  aliases: ["WebsiteSettings.get"],
});

// The groups and fields of crisp-api 11.3.0's WebsiteSettingsUpdate (10.11 added
// domain_alternates, emails.trackers and chatbox.guard_level). The groups are
// strict, except chatbox: it has some 40 settings (flags, themes, page and
// country lists), so a few are typed and the others pass through unchanged,
// never dropped; typing them all would add some 380 tokens to tools/list.
const chatboxSettings = z.looseObject({
  tile: z.string().optional(),
  color_mode: z.string().optional(),
  guard_level: z.string().optional().describe('e.g. "default"'),
});

export const updateWebsiteSettings = operation({
  name: "update_website_settings",
  title: "Update website settings",
  description: "Partially updates website settings; send only the groups and fields to change.",
  toolset: "website",
  method: "PATCH",
  path: "/website/{website_id}/settings",
  params: {
    website_id: c.websiteId,
    name: z.string().min(1).optional().describe("Website name"),
    domain: z.string().min(1).max(253).optional().describe("Website domain"),
    domain_alternates: z.array(z.string().min(1).max(253)).optional().describe("Other domains of the website"),
    logo: z.string().optional().describe("Logo image URL"),
    audit: z.strictObject({ log: z.boolean().optional() }).optional().describe("Audit log settings"),
    contact: z
      .strictObject({
        email: z.string().optional(),
        phone: z.string().optional(),
        messenger: z.string().optional(),
        telegram: z.string().optional(),
        twitter: z.string().optional(),
        whatsapp: z.string().optional(),
        instagram: z.string().optional(),
      })
      .optional()
      .describe("Public contact channels"),
    inbox: z
      .strictObject({
        lock_removal: z.boolean().optional(),
        force_operator_token: z.boolean().optional(),
        locale: z.string().optional(),
      })
      .optional()
      .describe("Inbox settings"),
    emails: z
      .strictObject({
        rating: z.boolean().optional(),
        transcript: z.boolean().optional(),
        trackers: z.boolean().optional(),
        junk_filter: z.boolean().optional(),
      })
      .optional()
      .describe("Email settings"),
    chatbox: chatboxSettings.optional().describe("Chatbox appearance and behaviour flags"),
  },
  tiers: ["user", "plugin"],
  aliases: ["WebsiteSettings.update"],
});

export const getVerifySettings = operation({
  name: "get_verify_settings",
  title: "Get verify settings",
  description: "Returns whether user identity verification (signed emails) is enabled.",
  toolset: "website",
  method: "GET",
  path: "/website/{website_id}/verify/settings",
  params: {
    website_id: c.websiteId,
  },
  tiers: ["user", "plugin"],
  aliases: ["WebsiteVerify.getSettings"],
});

export const updateVerifySettings = operation({
  name: "update_verify_settings",
  title: "Update verify settings",
  description: "Turns user identity verification on or off.",
  toolset: "website",
  method: "PATCH",
  path: "/website/{website_id}/verify/settings",
  params: {
    website_id: c.websiteId,
    enabled: z.boolean().describe("Enable identity verification"),
  },
  tiers: ["user", "plugin"],
  aliases: ["WebsiteVerify.updateSettings"],
});

// secret: the key signs user identities; whoever holds it can pass for any user.
export const getVerifyKey = operation({
  name: "get_verify_key",
  title: "Get verify key",
  description: "Returns the secret key used to sign user identities for verification.",
  toolset: "website",
  method: "GET",
  path: "/website/{website_id}/verify/key",
  params: {
    website_id: c.websiteId,
  },
  secret: true,
  tiers: ["user", "plugin"],
  aliases: ["WebsiteVerify.getKey"],
});

// Rolling invalidates the old key, so signatures made with it stop verifying;
// secret: it replaces the signing key, and its answer may carry the new one.
export const rollVerifyKey = operation({
  name: "roll_verify_key",
  title: "Roll verify key",
  description: "Replaces the verify key with a new one; signatures made with the old key stop working.",
  toolset: "website",
  method: "POST",
  path: "/website/{website_id}/verify/key",
  params: {
    website_id: c.websiteId,
  },
  destructive: true,
  secret: true,
  tiers: ["user", "plugin"],
});

// Tiers unconfirmed; the plugin-token twin is get_plugin_connect_endpoints.
export const getWebsiteConnectEndpoints = operation({
  name: "get_website_connect_endpoints",
  title: "Get website connect endpoints",
  description: "Returns the real-time (RTM) socket endpoints for this website.",
  toolset: "website",
  method: "GET",
  path: "/website/{website_id}/connect/endpoints",
  params: {
    website_id: c.websiteId,
  },
});

export const websiteOperations = [checkWebsiteExists, createWebsite, getWebsite, deleteWebsite, abortWebsiteDeletion, getWebsiteSettings, updateWebsiteSettings, getVerifySettings, updateVerifySettings, getVerifyKey, rollVerifyKey, getWebsiteConnectEndpoints];
