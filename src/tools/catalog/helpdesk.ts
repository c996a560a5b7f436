import { z } from "zod";
import { operation } from "../operation.js";
import * as c from "./common.js";

// zod drops the description on .optional(), so describe the optional wrapper too.
const optDate = (description: string) => c.isoDate(description).optional().describe(description);


// Crisp stores sort positions as 16-bit unsigned integers.
const order = z.number().int().min(0).max(65535).optional().describe("Sort position");

// Article fields shared by the full (PUT) and partial (PATCH) writes.
const articleTitle = z.string().min(1).describe("Article title");
const articleContent = z.string().describe("Article body (Markdown)");
const articleFields = {
  description: z.string().optional().describe("Short summary"),
  featured: z.boolean().optional().describe("Feature on helpdesk home"),
  order,
  status: z.enum(["published", "draft"]).optional().describe("Status: published or draft"),
  visibility: z.enum(["visible", "hidden"]).optional().describe("Visibility: visible or hidden"),
};

const categoryName = z.string().min(1).describe("Category name");
const categoryFields = {
  description: z.string().optional().describe("Category description"),
  color: z.string().optional().describe("Category color"),
  image: z.string().optional().describe("Category image URL"),
  order,
};

const sectionName = z.string().min(1).describe("Section name");

const linkedLocale = c.locale.describe("Linked locale code");
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

// Query names from ruby-crisp-api; node passes them as a free-form options object.
export const listHelpdeskLocaleArticles = operation({
  name: "list_helpdesk_locale_articles",
  title: "List helpdesk locale articles",
  description: "List or search a locale's articles, filtered by title, category, status or date. Page until an empty list.",
  toolset: "helpdesk",
  method: "GET",
  path: "/website/{website_id}/helpdesk/locale/{locale}/articles/{page_number}",
  params: {
    website_id: c.websiteId,
    locale: c.locale,
    page_number: c.page,
    order_visits: c.flag("Sort by visits"),
    search_title: z.string().min(1).max(500).optional().describe("Text to find in titles"),
    filter_category_id: c.categoryId.optional().describe("Only this category"),
    filter_section_id: c.sectionId.optional().describe("Only this section"),
    filter_status_published: c.flag("Only published"),
    filter_status_draft: c.flag("Only drafts"),
    filter_visibility_visible: c.flag("Only visible"),
    filter_visibility_hidden: c.flag("Only hidden"),
    filter_date_start: optDate("From date (ISO-8601)"),
    filter_date_end: optDate("To date (ISO-8601)"),
  },
  tiers: ["user", "plugin"],
  query: ["order_visits", "search_title", "filter_category_id", "filter_section_id", "filter_status_published", "filter_status_draft", "filter_visibility_visible", "filter_visibility_hidden", "filter_date_start", "filter_date_end"],
  aliases: ["list_helpdesk_articles"],
});

export const addNewHelpdeskLocaleArticle = operation({
  name: "add_new_helpdesk_locale_article",
  title: "Add a new helpdesk locale article",
  description: "Create an article with only a title; returns {article_id}. Write its content with update_helpdesk_locale_article.",
  toolset: "helpdesk",
  method: "POST",
  path: "/website/{website_id}/helpdesk/locale/{locale}/article",
  params: {
    website_id: c.websiteId,
    locale: c.locale,
    title: articleTitle,
  },
  tiers: ["user", "plugin"],
});

export const checkHelpdeskLocaleArticleExists = operation({
  name: "check_helpdesk_locale_article_exists",
  title: "Check if helpdesk locale article exists",
  description: "Check whether an article exists in this locale.",
  toolset: "helpdesk",
  method: "HEAD",
  path: "/website/{website_id}/helpdesk/locale/{locale}/article/{article_id}",
  params: {
    website_id: c.websiteId,
    locale: c.locale,
    article_id: c.articleId,
  },
  tiers: ["user", "plugin"],
});

export const resolveHelpdeskLocaleArticle = operation({
  name: "resolve_helpdesk_locale_article",
  title: "Resolve helpdesk locale article",
  description: "Get an article: title, content, status, visibility, visits and URL.",
  toolset: "helpdesk",
  method: "GET",
  path: "/website/{website_id}/helpdesk/locale/{locale}/article/{article_id}",
  params: {
    website_id: c.websiteId,
    locale: c.locale,
    article_id: c.articleId,
  },
  tiers: ["user", "plugin"],
});

