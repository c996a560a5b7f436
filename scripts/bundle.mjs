#!/usr/bin/env node
// Builds the Claude Desktop extension (MCP Bundle): build/crisp-mcp-<version>.mcpb.
//
//   npm run bundle                              build dist/, then stage and pack
//   node scripts/bundle.mjs --out DIR           stage and pack into DIR, from the current dist/
//   node scripts/bundle.mjs --sync-manifest     write package.json's version and the built server's
//                                               tools into manifest.json, then stop
//
// The bundle holds manifest.json, dist/, package.json, README.md and the
// production node_modules only, installed by `npm ci --omit=dev` in a clean
// staging folder, so no devDependency, test or source file can ride along.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { getMcpConfigForManifest } from "@anthropic-ai/mcpb";
import { spawnNpm } from "./npm.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const MCPB_CLI = join(ROOT, "node_modules", "@anthropic-ai", "mcpb", "dist", "cli", "cli.js");
/** What goes into the bundle besides the production dependencies. */
const STAGED = ["manifest.json", "dist", "package.json", "package-lock.json", "README.md"];

const readJson = (path) => JSON.parse(readFileSync(path, "utf8"));

/** The tools a fresh install lists: the manifest's own defaults turned into env, read by the built server. */
async function toolsOfDefaultInstall(manifest, root = ROOT) {
  const mcpConfig = await getMcpConfigForManifest({
    manifest,
    extensionPath: root,
    systemDirs: { HOME: homedir() },
    // Placeholders for the required values: listing tools needs no Crisp call.
    userConfig: { identifier: "placeholder", key: "placeholder" },
    pathSeparator: sep,
  });
  const { loadConfig } = await import(pathToFileURL(join(root, "dist", "config.js")).href);
  const { listedTools } = await import(pathToFileURL(join(root, "dist", "server.js")).href);
  return listedTools(loadConfig([], mcpConfig.env)).map((tool) => ({ name: tool.name, description: tool.description }));
}

/** Why manifest.json no longer tells the truth about this build; undefined when it does. */
async function manifestDrift(manifest, pkg) {
  if (manifest.version !== pkg.version) return `manifest.json version ${manifest.version} is not package.json's ${pkg.version}`;
  const tools = await toolsOfDefaultInstall(manifest);
  if (JSON.stringify(manifest.tools) !== JSON.stringify(tools)) return "manifest.json tools differ from the tools the built server lists";
  return undefined;
}

const STDIO = ["ignore", "inherit", "inherit"];

function mustSucceed(result, what) {
  if (result.status !== 0) throw new Error(`${what} failed (exit ${result.status ?? result.signal})`);
}

function run(command, args, cwd) {
  mustSucceed(spawnSync(command, args, { cwd, stdio: STDIO }), [command, ...args].join(" "));
}

function npm(args, cwd) {
  mustSucceed(spawnNpm(args, cwd, STDIO), ["npm", ...args].join(" "));
}

async function main() {
  const { values } = parseArgs({ options: { out: { type: "string" }, "sync-manifest": { type: "boolean" } } });
  const manifestPath = join(ROOT, "manifest.json");
  const manifest = readJson(manifestPath);
  const pkg = readJson(join(ROOT, "package.json"));
  if (!existsSync(join(ROOT, "dist", "cli.js"))) throw new Error("dist/cli.js is missing: run npm run build first");

  if (values["sync-manifest"]) {
    const synced = { ...manifest, version: pkg.version, tools: await toolsOfDefaultInstall(manifest) };
    writeFileSync(manifestPath, `${JSON.stringify(synced, null, 2)}\n`);
    console.log(`manifest.json: version ${pkg.version}, ${synced.tools.length} tools`);
    return;
  }
  const drift = await manifestDrift(manifest, pkg);
  if (drift) throw new Error(`${drift}: run node scripts/bundle.mjs --sync-manifest and review the diff`);

  const out = resolve(values.out ?? join(ROOT, "build"));
  const stage = join(out, "bundle");
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  for (const entry of STAGED) {
    if (existsSync(join(ROOT, entry))) cpSync(join(ROOT, entry), join(stage, entry), { recursive: true });
  }
  // Scripts off: the package's own `prepare` would rebuild, and no production dependency needs one.
  npm(["ci", "--omit=dev", "--ignore-scripts", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], stage);
  const bundle = join(out, `${manifest.name}-${manifest.version}.mcpb`);
  run(process.execPath, [MCPB_CLI, "pack", stage, bundle], ROOT);
  console.log(`bundle: ${bundle}`);
}

main().catch((error) => {
  console.error(`bundle: ${error.message}`);
  process.exit(1);
});
