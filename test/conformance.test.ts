import { spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ensurePinnedInstall, freePort } from "./helpers/oauth-clients.js";
import { killSpawned, spawnBin, type SpawnedServer } from "./helpers/spawn-bin.js";
import { until } from "./helpers/until.js";

// The official MCP conformance suite (@modelcontextprotocol/conformance,
// pinned in test/conformance, installed there by the first run; it needs
// Node 22, which the pinned `node` package ships) against the built bin, as a
// user starts it: `crisp-mcp --sandbox --transport http`. The scenarios that
// apply to a real server must pass; the others call the suite's own fixtures
// and are listed, with why, in test/conformance/expected-failures.yml.

const DIR = fileURLToPath(new URL("./conformance/", import.meta.url));
const NODE22 = join(DIR, "node_modules", "node", "bin", "node");
const SUITE = join(DIR, "node_modules", "@modelcontextprotocol", "conformance", "dist", "index.js");
const BASELINE = join(DIR, "expected-failures.yml");

/** The server scenarios that test what any MCP server over Streamable HTTP must do. */
const APPLICABLE = ["server-initialize", "ping", "logging-set-level", "tools-list", "prompts-list", "dns-rebinding-protection"];

let bin: SpawnedServer;
let url: string;
let output: string;

beforeAll(async () => {
  await ensurePinnedInstall(DIR, [NODE22, SUITE]);
  const port = await freePort();
  bin = spawnBin({}, ["--sandbox", "--transport", "http", "--port", String(port)]);
  url = `http://127.0.0.1:${port}/mcp`;
  await until(() => bin.stderr().includes("serving"), "the bin to listen");
  output = await mkdtemp(join(tmpdir(), "crisp-mcp-conformance-"));
}, 240_000);

afterAll(async () => {
  killSpawned();
  if (output) await rm(output, { recursive: true, force: true });
});

function runSuite(): Promise<{ code: number | null; log: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(NODE22, [SUITE, "server", "--url", url, "--expected-failures", BASELINE, "-o", output], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let log = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (log += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (log += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, log }));
  });
}

interface Check {
  id: string;
  status: "SUCCESS" | "FAILURE" | "WARNING" | "INFO";
  errorMessage?: string;
}

/** Each scenario's checks, from the folders the suite wrote (server-<scenario>-<time>). */
async function checksByScenario(): Promise<Map<string, Check[]>> {
  const found = new Map<string, Check[]>();
  for (const folder of await readdir(output)) {
    const scenario = folder.replace(/^server-/, "").replace(/-\d{4}-\d{2}-\d{2}T[\d-]+Z$/, "");
    found.set(scenario, JSON.parse(await readFile(join(output, folder, "checks.json"), "utf8")) as Check[]);
  }
  return found;
}

it("the official conformance suite: every scenario that applies passes, the rest fail only as the baseline says", async () => {
  const { code, log } = await runSuite();
  expect(code, log.slice(-6000)).toBe(0);
  expect(log).toContain("Baseline check passed");
  const checks = await checksByScenario();
  for (const scenario of APPLICABLE) {
    const ran = checks.get(scenario);
    expect(ran, `${scenario} did not run`).toBeDefined();
    expect(ran!.some((check) => check.status === "SUCCESS"), scenario).toBe(true);
    expect(ran!.filter((check) => check.status === "FAILURE" || check.status === "WARNING"), scenario).toEqual([]);
  }
}, 180_000);
