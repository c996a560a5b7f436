import { z } from "zod";
import { operation } from "../operation.js";
import * as c from "./common.js";

// The helpdesk (Knowledge Base), as crisp-api 11 serves it: helpdesk-level
// routes, locales, and the content store of pages, trees, content, metadata
// and history, per locale and content type. The older article, category and
// section routes live in helpdesk-legacy.ts.

/** HelpdeskContentType: the four kinds of content a Knowledge Base holds. */
export const contentType = z.enum(["articles", "guides", "references", "news"]).describe("Content type");

/**
 * A tree path such as "getting-started/install". Each "/"-separated part is
 * sent as its own encoded segment (the wrapper keeps the slashes), so no part
 * can climb with ".." or start a query.
 */
const TREE_PART = /^(?!\.{1,2}$)[^/?#\\]+$/;
export const treePathText = z
  .string()
  .min(1)
  .max(512)
  .refine((path) => path.split("/").every((part) => TREE_PART.test(part)), {
    message: 'must be parts joined by "/", such as getting-started/install, none empty, "." or ".."',
  })
  .describe("Tree path, e.g. getting-started/install");
const treePath = treePathText.transform((path) => path.split("/"));

const treeEntry = {
  website_id: c.websiteId,
  locale: c.locale,
  content_type: contentType,
  tree_path: treePath,
};

const changeId = c.segment("History change ID");
const redirectionId = c.segment("Redirection ID");

export const checkHelpdeskExists = operation({
  name: "check_helpdesk_exists",
  title: "Check if helpdesk exists",
  description: "Check whether the website has a helpdesk (knowledge base) set up.",
  toolset: "helpdesk",
  method: "HEAD",
  path: "/website/{website_id}/helpdesk",
  params: {
    website_id: c.websiteId,
  },
  tiers: ["user", "plugin"],
});

export const resolveHelpdesk = operation({
  name: "resolve_helpdesk",
  title: "Resolve helpdesk",
  description: "Get the website's helpdesk name and public URL.",
  toolset: "helpdesk",
  method: "GET",
  path: "/website/{website_id}/helpdesk",
  params: {
    website_id: c.websiteId,
  },
  tiers: ["user", "plugin"],
});

export const initializeHelpdesk = operation({
  name: "initialize_helpdesk",
  title: "Initialize helpdesk",
  description: "Create the website's helpdesk; needed once before adding locales and articles.",
  toolset: "helpdesk",
  method: "POST",
  path: "/website/{website_id}/helpdesk",
  params: {
    website_id: c.websiteId,
    name: z.string().min(1).describe("Helpdesk name"),
    domain_basic: z.string().min(1).describe("Subdomain, as in <basic>.crisp.help"),
  },
  tiers: ["user"],
});

// DELETE with a JSON body.
export const deleteHelpdesk = operation({
  name: "delete_helpdesk",
  title: "Delete helpdesk",
  description: "Delete the whole helpdesk with all locales and articles. Requires account re-verification.",
  toolset: "helpdesk",
  method: "DELETE",
  path: "/website/{website_id}/helpdesk",
  params: {
    website_id: c.websiteId,
    verify: c.verify,
  },
  tiers: ["user"],
});

export const listHelpdeskLocales = operation({
  name: "list_helpdesk_locales",
  title: "List helpdesk locales",
  description: "List the helpdesk's languages with article and category counts. Page until an empty list.",
  toolset: "helpdesk",
  method: "GET",
  path: "/website/{website_id}/helpdesk/locales/{page_number}",
  params: {
    website_id: c.websiteId,
    page_number: c.page,
  },
  tiers: ["user", "plugin"],
});

export const addHelpdeskLocale = operation({
  name: "add_helpdesk_locale",
  title: "Add helpdesk locale",
  description: "Add a language to the helpdesk; each locale holds its own categories and articles.",
  toolset: "helpdesk",
  method: "POST",
  path: "/website/{website_id}/helpdesk/locale",
  params: {
    website_id: c.websiteId,
    locale: c.locale.describe("ISO 639-1 code to add, e.g. fr"),
  },
  tiers: ["user", "plugin"],
});

export const checkHelpdeskLocaleExists = operation({
  name: "check_helpdesk_locale_exists",
  title: "Check if helpdesk locale exists",
  description: "Check whether the helpdesk has this language.",
  toolset: "helpdesk",
  method: "HEAD",
  path: "/website/{website_id}/helpdesk/locale/{locale}",
  params: {
    website_id: c.websiteId,
    locale: c.locale,
  },
  tiers: ["user", "plugin"],
});

export const resolveHelpdeskLocale = operation({
  name: "resolve_helpdesk_locale",
  title: "Resolve helpdesk locale",
  description: "Get one helpdesk language: public URL and article and category counts.",
  toolset: "helpdesk",
  method: "GET",
  path: "/website/{website_id}/helpdesk/locale/{locale}",
  params: {
    website_id: c.websiteId,
    locale: c.locale,
  },
  tiers: ["user", "plugin"],
});

export const deleteHelpdeskLocale = operation({
  name: "delete_helpdesk_locale",
  title: "Delete helpdesk locale",
  description: "Remove a language from the helpdesk, with all its articles and categories.",
  toolset: "helpdesk",
  method: "DELETE",
  path: "/website/{website_id}/helpdesk/locale/{locale}",
  params: {
    website_id: c.websiteId,
    locale: c.locale,
  },
  tiers: ["user", "plugin"],
});

export const listHelpdeskPages = operation({
  name: "list_helpdesk_pages",
  title: "List helpdesk pages",
  description: "List the published pages of one content type: entity_id, title, tree_path and public URL. Page until an empty list.",
  toolset: "helpdesk",
  method: "GET",
  path: "/website/{website_id}/helpdesk/page/list/{locale}/{content_type}/{page_number}",
  params: {
    website_id: c.websiteId,
    locale: c.locale,
    content_type: contentType,
    page_number: c.page,
  },
});

export const resolveHelpdeskPageEntity = operation({
  name: "resolve_helpdesk_page_entity",
  title: "Resolve helpdesk page entity",
  description: "Look up one published page by its entity_id: title, tree_path and public URL.",
  toolset: "helpdesk",
  method: "GET",
  path: "/website/{website_id}/helpdesk/page/entity/{locale}/{content_type}/{entity_id}",
  params: {
    website_id: c.websiteId,
    locale: c.locale,
    content_type: contentType,
    entity_id: c.segment("Page entity ID"),
  },
});

export const listHelpdeskTree = operation({
  name: "list_helpdesk_tree",
  title: "List helpdesk tree",
  description: "List the tree of one content type (groups and entries with slug, title, state, children), optionally under a sub path or by title. Page until an empty list.",
  toolset: "helpdesk",
  method: "GET",
  path: "/website/{website_id}/helpdesk/tree/list/{locale}/{content_type}/{page_number}",
  params: {
    website_id: c.websiteId,
    locale: c.locale,
    content_type: contentType,
    page_number: c.page,
    sub_path: treePathText.optional().describe("Only entries under this tree path"),
    search_title: z.string().min(1).max(500).optional().describe("Text to find in titles"),
    filter_date_start: c.optionalIsoDate("From date (ISO-8601)"),
    filter_date_end: c.optionalIsoDate("To date (ISO-8601)"),
  },
  query: ["sub_path", "search_title", "filter_date_start", "filter_date_end"],
});

export const createHelpdeskTreePath = operation({
  name: "create_helpdesk_tree_path",
  title: "Create helpdesk tree path",
  description: "Create an entry at a tree path; then write it with save_helpdesk_tree_content and update_helpdesk_tree_metadata.",
  toolset: "helpdesk",
  method: "POST",
  path: "/website/{website_id}/helpdesk/tree/path/{locale}/{content_type}/{tree_path}",
  params: treeEntry,
});

export const resolveHelpdeskTreePath = operation({
  name: "resolve_helpdesk_tree_path",
  title: "Resolve helpdesk tree path",
  description: "Get the entry at a tree path: type, slug, title, state and children.",
  toolset: "helpdesk",
  method: "GET",
  path: "/website/{website_id}/helpdesk/tree/path/{locale}/{content_type}/{tree_path}",
  params: treeEntry,
});

export const updateHelpdeskTreePath = operation({
  name: "update_helpdesk_tree_path",
  title: "Update helpdesk tree path",
  description: "Move or reorder the entry at a tree path (path.to, position).",
  toolset: "helpdesk",
  method: "PATCH",
  path: "/website/{website_id}/helpdesk/tree/path/{locale}/{content_type}/{tree_path}",
  params: {
    ...treeEntry,
    action: z.string().min(1).max(64).describe("Update action"),
    path: z.strictObject({ to: treePathText.describe("New tree path") }).optional().describe("Where to move it"),
    position: z.number().int().min(0).max(65535).optional().describe("Position among its siblings"),
  },
});

export const deleteHelpdeskTreePath = operation({
  name: "delete_helpdesk_tree_path",
  title: "Delete helpdesk tree path",
  description: "Delete the entry at a tree path.",
  toolset: "helpdesk",
  method: "DELETE",
  path: "/website/{website_id}/helpdesk/tree/path/{locale}/{content_type}/{tree_path}",
  params: treeEntry,
});

export const resolveHelpdeskTreeContent = operation({
  name: "resolve_helpdesk_tree_content",
  title: "Resolve helpdesk tree content",
  description: "Get the text of the entry at a tree path.",
  toolset: "helpdesk",
  method: "GET",
  path: "/website/{website_id}/helpdesk/tree/content/{locale}/{content_type}/{tree_path}",
  params: treeEntry,
});

export const saveHelpdeskTreeContent = operation({
  name: "save_helpdesk_tree_content",
  title: "Save helpdesk tree content",
  description: "Replace the whole text of the entry at a tree path.",
  toolset: "helpdesk",
  method: "PUT",
  path: "/website/{website_id}/helpdesk/tree/content/{locale}/{content_type}/{tree_path}",
  params: {
    ...treeEntry,
    content: z.string().max(500_000).describe("Full text, in the entry's format (Markdown)"),
  },
});

export const resolveHelpdeskTreeMetadata = operation({
  name: "resolve_helpdesk_tree_metadata",
  title: "Resolve helpdesk tree metadata",
  description: "Get the entry's format, title, description, state (published, hidden, featured), author, color and image.",
  toolset: "helpdesk",
  method: "GET",
  path: "/website/{website_id}/helpdesk/tree/metadata/{locale}/{content_type}/{tree_path}",
  params: treeEntry,
});

export const updateHelpdeskTreeMetadata = operation({
  name: "update_helpdesk_tree_metadata",
  title: "Update helpdesk tree metadata",
  description: "Change an entry's title, description or state (publish with state.published); omitted fields are kept.",
  toolset: "helpdesk",
  method: "PATCH",
  path: "/website/{website_id}/helpdesk/tree/metadata/{locale}/{content_type}/{tree_path}",
  params: {
    ...treeEntry,
    format: z.string().min(1).max(32).optional().describe("Text format"),
    title: z.string().min(1).max(500).optional().describe("Title"),
    description: z.string().max(2000).optional().describe("Short summary"),
    state: z
      .strictObject({ published: z.boolean().optional(), hidden: z.boolean().optional(), featured: z.boolean().optional() })
      .optional()
      .describe("Published, hidden, featured"),
    author: z.strictObject({ user_id: c.userId.optional() }).optional().describe("Author operator"),
    color: z.string().max(32).optional().describe("Color"),
    image: z.string().max(2000).optional().describe("Image URL"),
  },
});

export const resolveHelpdeskTreePage = operation({
  name: "resolve_helpdesk_tree_page",
  title: "Resolve helpdesk tree page",
  description: "Get the public page (title, URL) of the entry at a tree path.",
  toolset: "helpdesk",
  method: "GET",
  path: "/website/{website_id}/helpdesk/tree/page/{locale}/{content_type}/{tree_path}",
  params: treeEntry,
});

export const listHelpdeskHistoryChanges = operation({
  name: "list_helpdesk_history_changes",
  title: "List helpdesk history changes",
  description: "List the Knowledge Base's edit history (who changed which files, when), website-wide. Page until an empty list.",
  toolset: "helpdesk",
  method: "GET",
  path: "/website/{website_id}/helpdesk/history/changes/{page_number}",
  params: {
    website_id: c.websiteId,
    page_number: c.page,
    filter_locale: c.locale.optional().describe("Only this locale"),
    filter_type: z.string().min(1).max(32).optional().describe("Only this type, e.g. articles"),
    filter_tree_path: treePathText.optional().describe("Only this tree path"),
  },
  query: ["filter_locale", "filter_type", "filter_tree_path"],
});

export const resolveHelpdeskHistoryChange = operation({
  name: "resolve_helpdesk_history_change",
  title: "Resolve helpdesk history change",
  description: "Get one history change: message, author, edit counts and the files it touched.",
  toolset: "helpdesk",
  method: "GET",
  path: "/website/{website_id}/helpdesk/history/change/{change_id}",
  params: {
    website_id: c.websiteId,
    change_id: changeId,
  },
});

// DELETE with a JSON body.
export const cancelHelpdeskHistoryChange = operation({
  name: "cancel_helpdesk_history_change",
  title: "Cancel helpdesk history change",
  description: "Cancel (revert) one history change.",
  toolset: "helpdesk",
  method: "DELETE",
  path: "/website/{website_id}/helpdesk/history/change/{change_id}",
  params: {
    website_id: c.websiteId,
    change_id: changeId,
    action: z.string().min(1).max(64).describe("Cancel action"),
  },
});

export const requestHelpdeskContentRefresh = operation({
  name: "request_helpdesk_content_refresh",
  title: "Request helpdesk content refresh",
  description: "Ask Crisp to refresh the published content of one content type in a locale.",
  toolset: "helpdesk",
  method: "POST",
  path: "/website/{website_id}/helpdesk/refresh/{locale}/{content_type}",
  params: {
    website_id: c.websiteId,
    locale: c.locale,
    content_type: contentType,
  },
});

export const mapHelpdeskLocaleFeedbackRatings = operation({
  name: "map_helpdesk_locale_feedback_ratings",
  title: "Map helpdesk locale feedback ratings",
  description: "Count helpful and unhelpful ratings of one content type in a locale, optionally over a date range.",
  toolset: "helpdesk",
  method: "GET",
  path: "/website/{website_id}/helpdesk/feedback/ratings/{locale}/{content_type}",
  params: {
    website_id: c.websiteId,
    locale: c.locale,
    content_type: contentType,
    filter_date_start: c.optionalIsoDate("From date (ISO-8601)"),
    filter_date_end: c.optionalIsoDate("To date (ISO-8601)"),
  },
  tiers: ["user", "plugin"],
  query: ["filter_date_start", "filter_date_end"],
});

export const listHelpdeskLocaleFeedbacks = operation({
  name: "list_helpdesk_locale_feedbacks",
  title: "List helpdesk locale feedbacks",
  description: "List readers' article feedback (rating, comment, article, visitor session). Page until an empty list.",
  toolset: "helpdesk",
  method: "GET",
  path: "/website/{website_id}/helpdesk/feedback/list/{locale}/{content_type}/{page_number}",
  params: {
    website_id: c.websiteId,
    locale: c.locale,
    content_type: contentType,
    page_number: c.page,
    filter_date_start: c.optionalIsoDate("From date (ISO-8601)"),
    filter_date_end: c.optionalIsoDate("To date (ISO-8601)"),
  },
  tiers: ["user", "plugin"],
  query: ["filter_date_start", "filter_date_end"],
});

export const importExternalHelpdeskToLocale = operation({
  name: "import_external_helpdesk_to_locale",
  title: "Import external helpdesk to locale",
  description: "Import another provider's public helpdesk into this locale and content type.",
  toolset: "helpdesk",
  method: "POST",
  path: "/website/{website_id}/helpdesk/import/{locale}/{content_type}",
  params: {
    website_id: c.websiteId,
    locale: c.locale,
    content_type: contentType,
    helpdesk_url: z.url({ protocol: /^https?$/ }).describe("Public URL of the helpdesk to import"),
    detect_locales: z.boolean().optional().describe("Detect the source's other languages"),
    other_locales: z.array(c.locale).max(100).optional().describe("Other locales to import"),
  },
  tiers: ["user"],
});

export const exportHelpdeskLocaleArticles = operation({
  name: "export_helpdesk_locale_articles",
  title: "Export helpdesk locale articles",
  description: "Start an export of one content type (articles, guides...) in this locale.",
  toolset: "helpdesk",
  method: "POST",
  path: "/website/{website_id}/helpdesk/export/{locale}/{content_type}",
  params: {
    website_id: c.websiteId,
    locale: c.locale,
    content_type: contentType,
  },
  tiers: ["user"],
});

export const listHelpdeskRedirections = operation({
  name: "list_helpdesk_redirections",
  title: "List helpdesk redirections",
  description: "List the helpdesk's URL redirections (path to target). Page until an empty list.",
  toolset: "helpdesk",
  method: "GET",
  path: "/website/{website_id}/helpdesk/redirections/{page_number}",
  params: {
    website_id: c.websiteId,
    page_number: c.page,
  },
  tiers: ["user", "plugin"],
});

export const addHelpdeskRedirection = operation({
  name: "add_helpdesk_redirection",
  title: "Add helpdesk redirection",
  description: "Redirect a helpdesk path to another URL, e.g. after moving an article; returns {redirection_id}.",
  toolset: "helpdesk",
  method: "POST",
  path: "/website/{website_id}/helpdesk/redirection",
  params: {
    website_id: c.websiteId,
    path: z.string().min(1).describe("Helpdesk path to redirect from"),
    target: z.string().min(1).describe("Destination URL or path"),
  },
  tiers: ["user", "plugin"],
});

export const checkHelpdeskRedirectionExists = operation({
  name: "check_helpdesk_redirection_exists",
  title: "Check if helpdesk redirection exists",
  description: "Check whether a helpdesk redirection exists.",
  toolset: "helpdesk",
  method: "HEAD",
  path: "/website/{website_id}/helpdesk/redirection/{redirection_id}",
  params: {
    website_id: c.websiteId,
    redirection_id: redirectionId,
  },
  tiers: ["user", "plugin"],
});

export const resolveHelpdeskRedirection = operation({
  name: "resolve_helpdesk_redirection",
  title: "Resolve helpdesk redirection",
  description: "Get a redirection's path and target.",
  toolset: "helpdesk",
  method: "GET",
  path: "/website/{website_id}/helpdesk/redirection/{redirection_id}",
  params: {
    website_id: c.websiteId,
    redirection_id: redirectionId,
  },
  tiers: ["user", "plugin"],
});

export const deleteHelpdeskRedirection = operation({
  name: "delete_helpdesk_redirection",
  title: "Delete helpdesk redirection",
  description: "Delete a helpdesk redirection.",
  toolset: "helpdesk",
  method: "DELETE",
  path: "/website/{website_id}/helpdesk/redirection/{redirection_id}",
  params: {
    website_id: c.websiteId,
    redirection_id: redirectionId,
  },
  tiers: ["user", "plugin"],
});

// secret: the access settings carry the help center's password and JWT secret.
export const resolveHelpdeskSettings = operation({
  name: "resolve_helpdesk_settings",
  title: "Resolve helpdesk settings",
  description: "Get the helpdesk's name, appearance, behavior flags, custom HTML and access settings.",
  toolset: "helpdesk",
  method: "GET",
  path: "/website/{website_id}/helpdesk/settings",
  params: {
    website_id: c.websiteId,
  },
  secret: true,
  tiers: ["user", "plugin"],
});

// PATCH although Crisp labels it Save: only the fields sent change.
export const saveHelpdeskSettings = operation({
  name: "save_helpdesk_settings",
  title: "Save helpdesk settings",
  description: "Change helpdesk settings; omitted fields are kept.",
  toolset: "helpdesk",
  method: "PATCH",
  path: "/website/{website_id}/helpdesk/settings",
  params: {
    website_id: c.websiteId,
    name: z.string().min(1).optional().describe("Helpdesk name"),
    appearance: z
      .strictObject({
        color: z
          .strictObject({ mode: z.string().max(32).optional(), mode_changeable: z.boolean().optional() })
          .optional()
          .describe("Color mode"),
        logos: z
          .strictObject({ favicon: z.string().optional(), header: z.string().optional(), footer: z.string().optional() })
          .optional()
          .describe("Logo URLs"),
        banner: z.string().optional().describe("Banner image URL"),
      })
      .optional()
      .describe("Branding"),
    localization: z
      .strictObject({
        writing_locale: c.locale.optional(),
        translated_automatic: z.boolean().optional(),
        translated_locales_readonly: z.boolean().optional(),
      })
      .optional()
      .describe("Writing locale and automatic translation"),
    section: z
      .strictObject({
        articles: z.string().optional(),
        guides: z.string().optional(),
        references: z.string().optional(),
        news: z.string().optional(),
      })
      .optional()
      .describe("Per content type section setting"),
    // The 11.x HelpdeskSettings flags, every one of them.
    behavior: z
      .strictObject({
        frequently_read: z.boolean().optional(),
        show_category_images: z.boolean().optional(),
        show_chatbox: z.boolean().optional(),
        ask_feedback: z.boolean().optional(),
        report_incorrect: z.boolean().optional(),
        serve_markdown: z.boolean().optional(),
        agent_chat_bar: z.boolean().optional(),
        agent_copy_button: z.boolean().optional(),
        table_of_contents: z.boolean().optional(),
        locale_picker: z.boolean().optional(),
        refer_link: z.boolean().optional(),
        forbid_indexing: z.boolean().optional(),
        status_health_dead: z.boolean().optional(),
      })
      .optional()
      .describe("Behavior flags"),
    service: z.strictObject({ mcp_server: z.boolean().optional() }).optional().describe("Helpdesk MCP server"),
    include: z.strictObject({ html: z.string().optional().describe("Custom HTML") }).optional().describe("Code injected in pages"),
    access: z
      .strictObject({
        restrict_mode: z.string().max(32).optional(),
        password: z.string().optional(),
        jwt_secret: z.string().optional(),
      })
      .optional()
      .describe("Access restriction"),
  },
  tiers: ["user", "plugin"],
});

export const resolveHelpdeskDomain = operation({
  name: "resolve_helpdesk_domain",
  title: "Resolve helpdesk domain",
  description: "Get the helpdesk's crisp.help subdomain, custom domain and whether it is verified.",
  toolset: "helpdesk",
  method: "GET",
  path: "/website/{website_id}/helpdesk/domain",
  params: {
    website_id: c.websiteId,
  },
  tiers: ["user"],
});

export const requestHelpdeskDomainChange = operation({
  name: "request_helpdesk_domain_change",
  title: "Request helpdesk domain change",
  description: "Change the helpdesk subdomain or custom domain. Set DNS first with generate_helpdesk_domain_setup_flow.",
  toolset: "helpdesk",
  method: "PATCH",
  path: "/website/{website_id}/helpdesk/domain",
  params: {
    website_id: c.websiteId,
    basic: z.string().min(1).optional().describe("New subdomain of crisp.help"),
    custom: z.string().min(1).max(253).optional().describe("Custom domain, e.g. help.example.com"),
  },
  tiers: ["user"],
});

export const generateHelpdeskDomainSetupFlow = operation({
  name: "generate_helpdesk_domain_setup_flow",
  title: "Generate helpdesk domain setup flow",
  description: "Get the DNS records needed to serve the helpdesk on a custom domain.",
  toolset: "helpdesk",
  method: "GET",
  path: "/website/{website_id}/helpdesk/domain/setup",
  params: {
    website_id: c.websiteId,
    custom: z.string().min(1).max(253).optional().describe("Custom domain, e.g. help.example.com"),
  },
  tiers: ["user"],
  query: ["custom"],
});

export const helpdeskOperations = [
  checkHelpdeskExists,
  resolveHelpdesk,
  initializeHelpdesk,
  deleteHelpdesk,
  listHelpdeskLocales,
  addHelpdeskLocale,
  checkHelpdeskLocaleExists,
  resolveHelpdeskLocale,
  deleteHelpdeskLocale,
  listHelpdeskPages,
  resolveHelpdeskPageEntity,
  listHelpdeskTree,
  createHelpdeskTreePath,
  resolveHelpdeskTreePath,
  updateHelpdeskTreePath,
  deleteHelpdeskTreePath,
  resolveHelpdeskTreeContent,
  saveHelpdeskTreeContent,
  resolveHelpdeskTreeMetadata,
  updateHelpdeskTreeMetadata,
  resolveHelpdeskTreePage,
  listHelpdeskHistoryChanges,
  resolveHelpdeskHistoryChange,
  cancelHelpdeskHistoryChange,
  requestHelpdeskContentRefresh,
  mapHelpdeskLocaleFeedbackRatings,
  listHelpdeskLocaleFeedbacks,
  importExternalHelpdeskToLocale,
  exportHelpdeskLocaleArticles,
  listHelpdeskRedirections,
  addHelpdeskRedirection,
  checkHelpdeskRedirectionExists,
  resolveHelpdeskRedirection,
  deleteHelpdeskRedirection,
  resolveHelpdeskSettings,
  saveHelpdeskSettings,
  resolveHelpdeskDomain,
  requestHelpdeskDomainChange,
  generateHelpdeskDomainSetupFlow,
];
