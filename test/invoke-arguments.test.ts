import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { ElicitRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { seededPeopleId, startSandbox, type Sandbox } from "../src/sandbox/index.js";
import { policyOf, type ServerSettings } from "../src/server.js";
import { invokeTool, methodRefusal, refusalOf } from "../src/tools/invoke.js";
import { TOOLS } from "../src/tools/tool-index.js";
import type { ToolContext } from "../src/tools/types.js";
import { sandboxClient, serverSettings, startHarness, textOf, type Harness } from "./helpers/harness.js";

// invokeTool, the one path every call takes: what a bad argument is told
// (every field named, by its full path, within a bound), what a pinned server
// fills in, and which cause a read-only refusal names.

let sandbox: Sandbox;
let h: Harness | undefined;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(async () => {
  await sandbox.close();
});
afterEach(async () => {
  vi.restoreAllMocks();
  await h?.close();
  h = undefined;
  sandbox.clearRequests();
});

async function connect(settings: Partial<ServerSettings> = {}): Promise<Harness> {
  h = await startHarness({ existingSandbox: sandbox, settings: { toolsets: ["all"], ...settings } });
  return h;
}

const emma = () => seededPeopleId("emma");
const PREFIX = "Invalid arguments for update_people_profile: ";

async function problems(args: Record<string, unknown>): Promise<string> {
  const harness = h ?? (await connect());
  const result = await harness.call("update_people_profile", args);
  expect(result.isError).toBe(true);
  const text = textOf(result);
  expect(text.startsWith(PREFIX), text).toBe(true);
  expect(text).toMatch(/\nWhat to do: Fix the fields named above and call update_people_profile again\.$/);
  return text.slice(PREFIX.length, text.indexOf("\nWhat to do:"));
}

describe("a bad argument is named, and nothing is sent", () => {
  it("a missing field is required; a wrong type says what was expected", async () => {
    expect(await problems({ website_id: sandbox.websiteId })).toBe("people_id is required");
    expect(await problems({ website_id: sandbox.websiteId, people_id: 5 })).toBe("people_id expected string, received number");
    expect(sandbox.requests).toHaveLength(0);
  });

  it("a nested field is named by its full path, an unknown nested field too", async () => {
    const base = { website_id: sandbox.websiteId, people_id: emma() };
    expect(await problems({ ...base, person: { nickname: 5 } })).toBe("person.nickname expected string, received number");
    expect(await problems({ ...base, person: { profiles: [{ type: "x", handle: "y", zz: 1 }] } })).toBe(
      "unknown field(s) person.profiles.0.zz",
    );
    expect(sandbox.requests).toHaveLength(0);
  });

  it("odd field names are quoted, long ones cut at 60 characters, and at most 10 unknown ones are named", async () => {
    const base = { website_id: sandbox.websiteId, people_id: emma() };
    expect(await problems({ ...base, "": 1, "a b": 2, "ok.name-1": 3, ["k".repeat(61)]: 4, ["é".repeat(60)]: 5 })).toBe(
      `unknown field(s) "", "a b", ok.name-1, ${"k".repeat(60)}..., "${"é".repeat(60)}"`,
    );
    const twelve = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`u${i}`, i]));
    expect(await problems({ ...base, ...twelve })).toBe(`unknown field(s) ${Array.from({ length: 10 }, (_, i) => `u${i}`).join(", ")}`);
  });

  it("at most eight problems are listed, in order", async () => {
    const wrong = ["nickname", "avatar", "gender", "phone", "address", "description", "website", "timezone", "locales"];
    const person = Object.fromEntries(wrong.map((field) => [field, true]));
    const listed = (await problems({ website_id: sandbox.websiteId, people_id: emma(), person })).split("; ");
    expect(listed).toHaveLength(8);
    expect(listed.map((problem) => problem.split(" ")[0])).toEqual(wrong.slice(0, 8).map((field) => `person.${field}`));
  });
});

