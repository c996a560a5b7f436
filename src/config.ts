import { parseArgs } from "node:util";
import { z } from "zod";
import { BOOLEAN_WORDS, parseBooleanText } from "./boolean-text.js";
import type { LogLevel } from "./log.js";
import { isUuid } from "./tools/catalog/common.js";
import { parseHost } from "./transports/http-guard.js";

/** A setting that stops start-up; its message is one line naming the setting. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

interface SettingSpec {
  env: string;
  flag: string;
  /** Boolean flags take no value on the command line. */
  boolean?: boolean;
  /** Never echoed back in an error message. */
  secret?: boolean;
  help: string;
}

/** The public contract: every setting, its env name, its flag. */
export const SETTINGS = {
  identifier: { env: "CRISP_IDENTIFIER", flag: "identifier", secret: true, help: "Token identifier (required unless --sandbox or HTTP passthrough)" },
  key: { env: "CRISP_KEY", flag: "key", secret: true, help: "Token key (required unless --sandbox or HTTP passthrough); prefer the env variable" },
  tier: { env: "CRISP_TIER", flag: "tier", help: "Token tier: plugin, website or user (default plugin)" },
  websiteId: { env: "CRISP_WEBSITE_ID", flag: "website-id", help: "Default website; hides website_id from tools" },
  apiUrl: { env: "CRISP_API_URL", flag: "api-url", help: "REST API base (default https://api.crisp.chat/v1)" },
  toolsets: { env: "CRISP_TOOLSETS", flag: "toolsets", help: "Comma list of toolsets; all and default are toolsets" },
  tools: { env: "CRISP_TOOLS", flag: "tools", help: "Comma list of extra tools to expose" },
  excludeTools: { env: "CRISP_EXCLUDE_TOOLS", flag: "exclude-tools", help: "Comma list of tools to hide" },
  readOnly: { env: "CRISP_READ_ONLY", flag: "read-only", boolean: true, help: "Only reads: no write tool, no write request" },
  allowDestructive: {
    env: "CRISP_ALLOW_DESTRUCTIVE",
    flag: "allow-destructive",
    boolean: true,
    help: "Run destructive tools without asking when the client cannot ask",
  },
  timeoutMs: { env: "CRISP_TIMEOUT_MS", flag: "timeout-ms", help: "One request's deadline in ms (default 10000)" },
  sandbox: { env: "CRISP_SANDBOX", flag: "sandbox", boolean: true, help: "Run against the embedded Crisp simulator" },
  transport: { env: "CRISP_MCP_TRANSPORT", flag: "transport", help: "stdio (default) or http" },
  host: { env: "CRISP_MCP_HOST", flag: "host", help: "HTTP: address to listen on (default 127.0.0.1)" },
  port: { env: "CRISP_MCP_PORT", flag: "port", help: "HTTP: port to listen on (default 8787)" },
  httpToken: { env: "CRISP_MCP_HTTP_TOKEN", flag: "http-token", secret: true, help: "HTTP: Bearer token clients must send; prefer the env variable" },
  httpAuth: { env: "CRISP_MCP_HTTP_AUTH", flag: "http-auth", help: "HTTP: token (default) or passthrough (each request brings its Crisp keypair)" },
  allowedHosts: { env: "CRISP_MCP_ALLOWED_HOSTS", flag: "allowed-hosts", help: "HTTP: comma list of Host names served (default loopback names)" },
  webhookSecret: { env: "CRISP_WEBHOOK_SECRET", flag: "webhook-secret", secret: true, help: "HTTP: Crisp web hook signing secret; enables POST /webhooks/crisp" },
  oauth: { env: "CRISP_MCP_OAUTH", flag: "oauth", boolean: true, help: "HTTP: sign clients in with OAuth 2.1 and a consent page" },
  publicUrl: { env: "CRISP_MCP_PUBLIC_URL", flag: "public-url", help: "HTTP: the origin clients reach this server at (OAuth issuer; default the loopback address)" },
  oauthSecret: { env: "CRISP_MCP_OAUTH_SECRET", flag: "oauth-secret", secret: true, help: "HTTP: key that seals OAuth tokens, at least 32 characters; prefer the env variable" },
  signinSecret: { env: "CRISP_MCP_SIGNIN_SECRET", flag: "signin-secret", secret: true, help: "HTTP: OAuth in token mode: the secret people type on the consent page" },
  redisUrl: { env: "CRISP_MCP_REDIS_URL", flag: "redis-url", secret: true, help: "HTTP: redis:// or rediss:// URL; replicas share events, replay checks and one-time state there" },
  eventsBuffer: { env: "CRISP_EVENTS_BUFFER", flag: "events-buffer", help: "Real-time events kept per website for wait_for_events (default 1000)" },
  logLevel: { env: "CRISP_MCP_LOG_LEVEL", flag: "log-level", help: "Least severe stderr log line shown: debug, info (default), warn or error" },
} as const satisfies Record<string, SettingSpec>;

