import type { FaultRule } from "../../src/sandbox/index.js";

/** One way the network or Crisp can misbehave, and what a tool call should say about it. */
export interface FaultCase {
  name: string;
  rule: Omit<FaultRule, "path" | "method" | "times">;
  /** What the isError of a read says; undefined when the fault is still a valid answer (a huge body). */
  readError?: RegExp;
  /** Whether a read is retried (then it reaches Crisp maxAttempts times when the fault never clears). */
  readRetried: boolean;
  /** What the isError of a write says; undefined when the fault is still a valid answer. */
  writeError?: RegExp;
  /** The typed error a user gets: Crisp's status and reason, or the network failure; undefined for a valid answer. */
  failure?: { status: number; reason: string } | { network: "timeout" | "connection" };
}

const NETWORK_WORDS = { timeout: "timed out", connection: "could not reach Crisp" } as const;

/**
 * The first line of the isError a user gets for this fault on `method path`:
 * exactly the error's kind (status and reason, or the network failure) and route.
 * Crisp's own message may follow the reason (the sandbox says "injected ...").
 */
export function failureLine(c: FaultCase, method: string, path: string | RegExp): RegExp {
  const route = `\\(${method} ${typeof path === "string" ? path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") : path.source}\\)`;
  if (!c.failure) throw new Error(`${c.name} is not a failure`);
  if ("network" in c.failure) return new RegExp(`^Request ${NETWORK_WORDS[c.failure.network]} ${route}$`);
  return new RegExp(`^Crisp answered ${c.failure.status} ${c.failure.reason}(: [^\\n]*)? ${route}$`);
}

/** Every fault kind the sandbox can inject, on reads and on writes. */
export const FAULT_CASES: readonly FaultCase[] = [
  { name: "429", rule: { kind: "status", status: 429 }, readError: /rate-limited/, readRetried: true, writeError: /rate-limited/, failure: { status: 429, reason: "rate_limited" } },
  {
    name: "429 with a Retry-After past the budget",
    rule: { kind: "status", status: 429, retryAfter: 120 },
    readError: /asked to wait 120s/,
    readRetried: false,
    writeError: /asked to wait 120s/,
    failure: { status: 429, reason: "rate_limited" },
  },
  { name: "420", rule: { kind: "status", status: 420 }, readError: /rate-limited/, readRetried: true, writeError: /rate-limited/, failure: { status: 420, reason: "rate_limited" } },
  {
    name: "500",
    rule: { kind: "status", status: 500 },
    readError: /server error/,
    readRetried: true,
    writeError: /writes were not repeated/,
    failure: { status: 500, reason: "server_error" },
  },
  { name: "503", rule: { kind: "status", status: 503 }, readError: /server error/, readRetried: true, writeError: /server error/, failure: { status: 503, reason: "server_error" } },
  {
    name: "an HTML 502 page",
    rule: { kind: "html", status: 502 },
    readError: /HTML error page/,
    readRetried: true,
    writeError: /HTML error page/,
    failure: { status: 502, reason: "invalid_response" },
  },
  {
    name: "malformed JSON",
    rule: { kind: "malformed_json" },
    readError: /not its JSON envelope/,
    readRetried: false,
    writeError: /not its JSON envelope/,
    failure: { status: 200, reason: "invalid_response" },
  },
  { name: "a hang", rule: { kind: "hang" }, readError: /timed out.*CRISP_TIMEOUT_MS/s, readRetried: true, writeError: /timed out/, failure: { network: "timeout" } },
  {
    name: "a reset connection",
    rule: { kind: "reset" },
    readError: /could not reach Crisp/,
    readRetried: true,
    writeError: /could not reach Crisp/,
    failure: { network: "connection" },
  },
  { name: "a huge body", rule: { kind: "huge_body", bytes: 3 * 1024 * 1024 }, readRetried: false },
];
