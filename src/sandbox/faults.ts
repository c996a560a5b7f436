// Faults let tests and the benchmark make the sandbox misbehave the way a real
// network and a real API do. They live only in-process: no HTTP route reaches them.

export type FaultKind = "status" | "html" | "malformed_json" | "hang" | "reset" | "huge_body";

export interface FaultRule {
  method?: string;
  /** Matched against the raw path after /v1 (a string must be equal). */
  path?: string | RegExp;
  kind: FaultKind;
  /** For "status" and "html": the HTTP status to answer, e.g. 429, 420, 500, 503, 502. */
  status?: number;
  /** Seconds, sent as Retry-After. */
  retryAfter?: number;
  /** How many requests the rule affects; unlimited when absent. */
  times?: number;
  /** Size of the "huge_body" answer in bytes; 5 MB by default. */
  bytes?: number;
}

export interface FaultInjector {
  /** Adds a rule and returns a function that removes it. */
  add(rule: FaultRule): () => void;
  clear(): void;
}

interface ActiveRule {
  readonly rule: FaultRule;
  remaining: number;
}

export class FaultRules implements FaultInjector {
  private active: ActiveRule[] = [];

  add(rule: FaultRule): () => void {
    const entry: ActiveRule = { rule: { ...rule }, remaining: rule.times ?? Number.POSITIVE_INFINITY };
    this.active.push(entry);
    return () => {
      this.active = this.active.filter((candidate) => candidate !== entry);
    };
  }

  clear(): void {
    this.active = [];
  }

  /** The first rule that matches this request, used up by one; undefined when none. */
  take(method: string, rawPath: string): FaultRule | undefined {
    if (this.active.length === 0) return undefined;
    const entry = this.active.find((candidate) => matches(candidate.rule, method, rawPath));
    if (!entry) return undefined;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.active = this.active.filter((candidate) => candidate !== entry);
    return entry.rule;
  }
}

function matches(rule: FaultRule, method: string, rawPath: string): boolean {
  if (rule.method !== undefined && rule.method.toUpperCase() !== method) return false;
  if (rule.path === undefined) return true;
  if (typeof rule.path === "string") return rule.path === rawPath;
  rule.path.lastIndex = 0; // a /g or /y regex keeps state between tests otherwise
  return rule.path.test(rawPath);
}

export const DEFAULT_HUGE_BODY_BYTES = 5 * 1024 * 1024;

/** Crisp's reason for an injected error status. */
export function reasonForStatus(status: number): string {
  if (status === 420 || status === 429) return "rate_limited";
  if (status >= 500) return "server_error";
  if (status === 400) return "invalid_data";
  if (status === 401) return "unauthorized";
  if (status === 403) return "not_allowed";
  if (status === 404) return "not_found";
  return "http_error";
}

/** An HTML error page, as a proxy or load balancer in front of the API would send. */
export function htmlErrorPage(status: number): string {
  return `<!DOCTYPE html>\n<html><head><title>${status} Error</title></head><body><h1>${status} Error</h1><p>The server could not handle this request. Please try again later.</p><hr><address>nginx</address></body></html>\n`;
}

/** A valid envelope whose data array is about `bytes` long. */
export function hugeEnvelope(bytes: number): string {
  const item = JSON.stringify({ session_id: "session_00000000-0000-4000-8000-000000000000", excerpt: "x".repeat(180) });
  const count = Math.max(1, Math.ceil(bytes / (item.length + 1)));
  return `{"error":false,"reason":"resolved","data":[${new Array<string>(count).fill(item).join(",")}]}`;
}

/** Cut-off JSON that no parser accepts. */
export const MALFORMED_JSON = '{"error":false,"reason":"resolved","data":{"session_id":"session_';
