import { ElicitRequestSchema, type CallToolResult, type Tool } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { seededPeopleId, seededSessionId, startSandbox, type Sandbox } from "../src/sandbox/index.js";
import type { ServerSettings } from "../src/server.js";
import { OPERATIONS } from "../src/tools/catalog/index.js";
import { startHarness, textOf, type Harness } from "./helpers/harness.js";

// The policy a user relies on, checked where it is decided (at call time) and
// through what a client sees: an excluded method stays out of reach through
// call_crisp_method, the annotations follow each method's HTTP verb and its
// declared facts, and read-only mode refuses exactly the methods that write.

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
  sandbox.clearRequests();
});

async function connect(settings: Partial<ServerSettings>, options: { elicitation?: boolean } = {}): Promise<Harness> {
  h = await startHarness({
    existingSandbox: sandbox,
    settings: { toolsets: ["all"], allowDestructive: false, ...settings },
    clientOptions: options.elicitation ? { capabilities: { elicitation: {} } } : undefined,
  });
  return h;
}

const emma = () => seededPeopleId("emma");
const SECRETS = OPERATIONS.filter((op) => op.secret).map((op) => op.name);

function expectRefused(result: CallToolResult, because: RegExp): void {
  expect(result.isError, textOf(result)).toBe(true);
  expect(textOf(result)).toMatch(because);
}

describe("CRISP_EXCLUDE_TOOLS holds at call time, through call_crisp_method too", () => {
  it("an excluded read is refused through call_crisp_method before any request, naming the setting", async () => {
    const harness = await connect({ excludeTools: ["get_people_profile"] });
    const result = await harness.call("call_crisp_method", {
      method: "get_people_profile",
      arguments: { website_id: sandbox.websiteId, people_id: emma() },
    });
    expectRefused(result, /get_people_profile is excluded by CRISP_EXCLUDE_TOOLS/);
    expect(sandbox.requests).toHaveLength(0);

    // The method next to it is not excluded and runs: the refusal is about the name, not the route.
    const other = await harness.call("call_crisp_method", {
      method: "get_people_data",
      arguments: { website_id: sandbox.websiteId, people_id: emma() },
    });
    expect(other.isError, textOf(other)).toBeFalsy();
    expect(sandbox.requests.map((r) => r.method)).toEqual(["GET"]);
  });

  it("an excluded write is refused whatever its arguments, even invalid ones", async () => {
    const harness = await connect({ excludeTools: ["update_people_profile"] });
    for (const args of [{ website_id: sandbox.websiteId, people_id: emma(), notepad: "VIP" }, { nonsense: 1 }]) {
      const result = await harness.call("call_crisp_method", { method: "update_people_profile", arguments: args });
      expectRefused(result, /excluded by CRISP_EXCLUDE_TOOLS/);
    }
    expect(sandbox.requests).toHaveLength(0);
  });

  it("an excluded destructive method is refused without asking the human, even one who would say yes", async () => {
    const harness = await connect({ excludeTools: ["remove_people_profile"], allowDestructive: true }, { elicitation: true });
    const asked: string[] = [];
    harness.mcp.setRequestHandler(ElicitRequestSchema, async (request) => {
      asked.push(request.params.message);
      return { action: "accept", content: { confirm: true } };
    });
    const result = await harness.call("call_crisp_method", {
      method: "remove_people_profile",
      arguments: { website_id: sandbox.websiteId, people_id: emma() },
    });
    expectRefused(result, /excluded by CRISP_EXCLUDE_TOOLS/);
    expect(asked).toHaveLength(0);
    expect(sandbox.requests).toHaveLength(0);
    expect(sandbox.state.people.find(emma())).toBeDefined();
  });

  it("a direct call of an excluded tool is refused the same way, and the catalog tools neither find nor describe it", async () => {
    const harness = await connect({ excludeTools: ["get_people_profile"] });
    expectRefused(
      await harness.call("get_people_profile", { website_id: sandbox.websiteId, people_id: emma() }),
      /excluded by CRISP_EXCLUDE_TOOLS/,
    );
    expectRefused(await harness.call("describe_crisp_method", { method: "get_people_profile" }), /excluded by CRISP_EXCLUDE_TOOLS/);
    const found = textOf(await harness.call("search_crisp_methods", { query: "get people profile", limit: 30 }));
    expect(found).not.toMatch(/^get_people_profile:/m);
    expect(sandbox.requests).toHaveLength(0);
  });
});

