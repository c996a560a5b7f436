import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.js";

const creds = { CRISP_IDENTIFIER: "id-123456", CRISP_KEY: "key-123456" };

describe("settings", () => {
  it("reads env with the documented defaults", () => {
    const config = loadConfig([], { ...creds });
    expect(config).toMatchObject({
      identifier: "id-123456",
      tier: "plugin",
      apiUrl: "https://api.crisp.chat/v1",
      toolsets: ["default"],
      tools: [],
      excludeTools: [],
      readOnly: false,
      allowDestructive: false,
      timeoutMs: 10_000,
      sandbox: false,
    });
    expect(config.websiteId).toBeUndefined();
  });

  it("flags mirror env and win over it", () => {
    const config = loadConfig(
      ["--tier", "website", "--read-only", "--toolsets", "helpdesk, people", "--timeout-ms=2500"],
      { ...creds, CRISP_TIER: "user", CRISP_READ_ONLY: "false", CRISP_TOOLSETS: "all" },
    );
    expect(config.tier).toBe("website");
    expect(config.readOnly).toBe(true);
    expect(config.toolsets).toEqual(["helpdesk", "people"]);
    expect(config.timeoutMs).toBe(2500);
    expect(loadConfig(["--read-only=false"], { ...creds, CRISP_READ_ONLY: "true" }).readOnly).toBe(false);
  });

  it("sandbox mode needs no credentials; elsewhere both are required", () => {
    expect(loadConfig(["--sandbox"], {}).sandbox).toBe(true);
    expect(() => loadConfig([], { CRISP_KEY: "k" })).toThrow(/missing setting CRISP_IDENTIFIER:/);
    expect(() => loadConfig([], {})).toThrow(/CRISP_IDENTIFIER and CRISP_KEY/);
  });

  it.each([
    [{ CRISP_TIER: "admin" }, /CRISP_TIER \/ --tier: must be one of plugin, website, user \(got "admin"\)/],
    [{ CRISP_WEBSITE_ID: "my-site" }, /CRISP_WEBSITE_ID \/ --website-id: must be a website UUID/],
    [{ CRISP_READ_ONLY: "maybe" }, /CRISP_READ_ONLY \/ --read-only: must be true or false \(also 1\/0, yes\/no, on\/off\)/],
    [{ CRISP_TIMEOUT_MS: "fast" }, /CRISP_TIMEOUT_MS \/ --timeout-ms: must be a number/],
    [{ CRISP_TIMEOUT_MS: "5" }, /CRISP_TIMEOUT_MS \/ --timeout-ms: must be at least 100/],
    [{ CRISP_API_URL: "ftp://x" }, /CRISP_API_URL \/ --api-url: must be an http\(s\) URL/],
  ])("a bad value names the setting: %j", (env, message) => {
    expect(() => loadConfig([], { ...creds, ...env })).toThrow(ConfigError);
    expect(() => loadConfig([], { ...creds, ...env })).toThrow(message);
  });

  it("an unknown flag is refused with a pointer to --help", () => {
    expect(() => loadConfig(["--raed-only"], creds)).toThrow(/--raed-only.*crisp-mcp --help/);
  });

  it("the key never appears in an error about another setting", () => {
    const error = (() => {
      try {
        loadConfig(["--key", "key-123456", "--tier", "nope"], {});
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(String(error)).toMatch(/CRISP_TIER/);
    expect(String(error)).not.toContain("key-123456");
  });
});

describe("one rule for every setting of a kind", () => {
  const booleans = [
    ["CRISP_READ_ONLY", "readOnly"],
    ["CRISP_ALLOW_DESTRUCTIVE", "allowDestructive"],
    ["CRISP_SANDBOX", "sandbox"],
  ] as const;

  it.each(booleans)("%s reads true/false, 1/0, yes/no and on/off, in any case", (env, name) => {
    for (const [text, value] of [
      ["true", true], ["TRUE", true], ["1", true], ["yes", true], ["on", true], [" On ", true],
      ["false", false], ["0", false], ["no", false], ["off", false], ["OFF", false],
    ] as const) {
      expect(loadConfig([], { ...creds, [env]: text })[name], `${env}=${text}`).toBe(value);
    }
    for (const bad of ["maybe", "2", "y", "enabled"]) {
      expect(() => loadConfig([], { ...creds, [env]: bad })).toThrow(new RegExp(`${env} / --[a-z-]+: must be true or false`));
    }
  });

  it("a boolean flag takes the same words, and an empty value is refused", () => {
    expect(loadConfig(["--read-only=on"], creds).readOnly).toBe(true);
    expect(loadConfig(["--read-only=off"], { ...creds, CRISP_READ_ONLY: "on" }).readOnly).toBe(false);
    expect(() => loadConfig(["--read-only="], creds)).toThrow(/CRISP_READ_ONLY \/ --read-only: must be true or false/);
  });

  it("--api-url with --sandbox is refused, not ignored", () => {
    expect(() => loadConfig(["--sandbox", "--api-url", "https://api.example.com/v1"], {})).toThrow(
      /CRISP_API_URL \/ --api-url has no effect with --sandbox/,
    );
    expect(() => loadConfig([], { CRISP_SANDBOX: "true", CRISP_API_URL: "https://api.example.com/v1" })).toThrow(ConfigError);
  });

  it("CRISP_MCP_ALLOWED_HOSTS must list at least one host", () => {
    for (const value of [",", " , ,"]) {
      expect(() => loadConfig([], { ...creds, CRISP_MCP_ALLOWED_HOSTS: value })).toThrow(
        /CRISP_MCP_ALLOWED_HOSTS \/ --allowed-hosts: lists no host/,
      );
    }
    expect(loadConfig([], { ...creds, CRISP_MCP_ALLOWED_HOSTS: "mcp.example.com," }).allowedHosts).toEqual(["mcp.example.com"]);
  });

  it("CRISP_WEBHOOK_SECRET must look like a signing secret, and is never echoed", () => {
    for (const short of ["x", "0123456789abcde"]) {
      let message = "";
      try {
        loadConfig([], { ...creds, CRISP_WEBHOOK_SECRET: short });
      } catch (error) {
        message = String(error);
      }
      expect(message).toMatch(/CRISP_WEBHOOK_SECRET \/ --webhook-secret: must be the signing secret .* 16 characters or more/);
      expect(message).not.toContain(short);
    }
    expect(loadConfig([], { ...creds, CRISP_WEBHOOK_SECRET: "0123456789abcdef" }).webhookSecret).toBe("0123456789abcdef");
  });

  it("CRISP_MCP_LOG_LEVEL is a documented setting with four levels", () => {
    expect(loadConfig([], creds).logLevel).toBe("info");
    for (const level of ["debug", "info", "warn", "error"] as const) {
      expect(loadConfig([], { ...creds, CRISP_MCP_LOG_LEVEL: level }).logLevel).toBe(level);
    }
    expect(loadConfig(["--log-level", "error"], creds).logLevel).toBe("error");
    expect(() => loadConfig([], { ...creds, CRISP_MCP_LOG_LEVEL: "verbose" })).toThrow(
      /CRISP_MCP_LOG_LEVEL \/ --log-level: must be one of debug, info, warn, error \(got "verbose"\)/,
    );
  });
});
