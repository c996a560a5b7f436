import { CrispApiError, type CrispClient } from "../../client/index.js";
import { report } from "../../activity.js";
import { log } from "../../log.js";
import type { ToolContext } from "../types.js";
import { callCrisp, mayCall } from "./crisp.js";

// Crisp serves two Knowledge Bases: the new one (pages, trees, content types)
// and the legacy one (articles, categories, sections) for workspaces not yet
// moved. No route says which one a website uses, so the agent tools ask:
// a cheap read of the new store answers 200 on a migrated website; a 404
// there is only taken for "legacy" when the legacy store then answers the
// same question. Any other failure (401, 403, 429, 5xx, network) is the
// answer itself and is reported, never read as a verdict.

export type KnowledgeBase = "new" | "legacy";

/** How long a verdict is trusted; a website can be migrated while the server runs. */
const VERDICT_TTL_MS = 10 * 60_000;
const MAX_WEBSITES = 1_000;

interface Verdict {
  kind: KnowledgeBase;
  until: number;
}

// Per client (one per process, or per tenant over HTTP passthrough), so that
// one caller's answer is never served to another.
const verdicts = new WeakMap<CrispClient, Map<string, Verdict>>();

function cacheOf(client: CrispClient): Map<string, Verdict> {
  let cache = verdicts.get(client);
  if (!cache) verdicts.set(client, (cache = new Map()));
  return cache;
}

/** Which Knowledge Base a website uses, probed once and then cached. Throws CrispError. */
async function knowledgeBaseOf(ctx: ToolContext, websiteId: string, locale: string): Promise<KnowledgeBase> {
  const cache = cacheOf(ctx.client);
  const known = cache.get(websiteId);
  if (known && known.until > Date.now()) return known.kind;

  let kind: KnowledgeBase;
  try {
    kind = await probe(ctx, websiteId, locale);
  } catch (error) {
    if (!isNotFound(error)) {
      const why = error instanceof Error ? error.message : String(error);
      report({ level: "warning", source: "knowledge-base", message: `could not tell which Knowledge Base website ${websiteId} uses: ${why}` });
    }
    throw error;
  }
  if (kind === "legacy") {
    report({ level: "notice", source: "knowledge-base", message: `website ${websiteId} answers only on the legacy Knowledge Base routes (articles, categories): using those` });
  }
  cache.delete(websiteId);
  if (cache.size >= MAX_WEBSITES) cache.delete(cache.keys().next().value!);
  cache.set(websiteId, { kind, until: Date.now() + VERDICT_TTL_MS });
  return kind;
}

/**
 * Runs work against the Knowledge Base the website uses. A 404 from the store
 * the verdict named drops the verdict (the website may have moved), so the
 * next call asks again; the error still reaches the caller.
 */
export async function onKnowledgeBase<T>(
  ctx: ToolContext,
  websiteId: string,
  locale: string,
  work: (kind: KnowledgeBase) => Promise<T>,
): Promise<T> {
  const kind = await knowledgeBaseOf(ctx, websiteId, locale);
  try {
    return await work(kind);
  } catch (error) {
    if (isNotFound(error)) verdicts.get(ctx.client)?.delete(websiteId);
    throw error;
  }
}

async function probe(ctx: ToolContext, websiteId: string, locale: string): Promise<KnowledgeBase> {
  // A store whose listing this server refuses is not asked; the other one answers for both.
  if (!mayCall(ctx, "list_helpdesk_pages")) return probeLegacy(ctx, websiteId, locale);
  try {
    await callCrisp(ctx, "list_helpdesk_pages", { website_id: websiteId, locale, content_type: "articles", page_number: 1 });
    return "new";
  } catch (error) {
    if (!isNotFound(error)) throw error;
    log("info", `new Knowledge Base routes answered 404 (${error.reason.slice(0, 60)}); trying the legacy routes`);
  }
  return probeLegacy(ctx, websiteId, locale);
}

async function probeLegacy(ctx: ToolContext, websiteId: string, locale: string): Promise<KnowledgeBase> {
  // A 404 here too means no help center in this locale at all: that 404 is the answer.
  await callCrisp(ctx, "list_helpdesk_locale_articles", { website_id: websiteId, locale, page_number: 1 });
  return "legacy";
}

function isNotFound(error: unknown): error is CrispApiError {
  return error instanceof CrispApiError && error.status === 404;
}
