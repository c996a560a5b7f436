// `crisp-mcp --version` and `crisp-mcp --help`: from spawn to exit with stdout
// complete, against a bare `node -e 0` started the same way. Each round runs
// the three back to back (forward, then reversed); the ratio is the median of
// the per-round ratios.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { inTurn, paired } from "../lib/pairs.mjs";
import { OUR_BIN } from "../lib/servers.mjs";

/** What `crisp-mcp` runs: the npm bin (package.json "bin"), built next to the cli.js the bench serves; that cli.js for a build without one. */
const COMMAND = existsSync(join(dirname(OUR_BIN), "bin.cjs")) ? join(dirname(OUR_BIN), "bin.cjs") : OUR_BIN;

const EXIT_TIMEOUT_MS = 20_000;

const SUBJECTS = [
  { key: "bare", args: ["-e", "0"], check: () => undefined },
  {
    key: "version",
    args: [COMMAND, "--version"],
    check: (out) => (/\d+\.\d+\.\d+/.test(out) ? undefined : "printed no version"),
  },
  {
    key: "help",
    args: [COMMAND, "--help"],
    check: (out) => (/usage/i.test(out) ? undefined : "printed no usage"),
  },
];

/**
 * At least `minRounds`, then more while they fit in `budgetMs`, up to
 * `maxRounds`: a bare node start is ~30 ms, so a few ms of noise moves a
 * round's ratio a lot, and the more rounds the steadier the median; a fast
 * bin gets many rounds cheaply, a slow one still ends in bounded time.
 */
export async function measureCliStart({ minRounds = 20, maxRounds = 60, budgetMs = 15_000 } = {}) {
  const times = Object.fromEntries(SUBJECTS.map((s) => [s.key, []]));
  for (const subject of SUBJECTS) await runOnce(subject); // fills the file cache
  const began = performance.now();
  let rounds = 0;
  // Whole pairs of rounds (forward and reversed), so that each order counts as often.
  while (rounds < maxRounds && (rounds < minRounds || rounds % 2 === 1 || performance.now() - began < budgetMs)) {
    for (const subject of inTurn(rounds, SUBJECTS)) times[subject.key].push(await runOnce(subject));
    rounds++;
  }
  return {
    rounds,
    version: paired(times.version, times.bare),
    help: paired(times.help, times.bare),
  };
}

/** Spawn to `close` (the process has exited and its stdout is drained), in ms; throws unless it exits 0 with the expected output. */
function runOnce(subject) {
  const label = subject.key === "bare" ? "node -e 0" : `crisp-mcp ${subject.args.at(-1)}`;
  return new Promise((resolve, reject) => {
    const startedAt = performance.now();
    const child = spawn(process.execPath, subject.args, {
      env: { PATH: process.env.PATH ?? "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk) => (stderr = (stderr + chunk).slice(-2000)));
    const timer = setTimeout(() => child.kill("SIGKILL"), EXIT_TIMEOUT_MS);
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(new Error(`${label} could not start: ${error.message}`));
    });
    child.once("close", (code, signal) => {
      const ms = performance.now() - startedAt;
      clearTimeout(timer);
      const problem = code !== 0 ? `exited ${code ?? signal}` : subject.check(stdout);
      if (problem) reject(new Error(`${label} ${problem}: ${(stderr || stdout).trim().slice(0, 300)}`));
      else resolve(ms);
    });
  });
}
