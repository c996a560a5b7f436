import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { BIN } from "./helpers/spawn-bin.js";

// The bench (bench/run.mjs) in its quick mode, as CI runs it: a spawned
// process against the built bin. It must run to the end and write every row
// with real figures; whether a figure meets its target is never asserted here
// (quick mode takes too few rounds to judge, and timings are not tests).

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const RUN = join(ROOT, "bench", "run.mjs");
const COMMITTED_RESULTS = join(ROOT, "bench", "results.json");
const dir = mkdtempSync(join(tmpdir(), "crisp-mcp-bench-test-"));

const running = new Set<number>();

/** The bench and everything it started (servers, redis-server) share a process group; ends what a failed test left. */
function killGroup(pid: number) {
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // already gone
  }
  running.delete(pid);
}

afterAll(() => {
  for (const pid of running) killGroup(pid);
  rmSync(dir, { recursive: true, force: true });
});

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the bench to its end, or kills it (with what it started) after `limitMs`. */
function runBench(args: string[], env: Record<string, string>, limitMs: number): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [RUN, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true, // its own process group, so that a kill reaches its children too
    });
    if (child.pid !== undefined) running.add(child.pid);
    const timer = setTimeout(() => child.pid !== undefined && killGroup(child.pid), limitMs);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      if (child.pid !== undefined) running.delete(child.pid);
      resolve({ code, stdout, stderr });
    });
  });
}

interface Row {
  id: string;
  measure: string;
  ours: string;
  floor: string;
  ratio: string;
  ratioValue: number | null;
  rounds?: number;
  result: string;
}

/** Rows every run has; the event rows after the first need redis-server, the output rows report n/a without their tools. */
const PAIRED_ROWS = [
  "coldStart.all.initialize",
  "coldStart.all.toolsList",
  "coldStart.default.initialize",
  "coldStart.default.toolsList",
  "coldStart.firstCall",
  "cliStart.version",
  "cliStart.help",
  "latency.median",
  "latency.p95",
  "latency.raw",
  "throughput.1",
  "throughput.16",
  "throughput.64",
];
const TASK_KEYS = ["answer-longest-waiting", "summarise-customer", "tag-and-resolve", "update-article"];
const OTHER_ROWS = [
  "tokens.default",
  "tokens.all",
  "events.p50",
  "output.transcript",
  "output.awaitingReply",
  ...TASK_KEYS.flatMap((key) => [`tasks.${key}`, `tasks.${key}.own`]),
];
/** Rows read from /proc, there on Linux (CI and this project's machines). */
const LINUX_ROWS = ["coldStart.all.cpu", "cpuPerCall", "rss.afterStart", "rss.peakCalls", "rss.afterStartAll"];

const positive = (value: unknown) => typeof value === "number" && Number.isFinite(value) && value > 0;

describe("npm run bench -- --quick", () => {
  const out = join(dir, "quick.json");
  let run: Finished;
  let committedBefore: number | undefined;

  it(
    "runs to the end against the built bin and exits 0",
    async () => {
      committedBefore = existsSync(COMMITTED_RESULTS) ? statSync(COMMITTED_RESULTS).mtimeMs : undefined;
      run = await runBench(["--quick", "--out", out], { CRISP_BENCH_BIN: BIN }, 230_000);
      expect(run.stderr).not.toContain("bench failed");
      expect(run.code).toBe(0);
    },
    240_000,
  );

  it("writes every row, each with a known result, to the file given with --out (never to bench/results.json)", () => {
    const results = JSON.parse(readFileSync(out, "utf8"));
    expect(results.mode).toBe("quick");
    const rows = results.rows as Row[];
    const ids = rows.map((r) => r.id);
    const expected = [...PAIRED_ROWS, ...OTHER_ROWS, ...(process.platform === "linux" ? LINUX_ROWS : [])];
    expect(ids).toEqual(expect.arrayContaining(expected));
    expect(new Set(ids).size).toBe(ids.length);
    for (const row of rows) {
      expect(["pass", "miss", "info", "n/a"], row.id).toContain(row.result);
      if (row.result !== "n/a") expect(row.ours, row.id).toMatch(/\d/);
      if (row.ratioValue !== null) expect(positive(row.ratioValue), `${row.id} ratio ${row.ratioValue}`).toBe(true);
    }
    expect(committedBefore === undefined ? !existsSync(COMMITTED_RESULTS) : statSync(COMMITTED_RESULTS).mtimeMs === committedBefore).toBe(true);
  });

  it("takes every paired ratio as the median of real rounds, with both sides' figures", () => {
    const results = JSON.parse(readFileSync(out, "utf8"));
    const rows = new Map((results.rows as Row[]).map((r) => [r.id, r]));
    for (const id of PAIRED_ROWS) {
      const row = rows.get(id)!;
      expect(positive(row.ratioValue), `${id} ratio`).toBe(true);
      expect(row.rounds, id).toBeGreaterThanOrEqual(2);
    }
    const pairs = [
      results.coldStart.default.initialize,
      results.coldStart.default.toolsList,
      results.coldStart.all.toolsList,
      results.coldStart.firstCall.firstCall,
      results.cliStart.version,
      results.cliStart.help,
      results.calls.latency.median,
      ...results.calls.throughput,
    ];
    for (const pair of pairs) {
      expect(positive(pair.ours) && positive(pair.floor) && positive(pair.ratio), JSON.stringify(pair)).toBe(true);
      expect(pair.ratios).toHaveLength(pair.rounds);
      expect(pair.ratios.every(positive)).toBe(true);
    }
    expect(results.calls.errors).toEqual({ ours: 0, floor: 0 });
  });

  it("prints the markdown table with a line per row", () => {
    const results = JSON.parse(readFileSync(out, "utf8"));
    expect(run.stdout).toContain("| Measure | crisp-mcp | floor / baseline | ratio | target | result |");
    for (const row of results.rows as Row[]) expect(run.stdout).toContain(`| ${row.measure} | ${row.ours} |`);
    expect(run.stdout).toContain(out);
  });
});

describe("the bench when it cannot run", () => {
  it("exits non-zero, saying why, when the bin exits at once", async () => {
    const bin = join(dir, "exits.mjs");
    writeFileSync(bin, "process.exit(0);\n");
    const out = join(dir, "failed.json");
    const run = await runBench(["--quick", "--out", out], { CRISP_BENCH_BIN: bin }, 50_000);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/^bench failed: .*exits\.mjs exited \(0\) before answering/m);
    expect(run.stdout).not.toContain("| Measure |");
    expect(existsSync(out)).toBe(false);
  }, 60_000);

  it("refuses an argument it does not know rather than run another mode", async () => {
    const run = await runBench(["--quik"], {}, 20_000);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('bench failed: unknown argument "--quik"');
  }, 30_000);
});
