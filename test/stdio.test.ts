import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

const BIN = fileURLToPath(new URL("../dist/cli.js", import.meta.url));

/** The built bin as an MCP client starts it, speaking raw JSON-RPC lines. */
function spawnServer(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["pipe", "pipe", "pipe"],
  }) as ChildProcessWithoutNullStreams;
  const lines: string[] = [];
  const waiting = new Map<number, (msg: any) => void>();
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  createInterface({ input: child.stdout }).on("line", (line) => {
    lines.push(line);
    try {
      const msg = JSON.parse(line);
      if (typeof msg.id === "number") waiting.get(msg.id)?.(msg);
    } catch {
      // not JSON: the purity assertions below report it
    }
  });
  let nextId = 1;
  return {
    child,
    lines,
    stderr: () => stderr,
    send(method: string, params: unknown = {}) {
      const id = nextId++;
      const answer = new Promise<any>((resolve) => waiting.set(id, resolve));
      child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", id, method, params })}\n`);
      return answer;
    },
    notify(method: string) {
      child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", method })}\n`);
    },
    exited: new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code))),
  };
}

let running: ChildProcessWithoutNullStreams | undefined;
afterEach(() => {
  if (running && running.exitCode === null) running.kill("SIGKILL");
});

describe("the stdio server (built bin, spawned)", () => {
  it("initializes, lists tools, calls one, keeps stdout pure JSON-RPC and exits 0 when stdin closes", async () => {
    const s = spawnServer(["--sandbox"]);
    running = s.child;
    const init = await s.send("initialize", {
      protocolVersion: "2025-06-18",
      capabilities: {},
      clientInfo: { name: "stdio-test", version: "0" },
    });
    expect(init.result.serverInfo.name).toBe("crisp-mcp");
    expect(init.result.instructions).toMatch(/untrusted/);
    s.notify("notifications/initialized");

    const list = await s.send("tools/list");
    const names = list.result.tools.map((t: { name: string }) => t.name);
    expect(names).toContain("call_crisp_method");

    const call = await s.send("tools/call", { name: "call_crisp_method", arguments: { method: "get_website" } });
    expect(call.result.isError).toBeFalsy();
    expect(call.result.content[0].text).toMatch(/Acme/);

    const bad = await s.send("tools/call", { name: "get_conversation_context", arguments: { session_id: 42 } });
    expect(bad.result.isError).toBe(true);
    expect(bad.result.content[0].text).toMatch(/session_id/);

    s.child.stdin.end();
    expect(await s.exited).toBe(0);
    for (const line of s.lines) expect(JSON.parse(line).jsonrpc).toBe("2.0");
    expect(s.stderr()).toMatch(/sandbox/);
  });

  it("exits 0 on SIGTERM", async () => {
    const s = spawnServer(["--sandbox"]);
    running = s.child;
    await s.send("initialize", { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "t", version: "0" } });
    s.child.kill("SIGTERM");
    expect(await s.exited).toBe(0);
  });

  it("a bad setting stops start-up with one line naming it, and a non-zero exit", async () => {
    const s = spawnServer(["--sandbox", "--tier", "admin"]);
    running = s.child;
    expect(await s.exited).toBe(2);
    expect(s.stderr().trim().split("\n")).toHaveLength(1);
    expect(s.stderr()).toMatch(/CRISP_TIER.*plugin, website, user.*"admin"/);
    expect(s.lines).toHaveLength(0);
  });

  it("missing credentials outside sandbox mode stop start-up with a clear message", async () => {
    const s = spawnServer([]);
    running = s.child;
    expect(await s.exited).toBe(2);
    expect(s.stderr()).toMatch(/missing setting CRISP_IDENTIFIER and CRISP_KEY/);
    expect(s.stderr()).not.toMatch(/at .*\.js:\d+/);
  });

  it("an unknown toolset stops start-up and lists the valid ones", async () => {
    const s = spawnServer(["--sandbox"], { CRISP_TOOLSETS: "default,heldesk" });
    running = s.child;
    expect(await s.exited).toBe(2);
    expect(s.stderr()).toMatch(/unknown toolset "heldesk".*helpdesk/);
  });

  it("--version and --help answer and exit 0", async () => {
    const v = spawnServer(["--version"]);
    running = v.child;
    expect(await v.exited).toBe(0);
    expect(v.lines[0]).toMatch(/^\d+\.\d+\.\d+$/);
    const h = spawnServer(["--help"]);
    running = h.child;
    expect(await h.exited).toBe(0);
  });
});
