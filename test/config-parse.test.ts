import { describe, expect, it } from "vitest";
import { ConfigError, isLoopbackHost, loadConfig, parseConfig, SETTINGS } from "../src/config.js";

// What a user gets from the settings: the values a fresh configuration holds
// when nothing is set, each bad value refused with one line that names its
// variable and flag (and echoes the value unless it is a secret), and the
// narrowing settings (read-only, destructive, toolsets, tools, exclusions)
// read exactly as written.

const creds = { CRISP_IDENTIFIER: "id-123456", CRISP_KEY: "key-123456" };
const OAUTH_SECRET = "oauth-secret-0123456789abcdefghijklmnop";

/** The one line a refused configuration stops start-up with. */
function refusal(argv: string[], env: Record<string, string> = {}): string {
  let caught: unknown;
  try {
    loadConfig(argv, env);
  } catch (error) {
    caught = error;
  }
  expect(caught, `refused: ${argv.join(" ")} ${JSON.stringify(env)}`).toBeInstanceOf(ConfigError);
  const message = (caught as ConfigError).message;
  expect(message).not.toContain("\n");
  expect((caught as ConfigError).name).toBe("ConfigError");
  return message;
}

describe("a configuration with nothing set but the keypair", () => {
  it("holds the documented defaults, every one of them", () => {
    expect(loadConfig([], creds)).toEqual({
      identifier: "id-123456",
      key: "key-123456",
      tier: "plugin",
      apiUrl: "https://api.crisp.chat/v1",
      toolsets: ["default"],
      tools: [],
      excludeTools: [],
      readOnly: false,
      allowDestructive: false,
      timeoutMs: 10_000,
      sandbox: false,
      transport: "stdio",
      host: "127.0.0.1",
      port: 8787,
      httpAuth: "token",
      allowedHosts: [],
      oauth: false,
      eventsBuffer: 1_000,
      logLevel: "info",
    });
  });

  it("an empty variable counts as unset: the default stands", () => {
    const config = loadConfig([], { ...creds, CRISP_TIER: "", CRISP_TIMEOUT_MS: "", CRISP_EVENTS_BUFFER: "", CRISP_READ_ONLY: "" });
    expect(config).toMatchObject({ tier: "plugin", timeoutMs: 10_000, eventsBuffer: 1_000, readOnly: false });
    expect(refusal([], { CRISP_IDENTIFIER: "", CRISP_KEY: "" })).toMatch(/^missing setting CRISP_IDENTIFIER and CRISP_KEY:/);
  });

  it("every setting is read from its variable", () => {
    const values: Record<string, string> = {
      CRISP_TIER: "website",
      CRISP_WEBSITE_ID: "8c842203-7ed8-4e29-a608-7cf78a7d2fcc",
      CRISP_TOOLSETS: "helpdesk",
      CRISP_TOOLS: "get_website",
      CRISP_EXCLUDE_TOOLS: "send_message",
      CRISP_READ_ONLY: "yes",
      CRISP_ALLOW_DESTRUCTIVE: "on",
      CRISP_TIMEOUT_MS: "2500",
      CRISP_MCP_TRANSPORT: "http",
      CRISP_MCP_HOST: "localhost",
      CRISP_MCP_PORT: "0",
      CRISP_MCP_HTTP_TOKEN: "0123456789abcdef",
      CRISP_MCP_ALLOWED_HOSTS: "mcp.example.com",
      CRISP_WEBHOOK_SECRET: "0123456789abcdef",
      CRISP_MCP_REDIS_URL: "redis://cache.internal:6379",
      CRISP_EVENTS_BUFFER: "50",
      CRISP_MCP_LOG_LEVEL: "warn",
      CRISP_API_URL: "http://127.0.0.1:9/v1",
    };
    expect(loadConfig([], { ...creds, ...values })).toEqual({
      identifier: "id-123456",
      key: "key-123456",
      tier: "website",
      websiteId: "8c842203-7ed8-4e29-a608-7cf78a7d2fcc",
      apiUrl: "http://127.0.0.1:9/v1",
      toolsets: ["helpdesk"],
      tools: ["get_website"],
      excludeTools: ["send_message"],
      readOnly: true,
      allowDestructive: true,
      timeoutMs: 2500,
      sandbox: false,
      transport: "http",
      host: "localhost",
      port: 0,
      httpToken: "0123456789abcdef",
      httpAuth: "token",
      allowedHosts: ["mcp.example.com"],
      webhookSecret: "0123456789abcdef",
      oauth: false,
      redisUrl: "redis://cache.internal:6379",
      eventsBuffer: 50,
      logLevel: "warn",
    });
    // Every variable named in SETTINGS was given above, or is a keypair/OAuth setting tested on its own.
    const covered = new Set([...Object.keys(values), ...Object.keys(creds), "CRISP_SANDBOX", "CRISP_MCP_HTTP_AUTH", "CRISP_MCP_OAUTH", "CRISP_MCP_PUBLIC_URL", "CRISP_MCP_OAUTH_SECRET", "CRISP_MCP_SIGNIN_SECRET"]);
    for (const spec of Object.values(SETTINGS)) expect(covered.has(spec.env), spec.env).toBe(true);
  });
});

