import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../src/sandbox/index.js";
import { freePort } from "./helpers/oauth-clients.js";
import { envFor } from "./helpers/spawn-bin.js";

// Every `npx crisp-mcp` command the README prints, run as printed from the
// repository's root (CI runs this on a fresh clone after `npm ci`). A command
// that needs a Crisp token gets the test sandbox's, through the env, as a
// reader would export theirs; a serving command gets a free CRISP_MCP_PORT.

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const README = readFileSync(new URL("../README.md", import.meta.url), "utf8");

interface PrintedCommand {
  /** The command as printed, continuation lines joined, trailing comment dropped. */
  command: string;
  /** `export` lines printed before it in the same block. */
  exports: string[];
}

function printedCommands(markdown: string): PrintedCommand[] {
  const found: PrintedCommand[] = [];
  for (const block of markdown.matchAll(/```sh\n([\s\S]*?)```/g)) {
    const exports: string[] = [];
    const lines = block[1]!.replace(/\\\n\s*/g, "").split("\n");
    for (const line of lines.map((l) => l.replace(/\s+#\s.*$/, "").trim()).filter(Boolean)) {
      if (line.startsWith("export ")) exports.push(line);
      else if (line.includes("npx crisp-mcp")) found.push({ command: line, exports: [...exports] });
    }
  }
  for (const span of markdown.matchAll(/`(npx crisp-mcp[^`]*)`/g)) found.push({ command: span[1]!, exports: [] });
  return found;
}

/** Commands that answer and exit, rather than serve. */
const RUNS_TO_EXIT = /--help|--version|--list-tools|npx crisp-mcp doctor/;

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(async () => {
  await sandbox?.close();
});

interface Run {
  stderr: () => string;
  stdout: () => string;
  exited: Promise<number | null>;
  stop: () => void;
  writeLine: (line: string) => void;
}

function run(printed: PrintedCommand, port: number): Run {
  const onSandbox = /--sandbox|CRISP_SANDBOX=/.test(printed.command);
  const env = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? ROOT,
    CRISP_MCP_PORT: String(port),
    ...(onSandbox ? {} : envFor(sandbox)),
  };
  // The reader puts their own token where the README says your-…; the test puts the sandbox's.
  const yours: Record<string, string> = {
    "your-token-identifier": sandbox.identifier,
    "your-token-key": sandbox.key,
    "your-website-id": sandbox.websiteId,
  };
  const script = [...printed.exports, printed.command].join("\n").replace(/your-[a-z-]+/g, (word) => yours[word] ?? word);
  // Its own process group, so that stopping it reaches the server under npx.
  const child = spawn("bash", ["-c", script], { cwd: ROOT, env, detached: true });
  let stderr = "";
  let stdout = "";
  child.stderr.on("data", (d) => (stderr += d));
  child.stdout.on("data", (d) => (stdout += d));
  child.stdin.on("error", () => undefined);
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const stop = () => {
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      // already gone
    }
  };
  stops.add(stop);
  return { stderr: () => stderr, stdout: () => stdout, exited, stop, writeLine: (line) => child.stdin.write(`${line}\n`) };
}

const stops = new Set<() => void>();
afterAll(() => {
  for (const stop of stops) stop();
});

async function until(what: () => boolean, description: () => string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!what()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${description()}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const commands = printedCommands(README);

describe("the README's commands work as printed", () => {
  it("finds the commands this test is about", () => {
    const texts = commands.map((c) => c.command);
    expect(texts).toEqual(
      expect.arrayContaining([
        "npx crisp-mcp --help",
        "npx crisp-mcp --version",
        "npx crisp-mcp --sandbox --list-tools",
        "npx crisp-mcp --sandbox --transport http",
        "npx crisp-mcp --sandbox --toolsets default,events",
        "npx crisp-mcp doctor --sandbox",
        "npx crisp-mcp doctor --sandbox --json",
      ]),
    );
    // No bare `crisp-mcp` command: a clone puts nothing on PATH.
    for (const block of README.matchAll(/```sh\n([\s\S]*?)```/g)) {
      // In command position: at a line's start or after && | ;, perhaps behind VAR=value assignments.
      expect(block[1]!).not.toMatch(/(^|&&|\||;)\s*([A-Z_]+=\S+\s+)*crisp-mcp\b/m);
    }
  });

  it.each(commands.map((c) => [c.command, c] as const))("%s", async (_text, printed) => {
    const port = await freePort();
    const running = run(printed, port);
    if (RUNS_TO_EXIT.test(printed.command)) {
      const code = await running.exited;
      expect(code, `${running.stdout()}\n${running.stderr()}`).toBe(0);
      expect(running.stdout().trim()).not.toBe("");
      return;
    }
    await until(() => /serving \d+ tools/.test(running.stderr()), () => `the serving line; stderr so far: ${running.stderr()}`);
    expect(running.stderr()).not.toMatch(/fatal|crisp-mcp error/);
    if (/over Streamable HTTP/.test(running.stderr())) {
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).toBe(200);
    } else {
      running.writeLine(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" }));
      await until(() => running.stdout().includes('"id":1'), () => "the answer to ping");
      expect(JSON.parse(running.stdout().trim().split("\n")[0]!)).toMatchObject({ id: 1, result: {} });
    }
    running.stop();
    await running.exited;
  });
});
