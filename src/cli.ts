#!/usr/bin/env node
import { CrispClient } from "./client/index.js";
import { ConfigError, loadConfig, settingsHelp, type Config } from "./config.js";
import { log } from "./log.js";
import { createServer, listedTools } from "./server.js";
import { serveStdio } from "./transports/stdio.js";
import { VERSION } from "./version.js";

const HELP = `crisp-mcp ${VERSION}: the Crisp REST API v1 as MCP tools

Usage:
  crisp-mcp [options]              serve MCP over stdio (what MCP clients start)
  crisp-mcp --sandbox              the same, against the embedded Crisp simulator (no account needed)
  crisp-mcp --list-tools [options] print the tools this configuration lists, one per line
  crisp-mcp --help | --version

Options (each also read from its environment variable; flags win):
${settingsHelp()}

Docs: README.md. Logs go to stderr; stdout carries only JSON-RPC.`;

async function main(argv: string[]): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (argv.includes("--version") || argv.includes("-v")) {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const listOnly = argv.includes("--list-tools");
  const config = loadConfig(
    argv.filter((a) => a !== "--list-tools"),
    process.env,
  );
  // Unknown toolsets or tool names stop start-up here, before anything is listened on.
  const tools = listedTools(config);
  if (listOnly) {
    process.stdout.write(`${tools.map((t) => t.name).join("\n")}\n`);
    return 0;
  }

  const { connection, stop } = await connect(config);
  const client = new CrispClient(connection);
  const server = createServer({ ...config, websiteId: connection.websiteId }, client);
  log("info", `crisp-mcp ${VERSION} serving ${tools.length} tools over stdio${config.readOnly ? " (read-only)" : ""}`);
  await serveStdio(server);
  await client.close().catch(() => undefined);
  await stop();
  return 0;
}

interface Connection {
  baseUrl: string;
  identifier: string;
  key: string;
  tier: Config["tier"];
  timeoutMs: number;
  websiteId?: string;
}

/** Where the client points: Crisp, or the embedded sandbox started here. */
async function connect(config: Config): Promise<{ connection: Connection; stop: () => Promise<void> }> {
  if (!config.sandbox) {
    return {
      connection: {
        baseUrl: config.apiUrl,
        identifier: config.identifier!,
        key: config.key!,
        tier: config.tier,
        timeoutMs: config.timeoutMs,
        websiteId: config.websiteId,
      },
      stop: async () => undefined,
    };
  }
  // Loaded only in sandbox mode, so a normal start never pays for the simulator.
  const { startSandbox } = await import("./sandbox/index.js");
  const sandbox = await startSandbox({ tier: config.tier });
  log("info", `sandbox: embedded Crisp simulator at ${sandbox.url} (website ${sandbox.websiteId})`);
  return {
    connection: {
      baseUrl: sandbox.url,
      identifier: sandbox.identifier,
      key: sandbox.key,
      tier: sandbox.tier,
      timeoutMs: config.timeoutMs,
      websiteId: config.websiteId ?? sandbox.websiteId,
    },
    stop: () => sandbox.close(),
  };
}

process.on("unhandledRejection", (reason) => {
  log("error", `unhandled rejection: ${(reason as Error)?.stack ?? String(reason)}`);
});
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  // The client went away: nothing left to answer.
  if (error.code === "EPIPE") process.exit(0);
});

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError) {
      process.stderr.write(`crisp-mcp: ${error.message}\n`);
      process.exit(2);
    }
    log("error", `fatal: ${(error as Error)?.stack ?? String(error)}`);
    process.exit(1);
  },
);
