import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CrispClient } from "../src/client/index.js";
import { seededPeopleId, seededSessionId, startSandbox, type Sandbox } from "../src/sandbox/index.js";
import { createServer } from "../src/server.js";
import { listedDefinitions } from "./helpers/definitions.js";
import { FAULT_CASES, failureLine } from "./helpers/fault-cases.js";
import { connectInMemory, serverSettings, startHarness, textOf, type Harness } from "./helpers/harness.js";
import { sampleArgs } from "./helpers/sample-args.js";

// The sandbox's faults, met through MCP tool calls: reads retry within the
// budget and then fail with a clear isError, writes reach Crisp exactly once,
// and the server answers the next call after every fault.

const MAX_ATTEMPTS = 3;
const TOOLS = await listedDefinitions(serverSettings({ toolsets: ["all"], allowDestructive: true }));
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ timeoutMs: 300, retry: { maxAttempts: MAX_ATTEMPTS } });
});
afterAll(async () => {
  await h.close();
});
afterEach(() => {
  h.sandbox.faults.clear();
  h.sandbox.clearRequests();
});

const emma = () => seededPeopleId("emma");
const profilePath = () => `/website/${h.sandbox.websiteId}/people/profile/${emma()}`;

function sent(method: string) {
  return h.sandbox.requests.filter((r) => r.method === method);
}

/** After a fault, the same server answers an ordinary call. */
async function expectServerAnswers(): Promise<void> {
  h.sandbox.faults.clear();
  const next = await h.call("get_website", { website_id: h.sandbox.websiteId });
  expect(next.isError).toBeFalsy();
  expect(textOf(next)).toContain("Acme Shop");
}

/** An isError whose first line is exactly the typed error `line` names, and whose hint matches `pattern`. */
function expectClearError(result: CallToolResult, pattern: RegExp, line?: RegExp): void {
  expect(result.isError).toBe(true);
  const text = textOf(result);
  expect(text).toMatch(pattern);
  if (line) expect(text.split("\n")[0]).toMatch(line);
  expect(text).toMatch(/What to do: /);
  expect(text).not.toMatch(/Internal error/);
  expect(result.structuredContent).toBeUndefined();
}

