// Every setting's names and help, with no import (and CommonJS, like the bin):
// --help prints them before anything else of the server is loaded. src/config.ts parses them.

export interface SettingSpec {
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

export function settingsHelp(): string {
  return Object.values(SETTINGS)
    .map((s: SettingSpec) => `  --${s.flag}${s.boolean ? "" : " <value>"}`.padEnd(30) + `${s.env.padEnd(26)}${s.help}`)
    .join("\n");
}
