import { fileURLToPath } from "node:url";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type * as SpawnBin from "./helpers/spawn-bin.js";

// The stdio transport from its sources: src/cli.ts run by tsx, so the code
// under test is src/ (cli.ts → bin.cts → main.ts → transports/stdio.ts), not
// dist/. serveStdio is bound to the process's own stdin, stdout and signals,
// so a real process is the only honest way to drive it.

const SOURCE_CLI = fileURLToPath(new URL("../src/cli.ts", import.meta.url));
/** A generous bound on an exit, so a broken build fails instead of hanging; no speed is claimed. */
const EXIT_BOUND_MS = 20_000;

let spawnBin: typeof SpawnBin.spawnBin;
let killSpawned: typeof SpawnBin.killSpawned;
let resultText: typeof SpawnBin.resultText;
beforeAll(async () => {
  // spawn-bin reads the bin to run once, when it loads: point it at the sources first.
  process.env.CRISP_MCP_TEST_BIN = SOURCE_CLI;
  ({ spawnBin, killSpawned, resultText } = await import("./helpers/spawn-bin.js"));
  delete process.env.CRISP_MCP_TEST_BIN;
});
afterEach(() => killSpawned());

function fromSource(env: Record<string, string> = {}) {
  return spawnBin({ NODE_OPTIONS: "--import tsx", CRISP_TOOLSETS: "default,events", ...env }, ["--sandbox"]);
}

async function exitOf(server: SpawnBin.SpawnedServer): Promise<number | null | "still running"> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<"still running">((resolve) => (timer = setTimeout(() => resolve("still running"), EXIT_BOUND_MS)));
  const outcome = await Promise.race([server.exited.then((e) => e.code), bound]);
  clearTimeout(timer);
  return outcome;
}

describe("serveStdio, run from src/ with tsx", () => {
  it("serves a session; stdin closed: the call in flight is answered, then the process exits 0", async () => {
    const server = fromSource();
    const init = await server.initialize();
    expect(init.result.serverInfo.name).toBe("crisp-mcp");
    const list = await server.request("tools/list");
    expect(list.result.tools.map((t: { name: string }) => t.name)).toContain("wait_for_events");
    const site = await server.callTool("call_crisp_method", { method: "get_website" });
    expect(resultText(site)).toMatch(/Acme/);

    // A one-second wait is in flight when stdin closes: it still gets its answer.
    const inFlight = server.callTool("wait_for_events", { timeout_seconds: 1 });
    server.child.stdin.end();
    const answer = await inFlight;
    expect(answer.result.isError).toBeFalsy();
    expect(answer.result.structuredContent).toMatchObject({ events: [], timed_out: true });
    expect(await exitOf(server)).toBe(0);
    for (const line of server.lines) expect(JSON.parse(line).jsonrpc).toBe("2.0");
    expect(server.stderr()).toMatch(/serving \d+ tools over stdio/);
  });

  it("SIGTERM cancels a long wait at once and exits 0", async () => {
    const server = fromSource();
    await server.initialize();
    // Never answered: the process ends under it.
    void server.callTool("wait_for_events", { timeout_seconds: 50 });
    // Lines are read in order: once this later call is answered, the wait is running.
    await server.callTool("call_crisp_method", { method: "get_website" });
    server.child.kill("SIGTERM");
    expect(await exitOf(server)).toBe(0);
    for (const line of server.lines) expect(JSON.parse(line).jsonrpc).toBe("2.0");
  });

  it("a bad line on stdin is reported on stderr without its content, and the session goes on", async () => {
    const server = fromSource();
    await server.initialize();
    server.writeLine("this is not json: secret-token-4411");
    server.writeLine(JSON.stringify({ jsonrpc: "2.0", id: 777, result: { note: "secret-token-4412" } }));
    const site = await server.callTool("call_crisp_method", { method: "get_website" });
    expect(resultText(site)).toMatch(/Acme/);
    server.child.stdin.end();
    expect(await exitOf(server)).toBe(0);
    const stderr = server.stderr();
    expect(stderr).toMatch(/ignored a line on stdin that is not a JSON-RPC message/);
    expect(stderr).toMatch(/stdio: ignored a response to no request in flight \(id 777, \d+ characters; content not logged\)/);
    expect(stderr).not.toContain("secret-token-441");
    expect(server.lines.join("\n")).not.toContain("secret-token-441");
  });
});
