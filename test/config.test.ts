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
    [{ CRISP_READ_ONLY: "maybe" }, /CRISP_READ_ONLY \/ --read-only: must be true or false/],
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
