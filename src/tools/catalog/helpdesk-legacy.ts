import { z } from "zod";
import { operation } from "../operation.js";
import * as c from "./common.js";

// The legacy Knowledge Base: articles grouped in categories and sections, one
// set per locale. crisp-api 11 dropped these routes, but Crisp still serves
// them to workspaces not yet moved to the new Knowledge Base (helpdesk.ts),
// so they stay callable in their own toolset.

const optDate = c.optionalIsoDate;

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

// The ids that address one article, or one category, in a locale.
const articleEntry = { website_id: c.websiteId, locale: c.locale, article_id: c.articleId };
const categoryEntry = { website_id: c.websiteId, locale: c.locale, category_id: c.categoryId };

// Query names from ruby-crisp-api; node passes them as a free-form options object.
export const listHelpdeskLocaleArticles = operation({
  name: "list_helpdesk_locale_articles",
  title: "List helpdesk locale articles",
  description: "Legacy KB: list or search a locale's articles, filtered by title, category, status or date. Page until an empty list.",
  toolset: "helpdesk_legacy",
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
  description: "Legacy KB: create an article with only a title; returns {article_id}. Write its content with update_helpdesk_locale_article.",
  toolset: "helpdesk_legacy",
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
  description: "Legacy KB: check whether an article exists in this locale.",
  toolset: "helpdesk_legacy",
  method: "HEAD",
  path: "/website/{website_id}/helpdesk/locale/{locale}/article/{article_id}",
  params: {
    ...articleEntry,
  },
  tiers: ["user", "plugin"],
});

export const resolveHelpdeskLocaleArticle = operation({
  name: "resolve_helpdesk_locale_article",
  title: "Resolve helpdesk locale article",
  description: "Legacy KB: get an article: title, content, status, visibility, visits and URL.",
  toolset: "helpdesk_legacy",
  method: "GET",
  path: "/website/{website_id}/helpdesk/locale/{locale}/article/{article_id}",
  params: {
    ...articleEntry,
  },
  tiers: ["user", "plugin"],
});

export const saveHelpdeskLocaleArticle = operation({
  name: "save_helpdesk_locale_article",
  title: "Save helpdesk locale article",
  description: "Legacy KB: replace an article's content and fields. Full replace; use update_helpdesk_locale_article for a partial change.",
  toolset: "helpdesk_legacy",
  method: "PUT",
  path: "/website/{website_id}/helpdesk/locale/{locale}/article/{article_id}",
  params: {
    ...articleEntry,
    title: articleTitle,
    content: articleContent,
    ...articleFields,
  },
  tiers: ["user", "plugin"],
});

export const updateHelpdeskLocaleArticle = operation({
  name: "update_helpdesk_locale_article",
  title: "Update helpdesk locale article",
  description: "Legacy KB: change some fields of an article; omitted fields are kept.",
  toolset: "helpdesk_legacy",
  method: "PATCH",
  path: "/website/{website_id}/helpdesk/locale/{locale}/article/{article_id}",
  params: {
    ...articleEntry,
    title: articleTitle.optional().describe("Article title"),
    content: articleContent.optional().describe("Article body (Markdown)"),
    ...articleFields,
  },
  tiers: ["user", "plugin"],
});

export const deleteHelpdeskLocaleArticle = operation({
  name: "delete_helpdesk_locale_article",
  title: "Delete helpdesk locale article",
  description: "Legacy KB: delete an article from this locale.",
  toolset: "helpdesk_legacy",
  method: "DELETE",
  path: "/website/{website_id}/helpdesk/locale/{locale}/article/{article_id}",
  params: {
    ...articleEntry,
  },
  tiers: ["user", "plugin"],
});

