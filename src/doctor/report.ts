import { terminalSafe } from "../log.js";

// What a check found, and how the report shows it: one line per check, then
// a verdict. Every line is cleaned as a log line is (src/log.ts), so a
// credential that found its way into a detail (an echo in Crisp's message,
// say) is blanked, and a detail quoting Crisp cannot drive the terminal.

/** ok: will work; warn: will work, with a caveat; fail: will not work; skip: could not be checked here. */
export type CheckStatus = "ok" | "warn" | "fail" | "skip";

export interface CheckResult {
  status: CheckStatus;
  /** Short name: keypair, website, toolset people, rtm ... */
  check: string;
  detail: string;
}

export function result(status: CheckStatus, check: string, detail: string): CheckResult {
  return { status, check, detail };
}

/** 0 when nothing will fail (warnings allowed), 1 otherwise. */
export function exitCodeOf(results: readonly CheckResult[]): 0 | 1 {
  return results.some((r) => r.status === "fail") ? 1 : 0;
}

export function formatLines(results: readonly CheckResult[]): string {
  const lines = results.map((r) => `${r.status.padEnd(6)}${r.check}: ${r.detail}`);
  return `${[...lines, verdictLine(results)].map(terminalSafe).join("\n")}\n`;
}

/** One JSON object on one line: {verdict, checks}. */
export function formatJson(results: readonly CheckResult[]): string {
  const verdict = exitCodeOf(results) === 0 ? "ok" : "fail";
  return `${terminalSafe(JSON.stringify({ verdict, checks: results }))}\n`;
}

function verdictLine(results: readonly CheckResult[]): string {
  const count = (status: CheckStatus) => results.filter((r) => r.status === status).length;
  const failed = results.filter((r) => r.status === "fail").map((r) => r.check);
  const tally = [`${count("ok")} ok`, `${count("warn")} warning(s)`, `${count("skip")} skipped`].join(", ");
  return failed.length === 0
    ? `verdict: ready (${tally})`
    : `verdict: NOT READY, ${failed.length} check(s) fail: ${failed.join(", ")} (${tally})`;
}
