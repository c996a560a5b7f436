import { z } from "zod";
import { operation } from "../operation.js";
import * as c from "./common.js";

// "one-shot" is the docs' example value; the list filters name both types.
const campaignType = z.enum(["one-shot", "automated"]).describe("Campaign type");

const peopleFilter = z.array(c.filterCondition).describe("People filters");

/**
 * Campaign item, shared by save (full replace) and update (partial). Every
 * group has the fields of crisp-api 11.3.0's WebsiteCampaignItem and is strict.
 */
const campaignFields = {
  type: campaignType.optional().describe("Campaign type"),
  format: z.string().min(1).optional().describe("Message format, e.g. markdown"),
  name: z.string().min(1).optional().describe("Campaign name"),
  subject: z.string().optional().describe("Email subject"),
  tag: z.string().optional().describe("Campaign tag"),
  sender: z.strictObject({ user_id: c.userId.optional() }).optional().describe("Sending operator"),
  recipients: z
    .strictObject({
      type: z.string().optional().describe("Audience, e.g. all"),
      segments: z.array(z.string()).optional(),
      people: z.array(z.string()).optional().describe("People IDs"),
      filter: peopleFilter.optional(),
    })
    .optional()
    .describe("Who receives the campaign"),
  flow: z
    .strictObject({
      launch_event: z.string().optional(),
      assert_filter: peopleFilter.optional(),
      assert_delay: z.number().int().min(0).max(65535).optional(),
      deliver_once: z.boolean().optional(),
      deliver_delay: z.number().int().min(0).max(65535).optional(),
    })
    .optional()
    .describe("Automated campaign trigger"),
  message: z.string().optional().describe("Message content"),
  options: z
    .strictObject({
      deliver_to_chatbox: z.boolean().optional(),
      deliver_to_email: z.boolean().optional(),
      sender_name_website: z.boolean().optional(),
      sender_email_reply: z.boolean().nullable().optional(),
      tracking: z.boolean().optional(),
    })
    .optional()
    .describe("Delivery options"),
};

const templateFields = {
  name: z.string().min(1).optional().describe("Template name"),
  type: z.string().min(1).optional().describe("Template type, e.g. custom"),
  format: z.string().min(1).optional().describe("Template format, e.g. html"),
  content: z.string().optional().describe("Template content"),
};

// The filters come from the Go wrapper (FilterCampaigns); Node sends none.
export const listCampaigns = operation({
  name: "list_campaigns",
  title: "List campaigns",
  description: "Lists campaigns, one page at a time, with optional name, tag, type and status filters. Page until an empty list.",
  toolset: "campaigns",
  method: "GET",
  path: "/website/{website_id}/campaigns/list/{page_number}",
  params: {
    website_id: c.websiteId,
    page_number: c.page,
    search_name: z.string().min(1).optional().describe("Match campaign name"),
    filter_tag: z.string().min(1).optional().describe("Only campaigns with this tag"),
    filter_type_one_shot: c.flag("One-shot campaigns"),
    filter_type_automated: c.flag("Automated campaigns"),
    filter_status_not_configured: c.flag("Not configured yet"),
    filter_status_ready: c.flag("Ready to dispatch"),
    filter_status_paused: c.flag("Paused"),
    filter_status_sending: c.flag("Sending now"),
    filter_status_done: c.flag("Done sending"),
  },
  tiers: ["user"],
  query: ["search_name", "filter_tag", "filter_type_one_shot", "filter_type_automated", "filter_status_not_configured", "filter_status_ready", "filter_status_paused", "filter_status_sending", "filter_status_done"],
});

export const listCampaignTags = operation({
  name: "list_campaign_tags",
  title: "List campaign tags",
  description: "Lists the tags used on the website's campaigns.",
  toolset: "campaigns",
  method: "GET",
  path: "/website/{website_id}/campaigns/tags",
  params: {
    website_id: c.websiteId,
  },
  tiers: ["user"],
});

// The filters come from the Go wrapper (FilterCampaignTemplates); Node sends none.
export const listCampaignTemplates = operation({
  name: "list_campaign_templates",
  title: "List campaign templates",
  description: "Lists campaign templates, one page at a time, with optional name and type filters.",
  toolset: "campaigns",
  method: "GET",
  path: "/website/{website_id}/campaigns/templates/{page_number}",
  params: {
    website_id: c.websiteId,
    page_number: c.page,
    search_name: z.string().min(1).optional().describe("Match template name"),
    filter_type_static: c.flag("Static templates"),
    filter_type_custom: c.flag("Custom templates"),
  },
  tiers: ["user", "plugin"],
  query: ["search_name", "filter_type_static", "filter_type_custom"],
});

