#!/usr/bin/env node
// `npm run demo` runs this first: `npm run build` only when something that
// goes into dist/ changed since the last build, so that a demo on an
// up-to-date build starts at once and a demo after an edit never runs stale code.
//
// The last build is dated by dist/tool-index.json, the last file every full
// build writes. A source is newer when its mtime (or, for a folder, the mtime
// that a file added, removed or renamed in it gives) is later than that date.
import { existsSync, readdirSync, statSync, utimesSync } from "node:fs";
import { join } from "node:path";
import { spawnNpm } from "./npm.mjs";

/** What the build reads, besides node_modules: the sources and the settings of tsc and npm. */
const INPUT_FILES = ["tsconfig.json", "tsconfig.build.json", "package.json", "package-lock.json"];
const INPUT_TREE = "src";
/** Written last by `npm run build` (after tsc, by dist/build-tool-index.js). */
const LAST_OUTPUT = "dist/tool-index.json";
/** What the demo runs: a build that lost them is no build. */
const NEEDED_OUTPUTS = ["dist/demo.js", "dist/cli.js"];

/** Why `root` needs a build, or undefined when its dist/ is newer than every input. */
function staleReason(root) {
  const last = join(root, LAST_OUTPUT);
  if (!existsSync(last)) return `${LAST_OUTPUT} is missing`;
  const missing = NEEDED_OUTPUTS.find((path) => !existsSync(join(root, path)));
  if (missing) return `${missing} is missing`;
  const builtAt = statSync(last).mtimeMs;
  const newer = newestInput(root);
  return newer.mtimeMs > builtAt ? `${newer.path} changed since the last build` : undefined;
}

function newestInput(root) {
  let newest = { path: "", mtimeMs: 0 };
  const consider = (path) => {
    const mtimeMs = statSync(join(root, path)).mtimeMs;
    if (mtimeMs > newest.mtimeMs) newest = { path, mtimeMs };
  };
  for (const file of INPUT_FILES) if (existsSync(join(root, file))) consider(file);
  const walk = (dir) => {
    consider(dir);
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else consider(path);
    }
  };
  walk(INPUT_TREE);
  return newest;
}

function main() {
  const root = process.cwd();
  const reason = staleReason(root);
  if (!reason) return;
  process.stderr.write(`Building first: ${reason}.\n`);
  const startedAt = new Date();
  const build = spawnNpm(["run", "build", "--silent"], root);
  if (build.status !== 0) process.exit(build.status ?? 1);
  // Dated from the build's start: a source saved while tsc ran is newer, and gets the next build.
  utimesSync(join(root, LAST_OUTPUT), startedAt, startedAt);
}

main();