describe("reads under faults", () => {
  it.each(FAULT_CASES)("$name: retried within the budget, then a clear isError; the server goes on", async (c) => {
    h.sandbox.faults.add({ ...c.rule, method: "GET", path: profilePath() });
    const result = await h.call("get_people_profile", { website_id: h.sandbox.websiteId, people_id: emma() });
    if (c.readError) {
      expectClearError(result, c.readError, failureLine(c, "GET", profilePath()));
      expect(sent("GET")).toHaveLength(c.readRetried ? MAX_ATTEMPTS : 1);
      if (c.rule.kind === "status") {
        expect(textOf(result)).toMatch(new RegExp(`after ${c.readRetried ? MAX_ATTEMPTS : 1} attempt\\(s\\)`));
      }
    } else {
      // A huge but valid answer is cut to size, with a note that says how to get the rest.
      expect(result.isError).toBeFalsy();
      expect(textOf(result)).toMatch(/\[cut: \d+ of \d+ items left out/);
      expect(textOf(result).length).toBeLessThan(70_000);
    }
    await expectServerAnswers();
  });

  it.each(FAULT_CASES.filter((c) => c.readRetried))("$name once: the retry succeeds", async (c) => {
    h.sandbox.faults.add({ ...c.rule, method: "GET", path: profilePath(), times: 1 });
    const result = await h.call("get_people_profile", { website_id: h.sandbox.websiteId, people_id: emma() });
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toContain(emma());
    expect(sent("GET")).toHaveLength(2);
  });
});

describe("agent tools that read, with every GET failing", () => {
  const agentReads = () => TOOLS.filter((t) => t.toolset === "agent" && t.annotations.readOnlyHint);
  const kinds = FAULT_CASES.filter((c) => c.readError && c.name !== "a hang");

  it("there are agent read tools to test", () => {
    expect(agentReads().length).toBeGreaterThan(3);
  });

  it.each(kinds)("$name: each tool's isError is exactly that typed error, never a crash", async (c) => {
    for (const tool of agentReads()) {
      const args = sampleArgs(tool, {
        website_id: h.sandbox.websiteId,
        session_id: seededSessionId("shipping-delay"),
        people_id: emma(),
        // A ms timestamp Crisp accepts (the schema's least positive integer is refused by the route it pages).
        before: Date.parse("2030-01-01T00:00:00Z"),
        // One article, by its tree path (the new Knowledge Base the sandbox serves).
        ...(tool.name === "read_helpdesk_article" ? { article_id: undefined } : {}),
      });
      h.sandbox.faults.add({ ...c.rule, method: "GET" });
      h.sandbox.clearRequests();
      const result = await h.call(tool.name, args);
      h.sandbox.faults.clear();
      const text = textOf(result);
      // The call did meet the fault: a tool refused before any request would prove nothing.
      expect(sent("GET").length, tool.name).toBeGreaterThan(0);
      expect(text, tool.name).not.toMatch(/Internal error/);
      // Every GET fails, so no tool has anything to answer with: the user gets the typed error itself.
      expect(result.isError, `${tool.name}: ${text}`).toBe(true);
      expect(text.split("\n")[0], tool.name).toMatch(failureLine(c, "GET", /\/website\/[^ ()]+/));
      expect(text, tool.name).toMatch(c.readError!);
      expect(text, tool.name).toMatch(/What to do: /);
      expect(result.structuredContent, tool.name).toBeUndefined();
    }
    await expectServerAnswers();
  });
});

const messagePath = () => `/website/${h.sandbox.websiteId}/conversation/${seededSessionId("shipping-delay")}/message`;
const inConversation = () => ({ website_id: h.sandbox.websiteId, session_id: seededSessionId("shipping-delay") });

const WRITES = [
  // the agent tools that write, as a support agent calls them
  { tool: "reply_to_conversation", method: "POST", path: messagePath, known: inConversation },
  { tool: "add_internal_note", method: "POST", path: messagePath, known: inConversation },
  {
    tool: "send_message_in_conversation",
    method: "POST",
    path: () => `/website/${h.sandbox.websiteId}/conversation/${seededSessionId("shipping-delay")}/message`,
    known: () => ({ website_id: h.sandbox.websiteId, session_id: seededSessionId("shipping-delay") }),
  },
  {
    tool: "add_new_people_profile",
    method: "POST",
    path: () => `/website/${h.sandbox.websiteId}/people/profile`,
    known: () => ({ website_id: h.sandbox.websiteId, email: "fault-write@example.com" }),
  },
  {
    tool: "update_people_profile",
    method: "PATCH",
    path: profilePath,
    known: () => ({ website_id: h.sandbox.websiteId, people_id: emma() }),
  },
];

const writeCases = WRITES.flatMap((w) => FAULT_CASES.map((c) => ({ ...c, write: w, label: `${w.tool} (${w.method})` })));

describe("writes under faults", () => {
  it.each(writeCases)("$label meets $name: sent exactly once", async (c) => {
    const args = sampleArgs(TOOLS.find((t) => t.name === c.write.tool)!, c.write.known());
    h.sandbox.faults.add({ ...c.rule, method: c.write.method, path: c.write.path() });
    const result = await h.call(c.write.tool, args);
    if (c.writeError) {
      expectClearError(result, c.writeError, failureLine(c, c.write.method, c.write.path()));
      if (c.rule.kind === "status") expect(textOf(result)).toMatch(/after 1 attempt\(s\)/);
    } else expect(result.isError).toBeFalsy();
    expect(sent(c.write.method)).toHaveLength(1);
    expect(h.sandbox.state.people.find("fault-write@example.com")).toBeUndefined();
    await expectServerAnswers();
  });
});

describe("the same faults through call_crisp_method", () => {
  it("a read is retried and a write is sent once, exactly as a direct call", async () => {
    h.sandbox.faults.add({ kind: "status", status: 503, method: "GET", path: profilePath() });
    const read = await h.call("call_crisp_method", {
      method: "get_people_profile",
      arguments: { website_id: h.sandbox.websiteId, people_id: emma() },
    });
    expectClearError(read, /server error after 3 attempt/);
    expect(sent("GET")).toHaveLength(MAX_ATTEMPTS);

    h.sandbox.faults.add({ kind: "reset", method: "PATCH", path: profilePath() });
    const write = await h.call("call_crisp_method", {
      method: "update_people_profile",
      arguments: { website_id: h.sandbox.websiteId, people_id: emma(), notepad: "written once" },
    });
    expectClearError(write, /could not reach Crisp/);
    expect(sent("PATCH")).toHaveLength(1);
    await expectServerAnswers();
  });
});

describe("a cancelled call", () => {
  let sandbox: Sandbox;
  let crisp: CrispClient;
  let mcp: Client;
  beforeAll(async () => {
    sandbox = await startSandbox();
    // One connection only: if cancelling did not abort the hung HTTP request,
    // the next call would queue behind it for the whole 60s timeout.
    crisp = new CrispClient({
      baseUrl: sandbox.url,
      identifier: sandbox.identifier,
      key: sandbox.key,
      tier: sandbox.tier,
      timeoutMs: 60_000,
      connections: 1,
    });
    const server = createServer(
      serverSettings({ toolsets: ["all"] }),
      crisp,
    );
    mcp = await connectInMemory(server, "cancel-test");
  });
  afterAll(async () => {
    await mcp.close();
    await crisp.close();
    await sandbox.close();
  });

  it("aborts its HTTP request, and the server answers the next call on the freed connection", async () => {
    sandbox.faults.add({ kind: "hang", method: "GET", path: `/website/${sandbox.websiteId}`, times: 1 });
    const controller = new AbortController();
    const call = mcp.callTool({ name: "get_website", arguments: { website_id: sandbox.websiteId } }, undefined, {
      signal: controller.signal,
    });
    while (sandbox.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort("the user changed their mind");
    await expect(call).rejects.toThrow();

    const next = (await mcp.callTool({
      name: "get_website",
      arguments: { website_id: sandbox.websiteId },
    })) as CallToolResult;
    expect(next.isError).toBeFalsy();
    expect(textOf(next)).toContain("Acme Shop");
    expect(sandbox.requests).toHaveLength(2);
  });
});