export const createNewCampaignTemplate = operation({
  name: "create_new_campaign_template",
  title: "Create a new campaign template",
  description: "Creates an empty campaign template. Returns {template_id}; set its content with update_campaign_template.",
  toolset: "campaigns",
  method: "POST",
  path: "/website/{website_id}/campaigns/template",
  params: {
    website_id: c.websiteId,
    format: z.string().min(1).describe("Template format, e.g. html"),
    name: z.string().min(1).describe("Template name"),
  },
  tiers: ["user", "plugin"],
});

// HEAD: the executor answers {exists} from the status code.
export const checkCampaignTemplateExists = operation({
  name: "check_campaign_template_exists",
  title: "Check if campaign template exists",
  description: "Checks whether a campaign template exists. Returns {exists}.",
  toolset: "campaigns",
  method: "HEAD",
  path: "/website/{website_id}/campaigns/template/{template_id}",
  params: {
    website_id: c.websiteId,
    template_id: c.templateId,
  },
  tiers: ["user", "plugin"],
});

export const getCampaignTemplate = operation({
  name: "get_campaign_template",
  title: "Get a campaign template",
  description: "Returns a campaign template with its name, type, format and content.",
  toolset: "campaigns",
  method: "GET",
  path: "/website/{website_id}/campaigns/template/{template_id}",
  params: {
    website_id: c.websiteId,
    template_id: c.templateId,
  },
  tiers: ["user", "plugin"],
});

export const saveCampaignTemplate = operation({
  name: "save_campaign_template",
  title: "Save a campaign template",
  description: "Replaces a campaign template. Full replace; use update_campaign_template for a partial change.",
  toolset: "campaigns",
  method: "PUT",
  path: "/website/{website_id}/campaigns/template/{template_id}",
  params: {
    website_id: c.websiteId,
    template_id: c.templateId,
    ...templateFields,
  },
  tiers: ["user", "plugin"],
});

export const updateCampaignTemplate = operation({
  name: "update_campaign_template",
  title: "Update a campaign template",
  description: "Partially updates a campaign template; send only the fields to change.",
  toolset: "campaigns",
  method: "PATCH",
  path: "/website/{website_id}/campaigns/template/{template_id}",
  params: {
    website_id: c.websiteId,
    template_id: c.templateId,
    ...templateFields,
  },
  tiers: ["user", "plugin"],
});

export const removeCampaignTemplate = operation({
  name: "remove_campaign_template",
  title: "Remove a campaign template",
  description: "Deletes a campaign template.",
  toolset: "campaigns",
  method: "DELETE",
  path: "/website/{website_id}/campaigns/template/{template_id}",
  params: {
    website_id: c.websiteId,
    template_id: c.templateId,
  },
  tiers: ["user", "plugin"],
});

export const createNewCampaign = operation({
  name: "create_new_campaign",
  title: "Create a new campaign",
  description: "Creates a campaign draft. Returns {campaign_id}; configure it with update_campaign.",
  toolset: "campaigns",
  method: "POST",
  path: "/website/{website_id}/campaign",
  params: {
    website_id: c.websiteId,
    type: campaignType,
    name: z.string().min(1).describe("Campaign name"),
  },
  tiers: ["user"],
});

// HEAD: the executor answers {exists} from the status code.
export const checkCampaignExists = operation({
  name: "check_campaign_exists",
  title: "Check if campaign exists",
  description: "Checks whether a campaign exists. Returns {exists}.",
  toolset: "campaigns",
  method: "HEAD",
  path: "/website/{website_id}/campaign/{campaign_id}",
  params: {
    website_id: c.websiteId,
    campaign_id: c.campaignId,
  },
  tiers: ["user"],
});

export const getCampaign = operation({
  name: "get_campaign",
  title: "Get a campaign",
  description: "Returns a campaign's configuration, status and statistics.",
  toolset: "campaigns",
  method: "GET",
  path: "/website/{website_id}/campaign/{campaign_id}",
  params: {
    website_id: c.websiteId,
    campaign_id: c.campaignId,
  },
  tiers: ["user"],
});