export const resolveHelpdeskLocaleArticlePage = operation({
  name: "resolve_helpdesk_locale_article_page",
  title: "Resolve helpdesk locale article page",
  description: "Legacy KB: get the article as shown on its public helpdesk page.",
  toolset: "helpdesk_legacy",
  method: "GET",
  path: "/website/{website_id}/helpdesk/locale/{locale}/article/{article_id}/page",
  params: {
    ...articleEntry,
  },
  tiers: ["user", "plugin"],
});

export const resolveHelpdeskLocaleArticleCategory = operation({
  name: "resolve_helpdesk_locale_article_category",
  title: "Resolve helpdesk locale article category",
  description: "Legacy KB: get the category_id and section_id an article is filed under.",
  toolset: "helpdesk_legacy",
  method: "GET",
  path: "/website/{website_id}/helpdesk/locale/{locale}/article/{article_id}/category",
  params: {
    ...articleEntry,
  },
  tiers: ["user", "plugin"],
});

export const updateHelpdeskLocaleArticleCategory = operation({
  name: "update_helpdesk_locale_article_category",
  title: "Update helpdesk locale article category",
  description: "Legacy KB: move an article to another category, and optionally a section within it.",
  toolset: "helpdesk_legacy",
  method: "PATCH",
  path: "/website/{website_id}/helpdesk/locale/{locale}/article/{article_id}/category",
  params: {
    ...articleEntry,
    category_id: c.categoryId,
    section_id: c.sectionId.optional().describe("Section in that category"),
  },
  tiers: ["user", "plugin"],
});

export const listHelpdeskLocaleArticleAlternates = operation({
  name: "list_helpdesk_locale_article_alternates",
  title: "List helpdesk locale article alternates",
  description: "Legacy KB: list the translations linked to an article, as {locale, article_id} pairs.",
  toolset: "helpdesk_legacy",
  method: "GET",
  path: "/website/{website_id}/helpdesk/locale/{locale}/article/{article_id}/alternates",
  params: {
    ...articleEntry,
  },
  tiers: ["user", "plugin"],
});

export const checkHelpdeskLocaleArticleAlternateExists = operation({
  name: "check_helpdesk_locale_article_alternate_exists",
  title: "Check if helpdesk locale article alternate exists",
  description: "Legacy KB: check whether an article has a linked translation in another locale.",
  toolset: "helpdesk_legacy",
  method: "HEAD",
  path: "/website/{website_id}/helpdesk/locale/{locale}/article/{article_id}/alternate/{locale_linked}",
  params: {
    ...articleEntry,
    locale_linked: linkedLocale,
  },
  tiers: ["user", "plugin"],
});

export const resolveHelpdeskLocaleArticleAlternate = operation({
  name: "resolve_helpdesk_locale_article_alternate",
  title: "Resolve helpdesk locale article alternate",
  description: "Legacy KB: get the article_id of an article's linked translation in another locale.",
  toolset: "helpdesk_legacy",
  method: "GET",
  path: "/website/{website_id}/helpdesk/locale/{locale}/article/{article_id}/alternate/{locale_linked}",
  params: {
    ...articleEntry,
    locale_linked: linkedLocale,
  },
  tiers: ["user", "plugin"],
});

// The body is {article_id}, which would clash with the path's article_id,
// so the linked article is sent as the whole body.
export const saveHelpdeskLocaleArticleAlternate = operation({
  name: "save_helpdesk_locale_article_alternate",
  title: "Save helpdesk locale article alternate",
  description: "Legacy KB: link an article to its translation in another locale, for the helpdesk language switcher.",
  toolset: "helpdesk_legacy",
  method: "PUT",
  path: "/website/{website_id}/helpdesk/locale/{locale}/article/{article_id}/alternate/{locale_linked}",
  params: {
    ...articleEntry,
    locale_linked: linkedLocale,
    alternate: z
      .strictObject({ article_id: c.articleId.describe("Article ID in the linked locale") })
      .describe("The translated article"),
  },
  bodyParam: "alternate",
  tiers: ["user", "plugin"],
});

