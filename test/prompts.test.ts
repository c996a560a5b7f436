import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { seededSessionId, startSandbox, type Sandbox } from "../src/sandbox/index.js";
import { startHarness, type Harness } from "./helpers/harness.js";

// The prompts through the SDK client: listed with their arguments, filled in,
// checked, and adapted to the server (read-only, default website, listed tools).

const SESSION = seededSessionId("shipping-delay");

describe("prompts", () => {
  let sandbox: Sandbox;
  let h: Harness | undefined;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(async () => {
    await sandbox.close();
  });
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  async function connect(settings: Record<string, unknown> = {}): Promise<Harness> {
    h = await startHarness({
      existingSandbox: sandbox,
      settings: { toolsets: ["default"], websiteId: sandbox.websiteId, allowDestructive: false, ...settings },
    });
    return h;
  }

  function textOfPrompt(result: { messages: { content: { type: string; text?: string } }[] }): string {
    return result.messages.map((m) => m.content.text ?? "").join("\n");
  }

  it("the server declares prompts and lists the three with their arguments", async () => {
    const { mcp } = await connect();
    expect(mcp.getServerCapabilities()?.prompts).toBeDefined();
    const { prompts } = await mcp.listPrompts();
    expect(prompts.map((p) => [p.name, (p.arguments ?? []).map((a) => a.name)])).toEqual([
      ["triage_inbox", []],
      ["answer_conversation", ["session_id", "locale"]],
      ["summarize_customer", ["email"]],
    ]);
    for (const prompt of prompts) {
      expect(prompt.title).toBeTruthy();
      expect(prompt.description).toBeTruthy();
      for (const argument of prompt.arguments ?? []) expect(argument.required).toBe(argument.name !== "locale");
    }
  });

  it("every tool a prompt names is one the server lists", async () => {
    const { mcp } = await connect();
    const listed = new Set((await mcp.listTools()).tools.map((t) => t.name));
    const texts = [
      textOfPrompt(await mcp.getPrompt({ name: "triage_inbox" })),
      textOfPrompt(await mcp.getPrompt({ name: "answer_conversation", arguments: { session_id: SESSION } })),
      textOfPrompt(await mcp.getPrompt({ name: "summarize_customer", arguments: { email: "emma.wilson@example.com" } })),
    ];
    const notTools = new Set(["session_id", "website_id", "people_id", "page_number"]);
    for (const text of texts) {
      // Methods run through call_crisp_method are its argument, not tools.
      const named = (text.replace(/\(method "[a-z_]+"\)/g, "").match(/\b[a-z]+(?:_[a-z]+)+\b/g) ?? []).filter(
        (word) => !notTools.has(word),
      );
      expect(named.length).toBeGreaterThan(1);
      for (const tool of named) expect(listed, `${tool} in: ${text}`).toContain(tool);
      expect(text).toMatch(/between « »/);
    }
  });

  it("answer_conversation fills in the session and asks for approval before sending", async () => {
    const { mcp } = await connect();
    const result = await mcp.getPrompt({ name: "answer_conversation", arguments: { session_id: SESSION } });
    expect(result.messages).toHaveLength(1);
    expect(result.messages[0]!.role).toBe("user");
    const text = textOfPrompt(result);
    expect(text).toContain(`get_conversation_context with session_id "${SESSION}"`);
    expect(text).toMatch(/wait for my approval; then send it with reply_to_conversation/);
    expect(text).not.toMatch(/website_id/);
  });

  it("summarize_customer uses the email and reaches a method outside the default list through call_crisp_method", async () => {
    const { mcp } = await connect();
    const text = textOfPrompt(await mcp.getPrompt({ name: "summarize_customer", arguments: { email: "emma.wilson@example.com" } }));
    expect(text).toContain('find_people with query "emma.wilson@example.com"');
    expect(text).toContain('call_crisp_method (method "list_people_conversations")');
  });

  it("bad or missing arguments and unknown prompts are refused with what to fix", async () => {
    const { mcp } = await connect();
    await expect(mcp.getPrompt({ name: "answer_conversation", arguments: { session_id: "42" } })).rejects.toThrow(
      /session_id of prompt answer_conversation must be session_ followed by a UUID/,
    );
    await expect(mcp.getPrompt({ name: "answer_conversation" })).rejects.toThrow(/needs the argument session_id/);
    await expect(mcp.getPrompt({ name: "summarize_customer", arguments: { email: "emma" } })).rejects.toThrow(
      /must be an email address/,
    );
    await expect(mcp.getPrompt({ name: "do_everything" })).rejects.toThrow(/Unknown prompt "do_everything". Available prompts: triage_inbox/);
  });

  it("read-only: the answer prompt drafts only, and never names a write tool", async () => {
    const { mcp } = await connect({ readOnly: true });
    const text = textOfPrompt(await mcp.getPrompt({ name: "answer_conversation", arguments: { session_id: SESSION } }));
    expect(text).toMatch(/cannot send messages/);
    expect(text).not.toMatch(/reply_to_conversation|add_internal_note/);
  });

  it("without a default website, prompts take website_id and pass it on", async () => {
    const { mcp } = await connect({ websiteId: undefined });
    const { prompts } = await mcp.listPrompts();
    for (const prompt of prompts) expect(prompt.arguments?.map((a) => a.name)).toContain("website_id");
    await expect(mcp.getPrompt({ name: "triage_inbox" })).rejects.toThrow(/website_id/);
    const text = textOfPrompt(await mcp.getPrompt({ name: "triage_inbox", arguments: { website_id: sandbox.websiteId } }));
    expect(text).toContain(`Pass website_id "${sandbox.websiteId}" to every tool.`);
  });

  it("a server without the agent tools lists no prompt that would need them", async () => {
    const { mcp } = await connect({ toolsets: ["helpdesk"] });
    expect((await mcp.listPrompts()).prompts).toEqual([]);
  });
});
