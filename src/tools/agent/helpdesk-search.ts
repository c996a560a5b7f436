import { z } from "zod";
import * as c from "../catalog/common.js";
import { contentType } from "../catalog/helpdesk.js";
import type { ToolContext, ToolDefinition } from "../types.js";
import { READ_ONLY } from "./common.js";
import { callCrisp, optional } from "./crisp.js";
import { count, defined, list, obj, str, type Json } from "./format.js";
import { onKnowledgeBase } from "./knowledge-base.js";
import { structuredResult } from "./result.js";

// Finds published help center content for a question, on either Knowledge
// Base. New: the published pages of every content type, ranked by the query
// words in their titles and tree paths. Legacy: Crisp's title search first,
// then the locale's published articles ranked by title, description and text.

/** Pages of a list read per content type (new) or per locale (legacy). */
const SCAN_PAGES = 3;
const PAGE = 20;
const CONTENT_TYPES = contentType.options;
/** Candidates beyond the limit whose descriptions are read to rank them (new Knowledge Base). */
const RERANKED_EXTRA = 5;

const output = z.object({
  locale: z.string(),
  knowledge_base: z.enum(["new", "legacy"]),
  articles: z.array(
    z.object({
      title: z.string(),
      content_type: z.string().optional(),
      tree_path: z.string().optional(),
      article_id: z.string().optional(),
      url: z.string().optional(),
      excerpt: z.string().optional(),
    }),
  ),
  omitted: z.number().optional(),
});

type Output = z.infer<typeof output>;
type Found = Output["articles"][number];

export const searchHelpdeskArticles: ToolDefinition = {
  name: "search_helpdesk_articles",
  title: "Search helpdesk articles",
  description: "Find published help center content for a question, on the new or legacy Knowledge Base. Read one with read_helpdesk_article.",
  toolset: "agent",
  params: {
    website_id: c.websiteId,
    query: z.string().trim().min(1).max(200).describe("Words to look for"),
    locale: c.locale.default("en"),
    content_type: contentType.optional().describe("Only this content type (new Knowledge Base)"),
    limit: z.number().int().min(1).max(20).default(5).describe("Max results"),
  },
  outputSchema: output,
  annotations: READ_ONLY,
  crispMethods: { required: [], optional: ["list_helpdesk_pages", "resolve_helpdesk_tree_metadata", "list_helpdesk_locale_articles"] },
  async run(args, ctx) {
    const websiteId = args.website_id as string;
    const locale = args.locale as string;
    const data = await onKnowledgeBase(ctx, websiteId, locale, async (kind): Promise<Output> => ({
      locale,
      knowledge_base: kind,
      articles: kind === "new" ? await searchNew(ctx, args) : await searchLegacy(ctx, args),
    }));
    return structuredResult({
      data,
      render,
      cut: { key: "articles", noun: ["article"], keep: "first", rest: () => "ask for a smaller limit" },
    });
  },
};

async function searchNew(ctx: ToolContext, args: Record<string, unknown>): Promise<Found[]> {
  const base = { website_id: args.website_id, locale: args.locale };
  const types = args.content_type ? [args.content_type as string] : CONTENT_TYPES;
  const perType = await Promise.all(
    types.map(async (type) =>
      (await scan(ctx, "list_helpdesk_pages", { ...base, content_type: type })).map((page): Json => ({ ...page, content_type: type })),
    ),
  );
  const limit = args.limit as number;
  const byTitle = rank(perType.flat(), args.query as string, (page) => ({
    title: String(page.title ?? ""),
    text: pathWords(page),
  })).slice(0, limit + RERANKED_EXTRA);

  // Pages carry no summary: the best candidates' descriptions break ties between titles, and become the excerpts.
  const metadata = await Promise.all(
    byTitle.map((page) =>
      optional(
        callCrisp(ctx, "resolve_helpdesk_tree_metadata", {
          ...base,
          content_type: page.content_type,
          tree_path: page.tree_path,
        }),
      ),
    ),
  );
  const described = byTitle.map((page, index): Json => ({ ...page, description: obj(metadata[index]).description }));
  const ranked = rank(described, args.query as string, (page) => ({
    title: String(page.title ?? ""),
    text: `${pathWords(page)} ${String(page.description ?? "")}`,
  })).slice(0, limit);
  return ranked
    .map((page) =>
      defined({
        title: str(page.title, 200) ?? "(untitled)",
        content_type: String(page.content_type),
        tree_path: str(page.tree_path, 512),
        url: str(page.url, 400),
        excerpt: str(page.description, 200),
      }),
    )
    .filter((found) => found.tree_path !== undefined);
}

