import { z } from "zod";
import { operation } from "../operation.js";
import * as c from "./common.js";


// Profile card fields. Crisp's docs name these blocks without listing their
// fields, so the blocks stay open: the common keys are typed and any other
// (crisp-api 11.3.0 also types company legal_name, timezone, phones, emails,
// geolocation, metrics and tags, and geolocation coordinates) passes through
// unchanged, never dropped. Spelling them all out would add some 230 tokens to
// each of the three profile tools in tools/list.
const geolocation = z.looseObject({
  country: z.string().optional(),
  region: z.string().optional(),
  city: z.string().optional(),
});

const person = z.looseObject({
  nickname: z.string().optional(),
  avatar: z.string().optional().describe("Avatar URL"),
  gender: z.string().optional(),
  phone: z.string().optional(),
  address: z.string().optional(),
  description: z.string().optional(),
  website: z.string().optional(),
  timezone: z.number().int().min(-1440).max(1440).optional().describe("UTC offset in minutes"),
  profiles: z
    .array(z.strictObject({ type: z.string(), handle: z.string(), url: z.string().optional() }))
    .optional()
    .describe("Social profiles, e.g. twitter"),
  employment: z.looseObject({
    name: z.string().optional(),
    domain: z.string().optional(),
    title: z.string().optional(),
    role: z.string().optional(),
    seniority: z.string().optional(),
  }).optional(),
  geolocation: geolocation.optional(),
  locales: z.array(z.string()).optional().describe("Locale codes, e.g. en"),
});

const company = z.looseObject({
  name: z.string().optional(),
  domain: z.string().optional(),
  url: z.string().optional(),
  description: z.string().optional(),
});

/** Every field of a profile card, optional; add and save make email required. */
const profileCard = {
  email: c.email().optional().describe("Email address"),
  person: person.optional().describe("Person details"),
  company: company.optional().describe("Company details"),
  segments: z.array(z.string()).optional().describe("Segments (tags)"),
  notepad: z.string().optional().describe("Notes on the contact"),
  active: z.number().min(0).optional().describe("Last active time (ms timestamp)"),
};

const peopleData = z
  .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
  .describe("Custom data, key to value");

export const getPeopleStatistics = operation({
  name: "get_people_statistics",
  title: "Get people statistics",
  description: "Count the contacts (people profiles) of the workspace. Returns {total}.",
  toolset: "people",
  method: "GET",
  path: "/website/{website_id}/people/stats",
  params: {
    website_id: c.websiteId,
  },
  tiers: ["user", "plugin"],
});

export const listSuggestedPeopleSegments = operation({
  name: "list_suggested_people_segments",
  title: "List suggested people segments",
  description: "List the segments used on contacts, with counts. Page through until an empty list.",
  toolset: "people",
  method: "GET",
  path: "/website/{website_id}/people/suggest/segments/{page_number}",
  params: {
    website_id: c.websiteId,
    page_number: c.page,
  },
  tiers: ["user", "plugin"],
});

// DELETE with a JSON body.
export const deleteSuggestedPeopleSegment = operation({
  name: "delete_suggested_people_segment",
  title: "Delete suggested people segment",
  description: "Remove a segment from the contact segment suggestions.",
  toolset: "people",
  method: "DELETE",
  path: "/website/{website_id}/people/suggest/segment",
  params: {
    website_id: c.websiteId,
    segment: z.string().min(1).describe("Segment to remove"),
  },
  tiers: ["user", "plugin"],
});

export const listSuggestedPeopleDataKeys = operation({
  name: "list_suggested_people_data_keys",
  title: "List suggested people data keys",
  description: "List the custom data keys used on contacts, with counts. Page through until an empty list.",
  toolset: "people",
  method: "GET",
  path: "/website/{website_id}/people/suggest/data/{page_number}",
  params: {
    website_id: c.websiteId,
    page_number: c.page,
  },
  tiers: ["user", "plugin"],
});

// DELETE with a JSON body.
export const deleteSuggestedPeopleDataKey = operation({
  name: "delete_suggested_people_data_key",
  title: "Delete suggested people data key",
  description: "Remove a custom data key from the contact data suggestions.",
  toolset: "people",
  method: "DELETE",
  path: "/website/{website_id}/people/suggest/data",
  params: {
    website_id: c.websiteId,
    key: z.string().min(1).describe("Data key to remove"),
  },
  tiers: ["user", "plugin"],
});

