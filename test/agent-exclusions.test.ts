import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { seededTreePath } from "../src/sandbox/seed-knowledge-base.js";
import { seededArticleId, seededSessionId } from "../src/sandbox/seed.js";
import { startSandbox, type Sandbox } from "../src/sandbox/index.js";
import { agentTools } from "../src/tools/agent/index.js";
import { startHarness, textOf, type Harness } from "./helpers/harness.js";

// CRISP_EXCLUDE_TOOLS on a read keeps that read from the model inside the
// agent tools too: a tool that needs the method is not listed and never calls
// it; one that can do without says what it left out. Checked against every
// request the sandbox received.

const SESSION = seededSessionId("team-order");

/** One sensible call of each agent tool, on the main website (or the legacy one for its article). */
function callsOf(sandbox: Sandbox): Record<string, Record<string, unknown>> {
  return {
    list_conversations_awaiting_reply: { website_id: sandbox.websiteId },
    get_conversation_context: { website_id: sandbox.websiteId, session_id: SESSION },
    get_conversation_transcript: { website_id: sandbox.websiteId, session_id: SESSION },
    find_people: { website_id: sandbox.websiteId, query: "sofia.rossi@example.it" },
    search_helpdesk_articles: { website_id: sandbox.websiteId, query: "track order" },
    read_helpdesk_article: { website_id: sandbox.websiteId, locale: "en", content_type: "articles", tree_path: seededTreePath("en", "track-your-order") },
    read_helpdesk_article_legacy: { website_id: sandbox.legacyWebsiteId, locale: "en", article_id: seededArticleId("en", "track-your-order") },
  };
}

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.clearRequests());

async function harness(excludeTools: string[]): Promise<Harness> {
  return startHarness({ existingSandbox: sandbox, settings: { toolsets: ["default"], excludeTools, readOnly: true } });
}

/** Calls every listed agent tool once; returns the results by call name. */
async function callEvery(h: Harness): Promise<Map<string, CallToolResult>> {
  const listed = new Set((await h.mcp.listTools()).tools.map((tool) => tool.name));
  const results = new Map<string, CallToolResult>();
  for (const [call, args] of Object.entries(callsOf(sandbox))) {
    const tool = call.replace(/_legacy$/, "");
    if (listed.has(tool)) results.set(call, (await h.call(tool, args)) as CallToolResult);
  }
  return results;
}

describe("agent tools under CRISP_EXCLUDE_TOOLS", () => {
  it("each agent tool declares every Crisp method it calls", async () => {
    const h = await harness([]);
    try {
      const declared = new Map(agentTools().map((tool) => [tool.name, tool.crispMethods!]));
      for (const [call, args] of Object.entries(callsOf(sandbox))) {
        const tool = call.replace(/_legacy$/, "");
        sandbox.clearRequests();
        const result = await h.call(tool, args);
        expect(result.isError, `${call}: ${textOf(result)}`).toBeFalsy();
        const { required, optional = [] } = declared.get(tool)!;
        const used = new Set(sandbox.requests.map((request) => request.operation));
        expect(used.size, call).toBeGreaterThan(0);
        for (const method of used) expect([...required, ...optional], `${tool} calls ${method}`).toContain(method);
      }
    } finally {
      await h.close();
    }
  });

  it.each([
    ["get_conversation", ["get_conversation_context"]],
    ["get_messages_in_conversation", ["get_conversation_context", "get_conversation_transcript"]],
    ["list_people_profiles", ["find_people"]],
    ["list_conversations", ["list_conversations_awaiting_reply"]],
  ])("excluding %s unlists the tools that need it, and nothing calls it", async (method, unlisted) => {
    const h = await harness([method]);
    try {
      const listed = (await h.mcp.listTools()).tools.map((tool) => tool.name);
      for (const tool of unlisted) expect(listed).not.toContain(tool);
      const refused = await h.call(unlisted[0]!, callsOf(sandbox)[unlisted[0]!]!);
      expect(refused.isError).toBe(true);
      await callEvery(h);
      expect(sandbox.requests.map((request) => request.operation)).not.toContain(method);
    } finally {
      await h.close();
    }
  });

  it.each([
    ["get_people_profile", "the visitor's profile"],
    ["list_people_conversations", "earlier conversations"],
  ])("excluding %s leaves get_conversation_context listed, without that part, saying so", async (method, part) => {
    const h = await harness([method]);
    try {
      const results = await callEvery(h);
      const context = results.get("get_conversation_context")!;
      expect(context.isError, textOf(context)).toBeFalsy();
      expect(textOf(context)).toContain(`Withheld by this server's settings: ${part}`);
      expect((context.structuredContent as { withheld: string[] }).withheld).toEqual([`${part} (${method} is not allowed here)`]);
      // find_people by email falls back to search when the exact read is excluded.
      expect(results.get("find_people")!.isError).toBeFalsy();
      expect(textOf(results.get("find_people")!)).toContain("sofia.rossi@example.it");
      expect(sandbox.requests.map((request) => request.operation)).not.toContain(method);
    } finally {
      await h.close();
    }
  });

  it("excluding resolve_helpdesk_locale_article refuses legacy articles without reading them; the new store still reads", async () => {
    const h = await harness(["resolve_helpdesk_locale_article"]);
    try {
      const results = await callEvery(h);
      const legacy = results.get("read_helpdesk_article_legacy")!;
      expect(legacy.isError).toBe(true);
      expect(textOf(legacy)).toMatch(/resolve_helpdesk_locale_article is excluded by CRISP_EXCLUDE_TOOLS/);
      expect(results.get("read_helpdesk_article")!.isError, textOf(results.get("read_helpdesk_article")!)).toBeFalsy();
      expect(sandbox.requests.map((request) => request.operation)).not.toContain("resolve_helpdesk_locale_article");
    } finally {
      await h.close();
    }
  });

  it("excluding the new store's listing sends help-center search to the legacy store without asking the new one", async () => {
    const h = await harness(["list_helpdesk_pages"]);
    try {
      const found = await h.call("search_helpdesk_articles", { website_id: sandbox.legacyWebsiteId, query: "track order" });
      expect(found.isError, textOf(found)).toBeFalsy();
      expect(found.structuredContent).toMatchObject({ knowledge_base: "legacy" });
      expect(sandbox.requests.map((request) => request.operation)).not.toContain("list_helpdesk_pages");
    } finally {
      await h.close();
    }
  });
});