export type SettingName = keyof typeof SETTINGS;

const boolText = z
  .string()
  .refine((v) => parseBooleanText(v) !== undefined, { message: `must be ${BOOLEAN_WORDS}` })
  .transform((v) => parseBooleanText(v) === true);

const LOG_LEVELS = ["debug", "info", "warn", "error"] as const satisfies readonly LogLevel[];

const list = z
  .string()
  .transform((v) => v.split(",").map((s) => s.trim()).filter(Boolean));

const configSchema = z.object({
  identifier: z.string().trim().min(1, "must not be empty").optional(),
  key: z.string().trim().min(1, "must not be empty").optional(),
  tier: z.enum(["plugin", "website", "user"], { message: "must be one of plugin, website, user" }).default("plugin"),
  websiteId: z.string().trim().refine(isUuid, { message: "must be a website UUID" }).optional(),
  apiUrl: z
    .url({ protocol: /^https?$/, message: "must be an http(s) URL" })
    .default("https://api.crisp.chat/v1"),
  toolsets: list.default(["default"]),
  tools: list.default([]),
  excludeTools: list.default([]),
  readOnly: boolText.default(false),
  allowDestructive: boolText.default(false),
  timeoutMs: z.coerce
    .number({ message: "must be a number of milliseconds" })
    .int("must be a whole number of milliseconds")
    .min(100, "must be at least 100")
    .max(300_000, "must be at most 300000")
    .default(10_000),
  sandbox: boolText.default(false),
  transport: z.enum(["stdio", "http"], { message: "must be stdio or http" }).default("stdio"),
  host: z.string().trim().min(1, "must not be empty").default("127.0.0.1"),
  port: z.coerce
    .number({ message: "must be a port number" })
    .int("must be a whole number")
    .min(0, "must be between 0 and 65535")
    .max(65535, "must be between 0 and 65535")
    .default(8787),
  httpToken: z.string().trim().min(16, "must be at least 16 characters (e.g. openssl rand -hex 32)").optional(),
  httpAuth: z.enum(["token", "passthrough"], { message: "must be token or passthrough" }).default("token"),
  allowedHosts: list
    .superRefine((hosts, ctx) => {
      if (hosts.length === 0) ctx.addIssue({ code: "custom", message: "lists no host: give host names, e.g. mcp.example.com, or leave it unset for the loopback names" });
      const bad = hosts.find((h) => h !== "*" && !parseHost(h));
      if (bad !== undefined) ctx.addIssue({ code: "custom", message: `"${bad}" is not a host name, host:port or *` });
    })
    .default([]),
  // Crisp generates long signing secrets: a short one is a pasting mistake, and guessable.
  webhookSecret: z.string().trim().min(16, "must be the signing secret Crisp shows for your web hooks, 16 characters or more").optional(),
  oauth: boolText.default(false),
  publicUrl: z
    .url({ protocol: /^https?$/, message: "must be an http(s) URL, e.g. https://crisp-mcp.example.com" })
    .superRefine((value, ctx) => {
      const refusal = publicUrlRefusal(value);
      if (refusal) ctx.addIssue({ code: "custom", message: refusal });
    })
    .transform((value) => new URL(value).origin)
    .optional(),
  oauthSecret: z.string().trim().min(32, "must be at least 32 characters (e.g. openssl rand -base64 48)").optional(),
  signinSecret: z.string().trim().min(16, "must be at least 16 characters (e.g. openssl rand -base64 24)").optional(),
  redisUrl: z
    .string()
    .trim()
    .refine(isRedisUrl, { message: "must be a redis:// or rediss:// URL, e.g. redis://localhost:6379" })
    .optional(),
  eventsBuffer: z.coerce
    .number({ message: "must be a number of events" })
    .int("must be a whole number")
    .min(10, "must be at least 10")
    .max(100_000, "must be at most 100000")
    .default(1_000),
  logLevel: z.enum(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(", ")}` }).default("info"),
});

export type Config = z.output<typeof configSchema>;

/** Reads flags (winning) and env into one validated Config. */
export function loadConfig(argv: readonly string[], env: NodeJS.ProcessEnv): Config {
  const raw: Record<string, string> = {};
  for (const [name, spec] of Object.entries(SETTINGS)) {
    const value = env[spec.env];
    if (value !== undefined && value !== "") raw[name] = value;
  }
  for (const [name, value] of Object.entries(parseFlags(argv))) raw[name] = value;
  return parseConfig(raw);
}

export function parseConfig(raw: Record<string, unknown>): Config {
  const result = configSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const name = String(issue.path[0]) as SettingName;
    const spec: SettingSpec = SETTINGS[name];
    const shown = raw[name] === undefined || spec.secret ? "" : ` (got ${JSON.stringify(raw[name])})`;
    throw new ConfigError(`invalid setting ${spec.env} / --${spec.flag}: ${issue.message}${shown}`);
  }
  const config = result.data;
  if (config.sandbox && raw.apiUrl !== undefined) {
    throw new ConfigError(
      "CRISP_API_URL / --api-url has no effect with --sandbox (CRISP_SANDBOX): the sandbox serves its own API; unset one of them",
    );
  }
  checkHttp(config);
  // In passthrough mode every HTTP request brings its own keypair.
  const passthrough = config.transport === "http" && config.httpAuth === "passthrough";
  if (!config.sandbox && !passthrough && (!config.identifier || !config.key)) {
    const missing = [!config.identifier && "CRISP_IDENTIFIER", !config.key && "CRISP_KEY"].filter(Boolean).join(" and ");
    throw new ConfigError(
      `missing setting ${missing}: set the Crisp token keypair (see the README, "Get a Crisp token"), or add --sandbox to try the embedded simulator`,
    );
  }
  return config;
}

/** Hosts that only this machine can reach: serving them without a token is a local choice. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, "");
  return h === "localhost" || h === "::1" || /^127(\.\d{1,3}){3}$/.test(h);
}

function isRedisUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "redis:" || url.protocol === "rediss:") && url.hostname !== "";
  } catch {
    return false;
  }
}

/** Why a CRISP_MCP_PUBLIC_URL cannot be an OAuth issuer; undefined when it can. */
function publicUrlRefusal(value: string): string | undefined {
  const url = new URL(value);
  if (url.pathname !== "/" && url.pathname !== "/mcp") return "must be the server's origin, e.g. https://crisp-mcp.example.com (the MCP endpoint is its /mcp)";
  if (url.search || url.hash || url.username || url.password) return "must be a bare origin: no query, fragment or user";
  if (url.protocol !== "https:" && !isLoopbackHost(url.hostname)) return "must be https (http only on localhost)";
  return undefined;
}

function checkOAuth(config: Config): void {
  if (!config.oauth) {
    const stray = (["publicUrl", "oauthSecret", "signinSecret"] as const).find((name) => config[name] !== undefined);
    if (stray) throw new ConfigError(`${SETTINGS[stray].env} / --${SETTINGS[stray].flag} has no effect without CRISP_MCP_OAUTH=true (--oauth); set that too, or unset it`);
    return;
  }
  if (config.transport !== "http") {
    throw new ConfigError("CRISP_MCP_OAUTH / --oauth signs in HTTP clients: add --transport http (stdio clients start the server themselves)");
  }
  if (!config.oauthSecret) {
    throw new ConfigError("missing setting CRISP_MCP_OAUTH_SECRET: OAuth seals its tokens with it; set at least 32 random characters, e.g. openssl rand -base64 48");
  }
  if (!config.publicUrl && !isLoopbackHost(config.host)) {
    throw new ConfigError(
      `missing setting CRISP_MCP_PUBLIC_URL: listening on ${config.host}, OAuth needs the https origin clients reach this server at, e.g. https://crisp-mcp.example.com`,
    );
  }
  if (config.httpAuth === "token" && !config.signinSecret) {
    throw new ConfigError(
      "missing setting CRISP_MCP_SIGNIN_SECRET: in token mode the consent page asks people for it before they use this server's keypair; or use CRISP_MCP_HTTP_AUTH=passthrough so each person signs in with their own Crisp keypair",
    );
  }
  if (config.httpAuth === "passthrough" && config.signinSecret) {
    throw new ConfigError(
      "CRISP_MCP_SIGNIN_SECRET / --signin-secret has no effect with CRISP_MCP_HTTP_AUTH=passthrough: people sign in with their own Crisp keypair; unset it",
    );
  }
}