export const saveCampaign = operation({
  name: "save_campaign",
  title: "Save a campaign",
  description: "Replaces a campaign's whole configuration. Full replace; use update_campaign for a partial change.",
  toolset: "campaigns",
  method: "PUT",
  path: "/website/{website_id}/campaign/{campaign_id}",
  params: {
    website_id: c.websiteId,
    campaign_id: c.campaignId,
    ...campaignFields,
  },
  tiers: ["user"],
});

export const updateCampaign = operation({
  name: "update_campaign",
  title: "Update a campaign",
  description: "Partially updates a campaign; send only the fields to change.",
  toolset: "campaigns",
  method: "PATCH",
  path: "/website/{website_id}/campaign/{campaign_id}",
  params: {
    website_id: c.websiteId,
    campaign_id: c.campaignId,
    ...campaignFields,
  },
  tiers: ["user"],
});

export const removeCampaign = operation({
  name: "remove_campaign",
  title: "Remove a campaign",
  description: "Deletes a campaign.",
  toolset: "campaigns",
  method: "DELETE",
  path: "/website/{website_id}/campaign/{campaign_id}",
  params: {
    website_id: c.websiteId,
    campaign_id: c.campaignId,
  },
  tiers: ["user"],
});

export const dispatchCampaign = operation({
  name: "dispatch_campaign",
  title: "Dispatch a campaign",
  description: "Starts a ready campaign: its messages go out to real recipients. Check it with test_campaign first.",
  toolset: "campaigns",
  method: "POST",
  path: "/website/{website_id}/campaign/{campaign_id}/dispatch",
  params: {
    website_id: c.websiteId,
    campaign_id: c.campaignId,
  },
  openWorld: true,
  tiers: ["user"],
});

export const resumeCampaign = operation({
  name: "resume_campaign",
  title: "Resume a campaign",
  description: "Resumes sending a paused campaign.",
  toolset: "campaigns",
  method: "POST",
  path: "/website/{website_id}/campaign/{campaign_id}/resume",
  params: {
    website_id: c.websiteId,
    campaign_id: c.campaignId,
  },
  tiers: ["user"],
});

export const pauseCampaign = operation({
  name: "pause_campaign",
  title: "Pause a campaign",
  description: "Pauses a dispatched campaign; resume with resume_campaign.",
  toolset: "campaigns",
  method: "POST",
  path: "/website/{website_id}/campaign/{campaign_id}/pause",
  params: {
    website_id: c.websiteId,
    campaign_id: c.campaignId,
  },
  tiers: ["user"],
});

export const testCampaign = operation({
  name: "test_campaign",
  title: "Test a campaign",
  description: "Sends a test delivery of a ready campaign before dispatching it.",
  toolset: "campaigns",
  method: "POST",
  path: "/website/{website_id}/campaign/{campaign_id}/test",
  params: {
    website_id: c.websiteId,
    campaign_id: c.campaignId,
  },
  openWorld: true,
  tiers: ["user"],
});

export const listCampaignRecipients = operation({
  name: "list_campaign_recipients",
  title: "List campaign recipients",
  description: "Lists a campaign's recipients with their subscription state, one page at a time.",
  toolset: "campaigns",
  method: "GET",
  path: "/website/{website_id}/campaign/{campaign_id}/recipients/{page_number}",
  params: {
    website_id: c.websiteId,
    campaign_id: c.campaignId,
    page_number: c.page,
  },
  tiers: ["user"],
});

// {action} values are undocumented; likely the item's statistics counters (opened, clicked, unsubscribed).
export const listCampaignStatistics = operation({
  name: "list_campaign_statistics",
  title: "List campaign statistics",
  description: "Lists per-recipient statistics of a campaign for one action, one page at a time.",
  toolset: "campaigns",
  method: "GET",
  path: "/website/{website_id}/campaign/{campaign_id}/statistics/{action}/{page_number}",
  params: {
    website_id: c.websiteId,
    campaign_id: c.campaignId,
    action: c.segment("Statistic action, e.g. opened or clicked"),
    page_number: c.page,
  },
  tiers: ["user"],
});

export const campaignsOperations = [listCampaigns, listCampaignTags, listCampaignTemplates, createNewCampaignTemplate, checkCampaignTemplateExists, getCampaignTemplate, saveCampaignTemplate, updateCampaignTemplate, removeCampaignTemplate, createNewCampaign, checkCampaignExists, getCampaign, saveCampaign, updateCampaign, removeCampaign, dispatchCampaign, resumeCampaign, pauseCampaign, testCampaign, listCampaignRecipients, listCampaignStatistics];