export const listSuggestedPeopleEvents = operation({
  name: "list_suggested_people_events",
  title: "List suggested people events",
  description: "List the event names recorded on contacts, with counts. Page through until an empty list.",
  toolset: "people",
  method: "GET",
  path: "/website/{website_id}/people/suggest/events/{page_number}",
  params: {
    website_id: c.websiteId,
    page_number: c.page,
  },
  tiers: ["user", "plugin"],
});

// DELETE with a JSON body.
export const deleteSuggestedPeopleEvent = operation({
  name: "delete_suggested_people_event",
  title: "Delete suggested people event",
  description: "Remove an event name from the contact event suggestions.",
  toolset: "people",
  method: "DELETE",
  path: "/website/{website_id}/people/suggest/event",
  params: {
    website_id: c.websiteId,
    text: z.string().min(1).describe("Event name to remove"),
  },
  tiers: ["user", "plugin"],
});

// per_page and filter_date_* come from the REST docs; the Node wrapper never sends them.
export const listPeopleProfiles = operation({
  name: "list_people_profiles",
  title: "List people profiles",
  description: "List or search contacts by text or by field filters. Page through until an empty list.",
  toolset: "people",
  method: "GET",
  path: "/website/{website_id}/people/profiles/{page_number}",
  params: {
    website_id: c.websiteId,
    page_number: c.page,
    sort_field: z.string().optional().describe("Profile field to sort by"),
    sort_order: z.enum(["ascending", "descending"]).optional().describe("Sort direction"),
    search_operator: z.enum(["and", "or"]).optional().describe("How filters combine"),
    search_filter: z.array(c.filterCondition).min(1).optional().describe("Field filters"),
    search_text: z.string().optional().describe("Text search"),
    per_page: z.number().int().min(20).max(50).optional().describe("Page size, 20-50"),
    filter_date_start: c.isoDate("Date range start").optional().describe("Date range start (ISO)"),
    filter_date_end: c.isoDate("Date range end").optional().describe("Date range end (ISO)"),
  },
  tiers: ["user", "plugin"],
  query: ["sort_field", "sort_order", "search_operator", "search_filter", "search_text", "per_page", "filter_date_start", "filter_date_end"],
  aliases: ["WebsitePeople.listPeopleProfiles"],
});

export const addNewPeopleProfile = operation({
  name: "add_new_people_profile",
  title: "Add new people profile",
  description: "Create a contact (people profile); email is required. Returns {people_id}.",
  toolset: "people",
  method: "POST",
  path: "/website/{website_id}/people/profile",
  params: {
    website_id: c.websiteId,
    ...profileCard,
    email: c.email().describe("Email address"),
  },
  tiers: ["user", "plugin"],
  aliases: ["WebsitePeople.createNewPeopleProfile"],
});

export const checkPeopleProfileExists = operation({
  name: "check_people_profile_exists",
  title: "Check if people profile exists",
  description: "Check whether a contact exists, by people ID or email. Returns {exists}.",
  toolset: "people",
  method: "HEAD",
  path: "/website/{website_id}/people/profile/{people_id}",
  params: {
    website_id: c.websiteId,
    people_id: c.peopleId,
  },
  tiers: ["user", "plugin"],
});

// The Node wrapper's labels for get and save are swapped; these follow the REST docs.
export const getPeopleProfile = operation({
  name: "get_people_profile",
  title: "Get people profile",
  description: "Get a contact's profile: email, person, company, segments, notes. Also finds a contact by email.",
  toolset: "people",
  method: "GET",
  path: "/website/{website_id}/people/profile/{people_id}",
  params: {
    website_id: c.websiteId,
    people_id: c.peopleId,
  },
  tiers: ["user", "plugin"],
  aliases: ["WebsitePeople.checkPeopleProfileExists", "WebsitePeople.findByEmail", "WebsitePeople.getPeopleProfile", "find_people_profile_by_email"],
});