export const saveHelpdeskLocaleArticle = operation({
  name: "save_helpdesk_locale_article",
  title: "Save helpdesk locale article",
  description: "Replace an article's content and fields. Full replace; use update_helpdesk_locale_article for a partial change.",
  toolset: "helpdesk",
  method: "PUT",
  path: "/website/{website_id}/helpdesk/locale/{locale}/article/{article_id}",
  params: {
    website_id: c.websiteId,
    locale: c.locale,
    article_id: c.articleId,
    title: articleTitle,
    content: articleContent,
    ...articleFields,
  },
  tiers: ["user", "plugin"],
});

export const updateHelpdeskLocaleArticle = operation({
  name: "update_helpdesk_locale_article",
  title: "Update helpdesk locale article",
  description: "Change some fields of an article; omitted fields are kept.",
  toolset: "helpdesk",
  method: "PATCH",
  path: "/website/{website_id}/helpdesk/locale/{locale}/article/{article_id}",
  params: {
    website_id: c.websiteId,
    locale: c.locale,
    article_id: c.articleId,
    title: articleTitle.optional().describe("Article title"),
    content: articleContent.optional().describe("Article body (Markdown)"),
    ...articleFields,
  },
  tiers: ["user", "plugin"],
});

export const deleteHelpdeskLocaleArticle = operation({
  name: "delete_helpdesk_locale_article",
  title: "Delete helpdesk locale article",
  description: "Delete an article from this locale.",
  toolset: "helpdesk",
  method: "DELETE",
  path: "/website/{website_id}/helpdesk/locale/{locale}/article/{article_id}",
  params: {
    website_id: c.websiteId,
    locale: c.locale,
    article_id: c.articleId,
  },
  tiers: ["user", "plugin"],
});

export const resolveHelpdeskLocaleArticlePage = operation({
  name: "resolve_helpdesk_locale_article_page",
  title: "Resolve helpdesk locale article page",
  description: "Get the article as shown on its public helpdesk page.",
  toolset: "helpdesk",
  method: "GET",
  path: "/website/{website_id}/helpdesk/locale/{locale}/article/{article_id}/page",
  params: {
    website_id: c.websiteId,
    locale: c.locale,
    article_id: c.articleId,
  },
  tiers: ["user", "plugin"],
});

export const resolveHelpdeskLocaleArticleCategory = operation({
  name: "resolve_helpdesk_locale_article_category",
  title: "Resolve helpdesk locale article category",
  description: "Get the category_id and section_id an article is filed under.",
  toolset: "helpdesk",
  method: "GET",
  path: "/website/{website_id}/helpdesk/locale/{locale}/article/{article_id}/category",
  params: {
    website_id: c.websiteId,
    locale: c.locale,
    article_id: c.articleId,
  },
  tiers: ["user", "plugin"],
});

export const updateHelpdeskLocaleArticleCategory = operation({
  name: "update_helpdesk_locale_article_category",
  title: "Update helpdesk locale article category",
  description: "Move an article to another category, and optionally a section within it.",
  toolset: "helpdesk",
  method: "PATCH",
  path: "/website/{website_id}/helpdesk/locale/{locale}/article/{article_id}/category",
  params: {
    website_id: c.websiteId,
    locale: c.locale,
    article_id: c.articleId,
    category_id: c.categoryId,
    section_id: c.sectionId.optional().describe("Section in that category"),
  },
  tiers: ["user", "plugin"],
});

export const listHelpdeskLocaleArticleAlternates = operation({
  name: "list_helpdesk_locale_article_alternates",
  title: "List helpdesk locale article alternates",
  description: "List the translations linked to an article, as {locale, article_id} pairs.",
  toolset: "helpdesk",
  method: "GET",
  path: "/website/{website_id}/helpdesk/locale/{locale}/article/{article_id}/alternates",
  params: {
    website_id: c.websiteId,
    locale: c.locale,
    article_id: c.articleId,
  },
  tiers: ["user", "plugin"],
});

