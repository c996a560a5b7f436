import { CrispClient, type CrispTarget } from "./client/index.js";
import { ConfigError, loadConfig, type Config } from "./config.js";
import { createEventHub, type EventHub, type RtmCredentials, type VisitorSimulator } from "./events/index.js";
import { log, setLogLevel } from "./log.js";
import { memoryHome, redisHome, SharedStateError, type StateHome } from "./state/index.js";
import { createServer, listedTools } from "./server.js";
import { serveStdio } from "./transports/stdio.js";
import { VERSION } from "./version.cjs";

// The server itself, loaded by the bin (./bin.cts) for everything but --help and --version.

async function main(argv: string[]): Promise<number> {
  const doctor = argv[0] === "doctor";
  const json = doctor && argv.includes("--json");
  const listOnly = argv.includes("--list-tools");
  const config = loadConfig(
    argv.filter((a, i) => a !== "--list-tools" && !(doctor && (i === 0 || a === "--json"))),
    process.env,
  );
  setLogLevel(config.logLevel);
  // Unknown toolsets or tool names stop start-up here, before anything is listened on.
  const tools = listedTools(config);
  if (listOnly) {
    process.stdout.write(`${tools.map((t) => t.name).join("\n")}\n`);
    return 0;
  }
  if (doctor) {
    // Its report goes to stdout, as --list-tools does: this run serves no JSON-RPC.
    const [{ runDoctor }, { connection, stop }] = await Promise.all([import("./doctor/index.js"), connect(config)]);
    const code = await runDoctor(config, connection, { json, write: (text) => process.stdout.write(text) });
    await stop();
    return code;
  }

  if (config.transport === "http") {
    // Reached before anything else starts: an unreachable Redis stops start-up with one line.
    const home = config.redisUrl ? await redisHome(config.redisUrl) : memoryHome();
    const { connection, stop, simulator } = await connect(config);
    const keypair = ownKeypair(config, connection);
    // RTM's own client only discovers the socket endpoint, once; the transport has its own.
    const rtm = keypair && { client: new CrispClient({ ...connection, ...keypair, connections: 1 }), keypair };
    const events = eventHub(config, connection, rtm, simulator, home);
    // Loaded only for HTTP, so a stdio start (what MCP clients spawn) never pays for it.
    const { serveHttp } = await import("./transports/http.js");
    await serveHttp(config, connection, events, home);
    await events.close();
    await home.close();
    await rtm?.client.close().catch(() => undefined);
    await stop();
    return 0;
  }
  if (config.redisUrl) log("warn", "CRISP_MCP_REDIS_URL is only used by the HTTP transport (--transport http): stdio serves one client from one process");
  const { connection, stop, simulator } = await connect(config);
  // stdio is never passthrough: the settings required a keypair, or the sandbox gave one.
  const keypair = ownKeypair(config, connection)!;
  const client = new CrispClient({ ...connection, ...keypair });
  const events = eventHub(config, connection, { client, keypair }, simulator);
  const server = createServer({ ...config, websiteId: connection.websiteId }, client, { events });
  log("info", `crisp-mcp ${VERSION} serving ${tools.length} tools over stdio${config.readOnly ? " (read-only)" : ""}`);
  await serveStdio(server);
  await events.close();
  await client.close().catch(() => undefined);
  await stop();
  return 0;
}

/** HTTP passthrough: every request brings its own keypair, and the process has none to use. */
function isPassthrough(config: Config): boolean {
  return config.transport === "http" && config.httpAuth === "passthrough";
}

/** The process's own keypair; none in HTTP passthrough, even where the sandbox has one (callers bring theirs). */
function ownKeypair(config: Config, target: CrispTarget): RtmCredentials | undefined {
  if (isPassthrough(config) || !target.identifier || !target.key) return undefined;
  return { identifier: target.identifier, key: target.key, tier: target.tier };
}

/**
 * The process's event hub. RTM runs on the process's own keypair (`rtm`), so
 * it is off in HTTP passthrough (callers bring theirs; web hooks still work,
 * and a caller reads a website's events only once Crisp confirms its access).
 */
function eventHub(
  config: Config,
  target: CrispTarget,
  rtm: { client: CrispClient; keypair: RtmCredentials } | undefined,
  simulator?: VisitorSimulator,
  home?: StateHome,
): EventHub {
  const http = config.transport === "http";
  if (config.webhookSecret && !http) log("warn", "CRISP_WEBHOOK_SECRET is only used by the HTTP transport (--transport http)");
  return createEventHub({
    capacity: config.eventsBuffer,
    home,
    verifyAccess: isPassthrough(config),
    rtm: rtm && { client: rtm.client, credentials: rtm.keypair, websiteId: target.websiteId },
    webhookSecret: http ? config.webhookSecret : undefined,
    simulator,
    transport: config.transport,
  });
}

/** Where the client points: Crisp, or the embedded sandbox started here. */
async function connect(
  config: Config,
): Promise<{ connection: CrispTarget; stop: () => Promise<void>; simulator?: VisitorSimulator }> {
  if (!config.sandbox) {
    return {
      connection: {
        baseUrl: config.apiUrl,
        identifier: config.identifier,
        key: config.key,
        tier: config.tier,
        timeoutMs: config.timeoutMs,
        websiteId: config.websiteId,
      },
      stop: async () => undefined,
    };
  }
  // Loaded only in sandbox mode, so a normal start never pays for the simulator.
  const { startSandbox } = await import("./sandbox/index.js");
  // A keypair given with --sandbox becomes the simulator's (HTTP passthrough callers send it).
  const sandbox = await startSandbox({ tier: config.tier, identifier: config.identifier, key: config.key });
  log(
    "info",
    `sandbox: embedded Crisp simulator at ${sandbox.url} (website ${sandbox.websiteId} on the new Knowledge Base; website ${sandbox.legacyWebsiteId} on the legacy one)`,
  );
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
    // sandbox_simulate_visitor_message: the user plays a visitor of the seeded website.
    simulator: (sessionId, text) => {
      const message = sandbox.state.addVisitorMessage(sessionId, text);
      return { session_id: message.session_id, fingerprint: message.fingerprint };
    },
  };
}

process.on("unhandledRejection", (reason) => {
  log("error", `unhandled rejection: ${(reason as Error)?.stack ?? String(reason)}`);
});
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  // The client went away: nothing left to answer.
  if (error.code === "EPIPE") process.exit(0);
});

/** Runs the bin's command and exits with its code: 2 for a bad setting, 1 for a failure. */
export function run(argv: string[]): void {
  main(argv).then(
    (code) => process.exit(code),
    (error: unknown) => {
      if (error instanceof ConfigError || error instanceof SharedStateError) {
        process.stderr.write(`crisp-mcp: ${error.message}\n`);
        process.exit(2);
      }
      log("error", `fatal: ${(error as Error)?.stack ?? String(error)}`);
      process.exit(1);
    },
  );
}