export const savePeopleProfile = operation({
  name: "save_people_profile",
  title: "Save people profile",
  description: "Replace a contact's whole profile; omitted fields are cleared. Use update_people_profile for a partial change.",
  toolset: "people",
  method: "PUT",
  path: "/website/{website_id}/people/profile/{people_id}",
  params: {
    website_id: c.websiteId,
    people_id: c.peopleId,
    ...profileCard,
    email: c.email().describe("Email address"),
  },
  tiers: ["user", "plugin"],
  aliases: ["WebsitePeople.savePeopleProfile"],
});

export const updatePeopleProfile = operation({
  name: "update_people_profile",
  title: "Update people profile",
  description: "Change only the given fields of a contact's profile; other fields are kept.",
  toolset: "people",
  method: "PATCH",
  path: "/website/{website_id}/people/profile/{people_id}",
  params: {
    website_id: c.websiteId,
    people_id: c.peopleId,
    ...profileCard,
  },
  tiers: ["user", "plugin"],
  aliases: ["WebsitePeople.updatePeopleProfile"],
});

export const removePeopleProfile = operation({
  name: "remove_people_profile",
  title: "Remove people profile",
  description: "Delete a contact profile from the workspace.",
  toolset: "people",
  method: "DELETE",
  path: "/website/{website_id}/people/profile/{people_id}",
  params: {
    website_id: c.websiteId,
    people_id: c.peopleId,
  },
  tiers: ["user", "plugin"],
  aliases: ["WebsitePeople.removePeopleProfile"],
});

// The filters come from the Go wrapper (FilterPeopleConversations); Node sends none.
export const listPeopleConversations = operation({
  name: "list_people_conversations",
  title: "List people conversations",
  description: "List the session IDs of a contact's conversations. Page through until an empty list.",
  toolset: "people",
  method: "GET",
  path: "/website/{website_id}/people/conversations/{people_id}/list/{page_number}",
  params: {
    website_id: c.websiteId,
    people_id: c.peopleId,
    page_number: c.page,
    filter_unread: c.flag("Only unread"),
    filter_resolved: c.flag("Only resolved"),
    filter_not_resolved: c.flag("Only not resolved"),
  },
  tiers: ["user", "plugin"],
  query: ["filter_unread", "filter_resolved", "filter_not_resolved"],
  aliases: ["WebsitePeople.listPeopleConversations"],
});

export const listPeopleCampaigns = operation({
  name: "list_people_campaigns",
  title: "List people campaigns",
  description: "List the campaigns a contact received, with their statistics. Page through until an empty list.",
  toolset: "people",
  method: "GET",
  path: "/website/{website_id}/people/campaigns/{people_id}/list/{page_number}",
  params: {
    website_id: c.websiteId,
    people_id: c.peopleId,
    page_number: c.page,
  },
  tiers: ["user"],
});

export const addPeopleEvent = operation({
  name: "add_people_event",
  title: "Add a people event",
  description: "Record an event on a contact's timeline, such as a signup or a purchase.",
  toolset: "people",
  method: "POST",
  path: "/website/{website_id}/people/events/{people_id}",
  params: {
    website_id: c.websiteId,
    people_id: c.peopleId,
    text: z.string().min(1).describe("Event name"),
    data: c.openObject("Event data").optional().describe("Event data"),
    color: z.string().optional().describe("Event color, e.g. red"),
  },
  tiers: ["user", "plugin"],
  aliases: ["WebsitePeople.addPeopleEvent"],
});

export const listPeopleEvents = operation({
  name: "list_people_events",
  title: "List people events",
  description: "List the events recorded on a contact. Page through until an empty list.",
  toolset: "people",
  method: "GET",
  path: "/website/{website_id}/people/events/{people_id}/list/{page_number}",
  params: {
    website_id: c.websiteId,
    people_id: c.peopleId,
    page_number: c.page,
  },
  tiers: ["user", "plugin"],
  aliases: ["WebsitePeople.listPeopleEvent"],
});

export const getPeopleData = operation({
  name: "get_people_data",
  title: "Get people data",
  description: "Get a contact's custom data (key/value pairs).",
  toolset: "people",
  method: "GET",
  path: "/website/{website_id}/people/data/{people_id}",
  params: {
    website_id: c.websiteId,
    people_id: c.peopleId,
  },
  tiers: ["user", "plugin"],
  aliases: ["WebsitePeople.getPeopleData"],
});