export const checkHelpdeskLocaleArticleAlternateExists = operation({
  name: "check_helpdesk_locale_article_alternate_exists",
  title: "Check if helpdesk locale article alternate exists",
  description: "Check whether an article has a linked translation in another locale.",
  toolset: "helpdesk",
  method: "HEAD",
  path: "/website/{website_id}/helpdesk/locale/{locale}/article/{article_id}/alternate/{locale_linked}",
  params: {
    website_id: c.websiteId,
    locale: c.locale,
    article_id: c.articleId,
    locale_linked: linkedLocale,
  },
  tiers: ["user", "plugin"],
});

export const resolveHelpdeskLocaleArticleAlternate = operation({
  name: "resolve_helpdesk_locale_article_alternate",
  title: "Resolve helpdesk locale article alternate",
  description: "Get the article_id of an article's linked translation in another locale.",
  toolset: "helpdesk",
  method: "GET",
  path: "/website/{website_id}/helpdesk/locale/{locale}/article/{article_id}/alternate/{locale_linked}",
  params: {
    website_id: c.websiteId,
    locale: c.locale,
    article_id: c.articleId,
    locale_linked: linkedLocale,
  },
  tiers: ["user", "plugin"],
});

// The body is {article_id}, which would clash with the path's article_id,
// so the linked article is sent as the whole body.
export const saveHelpdeskLocaleArticleAlternate = operation({
  name: "save_helpdesk_locale_article_alternate",
  title: "Save helpdesk locale article alternate",
  description: "Link an article to its translation in another locale, for the helpdesk language switcher.",
  toolset: "helpdesk",
  method: "PUT",
  path: "/website/{website_id}/helpdesk/locale/{locale}/article/{article_id}/alternate/{locale_linked}",
  params: {
    website_id: c.websiteId,
    locale: c.locale,
    article_id: c.articleId,
    locale_linked: linkedLocale,
    alternate: z
      .object({ article_id: c.articleId.describe("Article ID in the linked locale") })
      .describe("The translated article"),
  },
  bodyParam: "alternate",
  tiers: ["user", "plugin"],
});

export const deleteHelpdeskLocaleArticleAlternate = operation({
  name: "delete_helpdesk_locale_article_alternate",
  title: "Delete helpdesk locale article alternate",
  description: "Unlink an article from its translation in another locale; both articles are kept.",
  toolset: "helpdesk",
  method: "DELETE",
  path: "/website/{website_id}/helpdesk/locale/{locale}/article/{article_id}/alternate/{locale_linked}",
  params: {
    website_id: c.websiteId,
    locale: c.locale,
    article_id: c.articleId,
    locale_linked: linkedLocale,
  },
  tiers: ["user", "plugin"],
});

export const publishHelpdeskLocaleArticle = operation({
  name: "publish_helpdesk_locale_article",
  title: "Publish helpdesk locale article",
  description: "Publish an article on the public helpdesk; returns its {url}.",
  toolset: "helpdesk",
  method: "POST",
  path: "/website/{website_id}/helpdesk/locale/{locale}/article/{article_id}/publish",
  params: {
    website_id: c.websiteId,
    locale: c.locale,
    article_id: c.articleId,
  },
  tiers: ["user", "plugin"],
});

export const unpublishHelpdeskLocaleArticle = operation({
  name: "unpublish_helpdesk_locale_article",
  title: "Unpublish helpdesk locale article",
  description: "Take an article off the public helpdesk, back to draft.",
  toolset: "helpdesk",
  method: "POST",
  path: "/website/{website_id}/helpdesk/locale/{locale}/article/{article_id}/unpublish",
  params: {
    website_id: c.websiteId,
    locale: c.locale,
    article_id: c.articleId,
  },
  tiers: ["user", "plugin"],
});

export const listHelpdeskLocaleCategories = operation({
  name: "list_helpdesk_locale_categories",
  title: "List helpdesk locale categories",
  description: "List a locale's article categories. Page until an empty list.",
  toolset: "helpdesk",
  method: "GET",
  path: "/website/{website_id}/helpdesk/locale/{locale}/categories/{page_number}",
  params: {
    website_id: c.websiteId,
    locale: c.locale,
    page_number: c.page,
  },
  tiers: ["user", "plugin"],
});