describe("arguments that are not an object", () => {
  async function invokeWith(rawArgs: unknown) {
    const card = TOOLS.method("get_people_profile")!;
    const client = sandboxClient(sandbox);
    const ctx: ToolContext = {
      client,
      policy: policyOf(serverSettings({ toolsets: ["all"] })),
      tools: TOOLS,
      signal: new AbortController().signal,
      progress: async () => undefined,
    };
    try {
      return await invokeTool(card, rawArgs, ctx);
    } finally {
      await client.close();
    }
  }

  it.each([["a list", [1]], ["a string", "people"], ["null", null], ["a number", 3]])("%s is refused, naming the tool", async (_, rawArgs) => {
    const result = await invokeWith(rawArgs);
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe("Arguments for get_people_profile must be a JSON object.\nWhat to do: Pass the fields as an object.");
    expect(sandbox.requests).toHaveLength(0);
  });

  it("no arguments at all is an empty object: the missing fields are named", async () => {
    const result = await invokeWith(undefined);
    expect(textOf(result)).toMatch(/^Invalid arguments for get_people_profile: website_id is required; people_id is required\n/);
  });
});

describe("a server pinned to one website", () => {
  it("fills in its website_id, over any other the model gives, for direct and catalog calls", async () => {
    const harness = await connect({ websiteId: sandbox.websiteId });
    const other = "00000000-0000-4000-8000-000000000000";
    expect((await harness.call("get_people_profile", { people_id: emma() })).isError).toBeFalsy();
    expect((await harness.call("get_people_profile", { website_id: other, people_id: emma() })).isError).toBeFalsy();
    const viaCatalog = await harness.call("call_crisp_method", { method: "get_people_profile", arguments: { website_id: other, people_id: emma() } });
    expect(viaCatalog.isError, textOf(viaCatalog)).toBeFalsy();
    expect(sandbox.requests.map((r) => r.path)).toEqual(Array(3).fill(`/website/${sandbox.websiteId}/people/profile/${emma()}`));
  });

  it("keeps the methods that cannot reach another website, and refuses the account-level ones", async () => {
    const policy = policyOf(serverSettings({ toolsets: ["all"], websiteId: sandbox.websiteId }));
    const ctx = { policy, tools: TOOLS };
    for (const safe of ["check_connect_session_validity", "get_plugin_connect_endpoints", "list_animation_medias", "generate_bucket_url"]) {
      expect(methodRefusal(safe, ctx), safe).toBeUndefined();
    }
    expect(methodRefusal("create_website", ctx)?.message).toMatch(/pinned to one website \(CRISP_WEBSITE_ID\)/);
    // Tools that are not Crisp methods are not account-level methods.
    expect(refusalOf(TOOLS.cards.find((card) => card.name === "search_crisp_methods")!, ctx)).toBeUndefined();
    const unpinned = { policy: policyOf(serverSettings({ toolsets: ["all"] })), tools: TOOLS };
    expect(methodRefusal("create_website", unpinned)).toBeUndefined();
    expect(() => methodRefusal("no_such_method", unpinned)).toThrow(/no Crisp method named no_such_method/);
  });
});

describe("a read-only refusal names who asked for it", () => {
  const write = () => TOOLS.method("update_people_profile")!;
  const refusalBy = (readOnlyBy?: "settings" | "header" | "sign-in") =>
    refusalOf(write(), { policy: policyOf(serverSettings({ readOnly: true, readOnlyBy })), tools: TOOLS });

  it("the operator's setting by default, the header or the sign-in when they asked", () => {
    expect(refusalBy()).toEqual({
      message: "update_people_profile writes to Crisp, and this server runs in read-only mode (CRISP_READ_ONLY).",
      hint: "Only read tools are available here. Ask the user to change the server's settings if a write is needed.",
    });
    expect(refusalBy("settings")).toEqual(refusalBy());
    expect(refusalBy("header")).toEqual({
      message: "update_people_profile writes to Crisp, and this connection asked for read-only mode (the X-MCP-Read-Only header).",
      hint: "Only read tools are available on this connection. Ask the user to remove X-MCP-Read-Only from the client's configuration if a write is needed.",
    });
    expect(refusalBy("sign-in")).toEqual({
      message: "update_people_profile writes to Crisp, and this connection signed in with read-only access.",
      hint: "Only read tools are available with this sign-in. Ask the user to reconnect the app and choose Read and write on the consent page if a write is needed.",
    });
  });

  it("a read is never refused for read-only", () => {
    const policy = policyOf(serverSettings({ readOnly: true }));
    expect(refusalOf(TOOLS.method("get_people_profile")!, { policy, tools: TOOLS })).toBeUndefined();
  });
});