export const deleteHelpdeskLocaleArticleAlternate = operation({
  name: "delete_helpdesk_locale_article_alternate",
  title: "Delete helpdesk locale article alternate",
  description: "Legacy KB: unlink an article from its translation in another locale; both articles are kept.",
  toolset: "helpdesk_legacy",
  method: "DELETE",
  path: "/website/{website_id}/helpdesk/locale/{locale}/article/{article_id}/alternate/{locale_linked}",
  params: {
    ...articleEntry,
    locale_linked: linkedLocale,
  },
  tiers: ["user", "plugin"],
});

export const publishHelpdeskLocaleArticle = operation({
  name: "publish_helpdesk_locale_article",
  title: "Publish helpdesk locale article",
  description: "Legacy KB: publish an article on the public helpdesk; returns its {url}.",
  toolset: "helpdesk_legacy",
  method: "POST",
  path: "/website/{website_id}/helpdesk/locale/{locale}/article/{article_id}/publish",
  params: {
    ...articleEntry,
  },
  tiers: ["user", "plugin"],
});

export const unpublishHelpdeskLocaleArticle = operation({
  name: "unpublish_helpdesk_locale_article",
  title: "Unpublish helpdesk locale article",
  description: "Legacy KB: take an article off the public helpdesk, back to draft.",
  toolset: "helpdesk_legacy",
  method: "POST",
  path: "/website/{website_id}/helpdesk/locale/{locale}/article/{article_id}/unpublish",
  params: {
    ...articleEntry,
  },
  tiers: ["user", "plugin"],
});

export const listHelpdeskLocaleCategories = operation({
  name: "list_helpdesk_locale_categories",
  title: "List helpdesk locale categories",
  description: "Legacy KB: list a locale's article categories. Page until an empty list.",
  toolset: "helpdesk_legacy",
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
  description: "Legacy KB: create an article category in this locale; returns {category_id}.",
  toolset: "helpdesk_legacy",
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
  description: "Legacy KB: check whether a category exists in this locale.",
  toolset: "helpdesk_legacy",
  method: "HEAD",
  path: "/website/{website_id}/helpdesk/locale/{locale}/category/{category_id}",
  params: {
    ...categoryEntry,
  },
  tiers: ["user", "plugin"],
});

export const resolveHelpdeskLocaleCategory = operation({
  name: "resolve_helpdesk_locale_category",
  title: "Resolve helpdesk locale category",
  description: "Legacy KB: get a category's name, description, color, image and order.",
  toolset: "helpdesk_legacy",
  method: "GET",
  path: "/website/{website_id}/helpdesk/locale/{locale}/category/{category_id}",
  params: {
    ...categoryEntry,
  },
  tiers: ["user", "plugin"],
});

// Node types this body as {category_id, section_id}; the README body is used.
export const saveHelpdeskLocaleCategory = operation({
  name: "save_helpdesk_locale_category",
  title: "Save helpdesk locale category",
  description: "Legacy KB: replace a category's fields. Full replace; use update_helpdesk_locale_category for a partial change.",
  toolset: "helpdesk_legacy",
  method: "PUT",
  path: "/website/{website_id}/helpdesk/locale/{locale}/category/{category_id}",
  params: {
    ...categoryEntry,
    name: categoryName,
    ...categoryFields,
  },
  tiers: ["user", "plugin"],
});

export const updateHelpdeskLocaleCategory = operation({
  name: "update_helpdesk_locale_category",
  title: "Update helpdesk locale category",
  description: "Legacy KB: change some fields of a category; omitted fields are kept.",
  toolset: "helpdesk_legacy",
  method: "PATCH",
  path: "/website/{website_id}/helpdesk/locale/{locale}/category/{category_id}",
  params: {
    ...categoryEntry,
    name: categoryName.optional().describe("Category name"),
    ...categoryFields,
  },
  tiers: ["user", "plugin"],
});