describe("each bad value stops start-up with one line naming the setting", () => {
  it.each([
    ["CRISP_IDENTIFIER", "  ", "invalid setting CRISP_IDENTIFIER / --identifier: must not be empty"],
    ["CRISP_KEY", "  ", "invalid setting CRISP_KEY / --key: must not be empty"],
    ["CRISP_TIER", "admin", 'invalid setting CRISP_TIER / --tier: must be one of plugin, website, user (got "admin")'],
    ["CRISP_WEBSITE_ID", "my-site", 'invalid setting CRISP_WEBSITE_ID / --website-id: must be a website UUID (got "my-site")'],
    ["CRISP_API_URL", "ftp://x", 'invalid setting CRISP_API_URL / --api-url: must be an http(s) URL (got "ftp://x")'],
    ["CRISP_API_URL", "not a url", 'invalid setting CRISP_API_URL / --api-url: must be an http(s) URL (got "not a url")'],
    ["CRISP_READ_ONLY", "maybe", 'invalid setting CRISP_READ_ONLY / --read-only: must be true or false (also 1/0, yes/no, on/off) (got "maybe")'],
    ["CRISP_ALLOW_DESTRUCTIVE", "always", 'invalid setting CRISP_ALLOW_DESTRUCTIVE / --allow-destructive: must be true or false (also 1/0, yes/no, on/off) (got "always")'],
    ["CRISP_TIMEOUT_MS", "fast", 'invalid setting CRISP_TIMEOUT_MS / --timeout-ms: must be a number of milliseconds (got "fast")'],
    ["CRISP_TIMEOUT_MS", "1500.5", 'invalid setting CRISP_TIMEOUT_MS / --timeout-ms: must be a whole number of milliseconds (got "1500.5")'],
    ["CRISP_TIMEOUT_MS", "99", 'invalid setting CRISP_TIMEOUT_MS / --timeout-ms: must be at least 100 (got "99")'],
    ["CRISP_TIMEOUT_MS", "300001", 'invalid setting CRISP_TIMEOUT_MS / --timeout-ms: must be at most 300000 (got "300001")'],
    ["CRISP_SANDBOX", "sure", 'invalid setting CRISP_SANDBOX / --sandbox: must be true or false (also 1/0, yes/no, on/off) (got "sure")'],
    ["CRISP_MCP_TRANSPORT", "sse", 'invalid setting CRISP_MCP_TRANSPORT / --transport: must be stdio or http (got "sse")'],
    ["CRISP_MCP_HOST", " ", "invalid setting CRISP_MCP_HOST / --host: must not be empty (got \" \")"],
    ["CRISP_MCP_PORT", "http", 'invalid setting CRISP_MCP_PORT / --port: must be a port number (got "http")'],
    ["CRISP_MCP_PORT", "80.5", 'invalid setting CRISP_MCP_PORT / --port: must be a whole number (got "80.5")'],
    ["CRISP_MCP_PORT", "-1", 'invalid setting CRISP_MCP_PORT / --port: must be between 0 and 65535 (got "-1")'],
    ["CRISP_MCP_PORT", "65536", 'invalid setting CRISP_MCP_PORT / --port: must be between 0 and 65535 (got "65536")'],
    ["CRISP_MCP_HTTP_TOKEN", "short-token", "invalid setting CRISP_MCP_HTTP_TOKEN / --http-token: must be at least 16 characters (e.g. openssl rand -hex 32)"],
    ["CRISP_MCP_HTTP_AUTH", "basic", 'invalid setting CRISP_MCP_HTTP_AUTH / --http-auth: must be token or passthrough (got "basic")'],
    ["CRISP_MCP_ALLOWED_HOSTS", ",", 'invalid setting CRISP_MCP_ALLOWED_HOSTS / --allowed-hosts: lists no host: give host names, e.g. mcp.example.com, or leave it unset for the loopback names (got ",")'],
    ["CRISP_MCP_ALLOWED_HOSTS", "mcp.example.com,https://x", 'invalid setting CRISP_MCP_ALLOWED_HOSTS / --allowed-hosts: "https://x" is not a host name, host:port or * (got "mcp.example.com,https://x")'],
    ["CRISP_WEBHOOK_SECRET", "short", "invalid setting CRISP_WEBHOOK_SECRET / --webhook-secret: must be the signing secret Crisp shows for your web hooks, 16 characters or more"],
    ["CRISP_MCP_OAUTH", "perhaps", 'invalid setting CRISP_MCP_OAUTH / --oauth: must be true or false (also 1/0, yes/no, on/off) (got "perhaps")'],
    ["CRISP_MCP_PUBLIC_URL", "mcp.example.com", 'invalid setting CRISP_MCP_PUBLIC_URL / --public-url: must be an http(s) URL, e.g. https://crisp-mcp.example.com (got "mcp.example.com")'],
    ["CRISP_MCP_OAUTH_SECRET", "short", "invalid setting CRISP_MCP_OAUTH_SECRET / --oauth-secret: must be at least 32 characters (e.g. openssl rand -base64 48)"],
    ["CRISP_MCP_SIGNIN_SECRET", "short", "invalid setting CRISP_MCP_SIGNIN_SECRET / --signin-secret: must be at least 16 characters (e.g. openssl rand -base64 24)"],
    ["CRISP_MCP_REDIS_URL", "http://cache:6379", "invalid setting CRISP_MCP_REDIS_URL / --redis-url: must be a redis:// or rediss:// URL, e.g. redis://localhost:6379"],
    ["CRISP_MCP_REDIS_URL", "redis://", "invalid setting CRISP_MCP_REDIS_URL / --redis-url: must be a redis:// or rediss:// URL, e.g. redis://localhost:6379"],
    ["CRISP_MCP_REDIS_URL", "not a url", "invalid setting CRISP_MCP_REDIS_URL / --redis-url: must be a redis:// or rediss:// URL, e.g. redis://localhost:6379"],
    ["CRISP_EVENTS_BUFFER", "lots", 'invalid setting CRISP_EVENTS_BUFFER / --events-buffer: must be a number of events (got "lots")'],
    ["CRISP_EVENTS_BUFFER", "10.5", 'invalid setting CRISP_EVENTS_BUFFER / --events-buffer: must be a whole number (got "10.5")'],
    ["CRISP_EVENTS_BUFFER", "9", 'invalid setting CRISP_EVENTS_BUFFER / --events-buffer: must be at least 10 (got "9")'],
    ["CRISP_EVENTS_BUFFER", "100001", 'invalid setting CRISP_EVENTS_BUFFER / --events-buffer: must be at most 100000 (got "100001")'],
    ["CRISP_MCP_LOG_LEVEL", "verbose", 'invalid setting CRISP_MCP_LOG_LEVEL / --log-level: must be one of debug, info, warn, error (got "verbose")'],
  ])("%s=%j", (variable, value, message) => {
    expect(refusal([], { ...creds, [variable]: value })).toBe(message);
  });

  it("a secret's value is never echoed, whatever is wrong with it", () => {
    for (const name of ["identifier", "key", "httpToken", "webhookSecret", "oauthSecret", "signinSecret", "redisUrl"] as const) {
      const bad = name === "redisUrl" ? "ftp://user:pass@host" : " ";
      const message = refusal([], { ...creds, [SETTINGS[name].env]: bad });
      expect(message).toMatch(new RegExp(`^invalid setting ${SETTINGS[name].env} / --${SETTINGS[name].flag}: `));
      expect(message).not.toContain("(got");
    }
  });

  it("every accepted word is accepted when written out, defaults included", () => {
    expect(loadConfig(["--tier", "plugin", "--transport", "stdio", "--http-auth", "token"], creds)).toMatchObject({
      tier: "plugin",
      transport: "stdio",
      httpAuth: "token",
    });
    expect(loadConfig(["--tier", "user"], creds).tier).toBe("user");
  });

  it("URLs must be http(s) exactly: a scheme that only contains http is refused", () => {
    for (const url of ["xhttp://api.example.com/v1", "httpx://api.example.com/v1", "https2://api.example.com/v1"]) {
      expect(refusal([], { ...creds, CRISP_API_URL: url })).toBe(`invalid setting CRISP_API_URL / --api-url: must be an http(s) URL (got "${url}")`);
    }
    const oauth = ["--sandbox", "--transport", "http", "--oauth", "--http-auth", "passthrough"];
    for (const url of ["xhttps://mcp.example.com", "httpsx://mcp.example.com"]) {
      expect(refusal([...oauth, "--public-url", url], { CRISP_MCP_OAUTH_SECRET: OAUTH_SECRET })).toMatch(
        /^invalid setting CRISP_MCP_PUBLIC_URL \/ --public-url: must be an http\(s\) URL, e.g. /,
      );
    }
  });

  it("values are kept without the spaces around them, secrets included", () => {
    const padded = loadConfig([], {
      ...creds,
      CRISP_WEBSITE_ID: " 8c842203-7ed8-4e29-a608-7cf78a7d2fcc ",
      CRISP_MCP_HTTP_TOKEN: "  0123456789abcdef  ",
      CRISP_WEBHOOK_SECRET: " 0123456789abcdef ",
      CRISP_MCP_REDIS_URL: " redis://cache.internal:6379 ",
    });
    expect(padded).toMatchObject({
      websiteId: "8c842203-7ed8-4e29-a608-7cf78a7d2fcc",
      httpToken: "0123456789abcdef",
      webhookSecret: "0123456789abcdef",
      redisUrl: "redis://cache.internal:6379",
    });
    // Spaces do not count towards a secret's length.
    expect(refusal([], { ...creds, CRISP_MCP_HTTP_TOKEN: "   0123456789abc   " })).toMatch(/^invalid setting CRISP_MCP_HTTP_TOKEN /);
    const oauth = loadConfig(["--sandbox", "--transport", "http", "--oauth"], {
      CRISP_MCP_OAUTH_SECRET: ` ${OAUTH_SECRET} `,
      CRISP_MCP_SIGNIN_SECRET: " signin-secret-0123456789 ",
    });
    expect(oauth).toMatchObject({ oauthSecret: OAUTH_SECRET, signinSecret: "signin-secret-0123456789" });
    expect(refusal(["--sandbox", "--transport", "http", "--oauth"], { CRISP_MCP_OAUTH_SECRET: `  ${OAUTH_SECRET.slice(0, 31)}  ` })).toMatch(
      /^invalid setting CRISP_MCP_OAUTH_SECRET /,
    );
  });

  it("limits at their bounds are accepted", () => {
    expect(loadConfig([], { ...creds, CRISP_TIMEOUT_MS: "100" }).timeoutMs).toBe(100);
    expect(loadConfig([], { ...creds, CRISP_TIMEOUT_MS: "300000" }).timeoutMs).toBe(300_000);
    expect(loadConfig([], { ...creds, CRISP_EVENTS_BUFFER: "10" }).eventsBuffer).toBe(10);
    expect(loadConfig([], { ...creds, CRISP_EVENTS_BUFFER: "100000" }).eventsBuffer).toBe(100_000);
    expect(loadConfig([], { ...creds, CRISP_MCP_PORT: "65535" }).port).toBe(65535);
    expect(loadConfig([], { ...creds, CRISP_MCP_REDIS_URL: "rediss://cache.internal:6380" }).redisUrl).toBe("rediss://cache.internal:6380");
    expect(loadConfig([], { ...creds, CRISP_MCP_ALLOWED_HOSTS: "*" }).allowedHosts).toEqual(["*"]);
  });
});