// The rule, as a user reads it in the README: GET and HEAD only read; PUT,
// PATCH and DELETE can be repeated with the same effect; DELETE removes. The
// declared exceptions are named here, so a new one is a decision a test shows.
const UNDO_DELETES = ["abort_ongoing_call_session_for_conversation", "abort_website_deletion"];
const REMOVALS_NOT_DELETE = ["roll_verify_key", "batch_remove_conversations", "batch_remove_people"];
const REACHES_OUTSIDE = [
  "send_message_in_conversation",
  "update_message_in_conversation",
  "request_identity_verification_for_conversation",
  "request_email_transcript_for_conversation",
  "request_user_feedback_for_conversation",
  "initiate_browsing_session_for_conversation",
  "initiate_new_call_session_for_conversation",
  "invite_website_operator",
  "dispatch_campaign",
  "test_campaign",
];

describe("annotations follow the HTTP verb and the method's declared facts", () => {
  async function listedMethods(settings: Partial<ServerSettings>): Promise<Map<string, Tool>> {
    const harness = await connect(settings);
    const listed = (await harness.mcp.listTools()).tools;
    return new Map(listed.map((tool) => [tool.name, tool]));
  }

  it("every Crisp method is listed with the hints its verb and facts give it", async () => {
    const listed = await listedMethods({ tools: SECRETS });
    expect(OPERATIONS.length).toBe(264);
    for (const op of OPERATIONS) {
      const a = listed.get(op.name)?.annotations;
      expect(a, op.name).toBeDefined();
      const reads = op.method === "GET" || op.method === "HEAD";
      expect(a!.readOnlyHint, op.name).toBe(reads);
      expect(a!.openWorldHint, op.name).toBe(REACHES_OUTSIDE.includes(op.name));
      if (reads) {
        expect(a!.destructiveHint, op.name).toBeUndefined();
        expect(a!.idempotentHint, op.name).toBeUndefined();
        continue;
      }
      const destructive = (op.method === "DELETE" && !UNDO_DELETES.includes(op.name)) || REMOVALS_NOT_DELETE.includes(op.name);
      expect(a!.destructiveHint, op.name).toBe(destructive);
      expect(a!.idempotentHint, op.name).toBe(op.method !== "POST");
    }
  });

  it.each([
    ["get_people_profile", { readOnlyHint: true, openWorldHint: false }],
    ["check_people_profile_exists", { readOnlyHint: true, openWorldHint: false }],
    ["save_people_profile", { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false }],
    ["update_people_profile", { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false }],
    ["create_new_conversation", { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false }],
    ["send_message_in_conversation", { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true }],
    ["remove_people_profile", { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false }],
    ["abort_website_deletion", { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false }],
    ["batch_remove_people", { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false }],
    ["roll_verify_key", { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false }],
  ])("%s is listed with exactly these hints", async (name, hints) => {
    const listed = await listedMethods({ tools: SECRETS });
    expect(listed.get(name)?.annotations).toEqual(hints);
  });
});

describe("read-only mode refuses exactly the methods that write", () => {
  const writes = OPERATIONS.filter((op) => op.method !== "GET" && op.method !== "HEAD");
  const reads = OPERATIONS.filter((op) => op.method === "GET" || op.method === "HEAD");

  it("lists every reading method and no writing one", async () => {
    const harness = await connect({ readOnly: true, tools: SECRETS });
    const names = new Set((await harness.mcp.listTools()).tools.map((tool) => tool.name));
    for (const op of reads) expect(names.has(op.name), op.name).toBe(true);
    for (const op of writes) expect(names.has(op.name), `${op.method} ${op.name}`).toBe(false);
  });

  it("refuses every PUT, PATCH, POST and DELETE method through call_crisp_method, before any request", async () => {
    const harness = await connect({ readOnly: true });
    expect(new Set(writes.map((op) => op.method))).toEqual(new Set(["PUT", "PATCH", "POST", "DELETE"]));
    for (const op of writes) {
      const result = await harness.call("call_crisp_method", { method: op.name, arguments: { website_id: sandbox.websiteId } });
      if (op.secret) expectRefused(result, /CRISP_TOOLS/);
      else expectRefused(result, new RegExp(`^${op.name} writes to Crisp, and this server runs in read-only mode \\(CRISP_READ_ONLY\\)`));
    }
    expect(sandbox.requests).toHaveLength(0);
  });

  it("still runs reads, GET and HEAD, through call_crisp_method", async () => {
    const harness = await connect({ readOnly: true });
    const session = { website_id: sandbox.websiteId, session_id: seededSessionId("team-order") };
    for (const method of ["get_conversation", "check_conversation_exists"]) {
      const result = await harness.call("call_crisp_method", { method, arguments: session });
      expect(result.isError, `${method}: ${textOf(result)}`).toBeFalsy();
    }
    expect(sandbox.requests.map((r) => r.method)).toEqual(["GET", "HEAD"]);
  });
});