function checkHttp(config: Config): void {
  checkOAuth(config);
  if (config.transport !== "http") return;
  if (config.httpAuth === "passthrough" && config.httpToken) {
    throw new ConfigError(
      "CRISP_MCP_HTTP_TOKEN / --http-token has no effect with CRISP_MCP_HTTP_AUTH=passthrough: each request authenticates with its own Crisp keypair; unset one of them",
    );
  }
  // With OAuth on, callers without a token must sign in: the server is not open.
  if (config.httpAuth === "token" && !config.httpToken && !config.oauth && !isLoopbackHost(config.host)) {
    throw new ConfigError(
      `missing setting CRISP_MCP_HTTP_TOKEN: refusing to serve HTTP on ${config.host} without a token; set CRISP_MCP_HTTP_TOKEN (e.g. openssl rand -hex 32), or turn on OAuth (CRISP_MCP_OAUTH), or listen on 127.0.0.1, or use CRISP_MCP_HTTP_AUTH=passthrough`,
    );
  }
}

function parseFlags(argv: readonly string[]): Record<string, string> {
  const options: Record<string, { type: "string" | "boolean" }> = {};
  const byFlag = new Map<string, SettingName>();
  for (const [name, spec] of Object.entries(SETTINGS) as [SettingName, SettingSpec][]) {
    // Boolean flags are strings too, so that --read-only=false works; a bare --read-only means true.
    options[spec.flag] = { type: "string" };
    byFlag.set(spec.flag, name);
  }
  const normalized = argv.map((arg) => {
    const flag = arg.startsWith("--") ? arg.slice(2) : undefined;
    const spec = flag ? SETTINGS[byFlag.get(flag) as SettingName] : undefined;
    return spec && "boolean" in spec ? `--${flag}=true` : arg;
  });
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: normalized, options, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new ConfigError(`${(error as Error).message.split("\n")[0]} (see crisp-mcp --help)`);
  }
  const out: Record<string, string> = {};
  for (const [flag, value] of Object.entries(values)) {
    if (typeof value === "string") out[byFlag.get(flag)!] = value;
  }
  return out;
}

export function settingsHelp(): string {
  return Object.values(SETTINGS)
    .map((s: SettingSpec) => `  --${s.flag}${s.boolean ? "" : " <value>"}`.padEnd(30) + `${s.env.padEnd(26)}${s.help}`)
    .join("\n");
}
