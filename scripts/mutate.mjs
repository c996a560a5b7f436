#!/usr/bin/env node
// `npm run mutate`: Stryker over the modules that guard users, each group of
// modules against the test files that exercise it (test/mutation/stryker.config.mjs),
// then one table of scores per file.
//
// Stryker 10 needs Node 22, so it is pinned with the `node` package in
// test/mutation and installed there by the first run (npm ci). Not part of
// `npm test` or CI: a run takes about 40 minutes on 2 cores.
//
//   npm run mutate                                   every group, each against its own tests
//   npm run mutate -- --all-tests                    every guarding module against the whole suite (slower)
//   npm run mutate -- src/client/retry.ts            some modules, against their groups' tests
//   npm run mutate -- src/client/retry.ts --tests test/client.test.ts
//                                                    against only those test files: a quick loop
//                                                    while writing tests
//   npm run mutate -- --concurrency 1 ...            one test runner instead of two
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { spawnNpm } from "./npm.mjs";
import { GROUPS } from "../test/mutation/stryker.config.mjs";

const DIR = "test/mutation";
const NODE22 = join(DIR, "node_modules", "node", "bin", "node");
const STRYKER = join(DIR, "node_modules", "@stryker-mutator", "core", "bin", "stryker.js");
const USAGE = "usage: npm run mutate -- [src/file.ts ...] [--tests test/a.test.ts,... | --all-tests] [--concurrency N]";

function parse(argv) {
  const options = { files: [], tests: undefined, allTests: false, concurrency: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--tests") options.tests = list(argv[++i], "--tests needs a comma-separated list of test files");
    else if (arg.startsWith("--tests=")) options.tests = list(arg.slice("--tests=".length), "--tests needs a comma-separated list of test files");
    else if (arg === "--all-tests") options.allTests = true;
    else if (arg === "--concurrency") {
      options.concurrency = argv[++i];
      if (!/^[1-9]\d*$/.test(options.concurrency ?? "")) fail("--concurrency needs a whole number of test runners, 1 or more");
    } else if (arg.startsWith("-")) fail(`unknown option ${arg}`);
    else if (!existsSync(arg)) fail(`${arg} does not exist`);
    else options.files.push(arg);
  }
  if (options.tests && options.allTests) fail("--tests and --all-tests exclude each other");
  for (const test of options.tests ?? []) if (!existsSync(test)) fail(`${test} does not exist`);
  return options;
}

function list(value, message) {
  const items = value?.split(",").filter(Boolean) ?? [];
  if (items.length === 0) fail(message);
  return items;
}

function fail(message) {
  process.stderr.write(`mutate: ${message}\n${USAGE}\n`);
  process.exit(2);
}

/** The Stryker runs to make: each with the modules to mutate, the tests to run (undefined: the whole suite) and a report name. */
function plan({ files, tests, allTests }) {
  if (files.length === 0 && !tests && !allTests) {
    return GROUPS.map((group) => ({ report: group.name, mutate: group.mutate, tests: group.tests }));
  }
  const mutate = files.length > 0 ? files : GROUPS.flatMap((group) => group.mutate);
  if (tests || allTests) return [{ report: "mutation", mutate, tests }];
  const groups = GROUPS.filter((group) => files.some((file) => group.mutate.includes(file)));
  const outside = files.filter((file) => !groups.some((group) => group.mutate.includes(file)));
  if (outside.length > 0) fail(`${outside.join(", ")} is in no group of test/mutation/stryker.config.mjs: name its tests with --tests, or use --all-tests`);
  return [{ report: "mutation", mutate, tests: [...new Set(groups.flatMap((group) => group.tests))] }];
}

/** npm ci in test/mutation when it was never installed or its lock changed since. */
function ensureInstalled() {
  const lock = join(DIR, "package-lock.json");
  const installed = join(DIR, "node_modules", ".package-lock.json");
  if (existsSync(installed) && statSync(installed).mtimeMs >= statSync(lock).mtimeMs) return;
  process.stderr.write(`Installing Stryker and Node 22 in ${DIR} (once)...\n`);
  const install = spawnNpm(["ci", "--prefix", DIR, "--no-audit", "--no-fund"], process.cwd());
  if (install.status !== 0) process.exit(install.status ?? 1);
  for (const file of [NODE22, STRYKER]) if (!existsSync(file)) fail(`${file} is missing after npm ci: delete ${DIR}/node_modules and run again`);
}

function runStryker(run, concurrency) {
  const args = [STRYKER, "run", join(DIR, "stryker.config.mjs"), "--mutate", run.mutate.join(",")];
  if (concurrency) args.push("--concurrency", concurrency);
  const env = { ...process.env, CRISP_MUTATE_REPORT: run.report };
  if (run.tests) env.CRISP_MUTATE_TESTS = run.tests.join(",");
  else delete env.CRISP_MUTATE_TESTS;
  process.stderr.write(`\nmutate: ${run.mutate.join(", ")}\n  against ${run.tests ? run.tests.join(", ") : "the whole suite"}\n`);
  return spawnSync(NODE22, args, { stdio: "inherit", env }).status ?? 1;
}

/** Per file: detected (killed or timed out) and undetected (survived or never covered) mutants, from Stryker's JSON reports. */
function scores(reports) {
  const rows = [];
  for (const report of reports) {
    const { files } = JSON.parse(readFileSync(report, "utf8"));
    for (const [file, { mutants }] of Object.entries(files)) {
      const count = (...statuses) => mutants.filter((mutant) => statuses.includes(mutant.status)).length;
      const detected = count("Killed", "Timeout");
      const survived = count("Survived");
      const noCoverage = count("NoCoverage");
      rows.push({ file, detected, survived, noCoverage, score: (100 * detected) / (detected + survived + noCoverage) });
    }
  }
  return rows.sort((a, b) => a.file.localeCompare(b.file));
}

function printScores(rows) {
  const width = Math.max(...rows.map((row) => row.file.length));
  const line = (file, score, detected, survived, noCoverage) =>
    `${file.padEnd(width)}  ${score.padStart(6)}  ${detected.padStart(8)}  ${survived.padStart(8)}  ${noCoverage.padStart(11)}`;
  const lines = [line("file", "score", "detected", "survived", "no coverage")];
  for (const row of rows) lines.push(line(row.file, `${row.score.toFixed(1)}%`, String(row.detected), String(row.survived), String(row.noCoverage)));
  process.stdout.write(`\nMutation score per file (killed or timed out, of all valid mutants):\n${lines.join("\n")}\n`);
}

const options = parse(process.argv.slice(2));
const runs = plan(options);
ensureInstalled();
const reports = [];
for (const run of runs) {
  const report = join("reports", "mutation", `${run.report}.json`);
  rmSync(report, { force: true });
  const status = runStryker(run, options.concurrency);
  if (status !== 0) {
    process.stderr.write(`mutate: Stryker failed (exit ${status}) on ${run.mutate.join(", ")}\n`);
    process.exit(status);
  }
  reports.push(report);
}
printScores(scores(reports));
