import type { HttpMethod } from "./types.js";

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Time retries may add beyond one request's deadline; the waits between attempts (Retry-After included) fit in it too. */
  budgetMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 3, baseDelayMs: 250, maxDelayMs: 4_000, budgetMs: 8_000 };

/** Only requests that are safe to repeat are ever sent twice: a POST or PATCH never is. */
export function isRetryableMethod(method: HttpMethod): boolean {
  return method === "GET" || method === "HEAD" || method === "PUT" || method === "DELETE";
}

export function isRetryableStatus(status: number): boolean {
  return status === 420 || status === 429 || status >= 500;
}

/**
 * Where the retry loop reads the time, waits between attempts and draws its
 * jitter: the real ones, or a test's, so that backoff and deadlines can be
 * checked without waiting on a wall clock.
 */
export interface RetryClock {
  now(): number;
  /** Waits ms, unless signal aborts first: resolves false on cancellation. */
  sleep(ms: number, signal?: AbortSignal): Promise<boolean>;
  /** A number in [0, 1), as Math.random(). */
  random(): number;
}

export const REAL_CLOCK: RetryClock = { now: Date.now, sleep, random: Math.random };

/** Backoff with full jitter, or Crisp's Retry-After when it gave one. */
export function retryDelayMs(policy: RetryPolicy, attempt: number, retryAfterSeconds?: number, random = Math.random): number {
  if (retryAfterSeconds !== undefined) return retryAfterSeconds * 1000;
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(random() * ceiling);
}

/** Retry-After as seconds: a number, or an HTTP date. Undefined when absent or unreadable. */
export function parseRetryAfter(header: string | string[] | undefined, now = Date.now()): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Number(value.trim());
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - now) / 1000);
}

function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve(true);
    }, ms);
    function onAbort() {
      clearTimeout(timer);
      resolve(false);
    }
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
