import { z } from "zod";
import { operation } from "../operation.js";
import * as c from "./common.js";

export const getConnectAccount = operation({
  name: "get_connect_account",
  title: "Get connect account",
  description: "Returns the plugin account behind the current plugin token.",
  toolset: "plugins",
  method: "GET",
  path: "/plugin/connect/account",
  params: {
  },
  tiers: ["plugin"],
});

// HEAD: 200 when the plugin token is valid, 4xx otherwise; the executor answers {exists}.
export const checkConnectSessionValidity = operation({
  name: "check_connect_session_validity",
  title: "Check connect session validity",
  description: "Checks that the plugin token is valid. Returns {exists}: true when valid.",
  toolset: "plugins",
  method: "HEAD",
  path: "/plugin/connect/session",
  params: {
  },
  tiers: ["plugin"],
});

export const listAllConnectWebsites = operation({
  name: "list_all_connect_websites",
  title: "List all connect websites",
  description: "Lists websites that installed this plugin, one page at a time. Page until an empty list.",
  toolset: "plugins",
  method: "GET",
  path: "/plugin/connect/websites/all/{page_number}",
  params: {
    page_number: c.page,
    filter_configured: c.flag("Only websites that configured it"),
    include_plan: c.flag("Include each website's plan"),
  },
  tiers: ["plugin"],
  query: ["filter_configured", "include_plan"],
});

export const listConnectWebsitesSince = operation({
  name: "list_connect_websites_since",
  title: "List connect websites since",
  description: "Lists websites connected to this plugin since a date; use for incremental sync.",
  toolset: "plugins",
  method: "GET",
  path: "/plugin/connect/websites/since",
  params: {
    date_since: c.isoDate("Since this ISO-8601 date"),
    filter_configured: c.flag("Only websites that configured it"),
    include_plan: c.flag("Include each website's plan"),
  },
  tiers: ["plugin"],
  query: ["date_since", "filter_configured", "include_plan"],
});

// Same Node method name as get_website_connect_endpoints; this one is for plugin tokens.
export const getPluginConnectEndpoints = operation({
  name: "get_plugin_connect_endpoints",
  title: "Get plugin connect endpoints",
  description: "Returns the RTM socket endpoints for the plugin token: socket.app URL plus a rescue fallback.",
  toolset: "plugins",
  method: "GET",
  path: "/plugin/connect/endpoints",
  params: {
  },
  tiers: ["plugin"],
});

export const listAllActiveSubscriptions = operation({
  name: "list_all_active_subscriptions",
  title: "List all active subscriptions",
  description: "Lists active plugin subscriptions on all websites the user owns or belongs to.",
  toolset: "plugins",
  method: "GET",
  path: "/plugins/subscription",
  params: {
  },
  tiers: ["user"],
  aliases: ["PluginSubscriptions.listAllActiveSubscriptions"],
});

export const listSubscriptionsForWebsite = operation({
  name: "list_subscriptions_for_website",
  title: "List subscriptions for a website",
  description: "Lists the plugins installed on a website.",
  toolset: "plugins",
  method: "GET",
  path: "/plugins/subscription/{website_id}",
  params: {
    website_id: c.websiteId,
  },
  tiers: ["user"],
  aliases: ["PluginSubscriptions.listSubscriptionsForWebsite", "list_subscriptions_website"],
});

export const getSubscriptionDetails = operation({
  name: "get_subscription_details",
  title: "Get subscription details",
  description: "Returns details of one plugin installed on a website.",
  toolset: "plugins",
  method: "GET",
  path: "/plugins/subscription/{website_id}/{plugin_id}",
  params: {
    website_id: c.websiteId,
    plugin_id: c.pluginId,
  },
  tiers: ["user", "plugin"],
  aliases: ["PluginSubscriptions.getSubscriptionDetails"],
});

export const subscribeWebsiteToPlugin = operation({
  name: "subscribe_website_to_plugin",
  title: "Subscribe website to plugin",
  description: "Installs a plugin on the website.",
  toolset: "plugins",
  method: "POST",
  path: "/plugins/subscription/{website_id}",
  params: {
    website_id: c.websiteId,
    plugin_id: c.pluginId,
  },
  tiers: ["user"],
  aliases: ["PluginSubscriptions.subscribeWebsiteToPlugin", "subscribe_plugin_to_website"],
});

export const unsubscribePluginFromWebsite = operation({
  name: "unsubscribe_plugin_from_website",
  title: "Unsubscribe plugin from website",
  description: "Uninstalls a plugin from the website.",
  toolset: "plugins",
  method: "DELETE",
  path: "/plugins/subscription/{website_id}/{plugin_id}",
  params: {
    website_id: c.websiteId,
    plugin_id: c.pluginId,
  },
  tiers: ["user"],
  aliases: ["PluginSubscriptions.unsubscribePluginFromWebsite"],
});

