import { spawn } from "node:child_process";
import { createServer, type Server } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { BIN } from "./helpers/spawn-bin.js";

/** Runs the built bin to its exit: what a person sees when start-up fails. */
function runBin(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stderr: string; stdout: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH ?? "", ...env } });
  let stderr = "";
  let stdout = "";
  child.stderr.on("data", (d) => (stderr += d));
  child.stdout.on("data", (d) => (stdout += d));
  const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
  return new Promise((resolve) =>
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, stdout });
    }),
  );
}

const held: Server[] = [];
afterEach(async () => {
  await Promise.all(held.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

function holdPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    held.push(server);
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve((server.address() as { port: number }).port));
  });
}

describe("an HTTP server that cannot listen says why in one line", () => {
  it("a port in use names CRISP_MCP_PORT", async () => {
    const port = await holdPort();
    const { code, stderr, stdout } = await runBin(["--sandbox", "--transport", "http", "--port", String(port)], { CRISP_MCP_LOG_LEVEL: "warn" });
    expect(code).toBe(2);
    expect(stderr.trim().split("\n")).toEqual([
      `crisp-mcp: cannot listen on 127.0.0.1:${port}: the port is in use; choose another with CRISP_MCP_PORT / --port, or stop the program that holds it`,
    ]);
    expect(stdout).toBe("");
  });

  it("an address this machine does not have names CRISP_MCP_HOST", async () => {
    // 192.0.2.1 is TEST-NET-1: reserved for documentation, never a local address.
    const { code, stderr } = await runBin(["--sandbox", "--transport", "http", "--host", "192.0.2.1", "--port", "0", "--http-token", "t".repeat(32)], {
      CRISP_MCP_LOG_LEVEL: "warn",
    });
    expect(code).toBe(2);
    const lines = stderr.trim().split("\n").filter((l) => !l.startsWith("crisp-mcp warn:"));
    expect(lines).toEqual([expect.stringMatching(/^crisp-mcp: cannot listen on 192\.0\.2\.1:0: no network interface .* CRISP_MCP_HOST \/ --host/)]);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it("a host name that does not resolve names CRISP_MCP_HOST", async () => {
    const { code, stderr } = await runBin(["--sandbox", "--transport", "http", "--host", "no-such-host.invalid", "--port", "0", "--http-token", "t".repeat(32)], {
      CRISP_MCP_LOG_LEVEL: "error",
    });
    expect(code).toBe(2);
    expect(stderr.trim().split("\n")).toEqual([
      expect.stringMatching(/^crisp-mcp: cannot listen on no-such-host\.invalid:0: "no-such-host\.invalid" is not an address or a host name .* CRISP_MCP_HOST \/ --host/),
    ]);
  });
});

describe("CRISP_MCP_LOG_LEVEL", () => {
  it("error hides the start-up lines; a level that does not exist stops start-up with one line", async () => {
    const quiet = await runBin(["--sandbox", "--list-tools"], { CRISP_MCP_LOG_LEVEL: "error" });
    expect(quiet.code).toBe(0);
    expect(quiet.stdout).toMatch(/^list_conversations_awaiting_reply$/m);
    const bad = await runBin(["--sandbox"], { CRISP_MCP_LOG_LEVEL: "verbose" });
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split("\n")).toEqual([
      'crisp-mcp: invalid setting CRISP_MCP_LOG_LEVEL / --log-level: must be one of debug, info, warn, error (got "verbose")',
    ]);
  });

  it("is read from the flag as from the env, and warn drops info lines of a serving server", async () => {
    const child = spawn(process.execPath, [BIN, "--sandbox", "--log-level", "warn"], { env: { PATH: process.env.PATH ?? "" } });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" })}\n`);
    await new Promise<void>((resolve) => child.stdout.once("data", () => resolve()));
    child.stdin.end();
    expect(await new Promise((resolve) => child.on("exit", resolve))).toBe(0);
    expect(stderr).not.toMatch(/crisp-mcp info:/);
    // The same start at the default level does log its info lines: the check above can fail.
    const loud = spawn(process.execPath, [BIN, "--sandbox"], { env: { PATH: process.env.PATH ?? "" } });
    let loudErr = "";
    loud.stderr.on("data", (d) => (loudErr += d));
    loud.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" })}\n`);
    await new Promise<void>((resolve) => loud.stdout.once("data", () => resolve()));
    loud.stdin.end();
    await new Promise((resolve) => loud.on("exit", resolve));
    expect(loudErr).toMatch(/crisp-mcp info: crisp-mcp .* serving \d+ tools over stdio/);
  });
});
