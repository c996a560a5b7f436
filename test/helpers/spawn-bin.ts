import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { Sandbox } from "../../src/sandbox/index.js";

/** The built bin, as an MCP client starts it (run `npm run build` after changing src/; CRISP_MCP_TEST_BIN points elsewhere). */
export const BIN = process.env.CRISP_MCP_TEST_BIN ?? fileURLToPath(new URL("../../dist/cli.js", import.meta.url));

export interface RpcMessage {
  jsonrpc: string;
  id?: number | string | null;
  method?: string;
  params?: any;
  result?: any;
  error?: { code: number; message: string };
}

export interface SpawnedServer {
  child: ChildProcessWithoutNullStreams;
  /** Every stdout line, as written. */
  lines: string[];
  stderr(): string;
  /** Sends a JSON-RPC request and resolves with its response. */
  request(method: string, params?: unknown): Promise<RpcMessage>;
  notify(method: string, params?: unknown): void;
  /** Writes a raw line to stdin, garbage included. */
  writeLine(line: string): void;
  /** initialize + notifications/initialized. */
  initialize(capabilities?: object): Promise<RpcMessage>;
  callTool(name: string, args?: Record<string, unknown>): Promise<RpcMessage>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running = new Set<ChildProcessWithoutNullStreams>();

/** Kills whatever a test left running; call from afterEach/afterAll. */
export function killSpawned(): void {
  for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  running.clear();
}

/** Environment that points the bin at a sandbox started by the test, as a real user points it at Crisp. */
export function envFor(sandbox: Sandbox, extra: Record<string, string> = {}): Record<string, string> {
  return {
    CRISP_API_URL: sandbox.url,
    CRISP_IDENTIFIER: sandbox.identifier,
    CRISP_KEY: sandbox.key,
    CRISP_TIER: sandbox.tier,
    CRISP_WEBSITE_ID: sandbox.websiteId,
    ...extra,
  };
}

export function spawnBin(env: Record<string, string>, args: string[] = []): SpawnedServer {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["pipe", "pipe", "pipe"],
  }) as ChildProcessWithoutNullStreams;
  running.add(child);
  const lines: string[] = [];
  const waiting = new Map<number, (message: RpcMessage) => void>();
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr += chunk));
  // A test may close stdin while the server is going away: that is not an error here.
  child.stdin.on("error", () => undefined);
  createInterface({ input: child.stdout }).on("line", (line) => {
    lines.push(line);
    try {
      const message = JSON.parse(line) as RpcMessage;
      if (typeof message.id === "number" && message.method === undefined) waiting.get(message.id)?.(message);
    } catch {
      // not JSON: the purity assertions report it
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  let nextId = 1;
  const write = (message: object) => child.stdin.write(`${JSON.stringify(message)}\n`);

  const server: SpawnedServer = {
    child,
    lines,
    stderr: () => stderr,
    request(method, params = {}) {
      const id = nextId++;
      const answer = new Promise<RpcMessage>((resolve) => waiting.set(id, resolve));
      write({ jsonrpc: "2.0", id, method, params });
      return answer;
    },
    notify(method, params) {
      write({ jsonrpc: "2.0", method, ...(params === undefined ? {} : { params }) });
    },
    writeLine(line) {
      child.stdin.write(`${line}\n`);
    },
    async initialize(capabilities = {}) {
      const init = await server.request("initialize", {
        protocolVersion: "2025-06-18",
        capabilities,
        clientInfo: { name: "spawned-test", version: "0" },
      });
      server.notify("notifications/initialized");
      return init;
    },
    callTool(name, args = {}) {
      return server.request("tools/call", { name, arguments: args });
    },
    exited,
  };
  return server;
}

/** Text of a tools/call response. */
export function resultText(message: RpcMessage): string {
  return (message.result?.content ?? []).map((c: { text?: string }) => c.text ?? "").join("\n");
}
