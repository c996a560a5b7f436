import { createServer } from "node:net";
import { isLoopbackHost, type Config } from "../config.js";
import { redisHome, SharedStateError } from "../state/index.js";
import { LOOPBACK_HOSTS } from "../transports/http-guard.js";
import { listenError } from "../transports/listen-error.js";
import { result, type CheckResult } from "./report.js";

// The HTTP transport's settings: start-up already refuses the incoherent
// ones (config.ts), so these are what it would accept and regret: a port
// taken, a public name not served, no token, an unreachable Redis.

/** Settings only the HTTP transport reads, named when set for stdio. */
const HTTP_ONLY = [
  ["redisUrl", "CRISP_MCP_REDIS_URL"],
  ["webhookSecret", "CRISP_WEBHOOK_SECRET"],
  ["httpToken", "CRISP_MCP_HTTP_TOKEN"],
  ["allowedHosts", "CRISP_MCP_ALLOWED_HOSTS"],
] as const;

/** For stdio: a warning when HTTP settings are set and have no effect. */
export function checkStdioSettings(config: Config): CheckResult[] {
  const stray = HTTP_ONLY.filter(([name]) => {
    const value = config[name];
    return Array.isArray(value) ? value.length > 0 : value !== undefined;
  }).map(([, env]) => env);
  if (stray.length === 0) return [];
  return [result("warn", "http settings", `${stray.join(", ")} only apply with --transport http; stdio ignores them`)];
}

/** The settings a served HTTP endpoint depends on, each a line. */
export function checkHttpSettings(config: Config): CheckResult[] {
  const out: CheckResult[] = [];
  const publicHost = config.oauth && config.publicUrl ? new URL(config.publicUrl).host : undefined;
  if (config.allowedHosts.includes("*")) {
    out.push(result("warn", "allowed hosts", "* serves any Host header: only behind a proxy that checks Host itself"));
  } else if (!isLoopbackHost(config.host) && config.allowedHosts.length === 0 && !publicHost) {
    out.push(result("warn", "allowed hosts", `listening on ${config.host}, but only requests addressed to localhost are served: list the public host names in CRISP_MCP_ALLOWED_HOSTS`));
  } else {
    const served = [...(config.allowedHosts.length > 0 ? config.allowedHosts : LOOPBACK_HOSTS), ...(publicHost ? [publicHost] : [])];
    out.push(result("ok", "allowed hosts", served.join(", ")));
  }
  if (config.httpAuth === "passthrough") {
    out.push(result("ok", "http auth", "passthrough: each request brings its own Crisp keypair"));
  } else if (config.httpToken) {
    // Worded without "Bearer": the redactor blanks whatever follows that word.
    out.push(result("ok", "http auth", `callers send CRISP_MCP_HTTP_TOKEN${config.oauth ? ", or sign in with OAuth" : ""}`));
  } else if (config.oauth) {
    out.push(result("ok", "http auth", "OAuth sign-in (no CRISP_MCP_HTTP_TOKEN)"));
  } else {
    out.push(result("warn", "http auth", "no CRISP_MCP_HTTP_TOKEN: any program on this machine can call the server"));
  }
  if (config.oauth) {
    const issuer = config.publicUrl ?? `http://${config.host}:${config.port}`;
    out.push(result("ok", "oauth", `issuer ${issuer}, ${config.httpAuth === "token" ? "consent page asks for CRISP_MCP_SIGNIN_SECRET" : "people sign in with their own Crisp keypair"}`));
  }
  if (config.webhookSecret) out.push(result("ok", "web hooks", "POST /webhooks/crisp takes signed Crisp web hooks"));
  return out;
}

/** Whether host:port can be listened on now (port 0 always can). */
export function checkListen(config: Config): Promise<CheckResult> {
  const where = `${config.host}:${config.port}`;
  return new Promise((resolve) => {
    const server = createServer();
    // The very line the server would stop with.
    server.once("error", (error) => resolve(result("fail", "listen", listenError(error, config.host, config.port).message)));
    const free = config.port === 0 ? `${config.host} can be listened on (port 0: a free port is chosen at start)` : `${where} is free`;
    server.listen(config.port, config.host, () => server.close(() => resolve(result("ok", "listen", free))));
  });
}

/** Connects to Redis within the deadline and leaves; the message never shows the URL's password. */
export async function checkRedis(url: string, deadlineMs: number): Promise<CheckResult> {
  try {
    const home = await redisHome(url, { connectTimeoutMs: deadlineMs, callTimeoutMs: deadlineMs });
    const health = home.health();
    await home.close();
    return result(health.up ? "ok" : "fail", "redis", health.up ? "reachable: replicas share events and one-time state there" : `not ready (${health.detail ?? "down"})`);
  } catch (error) {
    if (error instanceof SharedStateError) return result("fail", "redis", error.message);
    throw error;
  }
}
