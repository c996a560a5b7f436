import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../src/sandbox/index.js";
import { ConfigError } from "../src/config.js";
import { listedTools, type ServerSettings } from "../src/server.js";
import { serverSettings, startHarness, textOf } from "./helpers/harness.js";
import { countTokens } from "./helpers/tokens.js";

const base = serverSettings({ toolsets: ["default"] });

describe("the tool surface", () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(async () => {
    await sandbox.close();
  });

  async function listFor(settings: Partial<ServerSettings>) {
    const h = await startHarness({ existingSandbox: sandbox, settings: { ...base, ...settings } });
    try {
      return (await h.mcp.listTools()).tools;
    } finally {
      await h.close();
    }
  }

  it("default: at most 25 tools and 3,000 tokens, and the catalog tools are there", async () => {
    const tools = await listFor({});
    const tokens = countTokens(JSON.stringify(tools));
    expect(tools.length).toBeLessThanOrEqual(25);
    expect(tokens).toBeLessThanOrEqual(3000);
    expect(tools.map((t) => t.name)).toEqual(
      expect.arrayContaining(["search_crisp_methods", "describe_crisp_method", "call_crisp_method"]),
    );
  });

  it("all with a default website: every method of that website listed, within 40,000 tokens, no website_id anywhere", async () => {
    const tools = await listFor({ toolsets: ["all"], websiteId: sandbox.websiteId });
    // 264 methods, less 7 account-level ones (pinned out) and 4 that return secrets (CRISP_TOOLS only): test/security-policy.test.ts.
    expect(tools.length).toBeGreaterThanOrEqual(264 - 7 - 4 + 3);
    expect(countTokens(JSON.stringify(tools))).toBeLessThanOrEqual(40_000);
    for (const tool of tools) expect(tool.inputSchema.properties ?? {}).not.toHaveProperty("website_id");
  });

  it("every tool has a description, a title and explicit annotations", async () => {
    for (const tool of await listFor({ toolsets: ["all"] })) {
      expect(tool.description, tool.name).toMatch(/\w{3,}/);
      expect(tool.title, tool.name).toBeTruthy();
      const a = tool.annotations!;
      expect(typeof a.readOnlyHint, tool.name).toBe("boolean");
      expect(typeof a.openWorldHint, tool.name).toBe("boolean");
      if (!a.readOnlyHint) {
        expect(typeof a.destructiveHint, tool.name).toBe("boolean");
        expect(typeof a.idempotentHint, tool.name).toBe("boolean");
      }
    }
  });

  it("read-only lists no write tool", async () => {
    const tools = await listFor({ toolsets: ["all"], readOnly: true });
    expect(tools.length).toBeGreaterThan(80);
    for (const tool of tools) expect(tool.annotations?.readOnlyHint, tool.name).toBe(true);
  });

  it("toolsets, extra tools and exclusions combine", async () => {
    const names = (await listFor({ toolsets: ["helpdesk"], tools: ["get_conversation"], excludeTools: ["delete_helpdesk"] }))
      .map((t) => t.name);
    expect(names).toContain("resolve_helpdesk_tree_content");
    expect(names).not.toContain("resolve_helpdesk_locale_article");
    expect(names).toContain("get_conversation");
    expect(names).not.toContain("delete_helpdesk");
    expect(names).not.toContain("list_people_profiles");
  });

  it("the legacy Knowledge Base and Teams have toolsets of their own", async () => {
    const legacy = (await listFor({ toolsets: ["helpdesk_legacy"] })).map((t) => t.name);
    expect(legacy).toHaveLength(35);
    expect(legacy).toEqual(expect.arrayContaining(["resolve_helpdesk_locale_article", "export_helpdesk_locale_articles_legacy"]));
    const teams = (await listFor({ toolsets: ["teams"] })).map((t) => t.name);
    expect(teams.sort()).toEqual(["check_team_exists", "create_new_team", "delete_team", "get_team", "list_teams", "save_team"]);
  });

  it("unknown toolset or tool names stop start-up with the valid names", () => {
    expect(() => listedTools({ ...base, toolsets: ["nope"] })).toThrow(ConfigError);
    expect(() => listedTools({ ...base, toolsets: ["nope"] })).toThrow(/valid toolsets: default, all/);
    expect(() => listedTools({ ...base, tools: ["send_mesage"] })).toThrow(/unknown tool "send_mesage" in CRISP_TOOLS/);
    expect(() => listedTools({ ...base, excludeTools: ["x"] })).toThrow(/CRISP_EXCLUDE_TOOLS/);
  });

  it("public surface snapshot: every tool's name, annotations and input schema", async () => {
    const tools = await listFor({ toolsets: ["all"] });
    const surface = tools.map((t) => ({ name: t.name, annotations: t.annotations, inputSchema: t.inputSchema }));
    await expect(JSON.stringify(surface, null, 1)).toMatchFileSnapshot("./__snapshots__/tool-surface.json");
  });
});

