import { z } from "zod";
import * as c from "../catalog/common.js";
import type { ToolDefinition } from "../types.js";
import { cleanText } from "../visitor-text.js";
import { READ_ONLY } from "./common.js";
import { callCrisp } from "./crisp.js";
import { defined, num, obj, str } from "./format.js";
import { structuredResult } from "./result.js";

// One article's text (Markdown), to quote or link in a reply.

/** The text shown of one article; both renderings together stay under the size guard. */
const MAX_CONTENT_CHARS = 20_000;

const output = z.object({
  article_id: z.string(),
  title: z.string(),
  url: z.string().optional(),
  updated: z.string().optional(),
  content: z.string(),
  omitted_chars: z.number().optional(),
});

type Output = z.infer<typeof output>;

export const readHelpdeskArticle: ToolDefinition = {
  name: "read_helpdesk_article",
  title: "Read a helpdesk article",
  description: "The content (Markdown) of one help center article.",
  toolset: "agent",
  params: {
    website_id: c.websiteId,
    article_id: c.articleId,
    locale: c.locale.default("en"),
  },
  outputSchema: output,
  annotations: READ_ONLY,
  async run(args, ctx) {
    const article = obj(
      await callCrisp(ctx, "resolve_helpdesk_locale_article", {
        website_id: args.website_id,
        locale: args.locale,
        article_id: args.article_id,
      }),
    );
    const content = typeof article.content === "string" ? cleanText(article.content).trim() : "";
    const updated = num(article.updated_at);
    const data: Output = defined({
      article_id: args.article_id as string,
      title: str(article.title, 300) ?? "(untitled)",
      url: str(article.url, 400),
      updated: updated !== undefined ? new Date(updated).toISOString().slice(0, 10) : undefined,
      content: content.slice(0, MAX_CONTENT_CHARS),
      omitted_chars: content.length > MAX_CONTENT_CHARS ? content.length - MAX_CONTENT_CHARS : undefined,
    });
    return structuredResult({ data, render });
  },
};

function render(data: Output): string {
  const head = [data.title, data.url, data.updated ? `updated ${data.updated}` : undefined].filter(Boolean).join(" | ");
  const cut = data.omitted_chars
    ? `\n[cut: ${data.omitted_chars} more characters left out to stay under the size limit; the whole article is at ${data.url ?? "its URL"}]`
    : "";
  return `${head}\n${data.content || "(no content)"}${cut}`;
}