describe("who may do what: read-only, destructive and the tool lists", () => {
  it("read-only and allow-destructive are off unless turned on, by variable or by bare flag", () => {
    expect(loadConfig([], creds)).toMatchObject({ readOnly: false, allowDestructive: false });
    expect(loadConfig(["--read-only"], creds)).toMatchObject({ readOnly: true, allowDestructive: false });
    expect(loadConfig(["--allow-destructive"], creds)).toMatchObject({ readOnly: false, allowDestructive: true });
    expect(loadConfig([], { ...creds, CRISP_READ_ONLY: "false", CRISP_ALLOW_DESTRUCTIVE: "0" })).toMatchObject({ readOnly: false, allowDestructive: false });
    expect(loadConfig(["--allow-destructive=no"], { ...creds, CRISP_ALLOW_DESTRUCTIVE: "yes" }).allowDestructive).toBe(false);
    // A bare boolean flag does not swallow the next argument.
    expect(loadConfig(["--read-only", "--tier", "user"], creds)).toMatchObject({ readOnly: true, tier: "user" });
  });

  it("tool lists are split on commas, trimmed, and empty entries dropped", () => {
    const config = loadConfig(["--exclude-tools", " send_message , ,delete_conversation,"], {
      ...creds,
      CRISP_TOOLS: "get_website,  list_people_profiles ",
      CRISP_TOOLSETS: " helpdesk,,people ",
    });
    expect(config.excludeTools).toEqual(["send_message", "delete_conversation"]);
    expect(config.tools).toEqual(["get_website", "list_people_profiles"]);
    expect(config.toolsets).toEqual(["helpdesk", "people"]);
    expect(loadConfig([], { ...creds, CRISP_EXCLUDE_TOOLS: ",," }).excludeTools).toEqual([]);
    expect(loadConfig([], { ...creds, CRISP_MCP_ALLOWED_HOSTS: " a.example.com , b.example.com:8443 " }).allowedHosts).toEqual([
      "a.example.com",
      "b.example.com:8443",
    ]);
  });

  it("a value is never read as a flag, even one that ends in a flag's name", () => {
    const config = loadConfig(["--tools", "xxsandbox", "--exclude-tools", "xxread-only"], creds);
    expect(config).toMatchObject({ tools: ["xxsandbox"], excludeTools: ["xxread-only"], sandbox: false, readOnly: false });
  });

  it("a non-boolean flag takes its value as the next argument or after =", () => {
    expect(loadConfig(["--exclude-tools", "send_message"], creds).excludeTools).toEqual(["send_message"]);
    expect(loadConfig(["--exclude-tools=send_message"], creds).excludeTools).toEqual(["send_message"]);
    expect(loadConfig(["--timeout-ms", "2500"], { ...creds, CRISP_TIMEOUT_MS: "5000" }).timeoutMs).toBe(2500);
  });

  it("a word that is not a flag, or a flag without its value, is refused with a pointer to --help", () => {
    expect(refusal(["read-only"], creds)).toMatch(/^Unexpected argument 'read-only'.* \(see crisp-mcp --help\)$/);
    expect(refusal(["--tier"], creds)).toMatch(/^Option '--tier <value>' argument missing \(see crisp-mcp --help\)$/);
    expect(refusal(["--nope"], creds)).toMatch(/^Unknown option '--nope'.* \(see crisp-mcp --help\)$/);
  });
});

