import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { getMcpConfigForManifest, type McpbManifestAny, type McpbUserConfigValues } from "@anthropic-ai/mcpb";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SETTINGS } from "../src/config.js";
import { startSandbox, type Sandbox } from "../src/sandbox/index.js";
import { textOf } from "./helpers/harness.js";

// The Claude Desktop extension: manifest.json checked by Anthropic's mcpb CLI,
// then the bundle built by scripts/bundle.mjs (from the current dist/: run
// `npm run build` after changing src/), unpacked by `mcpb unpack`, and its
// server started as Claude Desktop starts it: mcp_config from the manifest,
// with ${__dirname} and ${user_config.*} filled in by mcpb's own
// getMcpConfigForManifest, the code Claude Desktop loads bundles with.

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const MCPB_CLI = join(ROOT, "node_modules", "@anthropic-ai", "mcpb", "dist", "cli", "cli.js");
const readJson = (path: string) => JSON.parse(readFileSync(path, "utf8"));
const manifest = readJson(join(ROOT, "manifest.json")) as McpbManifestAny;
const pkg = readJson(join(ROOT, "package.json")) as { version: string; engines: { node: string } };

const IDENTIFIER = "7d2c4f1e-8b3a-4c5d-9e6f-0a1b2c3d4e5f";
const KEY = "5e8a1c3f7b9d2e4a6c8f0b1d3e5a7c9f2b4d6e8a0c1f3b5d7e9a2c4f6b8d0e1a";

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a node script to its end, without blocking the sandboxes this process serves. */
function runNode(args: string[]): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("manifest.json", () => {
  it("passes mcpb validate", async () => {
    const result = await runNode([MCPB_CLI, "validate", join(ROOT, "manifest.json")]);
    expect(result.stdout).toContain("Manifest schema validation passes!");
    expect(result.code).toBe(0);
  });

  it("is this package at this version, started from the built bin, on the Node it supports", () => {
    expect(manifest.version).toBe(pkg.version);
    expect(manifest.server.type).toBe("node");
    expect(manifest.server.entry_point).toBe("dist/cli.js");
    expect(manifest.server.mcp_config.args).toEqual(["${__dirname}/dist/cli.js"]);
    expect(manifest.compatibility?.runtimes?.node).toBe(pkg.engines.node);
  });

  it("passes each user setting to the server setting it names, and masks exactly the secret ones", () => {
    /** Each setting's env name, and whether it is a secret. */
    const secretByEnv = new Map<string, boolean>(Object.values(SETTINGS).map((spec) => [spec.env, "secret" in spec && spec.secret]));
    const env = manifest.server.mcp_config.env ?? {};
    const asked = Object.keys(manifest.user_config ?? {});
    expect(Object.keys(env).sort()).toEqual(["CRISP_IDENTIFIER", "CRISP_KEY", "CRISP_READ_ONLY", "CRISP_TIER", "CRISP_WEBSITE_ID"]);
    for (const [name, template] of Object.entries(env)) {
      const key = /^\$\{user_config\.([a-z_]+)\}$/.exec(template)?.[1];
      expect(key && asked.includes(key), `${name} = ${template}`).toBeTruthy();
      const option = manifest.user_config![key!]!;
      expect(Boolean(option.sensitive), name).toBe(secretByEnv.get(name));
      // An optional value with no default would reach the server as the literal "${user_config...}".
      if (!option.required) expect(option.default, `${key} needs a default`).toBeDefined();
    }
    expect(manifest.user_config?.key).toMatchObject({ sensitive: true, required: true });
  });
});

