import { z } from "zod";
import * as c from "../catalog/common.js";
import type { ToolContext, ToolDefinition } from "../types.js";
import { READ_ONLY } from "./common.js";
import { callCrisp } from "./crisp.js";
import { defined, list, obj, str, type Json } from "./format.js";
import { structuredResult } from "./result.js";

// Crisp can filter articles by title only. The title search runs first; when
// it finds too few, the locale's published articles are ranked by how many
// query words their title, description and text contain.

/** Pages of a locale's articles read when the title search is not enough. */
const SCAN_PAGES = 3;
const PAGE = 20;

const output = z.object({
  locale: z.string(),
  articles: z.array(
    z.object({ article_id: z.string(), title: z.string(), url: z.string().optional(), excerpt: z.string().optional() }),
  ),
  omitted: z.number().optional(),
});

type Output = z.infer<typeof output>;

export const searchHelpdeskArticles: ToolDefinition = {
  name: "search_helpdesk_articles",
  title: "Search helpdesk articles",
  description: "Find published help center articles for a question. Read one with read_helpdesk_article.",
  toolset: "agent",
  params: {
    website_id: c.websiteId,
    query: z.string().trim().min(1).max(200).describe("Words to look for"),
    locale: c.locale.default("en"),
    limit: z.number().int().min(1).max(20).default(5).describe("Max articles"),
  },
  outputSchema: output,
  annotations: READ_ONLY,
  async run(args, ctx) {
    const query = args.query as string;
    const limit = args.limit as number;
    const base = { website_id: args.website_id, locale: args.locale, filter_status_published: true };
    const byTitle = await articles(ctx, { ...base, page_number: 1, search_title: query });
    let found = byTitle;
    if (byTitle.length < limit) {
      const ranked = rank(await scan(ctx, base), query);
      const seen = new Set(byTitle.map((a) => a.article_id));
      found = [...byTitle, ...ranked.filter((a) => !seen.has(a.article_id))];
    }
    const data: Output = {
      locale: args.locale as string,
      articles: found
        .slice(0, limit)
        .map((a) =>
          defined({
            article_id: str(a.article_id, 80) ?? "",
            title: str(a.title, 200) ?? "(untitled)",
            url: str(a.url, 400),
            excerpt: str(a.description, 200) ?? str(a.content, 200),
          }),
        )
        .filter((a) => a.article_id !== ""),
    };
    return structuredResult({
      data,
      render,
      cut: { key: "articles", keep: "first", rest: () => "ask for a smaller limit" },
    });
  },
};

async function articles(ctx: ToolContext, args: Record<string, unknown>): Promise<Json[]> {
  return list(await callCrisp(ctx, "list_helpdesk_locale_articles", args)).map(obj);
}

async function scan(ctx: ToolContext, base: Record<string, unknown>): Promise<Json[]> {
  const all: Json[] = [];
  for (let page = 1; page <= SCAN_PAGES; page++) {
    const batch = await articles(ctx, { ...base, page_number: page });
    all.push(...batch);
    if (batch.length < PAGE) break;
  }
  return all;
}

/** Articles with at least one query word, most matches first; a title match counts double. */
function rank(candidates: readonly Json[], query: string): Json[] {
  const words = wordsOf(query);
  if (words.length === 0) return [];
  return candidates
    .map((article) => {
      const title = new Set(wordsOf(String(article.title ?? "")));
      const body = new Set(wordsOf(`${String(article.description ?? "")} ${String(article.content ?? "")}`));
      const score = words.reduce((sum, word) => sum + (title.has(word) ? 2 : 0) + (body.has(word) ? 1 : 0), 0);
      return { article, score };
    })
    .filter((entry) => entry.score > 0)
    .sort((a, b) => b.score - a.score)
    .map((entry) => entry.article);
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
  if (data.articles.length === 0) return `No published article matches in locale ${data.locale}. Try other words or another locale.`;
  return [
    `${data.articles.length} articles (${data.locale}); read one with read_helpdesk_article:`,
    ...data.articles.map((a) => [a.article_id, a.title, a.url, a.excerpt].filter(Boolean).join(" | ")),
  ].join("\n");
}
