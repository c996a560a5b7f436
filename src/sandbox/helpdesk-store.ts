import { CrispRefusal, invalidData, notFound } from "./envelope.js";
import { newUuid } from "./ids.js";
import { slugify } from "./slug.js";
import type { JsonObject } from "./objects.js";
import type { StoreContext } from "./store-context.js";
import type { HelpdeskArticle, HelpdeskLocale } from "./types.js";
import { oneOf } from "./validate.js";

const ARTICLE_STATUSES = ["published", "draft"] as const;
const ARTICLE_VISIBILITIES = ["visible", "hidden"] as const;

interface LocaleRecord {
  locale: HelpdeskLocale;
  articles: Map<string, HelpdeskArticle>;
}

export type LegacyLocaleView = HelpdeskLocale & { articles: number; categories: number };

/** The legacy knowledge base: locales, each with its articles (10.x article routes). */
export class HelpdeskStore {
  private readonly locales = new Map<string, LocaleRecord>();

  constructor(
    private readonly context: StoreContext,
    private readonly baseUrl: string,
  ) {}

  loadLocale(locale: HelpdeskLocale): void {
    this.locales.set(locale.locale, { locale, articles: new Map() });
  }

  loadArticle(article: HelpdeskArticle): void {
    this.localeRecord(article.locale).articles.set(article.article_id, article);
  }

  /** Locales with the flat counts of the 10.x API. */
  listLocales(): LegacyLocaleView[] {
    return [...this.locales.values()].map(localeView);
  }

  hasLocale(locale: string): boolean {
    return this.locales.has(locale);
  }

  requireLocale(locale: string): LegacyLocaleView {
    return localeView(this.localeRecord(locale));
  }

  addLocale(locale: string): HelpdeskLocale {
    if (!/^[a-z]{2,3}(-[a-z0-9]{2,4})?$/i.test(locale)) throw invalidData("locale must be a locale code such as en or pt-br");
    if (this.locales.has(locale)) throw new CrispRefusal(409, "locale_exists", "helpdesk", `locale ${locale} already exists`);
    const now = this.context.now();
    const record: HelpdeskLocale = { locale_id: newUuid(), locale, url: `${this.baseUrl}/${locale}/`, created_at: now, updated_at: now };
    this.loadLocale(record);
    return record;
  }

  removeLocale(locale: string): void {
    this.localeRecord(locale);
    this.locales.delete(locale);
  }

  /** Articles of a locale in their display order, optionally only titles containing `title`. */
  listArticles(locale: string, title?: string): HelpdeskArticle[] {
    const needle = title?.trim().toLowerCase();
    const articles = [...this.localeRecord(locale).articles.values()];
    const found = needle ? articles.filter((article) => article.title.toLowerCase().includes(needle)) : articles;
    return found.sort((a, b) => a.order - b.order || a.created_at - b.created_at);
  }

  hasArticle(locale: string, articleId: string): boolean {
    return this.locales.get(locale)?.articles.has(articleId) ?? false;
  }

  article(locale: string, articleId: string): HelpdeskArticle {
    const article = this.localeRecord(locale).articles.get(articleId);
    if (!article) throw notFound("article", `no article ${articleId} in locale ${locale}`);
    return article;
  }

  addArticle(locale: string, title: unknown): HelpdeskArticle {
    const record = this.localeRecord(locale);
    if (typeof title !== "string" || title.trim() === "") throw invalidData("title must be a non-empty string");
    const now = this.context.now();
    const articleId = newUuid();
    const article: HelpdeskArticle = {
      article_id: articleId,
      title,
      description: "",
      content: "",
      status: "draft",
      visibility: "visible",
      featured: false,
      order: record.articles.size + 1,
      url: `${this.baseUrl}/${locale}/article/${slugify(title)}-${articleId.slice(0, 6)}/`,
      locale,
      created_at: now,
      updated_at: now,
    };
    record.articles.set(articleId, article);
    return article;
  }

  /** Full replace of the content fields; status and visibility change only when given (publishing has its own routes). */
  saveArticle(locale: string, articleId: string, input: JsonObject): HelpdeskArticle {
    const article = this.article(locale, articleId);
    if (typeof input.title !== "string" || input.title.trim() === "") throw invalidData("title must be a non-empty string");
    if (typeof input.content !== "string") throw invalidData("content must be a string (markdown)");
    const replaced: HelpdeskArticle = {
      ...article,
      title: input.title,
      description: "",
      content: input.content,
      featured: false,
    };
    return this.storeEdited(applyEdits(replaced, input));
  }

  /** Merge: only the fields given change. */
  updateArticle(locale: string, articleId: string, patch: JsonObject): HelpdeskArticle {
    return this.storeEdited(applyEdits({ ...this.article(locale, articleId) }, patch));
  }

  removeArticle(locale: string, articleId: string): void {
    this.article(locale, articleId);
    this.localeRecord(locale).articles.delete(articleId);
  }

  setStatus(locale: string, articleId: string, status: HelpdeskArticle["status"]): HelpdeskArticle {
    return this.storeEdited({ ...this.article(locale, articleId), status });
  }

  private storeEdited(article: HelpdeskArticle): HelpdeskArticle {
    const edited = { ...article, updated_at: this.context.now() };
    this.localeRecord(article.locale).articles.set(article.article_id, edited);
    return edited;
  }

  private localeRecord(locale: string): LocaleRecord {
    const record = this.locales.get(locale);
    if (!record) throw notFound("locale", `helpdesk locale ${locale} does not exist`);
    return record;
  }
}

function localeView(record: LocaleRecord): LegacyLocaleView {
  const categories = new Set<string>();
  for (const article of record.articles.values()) if (article.category) categories.add(article.category.category_id);
  return { ...record.locale, articles: record.articles.size, categories: categories.size };
}

function applyEdits(article: HelpdeskArticle, input: JsonObject): HelpdeskArticle {
  const edited = { ...article };
  for (const field of ["title", "description", "content"] as const) {
    const value = input[field];
    if (value === undefined) continue;
    if (typeof value !== "string") throw invalidData(`${field} must be a string`);
    edited[field] = value;
  }
  if (input.featured !== undefined) {
    if (typeof input.featured !== "boolean") throw invalidData("featured must be a boolean");
    edited.featured = input.featured;
  }
  if (input.order !== undefined) {
    if (typeof input.order !== "number" || !Number.isInteger(input.order)) throw invalidData("order must be an integer");
    edited.order = input.order;
  }
  if (input.status !== undefined) edited.status = oneOf(input.status, ARTICLE_STATUSES, "status");
  if (input.visibility !== undefined) edited.visibility = oneOf(input.visibility, ARTICLE_VISIBILITIES, "visibility");
  return edited;
}