export const addHelpdeskLocaleCategory = operation({
  name: "add_helpdesk_locale_category",
  title: "Add helpdesk locale category",
  description: "Create an article category in this locale; returns {category_id}.",
  toolset: "helpdesk",
  method: "POST",
  path: "/website/{website_id}/helpdesk/locale/{locale}/category",
  params: {
    website_id: c.websiteId,
    locale: c.locale,
    name: categoryName,
  },
  tiers: ["user", "plugin"],
});

export const checkHelpdeskLocaleCategoryExists = operation({
  name: "check_helpdesk_locale_category_exists",
  title: "Check if helpdesk locale category exists",
  description: "Check whether a category exists in this locale.",
  toolset: "helpdesk",
  method: "HEAD",
  path: "/website/{website_id}/helpdesk/locale/{locale}/category/{category_id}",
  params: {
    website_id: c.websiteId,
    locale: c.locale,
    category_id: c.categoryId,
  },
  tiers: ["user", "plugin"],
});

export const resolveHelpdeskLocaleCategory = operation({
  name: "resolve_helpdesk_locale_category",
  title: "Resolve helpdesk locale category",
  description: "Get a category's name, description, color, image and order.",
  toolset: "helpdesk",
  method: "GET",
  path: "/website/{website_id}/helpdesk/locale/{locale}/category/{category_id}",
  params: {
    website_id: c.websiteId,
    locale: c.locale,
    category_id: c.categoryId,
  },
  tiers: ["user", "plugin"],
});

// Node types this body as {category_id, section_id}; the README body is used.
export const saveHelpdeskLocaleCategory = operation({
  name: "save_helpdesk_locale_category",
  title: "Save helpdesk locale category",
  description: "Replace a category's fields. Full replace; use update_helpdesk_locale_category for a partial change.",
  toolset: "helpdesk",
  method: "PUT",
  path: "/website/{website_id}/helpdesk/locale/{locale}/category/{category_id}",
  params: {
    website_id: c.websiteId,
    locale: c.locale,
    category_id: c.categoryId,
    name: categoryName,
    ...categoryFields,
  },
  tiers: ["user", "plugin"],
});

export const updateHelpdeskLocaleCategory = operation({
  name: "update_helpdesk_locale_category",
  title: "Update helpdesk locale category",
  description: "Change some fields of a category; omitted fields are kept.",
  toolset: "helpdesk",
  method: "PATCH",
  path: "/website/{website_id}/helpdesk/locale/{locale}/category/{category_id}",
  params: {
    website_id: c.websiteId,
    locale: c.locale,
    category_id: c.categoryId,
    name: categoryName.optional().describe("Category name"),
    ...categoryFields,
  },
  tiers: ["user", "plugin"],
});

export const deleteHelpdeskLocaleCategory = operation({
  name: "delete_helpdesk_locale_category",
  title: "Delete helpdesk locale category",
  description: "Delete a category from this locale.",
  toolset: "helpdesk",
  method: "DELETE",
  path: "/website/{website_id}/helpdesk/locale/{locale}/category/{category_id}",
  params: {
    website_id: c.websiteId,
    locale: c.locale,
    category_id: c.categoryId,
  },
  tiers: ["user", "plugin"],
});

export const listHelpdeskLocaleSections = operation({
  name: "list_helpdesk_locale_sections",
  title: "List helpdesk locale sections",
  description: "List the sections of a category. Page until an empty list.",
  toolset: "helpdesk",
  method: "GET",
  path: "/website/{website_id}/helpdesk/locale/{locale}/category/{category_id}/sections/{page_number}",
  params: {
    website_id: c.websiteId,
    locale: c.locale,
    category_id: c.categoryId,
    page_number: c.page,
  },
  tiers: ["user", "plugin"],
});

