#!/usr/bin/env node
// `npm run mutate`: Stryker over the modules that guard users (listed in
// test/mutation/stryker.config.mjs), with the project's own vitest.
//
// Stryker 10 needs Node 22, so it is pinned with the `node` package in
// test/mutation and installed there by the first run (npm ci). Not part of
// `npm test` or CI: a full run takes the better part of an hour on 2 cores.
//
//   npm run mutate                                   every guarding module, the whole suite
//   npm run mutate -- src/client/retry.ts            one module (or several)
//   npm run mutate -- src/client/retry.ts --tests test/client.test.ts,test/faults.test.ts
//                                                    and only those test files: a quick loop
//                                                    while writing tests (it can only find more
//                                                    survivors than the whole suite would)
//   npm run mutate -- --concurrency 1 ...           one test runner instead of two
import { spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { spawnNpm } from "./npm.mjs";

const DIR = "test/mutation";
const NODE22 = join(DIR, "node_modules", "node", "bin", "node");
const STRYKER = join(DIR, "node_modules", "@stryker-mutator", "core", "bin", "stryker.js");
const USAGE = "usage: npm run mutate -- [src/file.ts ...] [--tests test/a.test.ts,test/b.test.ts] [--concurrency N]";

function parse(argv) {
  const files = [];
  let tests;
  let concurrency;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--tests") {
      tests = argv[++i];
      if (!tests) fail("--tests needs a comma-separated list of test files");
    } else if (arg.startsWith("--tests=")) tests = arg.slice("--tests=".length);
    else if (arg === "--concurrency") {
      concurrency = argv[++i];
      if (!/^[1-9]\d*$/.test(concurrency ?? "")) fail("--concurrency needs a whole number of test runners, 1 or more");
    }    else if (arg.startsWith("-")) fail(`unknown option ${arg}`);
    else if (!existsSync(arg)) fail(`${arg} does not exist`);
    else files.push(arg);
  }
  for (const test of tests?.split(",") ?? []) if (!existsSync(test)) fail(`${test} does not exist`);
  return { files, tests, concurrency };
}

function fail(message) {
  process.stderr.write(`mutate: ${message}\n${USAGE}\n`);
  process.exit(2);
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

const { files, tests, concurrency } = parse(process.argv.slice(2));
ensureInstalled();
const args = [STRYKER, "run", join(DIR, "stryker.config.mjs")];
if (files.length > 0) args.push("--mutate", files.join(","));
if (concurrency) args.push("--concurrency", concurrency);
const env = { ...process.env };
if (tests) env.CRISP_MUTATE_TESTS = tests;
const run = spawnSync(NODE22, args, { stdio: "inherit", env });
process.exit(run.status ?? 1);
