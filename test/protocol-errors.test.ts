import { CallToolResultSchema, ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../src/sandbox/index.js";
import { startHarness, type Harness } from "./helpers/harness.js";
import { envFor, killSpawned, spawnBin, type SpawnedServer } from "./helpers/spawn-bin.js";

// Issue 14, item 9: what a client gets for a request the server cannot serve.
// An unknown tool is a JSON-RPC error (-32602), as the MCP spec asks, not a
// tool result; a malformed request is -32602 with one line naming the field,
// not -32603 with a validation dump; and the message carries the code once.

let sandbox: Sandbox;
let harness: Harness;

beforeAll(async () => {
  sandbox = await startSandbox();
  harness = await startHarness({ existingSandbox: sandbox, settings: { toolsets: ["default"] } });
});
afterAll(async () => {
  await harness.close();
  await sandbox.close();
});
afterEach(() => killSpawned());

/** The McpError a request rejects with; fails the test if it resolves. */
async function rejection(request: Promise<unknown>): Promise<McpError> {
  const outcome = await request.then(
    (value) => ({ resolved: value }),
    (error: unknown) => ({ error }),
  );
  if ("resolved" in outcome) throw new Error(`expected an error, got ${JSON.stringify(outcome.resolved)}`);
  expect(outcome.error).toBeInstanceOf(McpError);
  return outcome.error as McpError;
}

/** The client shows "MCP error <code>: <sentence>": the prefix once, the sentence on one line. */
function expectOneLine(error: McpError, code: number): string {
  expect(error.code).toBe(code);
  const prefix = `MCP error ${code}: `;
  expect(error.message.startsWith(prefix)).toBe(true);
  const sentence = error.message.slice(prefix.length);
  expect(sentence).not.toMatch(/MCP error/);
  expect(sentence).not.toContain("\n");
  expect(sentence.length).toBeLessThan(300);
  return sentence;
}

describe("through the SDK client", () => {
  it("an unknown tool is -32602 naming the tool and where to look, not an isError result", async () => {
    const error = await rejection(harness.mcp.callTool({ name: "no_such_tool", arguments: {} }));
    const sentence = expectOneLine(error, ErrorCode.InvalidParams);
    expect(sentence).toMatch(/^Unknown tool "no_such_tool"/);
    expect(sentence).toMatch(/search_crisp_methods/);
  });

  it("tools/call without a name is -32602 naming params.name", async () => {
    const error = await rejection(
      harness.mcp.request({ method: "tools/call", params: { arguments: {} } } as never, CallToolResultSchema),
    );
    expect(expectOneLine(error, ErrorCode.InvalidParams)).toBe("Invalid tools/call request: params.name is required");
  });

  it("arguments given as an array is -32602 naming params.arguments", async () => {
    const error = await rejection(
      harness.mcp.request(
        { method: "tools/call", params: { name: "find_people", arguments: ["emma"] } } as never,
        CallToolResultSchema,
      ),
    );
    expect(expectOneLine(error, ErrorCode.InvalidParams)).toMatch(/^Invalid tools\/call request: params\.arguments: expected record, received array$/);
  });

  it("a bad log level is -32602 listing the valid levels", async () => {
    const error = await rejection(harness.mcp.setLoggingLevel("loud" as never));
    expect(expectOneLine(error, ErrorCode.InvalidParams)).toBe(
      "Invalid logging/setLevel request: params.level must be one of debug, info, notice, warning, error, critical, alert, emergency",
    );
  });

  it("prompt errors carry the code once", async () => {
    const unknown = await rejection(harness.mcp.getPrompt({ name: "no_such_prompt" }));
    expect(expectOneLine(unknown, ErrorCode.InvalidParams)).toMatch(/^Unknown prompt "no_such_prompt"\. Available prompts: /);
    const missing = await rejection(harness.mcp.getPrompt({ name: "answer_conversation", arguments: {} }));
    expect(expectOneLine(missing, ErrorCode.InvalidParams)).toMatch(/^Prompt answer_conversation needs the argument session_id/);
  });

  it("a listed tool with bad arguments is still a tool result the model can read", async () => {
    const result = await harness.call("find_people", { query: 42 });
    expect(result.isError).toBe(true);
  });
});

describe("on the wire, from the spawned bin over stdio", () => {
  let bin: SpawnedServer;
  beforeAll(async () => {
    bin = spawnBin(envFor(sandbox));
    await bin.initialize();
  });
  afterAll(() => bin.child.kill());

  it("every error is a JSON-RPC error with the sentence alone as its message", async () => {
    const answers = await Promise.all([
      bin.callTool("no_such_tool"),
      bin.request("tools/call", { arguments: {} }),
      bin.request("tools/call", { name: "find_people", arguments: [] }),
      bin.request("logging/setLevel", { level: "loud" }),
      bin.request("prompts/get", { name: "no_such_prompt" }),
    ]);
    for (const answer of answers) {
      expect(answer.result, JSON.stringify(answer)).toBeUndefined();
      expect(answer.error?.code).toBe(-32602);
      expect(answer.error?.message).not.toMatch(/^MCP error|\n/);
    }
    expect(answers[0]!.error!.message).toMatch(/^Unknown tool "no_such_tool"/);
    // Every stdout line was JSON-RPC, answers and all.
    for (const line of bin.lines) expect(JSON.parse(line).jsonrpc).toBe("2.0");
  });
});