export const addHelpdeskLocaleSection = operation({
  name: "add_helpdesk_locale_section",
  title: "Add helpdesk locale section",
  description: "Create a section inside a category; returns {section_id}.",
  toolset: "helpdesk",
  method: "POST",
  path: "/website/{website_id}/helpdesk/locale/{locale}/category/{category_id}/section",
  params: {
    website_id: c.websiteId,
    locale: c.locale,
    category_id: c.categoryId,
    name: sectionName,
  },
  tiers: ["user", "plugin"],
});

export const checkHelpdeskLocaleSectionExists = operation({
  name: "check_helpdesk_locale_section_exists",
  title: "Check if helpdesk locale section exists",
  description: "Check whether a section exists in this category.",
  toolset: "helpdesk",
  method: "HEAD",
  path: "/website/{website_id}/helpdesk/locale/{locale}/category/{category_id}/section/{section_id}",
  params: {
    website_id: c.websiteId,
    locale: c.locale,
    category_id: c.categoryId,
    section_id: c.sectionId,
  },
  tiers: ["user", "plugin"],
});

export const resolveHelpdeskLocaleSection = operation({
  name: "resolve_helpdesk_locale_section",
  title: "Resolve helpdesk locale section",
  description: "Get a section's name and order.",
  toolset: "helpdesk",
  method: "GET",
  path: "/website/{website_id}/helpdesk/locale/{locale}/category/{category_id}/section/{section_id}",
  params: {
    website_id: c.websiteId,
    locale: c.locale,
    category_id: c.categoryId,
    section_id: c.sectionId,
  },
  tiers: ["user", "plugin"],
});

export const saveHelpdeskLocaleSection = operation({
  name: "save_helpdesk_locale_section",
  title: "Save helpdesk locale section",
  description: "Replace a section's name and order. Full replace; use update_helpdesk_locale_section for a partial change.",
  toolset: "helpdesk",
  method: "PUT",
  path: "/website/{website_id}/helpdesk/locale/{locale}/category/{category_id}/section/{section_id}",
  params: {
    website_id: c.websiteId,
    locale: c.locale,
    category_id: c.categoryId,
    section_id: c.sectionId,
    name: sectionName,
    order,
  },
  tiers: ["user", "plugin"],
});

export const updateHelpdeskLocaleSection = operation({
  name: "update_helpdesk_locale_section",
  title: "Update helpdesk locale section",
  description: "Rename or reorder a section; omitted fields are kept.",
  toolset: "helpdesk",
  method: "PATCH",
  path: "/website/{website_id}/helpdesk/locale/{locale}/category/{category_id}/section/{section_id}",
  params: {
    website_id: c.websiteId,
    locale: c.locale,
    category_id: c.categoryId,
    section_id: c.sectionId,
    name: sectionName.optional().describe("Section name"),
    order,
  },
  tiers: ["user", "plugin"],
});

export const deleteHelpdeskLocaleSection = operation({
  name: "delete_helpdesk_locale_section",
  title: "Delete helpdesk locale section",
  description: "Delete a section from its category.",
  toolset: "helpdesk",
  method: "DELETE",
  path: "/website/{website_id}/helpdesk/locale/{locale}/category/{category_id}/section/{section_id}",
  params: {
    website_id: c.websiteId,
    locale: c.locale,
    category_id: c.categoryId,
    section_id: c.sectionId,
  },
  tiers: ["user", "plugin"],
});

