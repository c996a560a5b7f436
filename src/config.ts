import { parseArgs } from "node:util";
import { z } from "zod";
import { BOOLEAN_WORDS, parseBooleanText } from "./boolean-text.js";
import type { LogLevel } from "./log.js";
import { isUuid } from "./uuid.js";
import { SETTINGS, type SettingName, type SettingSpec } from "./settings.cjs";
import { parseHost } from "./transports/http-guard.js";

/** A setting that stops start-up; its message is one line naming the setting. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

export { SETTINGS, settingsHelp, type SettingName } from "./settings.cjs";

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
    // Unset and empty are the same: the default stands.
    if (value) raw[name] = value;
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
    // Only a value given can be refused: the defaults are valid.
    const shown = spec.secret ? "" : ` (got ${JSON.stringify(raw[name])})`;
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
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return (url.protocol === "redis:" || url.protocol === "rediss:") && url.hostname !== "";
}

/** Why a CRISP_MCP_PUBLIC_URL cannot be an OAuth issuer; undefined when it can. */
function publicUrlRefusal(value: string): string | undefined {
  // zod runs this refinement even after its URL check failed: that check has said why.
  if (!URL.canParse(value)) return undefined;
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

