#!/usr/bin/env node
// `npm run bench`: start-up, context cost, per-call overhead, throughput,
// memory and output cost of the built server (dist/) against a bare MCP SDK
// server (bench/floor-server.mjs), both spawned over stdio against the
// sandbox started here; and event delivery over HTTP, through Redis against
// in memory. Prints a markdown table; writes bench/results.json (quick mode:
// bench/results-quick.json; `--out FILE` for another path). Exits non-zero
// only when it cannot run, never because a figure misses its target.
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { cpus, loadavg, totalmem } from "node:os";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { measureCalls } from "./measure/calls.mjs";
import { measureCliStart } from "./measure/cli-start.mjs";
import { measureColdStart } from "./measure/cold-start.mjs";
import { measureContextCost } from "./measure/context-cost.mjs";
import { measureEventDelivery } from "./measure/event-delivery.mjs";
import { measureOutputCost } from "./measure/output-cost.mjs";
import { measureTaskTokens, renderTaskBreakdown, taskRows } from "./measure/task-tokens.mjs";
import { machineBusy } from "./lib/proc.mjs";
import { PLANS, parseOptions } from "./plan.mjs";
import { buildRows, renderLargest, renderTable } from "./report.mjs";

const DEFAULT_RESULTS = {
  full: fileURLToPath(new URL("./results.json", import.meta.url)),
  quick: fileURLToPath(new URL("./results-quick.json", import.meta.url)),
};

const began = performance.now();
const progress = (msg) => process.stderr.write(`bench: ${((performance.now() - began) / 1000).toFixed(1)} s: ${msg}\n`);

async function main() {
  const options = parseOptions(process.argv.slice(2));
  const plan = PLANS[options.mode];
  const resultsPath = options.out ? resolve(options.out) : DEFAULT_RESULTS[options.mode];
  const { startSandbox, seededSessionId } = await import("../dist/sandbox/index.js");
  // How busy the cores are before anything of ours runs: other work there is noise in every ratio.
  const busyBefore = await machineBusy(plan.busyProbeMs);
  const sandbox = await startSandbox();
  try {
    const results = { mode: options.mode, plan, machine: { ...machine(), busyBefore }, startedAt: new Date().toISOString() };
    progress(`cold start (${plan.coldStart.rounds} paired rounds)`);
    results.coldStart = await measureColdStart(sandbox, seededSessionId("shipping-delay"), plan.coldStart);
    progress(`crisp-mcp --version and --help against node -e 0 (${plan.cliStart.minRounds} to ${plan.cliStart.maxRounds} paired rounds)`);
    results.cliStart = await measureCliStart(plan.cliStart);
    progress("context cost (tools/list tokens)");
    results.context = await measureContextCost(sandbox);
    progress("per-call latency, throughput and memory");
    results.calls = await measureCalls(sandbox, seededSessionId("shipping-delay"), plan.calls);
    progress("output cost (agent tools against raw JSON)");
    results.output = await measureOutputCost(sandbox, seededSessionId("watch-sync"));
    progress("event delivery (web hook → wait_for_events, in memory and through Redis)");
    results.events = await measureEventDelivery(sandbox, plan.events);
    progress("tokens per task (each task on the default tools and on raw methods, a fresh sandbox per play)");
    results.tasks = await measureTaskTokens(startSandbox);
    results.durationSeconds = Math.round((performance.now() - began) / 100) / 10;

    const rows = buildRows(results);
    rows.push(...taskRows(results.tasks));
    results.rows = rows;
    writeFileSync(resultsPath, `${JSON.stringify(results, null, 2)}\n`);

    const errors = results.calls.errors.ours + results.calls.errors.floor;
    const out = [
      `## crisp-mcp bench${options.mode === "quick" ? ", quick mode (few rounds: proves it runs, judges nothing)" : ""} (${results.machine.cpus}x ${results.machine.cpu}, Node ${results.machine.node}, ${results.durationSeconds} s)`,
      "",
      renderTable(rows),
      "",
      renderLargest(results.context),
      "",
      renderTaskBreakdown(results.tasks),
      "",
      `Calls made: ${results.calls.calls.ours} to crisp-mcp, ${results.calls.calls.floor} to the floor; error results: ${errors}.`,
      busyNote(results.machine),
      `Ratios are the median of per-round ratios (floor and crisp-mcp measured back to back in each round); results: ${resultsPath}`,
    ];
    process.stdout.write(`${out.join("\n")}\n`);
    if (errors > 0) throw new Error(`${errors} tool calls answered an error: the latency figures are not valid`);
  } finally {
    await sandbox.close();
  }
}

/** A warning when other work had the cores just before the run, since the ratios then carry its noise. */
function busyNote({ cpus: cores, busyBefore }) {
  if (busyBefore === undefined) return "";
  const percent = Math.round(busyBefore * 100);
  return busyBefore > 0.2
    ? `Note: the machine was ${percent}% busy with other work just before the run (${cores} cores); rerun on an idle machine for steady figures.`
    : `The machine was ${percent}% busy just before the run (${cores} cores).`;
}

function machine() {
  const cpu = cpus();
  return {
    node: process.versions.node,
    platform: `${process.platform} ${process.arch}`,
    cpu: cpu[0]?.model.trim() ?? "unknown",
    cpus: cpu.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    loadAverage: loadavg().map((v) => Math.round(v * 100) / 100),
  };
}

main().then(
  () => process.exit(0),
  (error) => {
    // One plain line first (what could not run), then the stack for whoever debugs it.
    process.stderr.write(`bench failed: ${error?.message ?? error}\n${error?.stack ?? ""}\n`);
    process.exit(1);
  },
);