describe("settings that only make sense together", () => {
  it("the keypair: each half is named when missing; the sandbox and HTTP passthrough need none", () => {
    expect(refusal([], { CRISP_KEY: "k" })).toBe(
      'missing setting CRISP_IDENTIFIER: set the Crisp token keypair (see the README, "Get a Crisp token"), or add --sandbox to try the embedded simulator',
    );
    expect(refusal([], { CRISP_IDENTIFIER: "i" })).toMatch(/^missing setting CRISP_KEY: /);
    expect(refusal([], {})).toMatch(/^missing setting CRISP_IDENTIFIER and CRISP_KEY: /);
    expect(loadConfig(["--transport", "http", "--http-auth", "passthrough"], {}).identifier).toBeUndefined();
    // HTTP in token mode serves the process's own keypair: it is required.
    expect(refusal(["--transport", "http"], {})).toMatch(/^missing setting CRISP_IDENTIFIER and CRISP_KEY: /);
    // Passthrough is an HTTP mode: on stdio the keypair is still required.
    expect(refusal(["--http-auth", "passthrough"], {})).toMatch(/^missing setting CRISP_IDENTIFIER and CRISP_KEY: /);
  });

  it("--api-url with --sandbox is refused", () => {
    expect(refusal(["--sandbox", "--api-url", "https://api.crisp.chat/v1"])).toBe(
      "CRISP_API_URL / --api-url has no effect with --sandbox (CRISP_SANDBOX): the sandbox serves its own API; unset one of them",
    );
    expect(loadConfig(["--sandbox"], {}).apiUrl).toBe("https://api.crisp.chat/v1");
  });

  it("HTTP beyond loopback needs a token, OAuth or passthrough; passthrough takes no token", () => {
    const http = ["--transport", "http"];
    expect(refusal([...http, "--host", "0.0.0.0"], creds)).toBe(
      "missing setting CRISP_MCP_HTTP_TOKEN: refusing to serve HTTP on 0.0.0.0 without a token; set CRISP_MCP_HTTP_TOKEN (e.g. openssl rand -hex 32), or turn on OAuth (CRISP_MCP_OAUTH), or listen on 127.0.0.1, or use CRISP_MCP_HTTP_AUTH=passthrough",
    );
    expect(loadConfig([...http, "--host", "0.0.0.0", "--http-token", "0123456789abcdef"], creds).host).toBe("0.0.0.0");
    expect(loadConfig([...http, "--host", "0.0.0.0", "--http-auth", "passthrough"], {}).httpAuth).toBe("passthrough");
    for (const host of ["127.0.0.1", "localhost", "::1", "[::1]", "127.1.2.3"]) expect(loadConfig([...http, "--host", host], creds).host).toBe(host);
    // stdio listens on nothing: the host is not checked.
    expect(loadConfig(["--host", "0.0.0.0"], creds).transport).toBe("stdio");
    expect(refusal([...http, "--http-auth", "passthrough", "--http-token", "0123456789abcdef"])).toBe(
      "CRISP_MCP_HTTP_TOKEN / --http-token has no effect with CRISP_MCP_HTTP_AUTH=passthrough: each request authenticates with its own Crisp keypair; unset one of them",
    );
    expect(loadConfig(["--http-auth", "passthrough", "--http-token", "0123456789abcdef"], creds).httpToken).toBe("0123456789abcdef");
  });

  it("OAuth: its settings need it on, it needs HTTP, a secret, a public origin beyond loopback, and a sign-in secret in token mode", () => {
    const http = ["--sandbox", "--transport", "http"];
    const env = { CRISP_MCP_OAUTH_SECRET: OAUTH_SECRET };
    for (const [flag, value, variable] of [
      ["--public-url", "https://mcp.example.com", "CRISP_MCP_PUBLIC_URL / --public-url"],
      ["--oauth-secret", OAUTH_SECRET, "CRISP_MCP_OAUTH_SECRET / --oauth-secret"],
      ["--signin-secret", "signin-secret-0123456789", "CRISP_MCP_SIGNIN_SECRET / --signin-secret"],
    ] as const) {
      expect(refusal([...http, flag, value])).toBe(`${variable} has no effect without CRISP_MCP_OAUTH=true (--oauth); set that too, or unset it`);
    }
    expect(refusal(["--sandbox", "--oauth"], env)).toBe(
      "CRISP_MCP_OAUTH / --oauth signs in HTTP clients: add --transport http (stdio clients start the server themselves)",
    );
    expect(refusal([...http, "--oauth", "--http-auth", "passthrough"])).toMatch(/^missing setting CRISP_MCP_OAUTH_SECRET: /);
    expect(refusal([...http, "--oauth", "--http-auth", "passthrough", "--host", "0.0.0.0"], env)).toMatch(
      /^missing setting CRISP_MCP_PUBLIC_URL: listening on 0\.0\.0\.0, /,
    );
    const beyond = loadConfig([...http, "--oauth", "--http-auth", "passthrough", "--host", "0.0.0.0", "--public-url", "https://mcp.example.com/"], env);
    expect(beyond.publicUrl).toBe("https://mcp.example.com");
    expect(refusal([...http, "--oauth"], env)).toMatch(/^missing setting CRISP_MCP_SIGNIN_SECRET: in token mode /);
    const token = loadConfig([...http, "--oauth"], { ...env, CRISP_MCP_SIGNIN_SECRET: "signin-secret-0123456789" });
    expect(token).toMatchObject({ oauth: true, httpAuth: "token", signinSecret: "signin-secret-0123456789" });
    expect(refusal([...http, "--oauth", "--http-auth", "passthrough"], { ...env, CRISP_MCP_SIGNIN_SECRET: "signin-secret-0123456789" })).toMatch(
      /^CRISP_MCP_SIGNIN_SECRET \/ --signin-secret has no effect with CRISP_MCP_HTTP_AUTH=passthrough: /,
    );
  });

  it("the public URL must be a bare origin, https beyond loopback", () => {
    const base = ["--sandbox", "--transport", "http", "--oauth", "--http-auth", "passthrough"];
    const env = { CRISP_MCP_OAUTH_SECRET: OAUTH_SECRET };
    const origin = (url: string) => loadConfig([...base, "--public-url", url], env).publicUrl;
    const refused = (url: string) => refusal([...base, "--public-url", url], env);
    expect(origin("https://mcp.example.com")).toBe("https://mcp.example.com");
    expect(origin("https://mcp.example.com/mcp")).toBe("https://mcp.example.com");
    expect(origin("http://localhost:8787")).toBe("http://localhost:8787");
    expect(origin("http://127.0.0.1:8787/mcp")).toBe("http://127.0.0.1:8787");
    expect(refused("https://mcp.example.com/base")).toBe(
      'invalid setting CRISP_MCP_PUBLIC_URL / --public-url: must be the server\'s origin, e.g. https://crisp-mcp.example.com (the MCP endpoint is its /mcp) (got "https://mcp.example.com/base")',
    );
    for (const url of ["https://mcp.example.com/?a=1", "https://mcp.example.com/#top", "https://me@mcp.example.com", "https://:pw@mcp.example.com"]) {
      expect(refused(url)).toMatch(/: must be a bare origin: no query, fragment or user \(got /);
    }
    expect(refused("http://mcp.example.com")).toMatch(/: must be https \(http only on localhost\) \(got /);
  });

  it("loopback hosts are the local names only", () => {
    for (const host of ["localhost", "LOCALHOST", "::1", "[::1]", "127.0.0.1", "127.255.0.9"]) expect(isLoopbackHost(host), host).toBe(true);
    // Brackets are taken off an IPv6 literal only: at its two ends.
    for (const host of ["0.0.0.0", "localhost.example.com", "127.0.0.1.example.com", "x127.0.0.1", "::2", "10.0.0.1", "128.0.0.1", "::[1]", "[::1]]", "[[::1]"]) {
      expect(isLoopbackHost(host), host).toBe(false);
    }
  });

  it("parseConfig takes the settings as named in SETTINGS, and refuses what loadConfig refuses", () => {
    expect(parseConfig({ sandbox: "true" })).toMatchObject({ sandbox: true, tier: "plugin" });
    expect(() => parseConfig({ sandbox: "true", eventsBuffer: "3" })).toThrow(
      'invalid setting CRISP_EVENTS_BUFFER / --events-buffer: must be at least 10 (got "3")',
    );
  });
});
