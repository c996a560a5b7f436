import { afterEach, describe, expect, it } from "vitest";
import { SETTINGS } from "../src/config.js";
import { killSpawned, resultText, spawnBin, type SpawnedServer } from "./helpers/spawn-bin.js";

// What the built bin tells a user before it serves anything: --help (every
// setting the configuration reads), --list-tools (exactly the tools a session
// with the same settings would list), and CRISP_EVENTS_BUFFER taking effect.

afterEach(() => killSpawned());

/** A keypair that is never used: --list-tools answers before anything connects. */
const KEYPAIR = { CRISP_IDENTIFIER: "list-tools-id", CRISP_KEY: "list-tools-key" };

async function finished(server: SpawnedServer): Promise<{ code: number | null; stdout: string[]; stderr: string }> {
  const { code } = await server.exited;
  return { code, stdout: server.lines, stderr: server.stderr() };
}

/** What an MCP client gets from tools/list when the bin serves these settings (over the sandbox). */
async function servedTools(env: Record<string, string>): Promise<{ name: string; annotations?: { readOnlyHint?: boolean } }[]> {
  const server = spawnBin(env, ["--sandbox"]);
  await server.initialize();
  const list = await server.request("tools/list");
  server.child.stdin.end();
  expect((await server.exited).code).toBe(0);
  return list.result.tools;
}

describe("crisp-mcp --help", () => {
  it("names every setting the configuration reads, by its variable and its flag, and exits 0", async () => {
    const { code, stdout, stderr } = await finished(spawnBin({}, ["--help"]));
    expect(code).toBe(0);
    expect(stderr).toBe("");
    const help = stdout.join("\n");
    // The list comes from the settings loadConfig reads, not from a copy.
    const specs = Object.values(SETTINGS);
    expect(specs.length).toBeGreaterThan(20);
    for (const spec of specs) {
      const line = stdout.find((l) => l.split(/\s+/).includes(spec.env));
      expect(line, `${spec.env} in --help`).toBeDefined();
      expect(line!.trim().split(/\s+/)[0], `the flag on the line of ${spec.env}`).toBe(`--${spec.flag}`);
      expect(line).toContain(spec.help);
    }
    expect(help).toMatch(/--list-tools/);
    expect(help).toMatch(/doctor/);
  });
});

describe("crisp-mcp --list-tools", () => {
  it("prints the tools a session with the same settings lists, one per line, and serves nothing", async () => {
    const env = { CRISP_TOOLSETS: "helpdesk,events" };
    const listed = await finished(spawnBin({ ...env, ...KEYPAIR }, ["--list-tools"]));
    expect(listed.code).toBe(0);
    expect(listed.stderr).toBe("");
    const served = await servedTools(env);
    // --sandbox adds the visitor simulator; without it the list is the served one minus that tool.
    expect(listed.stdout).toEqual(served.map((t) => t.name).filter((n) => n !== "sandbox_simulate_visitor_message"));
    expect(listed.stdout).toContain("wait_for_events");
    expect(listed.stdout).not.toContain("call_crisp_method");
  });

  it("read-only (CRISP_READ_ONLY) lists only tools that read; excluded tools are left out", async () => {
    const env = { CRISP_TOOLSETS: "helpdesk,events", CRISP_EXCLUDE_TOOLS: "wait_for_events" };
    const all = (await finished(spawnBin({ ...env, ...KEYPAIR }, ["--list-tools"]))).stdout;
    const readOnly = await finished(spawnBin({ ...env, ...KEYPAIR, CRISP_READ_ONLY: "true" }, ["--list-tools"]));
    expect(readOnly.code).toBe(0);
    expect(all).not.toContain("wait_for_events");
    expect(readOnly.stdout.length).toBeGreaterThan(0);
    expect(readOnly.stdout.length).toBeLessThan(all.length);
    for (const name of readOnly.stdout) expect(all).toContain(name);

    const served = await servedTools({ ...env, CRISP_READ_ONLY: "true" });
    expect(readOnly.stdout).toEqual(served.map((t) => t.name));
    for (const tool of served) expect(tool.annotations?.readOnlyHint, `${tool.name} reads only`).toBe(true);
    // The tools read-only took away are the ones that write.
    const writes = all.filter((name) => !readOnly.stdout.includes(name));
    const servedAll = await servedTools(env);
    for (const name of writes) expect(servedAll.find((t) => t.name === name)?.annotations?.readOnlyHint, name).not.toBe(true);
  });

  it("an unknown tool in the settings stops it with one line, before listing anything", async () => {
    const bad = await finished(spawnBin({ ...KEYPAIR, CRISP_TOOLS: "no_such_tool" }, ["--list-tools"]));
    expect(bad.code).toBe(2);
    expect(bad.stdout).toEqual([]);
    expect(bad.stderr.trim().split("\n")).toHaveLength(1);
    expect(bad.stderr).toMatch(/no_such_tool/);
  });
});

describe("CRISP_EVENTS_BUFFER through the bin", () => {
  it("keeps only that many events per website: the oldest drop, and the reader is told", async () => {
    const server = spawnBin({ CRISP_TOOLSETS: "events", CRISP_EVENTS_BUFFER: "10" }, ["--sandbox"]);
    await server.initialize();
    const wait = async (args: Record<string, unknown>) => {
      const answer = await server.callTool("wait_for_events", { timeout_seconds: 1, ...args });
      expect(answer.result?.isError, resultText(answer)).toBeFalsy();
      return answer.result.structuredContent as { events: { data: { text?: string } }[]; cursor: string; dropped?: number; note?: string };
    };
    const say = async (text: string, sessionId?: string) => {
      const sent = await server.callTool("sandbox_simulate_visitor_message", { text, ...(sessionId ? { session_id: sessionId } : {}) });
      expect(sent.result?.isError, resultText(sent)).toBeFalsy();
      const session = /wrote in (session_[\w-]+)/.exec(resultText(sent))?.[1];
      expect(session, resultText(sent)).toBeDefined();
      return { session_id: session! };
    };

    // The first wait starts the RTM socket; a visitor's message comes through once it is live.
    const first = (await wait({})).cursor;
    const { session_id } = await say("hello");
    let read = await wait({ cursor: first });
    for (let i = 0; i < 30 && !read.events.some((e) => e.data.text === "«hello»"); i++) {
      await say("hello", session_id);
      read = await wait({ cursor: first });
    }
    expect(read.events.map((e) => e.data.text)).toContain("«hello»");

    // Now 15 messages into a buffer of 10, read from before the first of them.
    const before = read.cursor;
    for (let n = 1; n <= 15; n++) await say(`m${n}`, session_id);
    read = await wait({ cursor: before, events: ["message:send"] });
    for (let i = 0; i < 50 && !read.events.some((e) => e.data.text === "«m15»"); i++) {
      read = await wait({ cursor: before, events: ["message:send"] });
    }
    expect(read.events.map((e) => e.data.text)).toEqual(Array.from({ length: 10 }, (_, i) => `«m${i + 6}»`));
    // At least m1..m5 fell off (an echo of the "hello" phase may have too).
    expect(read.dropped).toBeGreaterThanOrEqual(5);
    expect(read.note).toMatch(/events were dropped before you read them \(the buffer keeps the last 10 per website\)/);
    server.child.stdin.end();
    expect((await server.exited).code).toBe(0);
  });
});