describe("the bundle (npm run bundle), unpacked and started as Claude Desktop starts it", () => {
  let work: string;
  let unpacked: string;
  let bundled: McpbManifestAny;
  let pluginBox: Sandbox;
  let websiteBox: Sandbox;
  const clients: Client[] = [];

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "crisp-mcp-bundle-"));
    const built = await runNode([join(ROOT, "scripts", "bundle.mjs"), "--out", work]);
    expect(built.code, built.stderr).toBe(0);
    unpacked = join(work, "unpacked");
    const opened = await runNode([MCPB_CLI, "unpack", join(work, `crisp-mcp-${pkg.version}.mcpb`), unpacked]);
    expect(opened.code, opened.stderr).toBe(0);
    bundled = readJson(join(unpacked, "manifest.json"));
    // Two Crisp workspaces, one per tier: a call succeeds only with the keypair and tier given at install.
    pluginBox = await startSandbox({ identifier: IDENTIFIER, key: KEY, tier: "plugin" });
    websiteBox = await startSandbox({ identifier: IDENTIFIER, key: KEY, tier: "website" });
  }, 180_000);

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await pluginBox?.close();
    await websiteBox?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  /** The server of the unpacked bundle, with what a person typed at install. */
  async function install(userConfig: McpbUserConfigValues, box: Sandbox) {
    const config = await getMcpConfigForManifest({
      manifest: bundled,
      extensionPath: unpacked,
      systemDirs: { HOME: homedir() },
      userConfig,
      pathSeparator: sep,
    });
    expect(config, "Claude Desktop would not start it").toBeDefined();
    const env = config!.env ?? {};
    for (const [name, value] of Object.entries(env)) expect(value, name).not.toContain("${");
    // Only the API address is the test's: the server reaches the sandbox instead of api.crisp.chat.
    const transport = new StdioClientTransport({
      command: config!.command,
      args: config!.args ?? [],
      env: { ...env, CRISP_API_URL: box.url },
      stderr: "pipe",
    });
    const client = new Client({ name: "claude-desktop-like", version: "0" });
    clients.push(client);
    await client.connect(transport);
    return client;
  }

  it("holds the manifest, dist/, package.json, README.md and production node_modules, nothing else", () => {
    expect(readdirSync(unpacked).sort()).toEqual(["README.md", "dist", "manifest.json", "node_modules", "package.json"]);
    expect(bundled).toEqual(manifest);
    const lock = readJson(join(ROOT, "package-lock.json")) as { packages: Record<string, { dev?: boolean }> };
    const installed = readdirSync(join(unpacked, "node_modules")).flatMap((name) =>
      name.startsWith("@") ? readdirSync(join(unpacked, "node_modules", name)).map((inner) => `${name}/${inner}`) : [name],
    );
    expect(installed).toContain("@modelcontextprotocol/sdk");
    const devOnly = installed.filter((name) => lock.packages[`node_modules/${name}`]?.dev === true);
    expect(devOnly).toEqual([]);
    expect(installed).not.toContain("@anthropic-ai/mcpb");
    expect(installed).not.toContain("vitest");
  });

  it("serves what the manifest says: its version, its tools, prompts; a call reaches Crisp with the installed keypair", async () => {
    const client = await install({ identifier: IDENTIFIER, key: KEY, tier: "website", website_id: websiteBox.websiteId }, websiteBox);
    expect(client.getServerVersion()).toMatchObject({ name: "crisp-mcp", version: pkg.version });

    const { tools } = await client.listTools();
    expect(tools.map(({ name, description }) => ({ name, description }))).toEqual(bundled.tools);
    // CRISP_WEBSITE_ID arrived: no tool asks for website_id.
    expect(tools.filter((tool) => "website_id" in (tool.inputSchema.properties ?? {})).map((tool) => tool.name)).toEqual([]);
    // prompts_generated: true, because the server lists prompts (adapted to the settings) at run time.
    expect((await client.listPrompts()).prompts.length).toBeGreaterThan(0);

    const result = await client.callTool({ name: "list_website_operators", arguments: {} });
    expect(result.isError, textOf(result as never)).toBeFalsy();
    expect(textOf(result as never)).toMatch(/@/);
  });

  it("starts with only the keypair filled in: the defaults (plugin tier, no website, read-only off) work", async () => {
    const client = await install({ identifier: IDENTIFIER, key: KEY }, pluginBox);
    const { tools } = await client.listTools();
    expect(tools.map(({ name, description }) => ({ name, description }))).toEqual(bundled.tools);
    const result = await client.callTool({ name: "list_website_operators", arguments: { website_id: pluginBox.websiteId } });
    expect(result.isError, textOf(result as never)).toBeFalsy();
  });

  it("the read-only toggle hides every write tool", async () => {
    const client = await install({ identifier: IDENTIFIER, key: KEY, read_only: true }, pluginBox);
    const names = (await client.listTools()).tools.map((tool) => tool.name);
    const all = bundled.tools!.map((tool) => tool.name);
    expect(names.every((name) => all.includes(name))).toBe(true);
    expect(names).not.toContain("reply_to_conversation");
    expect(names).not.toContain("add_internal_note");
    expect(names).toContain("get_conversation_transcript");
  });
});