// secret: plugins keep their credentials (keys of the service they link) in their settings.
export const getSubscriptionSettings = operation({
  name: "get_subscription_settings",
  title: "Get subscription settings",
  description: "Returns a plugin's settings on a website, with their schema.",
  toolset: "plugins",
  method: "GET",
  path: "/plugins/subscription/{website_id}/{plugin_id}/settings",
  params: {
    website_id: c.websiteId,
    plugin_id: c.pluginId,
  },
  secret: true,
  tiers: ["user", "plugin"],
  aliases: ["PluginSubscriptions.getSubscriptionSettings"],
});

// Settings are free-form per plugin, so the whole body is one open object.
export const saveSubscriptionSettings = operation({
  name: "save_subscription_settings",
  title: "Save subscription settings",
  description: "Replaces a plugin's settings on a website. Full replace; use update_subscription_settings to merge.",
  toolset: "plugins",
  method: "PUT",
  path: "/plugins/subscription/{website_id}/{plugin_id}/settings",
  params: {
    website_id: c.websiteId,
    plugin_id: c.pluginId,
    settings: c.openObject("Plugin settings object"),
  },
  bodyParam: "settings",
  tiers: ["user", "plugin"],
});

export const updateSubscriptionSettings = operation({
  name: "update_subscription_settings",
  title: "Update subscription settings",
  description: "Merges the given keys into a plugin's settings on a website.",
  toolset: "plugins",
  method: "PATCH",
  path: "/plugins/subscription/{website_id}/{plugin_id}/settings",
  params: {
    website_id: c.websiteId,
    plugin_id: c.pluginId,
    settings: c.openObject("Settings keys to merge"),
  },
  bodyParam: "settings",
  tiers: ["user", "plugin"],
  aliases: ["PluginSubscriptions.saveSubscriptionSettings"],
});

export const getPluginUsageBills = operation({
  name: "get_plugin_usage_bills",
  title: "Get plugin usage bills",
  description: "Lists the usage charges reported for a plugin on a website.",
  toolset: "plugins",
  method: "GET",
  path: "/plugins/subscription/{website_id}/{plugin_id}/bill/usage",
  params: {
    website_id: c.websiteId,
    plugin_id: c.pluginId,
  },
  tiers: ["user", "plugin"],
});

export const reportPluginUsageToBill = operation({
  name: "report_plugin_usage_to_bill",
  title: "Report plugin usage to bill",
  description: "Reports metered plugin usage so the website is billed for it.",
  toolset: "plugins",
  method: "POST",
  path: "/plugins/subscription/{website_id}/{plugin_id}/bill/usage",
  params: {
    website_id: c.websiteId,
    plugin_id: c.pluginId,
    name: z.string().min(1).describe("Usage item name"),
    units: z.number().nonnegative().describe("Units used"),
    price: z.number().nonnegative().describe("Price to bill"),
  },
  tiers: ["plugin"],
});

export const getPluginAttestProvenance = operation({
  name: "get_plugin_attest_provenance",
  title: "Get plugin attest provenance",
  description: "Returns the provenance attestation of a plugin installed on a website.",
  toolset: "plugins",
  method: "GET",
  path: "/plugins/subscription/{website_id}/{plugin_id}/attest/provenance",
  params: {
    website_id: c.websiteId,
    plugin_id: c.pluginId,
  },
  tiers: ["user", "plugin"],
});

// The docs example omits identifier, so it stays optional.
export const forwardPluginPayloadToChannel = operation({
  name: "forward_plugin_payload_to_channel",
  title: "Forward plugin payload to channel",
  description: "Forwards a payload to the plugin's channel, delivered as a plugin:channel event.",
  toolset: "plugins",
  method: "POST",
  path: "/plugins/subscription/{website_id}/{plugin_id}/channel",
  params: {
    website_id: c.websiteId,
    plugin_id: c.pluginId,
    namespace: z.string().min(1).describe("Channel namespace, e.g. bot:step"),
    identifier: z.string().min(1).optional().describe("Channel identifier"),
    payload: c.openObject("Payload to forward"),
  },
  tiers: ["user", "plugin"],
});

export const dispatchPluginEvent = operation({
  name: "dispatch_plugin_event",
  title: "Dispatch plugin event",
  description: "Dispatches a named plugin event with data, delivered as a plugin:event event.",
  toolset: "plugins",
  method: "POST",
  path: "/plugins/subscription/{website_id}/{plugin_id}/event",
  params: {
    website_id: c.websiteId,
    plugin_id: c.pluginId,
    name: z.string().min(1).describe("Event name"),
    data: c.openObject("Event data"),
  },
  tiers: ["user", "plugin"],
});

export const pluginsOperations = [getConnectAccount, checkConnectSessionValidity, listAllConnectWebsites, listConnectWebsitesSince, getPluginConnectEndpoints, listAllActiveSubscriptions, listSubscriptionsForWebsite, getSubscriptionDetails, subscribeWebsiteToPlugin, unsubscribePluginFromWebsite, getSubscriptionSettings, saveSubscriptionSettings, updateSubscriptionSettings, getPluginUsageBills, reportPluginUsageToBill, getPluginAttestProvenance, forwardPluginPayloadToChannel, dispatchPluginEvent];