export const mapHelpdeskLocaleFeedbackRatings = operation({
  name: "map_helpdesk_locale_feedback_ratings",
  title: "Map helpdesk locale feedback ratings",
  description: "Count helpful and unhelpful article ratings in a locale, optionally over a date range.",
  toolset: "helpdesk",
  method: "GET",
  path: "/website/{website_id}/helpdesk/locale/{locale}/feedback/ratings",
  params: {
    website_id: c.websiteId,
    locale: c.locale,
    filter_date_start: optDate("From date (ISO-8601)"),
    filter_date_end: optDate("To date (ISO-8601)"),
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
  path: "/website/{website_id}/helpdesk/locale/{locale}/feedback/list/{page_number}",
  params: {
    website_id: c.websiteId,
    locale: c.locale,
    page_number: c.page,
    filter_date_start: optDate("From date (ISO-8601)"),
    filter_date_end: optDate("To date (ISO-8601)"),
  },
  tiers: ["user", "plugin"],
  query: ["filter_date_start", "filter_date_end"],
});

export const importExternalHelpdeskToLocale = operation({
  name: "import_external_helpdesk_to_locale",
  title: "Import external helpdesk to locale",
  description: "Import the articles of another provider's public helpdesk into this locale.",
  toolset: "helpdesk",
  method: "POST",
  path: "/website/{website_id}/helpdesk/locale/{locale}/import",
  params: {
    website_id: c.websiteId,
    locale: c.locale,
    helpdesk_url: z.url({ protocol: /^https?$/ }).describe("Public URL of the helpdesk to import"),
  },
  tiers: ["user"],
});

export const exportHelpdeskLocaleArticles = operation({
  name: "export_helpdesk_locale_articles",
  title: "Export helpdesk locale articles",
  description: "Start an export of all articles in this locale.",
  toolset: "helpdesk",
  method: "POST",
  path: "/website/{website_id}/helpdesk/locale/{locale}/export",
  params: {
    website_id: c.websiteId,
    locale: c.locale,
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
      .object({
        logos: z.object({ header: z.string().optional(), footer: z.string().optional() }).optional().describe("Logo URLs"),
        banner: z.string().optional().describe("Banner image URL"),
      })
      .optional()
      .describe("Branding"),
    // Flag names from the Go wrapper; the docs list only some, so others pass through.
    behavior: z
      .looseObject({
        frequently_read: z.boolean().optional(),
        show_category_images: z.boolean().optional(),
        show_chatbox: z.boolean().optional(),
        ask_feedback: z.boolean().optional(),
        locale_picker: z.boolean().optional(),
        refer_link: z.boolean().optional(),
        forbid_indexing: z.boolean().optional(),
        status_health_dead: z.boolean().optional(),
      })
      .optional()
      .describe("Behavior flags"),
    include: z.object({ html: z.string().optional().describe("Custom HTML") }).optional().describe("Code injected in pages"),
    access: z.object({ password: z.string().optional().describe("Access password") }).optional().describe("Access restriction"),
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

export const helpdeskOperations = [checkHelpdeskExists, resolveHelpdesk, initializeHelpdesk, deleteHelpdesk, listHelpdeskLocales, addHelpdeskLocale, checkHelpdeskLocaleExists, resolveHelpdeskLocale, deleteHelpdeskLocale, listHelpdeskLocaleArticles, addNewHelpdeskLocaleArticle, checkHelpdeskLocaleArticleExists, resolveHelpdeskLocaleArticle, saveHelpdeskLocaleArticle, updateHelpdeskLocaleArticle, deleteHelpdeskLocaleArticle, resolveHelpdeskLocaleArticlePage, resolveHelpdeskLocaleArticleCategory, updateHelpdeskLocaleArticleCategory, listHelpdeskLocaleArticleAlternates, checkHelpdeskLocaleArticleAlternateExists, resolveHelpdeskLocaleArticleAlternate, saveHelpdeskLocaleArticleAlternate, deleteHelpdeskLocaleArticleAlternate, publishHelpdeskLocaleArticle, unpublishHelpdeskLocaleArticle, listHelpdeskLocaleCategories, addHelpdeskLocaleCategory, checkHelpdeskLocaleCategoryExists, resolveHelpdeskLocaleCategory, saveHelpdeskLocaleCategory, updateHelpdeskLocaleCategory, deleteHelpdeskLocaleCategory, listHelpdeskLocaleSections, addHelpdeskLocaleSection, checkHelpdeskLocaleSectionExists, resolveHelpdeskLocaleSection, saveHelpdeskLocaleSection, updateHelpdeskLocaleSection, deleteHelpdeskLocaleSection, mapHelpdeskLocaleFeedbackRatings, listHelpdeskLocaleFeedbacks, importExternalHelpdeskToLocale, exportHelpdeskLocaleArticles, listHelpdeskRedirections, addHelpdeskRedirection, checkHelpdeskRedirectionExists, resolveHelpdeskRedirection, deleteHelpdeskRedirection, resolveHelpdeskSettings, saveHelpdeskSettings, resolveHelpdeskDomain, requestHelpdeskDomainChange, generateHelpdeskDomainSetupFlow];