export const savePeopleData = operation({
  name: "save_people_data",
  title: "Save people data",
  description: "Replace all of a contact's custom data; keys not given are removed. Use update_people_data to merge.",
  toolset: "people",
  method: "PUT",
  path: "/website/{website_id}/people/data/{people_id}",
  params: {
    website_id: c.websiteId,
    people_id: c.peopleId,
    data: peopleData,
  },
  tiers: ["user", "plugin"],
  aliases: ["WebsitePeople.savePeopleData"],
});

export const updatePeopleData = operation({
  name: "update_people_data",
  title: "Update people data",
  description: "Merge the given keys into a contact's custom data; other keys are kept.",
  toolset: "people",
  method: "PATCH",
  path: "/website/{website_id}/people/data/{people_id}",
  params: {
    website_id: c.websiteId,
    people_id: c.peopleId,
    data: peopleData,
  },
  tiers: ["user", "plugin"],
  aliases: ["WebsitePeople.updatePeopleData"],
});

export const getPeopleSubscriptionStatus = operation({
  name: "get_people_subscription_status",
  title: "Get people subscription status",
  description: "Check whether a contact is subscribed to emails. Returns {email: boolean}.",
  toolset: "people",
  method: "GET",
  path: "/website/{website_id}/people/subscription/{people_id}",
  params: {
    website_id: c.websiteId,
    people_id: c.peopleId,
  },
  tiers: ["user", "plugin"],
  aliases: ["WebsitePeople.getPeopleSubscriptionStatus"],
});

export const updatePeopleSubscriptionStatus = operation({
  name: "update_people_subscription_status",
  title: "Update people subscription status",
  description: "Subscribe a contact to emails, or unsubscribe them.",
  toolset: "people",
  method: "PATCH",
  path: "/website/{website_id}/people/subscription/{people_id}",
  params: {
    website_id: c.websiteId,
    people_id: c.peopleId,
    email: z.boolean().describe("Subscribed to emails"),
  },
  tiers: ["user", "plugin"],
  aliases: ["WebsitePeople.updatePeopleSubscriptionStatus"],
});

export const exportPeopleProfiles = operation({
  name: "export_people_profiles",
  title: "Export people profiles",
  description: "Request an export of all contact profiles; it runs in the background.",
  toolset: "people",
  method: "POST",
  path: "/website/{website_id}/people/export/profiles",
  params: {
    website_id: c.websiteId,
  },
  tiers: ["user"],
});

export const importPeopleProfiles = operation({
  name: "import_people_profiles",
  title: "Import people profiles",
  description: "Import contacts from a CSV file uploaded through a bucket URL, mapping columns to profile fields.",
  toolset: "people",
  method: "POST",
  path: "/website/{website_id}/people/import/profiles",
  params: {
    website_id: c.websiteId,
    url: z.url().describe("CSV URL (from generate_bucket_url)"),
    mapping: z
      .array(z.strictObject({ column: z.number().int().min(0).max(1000).describe("Column index"), field: z.string().describe("Profile field, e.g. email") }))
      .min(1)
      .describe("CSV column index to profile field"),
    options: z
      .strictObject({ column_separator: z.string().optional(), skip_header: z.boolean().optional() })
      .optional()
      .describe("CSV parsing options"),
  },
  tiers: ["user"],
});

export const peopleOperations = [getPeopleStatistics, listSuggestedPeopleSegments, deleteSuggestedPeopleSegment, listSuggestedPeopleDataKeys, deleteSuggestedPeopleDataKey, listSuggestedPeopleEvents, deleteSuggestedPeopleEvent, listPeopleProfiles, addNewPeopleProfile, checkPeopleProfileExists, getPeopleProfile, savePeopleProfile, updatePeopleProfile, removePeopleProfile, listPeopleConversations, listPeopleCampaigns, addPeopleEvent, listPeopleEvents, getPeopleData, savePeopleData, updatePeopleData, getPeopleSubscriptionStatus, updatePeopleSubscriptionStatus, exportPeopleProfiles, importPeopleProfiles];
