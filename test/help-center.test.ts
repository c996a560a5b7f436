import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { seededArticleId, seededTreePath, startSandbox, type Sandbox } from "../src/sandbox/index.js";
import { agentTools } from "../src/tools/agent/index.js";
import { startHarness, textOf, type Harness } from "./helpers/harness.js";

// The two help-center agent tools on both Knowledge Bases: the sandbox's main
// website is on the new one, its second website on the legacy one. Through the
// SDK client (which checks structuredContent against the outputSchema), over
// real HTTP.

const SCHEMAS = new Map(agentTools().map((tool) => [tool.name, tool.outputSchema!]));

async function ok(h: Harness, name: string, args: Record<string, unknown>): Promise<{ result: CallToolResult; data: any }> {
  const result = await h.call(name, args);
  expect(result.isError, textOf(result)).toBeFalsy();
  const parsed = SCHEMAS.get(name)!.strict().safeParse(result.structuredContent);
  expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
  return { result, data: result.structuredContent };
}

/** The Knowledge Base routes a run of requests used: "new", "legacy" or both. */
function storesHit(sandbox: Sandbox): Set<string> {
  const kinds = new Set<string>();
  for (const request of sandbox.requests) {
    if (/\/helpdesk\/(page|tree)\//.test(request.path)) kinds.add("new");
    if (/\/helpdesk\/locale\/[^/]+\/article/.test(request.path)) kinds.add("legacy");
  }
  return kinds;
}

describe("help-center tools", () => {
  let sandbox: Sandbox;
  let h: Harness;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(async () => {
    await sandbox.close();
  });
  // A new harness (and so a new client) per test: each starts with no cached verdict.
  afterEach(async () => {
    sandbox.faults.clear();
    await h?.close();
  });
  const connect = async (websiteId: string) => {
    h = await startHarness({ existingSandbox: sandbox, settings: { toolsets: ["default"], websiteId } });
  };

  it("on the new Knowledge Base: finds published pages of every content type with their URLs, and reads one", async () => {
    await connect(sandbox.websiteId);
    const found = await ok(h, "search_helpdesk_articles", { query: "where is my parcel? tracking" });
    expect(found.data.knowledge_base).toBe("new");
    expect(found.data.articles[0]).toEqual({
      title: "How to track your order",
      content_type: "articles",
      tree_path: seededTreePath("en", "track-your-order"),
      url: expect.stringMatching(/^https:\/\/help\.acme-shop\.example\/en\/articles\/orders-shipping\/track-your-order\/?$/),
      excerpt: expect.stringMatching(/tracking/i),
    });
    expect(textOf(found.result)).toMatch(/new Knowledge Base/);

    // Guides are searched too, and a draft never shows.
    const sizing = await ok(h, "search_helpdesk_articles", { query: "sizing guide", limit: 10 });
    expect(sizing.data.articles.map((a: any) => a.content_type)).toContain("guides");
    const draft = await ok(h, "search_helpdesk_articles", { query: "waterproofing trail shoes" });
    expect(draft.data.articles.map((a: any) => a.title)).not.toContain("Waterproofing your trail shoes");

    const onlyGuides = await ok(h, "search_helpdesk_articles", { query: "team order", content_type: "guides" });
    expect(onlyGuides.data.articles.length).toBeGreaterThan(0);
    expect(onlyGuides.data.articles.every((a: any) => a.content_type === "guides")).toBe(true);

    sandbox.clearRequests();
    const article = await ok(h, "read_helpdesk_article", {
      content_type: "articles",
      tree_path: seededTreePath("en", "returns-and-refunds"),
    });
    expect(article.data).toMatchObject({
      knowledge_base: "new",
      title: "Returns and refunds policy",
      published: true,
      url: expect.stringMatching(/^https:\/\//),
      content: expect.stringMatching(/7 business days/),
    });
    expect(textOf(article.result)).toMatch(/## Refunds/);
    expect(storesHit(sandbox)).toEqual(new Set(["new"]));
  });

  it("on the legacy Knowledge Base: finds articles by title and text, and reads one by article_id", async () => {
    await connect(sandbox.legacyWebsiteId);
    sandbox.clearRequests();
    const found = await ok(h, "search_helpdesk_articles", { query: "where is my parcel? tracking" });
    expect(found.data.knowledge_base).toBe("legacy");
    expect(found.data.articles[0]).toMatchObject({
      article_id: seededArticleId("en", "track-your-order"),
      title: "How to track your order",
      url: expect.stringMatching(/^https:\/\//),
    });
    const french = await ok(h, "search_helpdesk_articles", { query: "remboursement", locale: "fr" });
    expect(french.data.articles.map((a: any) => a.article_id)).toEqual([seededArticleId("fr", "retours-et-remboursements")]);

    const article = await ok(h, "read_helpdesk_article", { article_id: seededArticleId("en", "returns-and-refunds") });
    expect(article.data).toMatchObject({ knowledge_base: "legacy", title: "Returns and refunds policy" });
    expect(article.data.content).toMatch(/7 business days/);
    // The new store was asked once (the probe); everything after used the legacy routes.
    const probes = sandbox.requests.filter((r) => /\/helpdesk\/page\/list\//.test(r.path));
    expect(probes).toHaveLength(1);
  });

  it("the verdict is cached: a second search asks no probe", async () => {
    await connect(sandbox.legacyWebsiteId);
    await ok(h, "search_helpdesk_articles", { query: "gift card" });
    sandbox.clearRequests();
    await ok(h, "search_helpdesk_articles", { query: "password" });
    expect(sandbox.requests.some((r) => /\/helpdesk\/page\//.test(r.path))).toBe(false);
  });

  it.each([401, 403, 429, 500])("a %i during detection is reported as such, never taken for the legacy Knowledge Base", async (status) => {
    await connect(sandbox.websiteId);
    sandbox.faults.add({ method: "GET", path: /\/helpdesk\/page\/list\//, kind: "status", status });
    sandbox.clearRequests();
    const result = await h.call("search_helpdesk_articles", { query: "tracking" });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain(String(status));
    expect(result.structuredContent).toBeUndefined();
    expect(storesHit(sandbox).has("legacy")).toBe(false);

    // Nothing wrong was remembered: once Crisp answers again, the new Knowledge Base is found.
    sandbox.faults.clear();
    const found = await ok(h, "search_helpdesk_articles", { query: "tracking" });
    expect(found.data.knowledge_base).toBe("new");
  });

  it("a locale that neither Knowledge Base has is reported as missing", async () => {
    await connect(sandbox.legacyWebsiteId);
    const result = await h.call("search_helpdesk_articles", { query: "versand", locale: "de" });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/404/);
  });

  it("an identifier of the other Knowledge Base gets an error that says which one to use", async () => {
    await connect(sandbox.websiteId);
    const byId = await h.call("read_helpdesk_article", { article_id: seededArticleId("en", "returns-and-refunds") });
    expect(byId.isError).toBe(true);
    expect(textOf(byId)).toMatch(/new Knowledge Base.*tree_path/);
    await h.close();

    await connect(sandbox.legacyWebsiteId);
    const byPath = await h.call("read_helpdesk_article", { tree_path: seededTreePath("en", "returns-and-refunds") });
    expect(byPath.isError).toBe(true);
    expect(textOf(byPath)).toMatch(/legacy Knowledge Base.*article_id/);

    const neither = await h.call("read_helpdesk_article", {});
    expect(neither.isError).toBe(true);
    expect(textOf(neither)).toMatch(/either tree_path .* or article_id/);
  });

  it("a draft read by its tree path says it is not public", async () => {
    await connect(sandbox.websiteId);
    const draft = await ok(h, "read_helpdesk_article", { tree_path: seededTreePath("en", "waterproofing-trail-shoes") });
    expect(draft.data.published).toBe(false);
    expect(textOf(draft.result)).toMatch(/draft: not public/);
  });

  it("a verdict contradicted by a 404 is forgotten, so a website migrated meanwhile is found again", async () => {
    await connect(sandbox.websiteId);
    await ok(h, "search_helpdesk_articles", { query: "tracking" });
    // The new store now says 404 (as after a move back); the next call fails, the one after probes again.
    const removeFault = sandbox.faults.add({ method: "GET", path: /\/helpdesk\/page\/list\//, kind: "status", status: 404, times: 4 });
    const failed = await h.call("search_helpdesk_articles", { query: "tracking" });
    expect(failed.isError).toBe(true);
    removeFault();
    sandbox.clearRequests();
    await ok(h, "search_helpdesk_articles", { query: "tracking" });
    expect(sandbox.requests.filter((r) => /\/helpdesk\/page\/list\/en\/articles\/1$/.test(r.path)).length).toBeGreaterThanOrEqual(2);
  });
});