export const deleteHelpdeskLocaleCategory = operation({
  name: "delete_helpdesk_locale_category",
  title: "Delete helpdesk locale category",
  description: "Legacy KB: delete a category from this locale.",
  toolset: "helpdesk_legacy",
  method: "DELETE",
  path: "/website/{website_id}/helpdesk/locale/{locale}/category/{category_id}",
  params: {
    ...categoryEntry,
  },
  tiers: ["user", "plugin"],
});

export const listHelpdeskLocaleSections = operation({
  name: "list_helpdesk_locale_sections",
  title: "List helpdesk locale sections",
  description: "Legacy KB: list the sections of a category. Page until an empty list.",
  toolset: "helpdesk_legacy",
  method: "GET",
  path: "/website/{website_id}/helpdesk/locale/{locale}/category/{category_id}/sections/{page_number}",
  params: {
    ...categoryEntry,
    page_number: c.page,
  },
  tiers: ["user", "plugin"],
});

export const addHelpdeskLocaleSection = operation({
  name: "add_helpdesk_locale_section",
  title: "Add helpdesk locale section",
  description: "Legacy KB: create a section inside a category; returns {section_id}.",
  toolset: "helpdesk_legacy",
  method: "POST",
  path: "/website/{website_id}/helpdesk/locale/{locale}/category/{category_id}/section",
  params: {
    ...categoryEntry,
    name: sectionName,
  },
  tiers: ["user", "plugin"],
});

export const checkHelpdeskLocaleSectionExists = operation({
  name: "check_helpdesk_locale_section_exists",
  title: "Check if helpdesk locale section exists",
  description: "Legacy KB: check whether a section exists in this category.",
  toolset: "helpdesk_legacy",
  method: "HEAD",
  path: "/website/{website_id}/helpdesk/locale/{locale}/category/{category_id}/section/{section_id}",
  params: {
    ...categoryEntry,
    section_id: c.sectionId,
  },
  tiers: ["user", "plugin"],
});

export const resolveHelpdeskLocaleSection = operation({
  name: "resolve_helpdesk_locale_section",
  title: "Resolve helpdesk locale section",
  description: "Legacy KB: get a section's name and order.",
  toolset: "helpdesk_legacy",
  method: "GET",
  path: "/website/{website_id}/helpdesk/locale/{locale}/category/{category_id}/section/{section_id}",
  params: {
    ...categoryEntry,
    section_id: c.sectionId,
  },
  tiers: ["user", "plugin"],
});

export const saveHelpdeskLocaleSection = operation({
  name: "save_helpdesk_locale_section",
  title: "Save helpdesk locale section",
  description: "Legacy KB: replace a section's name and order. Full replace; use update_helpdesk_locale_section for a partial change.",
  toolset: "helpdesk_legacy",
  method: "PUT",
  path: "/website/{website_id}/helpdesk/locale/{locale}/category/{category_id}/section/{section_id}",
  params: {
    ...categoryEntry,
    section_id: c.sectionId,
    name: sectionName,
    order,
  },
  tiers: ["user", "plugin"],
});

export const updateHelpdeskLocaleSection = operation({
  name: "update_helpdesk_locale_section",
  title: "Update helpdesk locale section",
  description: "Legacy KB: rename or reorder a section; omitted fields are kept.",
  toolset: "helpdesk_legacy",
  method: "PATCH",
  path: "/website/{website_id}/helpdesk/locale/{locale}/category/{category_id}/section/{section_id}",
  params: {
    ...categoryEntry,
    section_id: c.sectionId,
    name: sectionName.optional().describe("Section name"),
    order,
  },
  tiers: ["user", "plugin"],
});

export const deleteHelpdeskLocaleSection = operation({
  name: "delete_helpdesk_locale_section",
  title: "Delete helpdesk locale section",
  description: "Legacy KB: delete a section from its category.",
  toolset: "helpdesk_legacy",
  method: "DELETE",
  path: "/website/{website_id}/helpdesk/locale/{locale}/category/{category_id}/section/{section_id}",
  params: {
    ...categoryEntry,
    section_id: c.sectionId,
  },
  tiers: ["user", "plugin"],
});

