import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { CrispClient, type RetryPolicy } from "../../src/client/index.js";
import { createServer, type ServerSettings } from "../../src/server.js";
import { startSandbox, type Sandbox, type SandboxOptions } from "../../src/sandbox/index.js";

export interface Harness {
  sandbox: Sandbox;
  crisp: CrispClient;
  mcp: Client;
  call(name: string, args?: Record<string, unknown>): Promise<CallToolResult>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  settings?: Partial<ServerSettings>;
  sandbox?: SandboxOptions;
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Client options, e.g. { capabilities: { elicitation: {} } }. */
  clientOptions?: ConstructorParameters<typeof Client>[1];
  /** Reuse a running sandbox instead of starting one (then close() leaves it running). */
  existingSandbox?: Sandbox;
}

/** Server settings as a fresh configuration has them (the default toolsets, no narrowing, writes on, deletes asked), with these overrides. */
export function serverSettings(overrides: Partial<ServerSettings> = {}): ServerSettings {
  return { toolsets: ["default"], tools: [], excludeTools: [], readOnly: false, allowDestructive: false, ...overrides };
}

/** A Crisp client signed in to the sandbox with its keypair and tier, as a server's own client is. */
export function sandboxClient(sandbox: Sandbox): CrispClient {
  return new CrispClient({ baseUrl: sandbox.url, identifier: sandbox.identifier, key: sandbox.key, tier: sandbox.tier, timeoutMs: 5_000 });
}

/** A real sandbox over HTTP, a real server, and an SDK client talking to it in memory. */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const sandbox = options.existingSandbox ?? (await startSandbox(options.sandbox));
  const crisp = new CrispClient({
    baseUrl: sandbox.url,
    identifier: sandbox.identifier,
    key: sandbox.key,
    tier: sandbox.tier,
    timeoutMs: options.timeoutMs ?? 5_000,
    retry: { baseDelayMs: 5, maxDelayMs: 20, budgetMs: 2_000, ...options.retry },
  });
  const settings = serverSettings({ toolsets: ["all"], allowDestructive: true, ...options.settings });
  const server = createServer(settings, crisp);
  const mcp = await connectInMemory(server, "crisp-mcp-test", options.clientOptions);
  return {
    sandbox,
    crisp,
    mcp,
    call: (name, args = {}) => mcp.callTool({ name, arguments: args }) as Promise<CallToolResult>,
    async close() {
      await mcp.close();
      await server.close();
      await crisp.close();
      if (!options.existingSandbox) await sandbox.close();
    },
  };
}

/** An SDK client connected to the server through an in-memory transport pair. */
export async function connectInMemory(
  server: Server,
  clientName: string,
  clientOptions?: ConstructorParameters<typeof Client>[1],
): Promise<Client> {
  const mcp = new Client({ name: clientName, version: "0.0.0" }, clientOptions);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  await mcp.connect(clientSide);
  return mcp;
}

export function textOf(result: CallToolResult): string {
  return result.content.map((c) => (c.type === "text" ? c.text : "")).join("\n");
}
