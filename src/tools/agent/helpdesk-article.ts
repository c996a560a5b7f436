import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import * as c from "../catalog/common.js";
import { contentType, treePathText } from "../catalog/helpdesk.js";
import { errorResult } from "../results.js";
import type { ToolContext, ToolDefinition } from "../types.js";
import { cleanText } from "../../untrusted/text.js";
import { READ_ONLY } from "./common.js";
import { callCrisp, optional } from "./crisp.js";
import { count, defined, num, obj, str, type Json } from "./format.js";
import { onKnowledgeBase, type KnowledgeBase } from "./knowledge-base.js";
import { structuredResult } from "./result.js";

// One help center text (Markdown), to quote or link in a reply: an entry of
// the new Knowledge Base by content type and tree path, or a legacy article
// by its id, whichever search_helpdesk_articles gave.

/** The text shown of one article; both renderings together stay under the size guard. */
const MAX_CONTENT_CHARS = 20_000;

const output = z.object({
  knowledge_base: z.enum(["new", "legacy"]),
  title: z.string(),
  content_type: z.string().optional(),
  tree_path: z.string().optional(),
  article_id: z.string().optional(),
  url: z.string().optional(),
  published: z.boolean().optional(),
  updated: z.string().optional(),
  content: z.string(),
  omitted_chars: z.number().optional(),
});

type Output = z.infer<typeof output>;
type Article = Omit<Output, "knowledge_base" | "content" | "omitted_chars"> & { text: string };

export const readHelpdeskArticle: ToolDefinition = {
  name: "read_helpdesk_article",
  title: "Read a helpdesk article",
  description: "The content (Markdown) of one help center article: tree_path and content_type (new Knowledge Base) or article_id (legacy).",
  toolset: "agent",
  params: {
    website_id: c.websiteId,
    tree_path: treePathText.optional().describe("Tree path (new Knowledge Base), e.g. orders-shipping/track-your-order"),
    content_type: contentType.default("articles"),
    article_id: c.articleId.optional().describe("Article ID (legacy Knowledge Base)"),
    locale: c.locale.default("en"),
  },
  outputSchema: output,
  annotations: READ_ONLY,
  crispMethods: {
    required: [],
    optional: [
      "list_helpdesk_pages",
      "list_helpdesk_locale_articles",
      "resolve_helpdesk_tree_content",
      "resolve_helpdesk_tree_metadata",
      "resolve_helpdesk_tree_page",
      "resolve_helpdesk_locale_article",
    ],
  },
  async run(args, ctx) {
    const websiteId = args.website_id as string;
    if ((args.tree_path === undefined) === (args.article_id === undefined)) {
      return errorResult(
        "Give either tree_path (with content_type) or article_id, as search_helpdesk_articles returned them.",
        "Call search_helpdesk_articles first if you have neither.",
      );
    }
    return onKnowledgeBase(
      ctx,
      websiteId,
      args.locale as string,
      async (kind) => mismatchOf(kind, args) ?? articleResult(kind, kind === "new" ? await readNew(ctx, args) : await readLegacy(ctx, args)),
    );
  },
};

/** The article as the model reads it: cleaned text, cut at MAX_CONTENT_CHARS with the count left out. */
function articleResult(kind: KnowledgeBase, { text, ...rest }: Article): CallToolResult {
  const content = cleanText(text).trim();
  const data: Output = defined({
    knowledge_base: kind,
    ...rest,
    content: content.slice(0, MAX_CONTENT_CHARS),
    omitted_chars: content.length > MAX_CONTENT_CHARS ? content.length - MAX_CONTENT_CHARS : undefined,
  });
  return structuredResult({ data, render });
}

function mismatchOf(kind: KnowledgeBase, args: Record<string, unknown>) {
  if (kind === "new" && args.tree_path === undefined) {
    return errorResult(
      "This website uses the new Knowledge Base, which addresses articles by content_type and tree_path, not article_id.",
      "Use the tree_path and content_type that search_helpdesk_articles returned.",
    );
  }
  if (kind === "legacy" && args.article_id === undefined) {
    return errorResult(
      "This website uses the legacy Knowledge Base, which addresses articles by article_id, not tree_path.",
      "Use the article_id that search_helpdesk_articles returned.",
    );
  }
  return undefined;
}

async function readNew(ctx: ToolContext, args: Record<string, unknown>): Promise<Article> {
  const entry = { website_id: args.website_id, locale: args.locale, content_type: args.content_type, tree_path: args.tree_path };
  // The text decides whether the entry exists; title and URL may fail alone.
  const [content, metadata, page] = await Promise.all([
    callCrisp<Json>(ctx, "resolve_helpdesk_tree_content", entry),
    optional(callCrisp<Json>(ctx, "resolve_helpdesk_tree_metadata", entry)),
    optional(callCrisp<Json>(ctx, "resolve_helpdesk_tree_page", entry)),
  ]);
  const meta = obj(metadata);
  const published = obj(meta.state).published;
  return defined({
    title: str(meta.title, 300) ?? str(obj(page).title, 300) ?? "(untitled)",
    content_type: args.content_type as string,
    tree_path: args.tree_path as string,
    url: str(obj(page).url, 400),
    published: typeof published === "boolean" ? published : undefined,
    text: typeof obj(content).content === "string" ? (obj(content).content as string) : "",
  });
}

async function readLegacy(ctx: ToolContext, args: Record<string, unknown>): Promise<Article> {
  const article = obj(
    await callCrisp(ctx, "resolve_helpdesk_locale_article", {
      website_id: args.website_id,
      locale: args.locale,
      article_id: args.article_id,
    }),
  );
  const updated = num(article.updated_at);
  return defined({
    title: str(article.title, 300) ?? "(untitled)",
    article_id: args.article_id as string,
    url: str(article.url, 400),
    published: typeof article.status === "string" ? article.status === "published" : undefined,
    updated: updated !== undefined ? new Date(updated).toISOString().slice(0, 10) : undefined,
    text: typeof article.content === "string" ? article.content : "",
  });
}

function render(data: Output): string {
  const head = [
    data.title,
    data.url,
    data.updated ? `updated ${data.updated}` : undefined,
    data.published === false ? "draft: not public, do not send its link" : undefined,
    `${data.knowledge_base} Knowledge Base`,
  ]
    .filter(Boolean)
    .join(" | ");
  const cut = data.omitted_chars
    ? `\n[cut: ${count(data.omitted_chars, "more character")} left out to stay under the size limit; the whole article is at ${data.url ?? "its URL"}]`
    : "";
  return `${head}\n${data.content || "(no content)"}${cut}`;
}
