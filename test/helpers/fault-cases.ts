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
}

/** Every fault kind the sandbox can inject, on reads and on writes. */
export const FAULT_CASES: readonly FaultCase[] = [
  { name: "429", rule: { kind: "status", status: 429 }, readError: /rate-limited/, readRetried: true, writeError: /rate-limited/ },
  {
    name: "429 with a Retry-After past the budget",
    rule: { kind: "status", status: 429, retryAfter: 120 },
    readError: /asked to wait 120s/,
    readRetried: false,
    writeError: /asked to wait 120s/,
  },
  { name: "420", rule: { kind: "status", status: 420 }, readError: /rate-limited/, readRetried: true, writeError: /rate-limited/ },
  {
    name: "500",
    rule: { kind: "status", status: 500 },
    readError: /server error/,
    readRetried: true,
    writeError: /writes were not repeated/,
  },
  { name: "503", rule: { kind: "status", status: 503 }, readError: /server error/, readRetried: true, writeError: /server error/ },
  {
    name: "an HTML 502 page",
    rule: { kind: "html", status: 502 },
    readError: /HTML error page/,
    readRetried: true,
    writeError: /HTML error page/,
  },
  {
    name: "malformed JSON",
    rule: { kind: "malformed_json" },
    readError: /not its JSON envelope/,
    readRetried: false,
    writeError: /not its JSON envelope/,
  },
  { name: "a hang", rule: { kind: "hang" }, readError: /timed out.*CRISP_TIMEOUT_MS/s, readRetried: true, writeError: /timed out/ },
  {
    name: "a reset connection",
    rule: { kind: "reset" },
    readError: /could not reach Crisp/,
    readRetried: true,
    writeError: /could not reach Crisp/,
  },
  { name: "a huge body", rule: { kind: "huge_body", bytes: 3 * 1024 * 1024 }, readRetried: false },
];