describe("the catalog tools", () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it("search finds methods by words and by the wrappers' older names", async () => {
    const h = await startHarness({ existingSandbox: sandbox, settings: base });
    try {
      const cases: [string, string][] = [
        ["search_conversations", "list_conversations"],
        ["batch_resolve_items", "batch_resolve_conversations"],
        ["find_people_profile_by_email", "get_people_profile"],
        ["get_session_id_by_token", "get_session_identifier_from_token"],
        ["publish helpdesk article", "publish_helpdesk_locale_article"],
        ["helpdesk tree content", "resolve_helpdesk_tree_content"],
        ["team", "list_teams"],
        ["send message", "send_message_in_conversation"],
      ];
      for (const [query, expected] of cases) {
        const text = textOf(await h.call("search_crisp_methods", { query, limit: 3 }));
        expect(text.split("\n")[0], query).toMatch(new RegExp(`^${expected}:`));
      }
    } finally {
      await h.close();
    }
  });

  it("describe shows the method's schema; call validates against it and runs it", async () => {
    const h = await startHarness({ existingSandbox: sandbox, settings: { ...base, websiteId: sandbox.websiteId } });
    try {
      const described = JSON.parse(textOf(await h.call("describe_crisp_method", { method: "get_conversation" })));
      expect(described.route).toBe("GET /website/{website_id}/conversation/{session_id}");
      expect(described.inputSchema.required).toEqual(["session_id"]);

      const bad = await h.call("call_crisp_method", { method: "get_conversation", arguments: { session_id: "../x" } });
      expect(bad.isError).toBe(true);
      expect(textOf(bad)).toMatch(/session_id/);

      const unknown = await h.call("call_crisp_method", { method: "get_conversations" });
      expect(unknown.isError).toBe(true);
      expect(textOf(unknown)).toMatch(/get_conversation/);

      sandbox.clearRequests();
      const ok = await h.call("call_crisp_method", { method: "list_website_operators" });
      expect(ok.isError).toBeFalsy();
      expect(sandbox.requests.map((r) => r.path)).toEqual([`/website/${sandbox.websiteId}/operators/list`]);
    } finally {
      await h.close();
    }
  });

  it("in read-only mode call_crisp_method refuses writes before any request", async () => {
    const h = await startHarness({ existingSandbox: sandbox, settings: { ...base, readOnly: true } });
    try {
      sandbox.clearRequests();
      const result = await h.call("call_crisp_method", {
        method: "create_new_conversation",
        arguments: { website_id: sandbox.websiteId },
      });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(/read-only/);
      expect(sandbox.requests).toHaveLength(0);
      const search = textOf(await h.call("search_crisp_methods", { query: "remove conversation" }));
      expect(search).not.toMatch(/remove_conversation/);
    } finally {
      await h.close();
    }
  });
});
