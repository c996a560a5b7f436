import { ErrorCode, type CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ServerSettings } from "../src/server.js";
import { startSandbox, type Sandbox } from "../src/sandbox/index.js";
import { startHarness, type Harness } from "./helpers/harness.js";

// Issue 14, item 11: completion/complete for the prompts' arguments, from the
// workspace through the same Crisp methods and policy as the tools: session_id
// from the conversations waiting for a reply, email from people profiles,
// locale from the help center.

let sandbox: Sandbox;
let harness: Harness;
const opened: Harness[] = [];

beforeAll(async () => {
  sandbox = await startSandbox();
  harness = await open({});
});
afterAll(async () => {
  for (const each of opened) await each.close();
  await sandbox.close();
});

async function open(settings: Partial<ServerSettings>): Promise<Harness> {
  const started = await startHarness({
    existingSandbox: sandbox,
    settings: { toolsets: ["default"], websiteId: sandbox.websiteId, ...settings },
    retry: { maxAttempts: 2, budgetMs: 200 },
  });
  opened.push(started);
  return started;
}

function completeWith(on: Harness, prompt: string, argument: string, value: string, context?: Record<string, string>) {
  return on.mcp.complete({
    ref: { type: "ref/prompt", name: prompt },
    argument: { name: argument, value },
    ...(context ? { context: { arguments: context } } : {}),
  });
}

async function awaitingSessionIds(on: Harness): Promise<string[]> {
  const result = (await on.call("list_conversations_awaiting_reply", { limit: 50 })) as CallToolResult;
  return (result.structuredContent as { conversations: { session_id: string }[] }).conversations.map((c) => c.session_id);
}

