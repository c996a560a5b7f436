import { result, type CheckResult } from "./report.js";

/** How long one check may take: the whole run stays within seconds. */
export const CHECK_DEADLINE_MS = 8_000;

/**
 * Runs a check with its own deadline: past it the check's signal is aborted
 * (so its requests stop) and it reports a failure, whatever it was doing.
 * A check that throws reports that too, rather than ending the run.
 */
export async function withDeadline(
  check: string,
  run: (signal: AbortSignal) => Promise<CheckResult | CheckResult[]>,
  deadlineMs = CHECK_DEADLINE_MS,
): Promise<CheckResult[]> {
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(() => {
      abort.abort();
      resolve(result("fail", check, `no answer within ${Math.round(deadlineMs / 1000)}s`));
    }, deadlineMs);
  });
  try {
    const outcome = await Promise.race([run(abort.signal), late]);
    return Array.isArray(outcome) ? outcome : [outcome];
  } catch (error) {
    return [result("fail", check, `could not be checked: ${(error as Error)?.message ?? String(error)}`)];
  } finally {
    clearTimeout(timer);
  }
}
