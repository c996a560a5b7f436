import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seededPeopleId, startSandbox, type Sandbox } from "../src/sandbox/index.js";
import { FAULT_CASES } from "./helpers/fault-cases.js";
import { envFor, killSpawned, resultText, spawnBin, type RpcMessage } from "./helpers/spawn-bin.js";

// stdout belongs to JSON-RPC: garbage on stdin, faults upstream and debug
// logging must put nothing else there, and the server keeps answering.

const GARBAGE = [
  "not json",
  "{",
  "}",
  "[]",
  "[1,2,3]",
  "{}",
  "null",
  "42",
  '"a string"',
  '{"jsonrpc":"2.0"}',
  '{"jsonrpc":"1.0","id":1,"method":"tools/list"}',
  '{"jsonrpc":"2.0","id":{},"method":"tools/list"}',
  '{"jsonrpc":"2.0","method":42}',
  '{"jsonrpc":"2.0","id":777,"result":{}}',
  '{"jsonrpc":"2.0","id":778,"error":{"code":1,"message":"nobody asked"}}',
  '{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":123456}}',
  '{"jsonrpc":"2.0","method":"notifications/unknown_thing"}',
  "\u0000\u0001\u0002\u00ff\ufffd",
  "\u202e\u2066 bidi junk \u{E0041}",
  "😀".repeat(1_000),
  "x".repeat(1_000_000),
  "   ",
  "\r",
  `{"jsonrpc":"2.0","id":5,"method":"tools/call","params":${"[".repeat(5_000)}`,
];

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(async () => {
  killSpawned();
  await sandbox.close();
});

describe("stdout carries only JSON-RPC", () => {
  it("through garbage lines, unknown methods, debug logging and every fault kind", async () => {
    const server = spawnBin(envFor(sandbox, { CRISP_TIMEOUT_MS: "300", CRISP_MCP_LOG_LEVEL: "debug" }));

    for (const line of GARBAGE) server.writeLine(line);
    const init = await server.initialize();
    expect(init.result.serverInfo.name).toBe("crisp-mcp");
    for (const line of GARBAGE) server.writeLine(line);

    const unknown = await server.request("no/such_method");
    expect(unknown.error?.code).toBe(-32601);
    const level = await server.request("logging/setLevel", { level: "debug" });
    expect(level.error).toBeUndefined();

    const profilePath = `/website/${sandbox.websiteId}/people/profile/${seededPeopleId("emma")}`;
    for (const c of FAULT_CASES) {
      sandbox.faults.add({ ...c.rule, path: profilePath });
      const answer = await server.callTool("call_crisp_method", {
        method: "get_people_profile",
        arguments: { people_id: seededPeopleId("emma") },
      });
      sandbox.faults.clear();
      expect(answer.result, c.name).toBeDefined();
      if (c.readError) expect(resultText(answer)).toMatch(c.readError);
      server.writeLine("garbage between calls");
    }

    // Still answering after all of it.
    const last = await server.callTool("call_crisp_method", { method: "get_website" });
    expect(resultText(last)).toContain("Acme Shop");

    server.child.stdin.end();
    expect((await server.exited).code).toBe(0);

    expect(server.lines.length).toBeGreaterThan(FAULT_CASES.length);
    for (const line of server.lines) {
      const message = JSON.parse(line) as RpcMessage;
      expect(message.jsonrpc).toBe("2.0");
      expect("result" in message || "error" in message || "method" in message, line.slice(0, 200)).toBe(true);
    }
    // The retries reached the client's log, as JSON-RPC notifications on stdout, and nothing else did.
    const logged = server.lines.map((line) => JSON.parse(line) as RpcMessage).filter((m) => m.method === "notifications/message");
    expect(logged.length).toBeGreaterThan(0);
    for (const message of logged) expect(message.params.logger).toMatch(/^crisp-mcp\//);
    // The garbage was reported where logs go, without echoing it.
    expect(server.stderr()).toMatch(/not a JSON-RPC message/);
    expect(server.stderr()).not.toContain("bidi junk");
  });
});