describe("completion/complete", () => {
  it("is declared", () => {
    expect(harness.mcp.getServerCapabilities()?.completions).toEqual({});
  });

  it("session_id: the conversations waiting for a reply, filtered by what was typed", async () => {
    const waiting = await awaitingSessionIds(harness);
    expect(waiting.length).toBeGreaterThan(1);
    const all = (await completeWith(harness, "answer_conversation", "session_id", "")).completion;
    expect([...all.values].sort()).toEqual([...waiting].sort());
    expect(all).toMatchObject({ total: waiting.length, hasMore: false });

    const typed = waiting[0]!.slice(0, "session_".length + 2);
    const narrowed = (await completeWith(harness, "answer_conversation", "session_id", typed)).completion;
    expect(narrowed.values).toEqual(waiting.filter((id) => id.startsWith(typed)));
    expect(narrowed.values).toContain(waiting[0]);

    const none = (await completeWith(harness, "answer_conversation", "session_id", "session_zz")).completion;
    expect(none).toEqual({ values: [], total: 0, hasMore: false });
  });

  it("email: people profiles whose email starts with what was typed, in any case", async () => {
    const lower = (await completeWith(harness, "summarize_customer", "email", "emma")).completion;
    expect(lower.values).toContain("emma.wilson@example.com");
    for (const value of lower.values) expect(value.toLowerCase().startsWith("emma")).toBe(true);
    const upper = (await completeWith(harness, "summarize_customer", "email", "EMMA")).completion;
    expect(upper.values).toEqual(lower.values);
  });

  it("email: visitor-written addresses come back cleaned, and only when the prompt would accept them", async () => {
    for (const email of ["mal\u200blory@example.com", "quo'te\"d@example.com"]) {
      const added = await harness.call("call_crisp_method", {
        method: "add_new_people_profile",
        arguments: { email, person: { nickname: "Completion test" } },
      });
      expect(added.isError, JSON.stringify(added)).toBeFalsy();
    }
    const mallory = (await completeWith(harness, "summarize_customer", "email", "mal")).completion.values;
    expect(mallory).toEqual(["mallory@example.com"]);
    const quoted = (await completeWith(harness, "summarize_customer", "email", "quo")).completion.values;
    expect(quoted).toEqual([]);
  });

  it("email: a full page of matches says there is more, without a total it cannot know", async () => {
    for (let i = 0; i < 55; i++) {
      await harness.call("call_crisp_method", {
        method: "add_new_people_profile",
        arguments: { email: `bulk-${String(i).padStart(2, "0")}@example.com`, person: { nickname: `Bulk ${i}` } },
      });
    }
    const bulk = (await completeWith(harness, "summarize_customer", "email", "bulk-")).completion;
    expect(bulk.values.length).toBeGreaterThan(0);
    expect(bulk.values.length).toBeLessThanOrEqual(100);
    expect(bulk.hasMore).toBe(true);
    expect(bulk.total).toBeUndefined();
  });

  it("locale: the help center's locales, on the new and on the legacy Knowledge Base", async () => {
    expect((await completeWith(harness, "answer_conversation", "locale", "")).completion.values).toEqual(["en", "fr"]);
    expect((await completeWith(harness, "answer_conversation", "locale", "F")).completion.values).toEqual(["fr"]);
    const legacy = await open({ websiteId: sandbox.legacyWebsiteId });
    expect((await completeWith(legacy, "answer_conversation", "locale", "e")).completion.values).toEqual(["en"]);
  });

  it("the locale argument is optional, and its value reaches the prompt", async () => {
    const session = (await awaitingSessionIds(harness))[0]!;
    const prompt = await harness.mcp.getPrompt({ name: "answer_conversation", arguments: { session_id: session, locale: "fr" } });
    expect(JSON.stringify(prompt.messages)).toContain('search_helpdesk_articles for the customer\'s question with locale \\"fr\\"');
    await expect(harness.mcp.getPrompt({ name: "answer_conversation", arguments: { session_id: session, locale: "french!" } })).rejects.toThrow(
      /Argument locale of prompt answer_conversation must be a locale code/,
    );
  });

  it("without a pinned website, the website_id already given is used; none given, nothing is completed", async () => {
    const unpinned = await open({ websiteId: undefined });
    const given = (await completeWith(unpinned, "answer_conversation", "session_id", "", { website_id: sandbox.websiteId })).completion;
    expect(given.values.length).toBeGreaterThan(0);
    const missing = (await completeWith(unpinned, "answer_conversation", "session_id", "")).completion;
    expect(missing.values).toEqual([]);
  });

  it("a method the policy refuses completes nothing, and nothing is asked of Crisp", async () => {
    const excluded = await open({ excludeTools: ["list_conversations", "list_helpdesk_locales"] });
    const before = sandbox.requests.length;
    expect((await completeWith(excluded, "answer_conversation", "session_id", "")).completion.values).toEqual([]);
    expect((await completeWith(excluded, "answer_conversation", "locale", "")).completion.values).toEqual([]);
    expect(sandbox.requests.slice(before).filter((r) => /conversations|locales/.test(r.path))).toEqual([]);
  });

  it("Crisp failing completes nothing instead of failing the request", async () => {
    const remove = sandbox.faults.add({ method: "GET", path: new RegExp(`/helpdesk/locales/`), kind: "status", status: 500 });
    try {
      expect((await completeWith(harness, "answer_conversation", "locale", "")).completion).toEqual({ values: [], total: 0, hasMore: false });
    } finally {
      remove();
    }
  });

  it("an unknown prompt, argument or reference is -32602", async () => {
    await expect(completeWith(harness, "no_such_prompt", "x", "")).rejects.toMatchObject({ code: ErrorCode.InvalidParams });
    await expect(completeWith(harness, "answer_conversation", "email", "")).rejects.toThrow(
      /Prompt answer_conversation has no argument "email"; its arguments: session_id, locale\./,
    );
    await expect(
      harness.mcp.complete({ ref: { type: "ref/resource", uri: "crisp://x" }, argument: { name: "a", value: "" } }),
    ).rejects.toMatchObject({ code: ErrorCode.InvalidParams });
    // summarize_customer needs find_people: excluded, the prompt is not there to complete.
    const noPeople = await open({ excludeTools: ["list_people_profiles"] });
    await expect(completeWith(noPeople, "summarize_customer", "email", "emma")).rejects.toThrow(/Unknown prompt "summarize_customer"/);
  });
});