export const mapHelpdeskLocaleFeedbackRatingsLegacy = operation({
  name: "map_helpdesk_locale_feedback_ratings_legacy",
  title: "Map helpdesk locale feedback ratings (legacy)",
  description: "Legacy KB: count helpful and unhelpful article ratings in a locale, optionally over a date range.",
  toolset: "helpdesk_legacy",
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

export const listHelpdeskLocaleFeedbacksLegacy = operation({
  name: "list_helpdesk_locale_feedbacks_legacy",
  title: "List helpdesk locale feedbacks (legacy)",
  description: "Legacy KB: list readers' article feedback (rating, comment, article, visitor session). Page until an empty list.",
  toolset: "helpdesk_legacy",
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

export const importExternalHelpdeskToLocaleLegacy = operation({
  name: "import_external_helpdesk_to_locale_legacy",
  title: "Import external helpdesk to locale (legacy)",
  description: "Legacy KB: import the articles of another provider's public helpdesk into this locale.",
  toolset: "helpdesk_legacy",
  method: "POST",
  path: "/website/{website_id}/helpdesk/locale/{locale}/import",
  params: {
    website_id: c.websiteId,
    locale: c.locale,
    helpdesk_url: z.url({ protocol: /^https?$/ }).describe("Public URL of the helpdesk to import"),
  },
  tiers: ["user"],
});

export const exportHelpdeskLocaleArticlesLegacy = operation({
  name: "export_helpdesk_locale_articles_legacy",
  title: "Export helpdesk locale articles (legacy)",
  description: "Legacy KB: start an export of all articles in this locale.",
  toolset: "helpdesk_legacy",
  method: "POST",
  path: "/website/{website_id}/helpdesk/locale/{locale}/export",
  params: {
    website_id: c.websiteId,
    locale: c.locale,
  },
  tiers: ["user"],
});

export const helpdeskLegacyOperations = [
  listHelpdeskLocaleArticles,
  addNewHelpdeskLocaleArticle,
  checkHelpdeskLocaleArticleExists,
  resolveHelpdeskLocaleArticle,
  saveHelpdeskLocaleArticle,
  updateHelpdeskLocaleArticle,
  deleteHelpdeskLocaleArticle,
  resolveHelpdeskLocaleArticlePage,
  resolveHelpdeskLocaleArticleCategory,
  updateHelpdeskLocaleArticleCategory,
  listHelpdeskLocaleArticleAlternates,
  checkHelpdeskLocaleArticleAlternateExists,
  resolveHelpdeskLocaleArticleAlternate,
  saveHelpdeskLocaleArticleAlternate,
  deleteHelpdeskLocaleArticleAlternate,
  publishHelpdeskLocaleArticle,
  unpublishHelpdeskLocaleArticle,
  listHelpdeskLocaleCategories,
  addHelpdeskLocaleCategory,
  checkHelpdeskLocaleCategoryExists,
  resolveHelpdeskLocaleCategory,
  saveHelpdeskLocaleCategory,
  updateHelpdeskLocaleCategory,
  deleteHelpdeskLocaleCategory,
  listHelpdeskLocaleSections,
  addHelpdeskLocaleSection,
  checkHelpdeskLocaleSectionExists,
  resolveHelpdeskLocaleSection,
  saveHelpdeskLocaleSection,
  updateHelpdeskLocaleSection,
  deleteHelpdeskLocaleSection,
  mapHelpdeskLocaleFeedbackRatingsLegacy,
  listHelpdeskLocaleFeedbacksLegacy,
  importExternalHelpdeskToLocaleLegacy,
  exportHelpdeskLocaleArticlesLegacy,
];