describe("a confirmation that fails", () => {
  it("is logged with the tool's name and the reason, and is not a yes", async () => {
    const stderr = vi.spyOn(process.stderr, "write");
    h = await startHarness({
      existingSandbox: sandbox,
      settings: { toolsets: ["all"], allowDestructive: true },
      clientOptions: { capabilities: { elicitation: {} } },
    });
    h.mcp.setRequestHandler(ElicitRequestSchema, async () => {
      throw new Error("dialog crashed");
    });
    const result = await h.call("remove_people_profile", { website_id: sandbox.websiteId, people_id: emma() });
    expect(textOf(result)).toBe(
      "remove_people_profile is destructive and the confirmation could not be obtained from the user; nothing was changed.\n" +
        "What to do: Ask the user to confirm in the conversation and call again, or ask them to start the server with CRISP_ALLOW_DESTRUCTIVE=true (--allow-destructive) if their client cannot show confirmations.",
    );
    const logged = stderr.mock.calls.map(([chunk]) => String(chunk)).join("");
    // The error's own message, not its name and class.
    expect(logged).toContain("crisp-mcp warn: confirmation for remove_people_profile failed: MCP error -32603: dialog crashed\n");
    expect(sandbox.requests).toHaveLength(0);
  });
});

describe("each refusal says why and what to do, in full", () => {
  const policyWith = (settings: Partial<ServerSettings>) => ({ policy: policyOf(serverSettings({ toolsets: ["all"], ...settings })), tools: TOOLS });

  it("an exclusion, the pin and a secret", () => {
    expect(methodRefusal("get_people_profile", policyWith({ excludeTools: ["get_people_profile"] }))).toEqual({
      message: "get_people_profile is excluded by CRISP_EXCLUDE_TOOLS on this server.",
      hint: "Use another tool.",
    });
    expect(methodRefusal("create_website", policyWith({ websiteId: sandbox.websiteId }))).toEqual({
      message:
        "create_website works on the Crisp account or on other websites, and this server is pinned to one website (CRISP_WEBSITE_ID).",
      hint: "Only that website's methods are available here. Ask the user to run a server without CRISP_WEBSITE_ID if an account-level call is needed.",
    });
    expect(methodRefusal("get_verify_key", policyWith({}))).toEqual({
      message:
        "get_verify_key returns a secret, so it is available only when the server's operator names it in CRISP_TOOLS (--tools); no toolset includes it.",
      hint: "Do not look for another way to get it. Tell the user it is disabled here; the operator can add it to CRISP_TOOLS if it is really needed.",
    });
    expect(methodRefusal("get_verify_key", policyWith({ tools: ["get_verify_key"] }))).toBeUndefined();
  });

  it("an agent tool that can do without each of its methods is refused only when it can use none of them", () => {
    const search = TOOLS.cards.find((card) => card.name === "search_helpdesk_articles")!;
    const methods = ["list_helpdesk_pages", "resolve_helpdesk_tree_metadata", "list_helpdesk_locale_articles"];
    expect(search.crispMethods).toEqual({ required: [], optional: methods });
    expect(refusalOf(search, policyWith({}))).toBeUndefined();
    expect(refusalOf(search, policyWith({ excludeTools: methods.slice(0, 2) }))).toBeUndefined();
    expect(refusalOf(search, policyWith({ excludeTools: methods }))).toEqual({
      message: `search_helpdesk_articles can use none of its Crisp methods on this server (${methods.join(", ")}).`,
      hint: "Tell the user this server's settings do not allow it.",
    });
  });

  it("an agent tool that needs a refused method names it, with that method's reason", () => {
    const reply = TOOLS.cards.find((card) => card.name === "reply_to_conversation")!;
    expect(refusalOf(reply, policyWith({ excludeTools: ["send_message_in_conversation"] }))).toEqual({
      message: "reply_to_conversation needs send_message_in_conversation. send_message_in_conversation is excluded by CRISP_EXCLUDE_TOOLS on this server.",
      hint: "Use another tool.",
    });
  });

  it("a human's no is final: the model is told not to retry", async () => {
    h = await startHarness({
      existingSandbox: sandbox,
      settings: { toolsets: ["all"] },
      clientOptions: { capabilities: { elicitation: {} } },
    });
    h.mcp.setRequestHandler(ElicitRequestSchema, async () => ({ action: "decline" }));
    const result = await h.call("remove_people_profile", { website_id: sandbox.websiteId, people_id: emma() });
    expect(textOf(result)).toBe(
      "The user declined remove_people_profile; nothing was changed.\nWhat to do: Do not retry unless the user asks for it.",
    );
    expect(sandbox.requests).toHaveLength(0);
  });
});