/** The words of a page's tree path ("orders-shipping/track-your-order" -> "orders shipping track your order"). */
function pathWords(page: Json): string {
  return String(page.tree_path ?? "").replace(/[/-]/g, " ");
}

/** Up to SCAN_PAGES pages of a paged list (published pages, or legacy articles); a short page ends the scan. */
async function scan(ctx: ToolContext, method: string, args: Record<string, unknown>): Promise<Json[]> {
  const all: Json[] = [];
  for (let page = 1; page <= SCAN_PAGES; page++) {
    const batch = list(await callCrisp(ctx, method, { ...args, page_number: page })).map(obj);
    all.push(...batch);
    if (batch.length < PAGE) break;
  }
  return all;
}

async function searchLegacy(ctx: ToolContext, args: Record<string, unknown>): Promise<Found[]> {
  const query = args.query as string;
  const limit = args.limit as number;
  const base = { website_id: args.website_id, locale: args.locale, filter_status_published: true };
  const byTitle = await articles(ctx, { ...base, page_number: 1, search_title: query });
  let found = byTitle;
  if (byTitle.length < limit) {
    const ranked = rank(await scan(ctx, "list_helpdesk_locale_articles", base), query, (article) => ({
      title: String(article.title ?? ""),
      text: `${String(article.description ?? "")} ${String(article.content ?? "")}`,
    }));
    const seen = new Set(byTitle.map((a) => a.article_id));
    found = [...byTitle, ...ranked.filter((a) => !seen.has(a.article_id))];
  }
  return found
    .slice(0, limit)
    .map((a) =>
      defined({
        title: str(a.title, 200) ?? "(untitled)",
        article_id: str(a.article_id, 80),
        url: str(a.url, 400),
        excerpt: str(a.description, 200) ?? str(a.content, 200),
      }),
    )
    .filter((a) => a.article_id !== undefined);
}

async function articles(ctx: ToolContext, args: Record<string, unknown>): Promise<Json[]> {
  return list(await callCrisp(ctx, "list_helpdesk_locale_articles", args)).map(obj);
}

/** Candidates with at least one query word, most matches first; a title match counts double. */
function rank<T>(candidates: readonly T[], query: string, textOf: (candidate: T) => { title: string; text: string }): T[] {
  const words = wordsOf(query);
  if (words.length === 0) return [];
  return candidates
    .map((candidate) => {
      const { title, text } = textOf(candidate);
      const titleWords = new Set(wordsOf(title));
      const textWords = new Set(wordsOf(text));
      const score = words.reduce((sum, word) => sum + (titleWords.has(word) ? 2 : 0) + (textWords.has(word) ? 1 : 0), 0);
      return { candidate, score };
    })
    .filter((entry) => entry.score > 0)
    .sort((a, b) => b.score - a.score)
    .map((entry) => entry.candidate);
}

// Question words and fillers that would match almost any article (English and French).
const STOP_WORDS = new Set(
  "the and for you your how can what where when why which who are was with does did not this that there have has from into about my our its any but les des une est pour que qui dans avec pas sur mon mes vous votre".split(" "),
);

/** Lower-case words of 3+ letters, accents and the commonest endings removed, minus stop words. */
function wordsOf(text: string): string[] {
  return (text.toLowerCase().normalize("NFKD").replace(/\p{M}/gu, "").match(/[\p{L}\p{N}]{3,}/gu) ?? [])
    .filter((word) => !STOP_WORDS.has(word))
    .map(stem);
}

/** "tracking", "tracked", "tracks" -> "track": enough to match a question to a title. */
function stem(word: string): string {
  if (word.length > 5 && word.endsWith("ing")) return word.slice(0, -3);
  if (word.length > 4 && word.endsWith("ed")) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith("s") && !word.endsWith("ss")) return word.slice(0, -1);
  return word;
}

function render(data: Output): string {
  const where = `${data.locale}, ${data.knowledge_base} Knowledge Base`;
  if (data.articles.length === 0) return `Nothing published matches in ${where}. Try other words or another locale.`;
    const how =
    data.knowledge_base === "new"
      ? "read one with read_helpdesk_article and its content_type and tree_path"
      : "read one with read_helpdesk_article and its article_id";
  return [
    `${count(data.articles.length, "result")} (${where}); ${how}:`,
    ...data.articles.map((a) =>
      [a.tree_path ? `${a.content_type} ${a.tree_path}` : a.article_id, a.title, a.url, a.excerpt].filter(Boolean).join(" | "),
    ),
  ].join("\n");
}
