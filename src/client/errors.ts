// Typed failures of the Crisp client. Each carries a hint an agent can act on;
// none carries credentials (messages are built from the route template, the
// status and Crisp's own reason, never from request headers).

import { boundedText } from "../untrusted/text.js";

export abstract class CrispError extends Error {
  abstract readonly hint: string;
  /** True when the same call may succeed later without changing anything. */
  abstract readonly transient: boolean;
}

export interface ApiErrorDetails {
  status: number;
  reason: string;
  message?: string;
  method: string;
  path: string;
  retryAfterSeconds?: number;
  attempts: number;
}

/** Crisp answered with an error status, or with a body that is not its envelope. */
export class CrispApiError extends CrispError {
  readonly status: number;
  readonly reason: string;
  readonly method: string;
  readonly path: string;
  readonly retryAfterSeconds?: number;
  readonly attempts: number;
  readonly hint: string;
  readonly transient: boolean;

  constructor(raw: ApiErrorDetails) {
    // Crisp's reason and message can echo what a visitor or a caller wrote: they are shown cleaned and bounded.
    const details = { ...raw, reason: boundedText(raw.reason, MAX_REASON_CHARS) || "error" };
    const message = raw.message === undefined ? undefined : boundedText(raw.message, MAX_MESSAGE_CHARS);
    const detail = message && message !== details.reason ? `: ${message}` : "";
    super(`Crisp answered ${details.status} ${details.reason}${detail} (${details.method} ${details.path})`);
    this.name = "CrispApiError";
    this.status = details.status;
    this.reason = details.reason;
    this.method = details.method;
    this.path = details.path;
    this.retryAfterSeconds = details.retryAfterSeconds;
    this.attempts = details.attempts;
    this.transient = isRateLimit(details.status) || details.status >= 500;
    this.hint = hintFor(details);
  }
}

export type NetworkFailure = "timeout" | "connection" | "aborted";

/** The request never got an answer: deadline, connection failure or cancellation. */
export class CrispNetworkError extends CrispError {
  readonly kind: NetworkFailure;
  readonly method: string;
  readonly path: string;
  readonly attempts: number;
  readonly hint: string;
  readonly transient: boolean;

  constructor(kind: NetworkFailure, method: string, path: string, attempts: number, cause?: unknown) {
    const what = {
      timeout: "timed out",
      connection: "could not reach Crisp",
      aborted: "was cancelled",
    }[kind];
    super(`Request ${what} (${method} ${path})`, { cause });
    this.name = "CrispNetworkError";
    this.kind = kind;
    this.method = method;
    this.path = path;
    this.attempts = attempts;
    this.transient = kind !== "aborted";
    this.hint = {
      timeout: "Crisp did not answer within CRISP_TIMEOUT_MS. Try again later, or raise CRISP_TIMEOUT_MS.",
      connection:
        "The network or Crisp is unreachable. Check connectivity and CRISP_API_URL, then try again.",
      aborted: "The call was cancelled by the client; nothing more was sent.",
    }[kind];
  }
}

/** A path or query value that would change the route; refused before any request. */
export class CrispRequestError extends CrispError {
  readonly hint: string;
  readonly transient = false;
  constructor(message: string, hint: string) {
    super(message);
    this.name = "CrispRequestError";
    this.hint = hint;
  }
}

/** Longest reason and message of Crisp's shown in an error; Crisp's own are a word and a sentence. */
export const MAX_REASON_CHARS = 300;
export const MAX_MESSAGE_CHARS = 1_000;

export function isRedirect(status: number): boolean {
  return status >= 300 && status < 400;
}

export function isRateLimit(status: number): boolean {
  return status === 429 || status === 420;
}

function hintFor(d: ApiErrorDetails): string {
  if (d.reason === "response_too_large") {
    return "Crisp's answer was too large to read. Ask for less: a smaller per_page, a narrower filter or one item at a time.";
  }
  if (d.reason === "invalid_response") {
    return "Crisp's answer was not its JSON envelope (an HTML error page or a cut body, often a proxy or outage). Try again later.";
  }
  if (isRedirect(d.status)) {
    return "Crisp's API never redirects: a proxy or a wrong CRISP_API_URL answered, so the call most likely never reached Crisp. Check CRISP_API_URL (https://api.crisp.chat/v1 for Crisp) and any proxy in between.";
  }
  if (d.status === 401) {
    return "Crisp refused the token. Check CRISP_IDENTIFIER and CRISP_KEY, and that CRISP_TIER matches the token kind (plugin, website or user).";
  }
  if (d.status === 403 || d.reason === "restricted_route_tier") {
    return d.reason === "restricted_route_tier"
      ? "This route is not open to the token's tier. Set CRISP_TIER to the token kind, or use a token of a tier the route allows (see describe_crisp_method)."
      : "The token lacks the scope for this route, or the plugin is not allowed on this website. Add the scope to the plugin token, then try again.";
  }
  if (d.status === 404) {
    return d.reason === "not_subscribed"
      ? "The plugin is not subscribed to this website. Install the plugin on the website, or check website_id."
      : "Not found. Check the ids in the call (website_id, session_id, people_id ...), for example with a list or search tool.";
  }
  if (isRateLimit(d.status)) {
    const wait = d.retryAfterSeconds !== undefined ? ` Crisp asked to wait ${d.retryAfterSeconds}s.` : "";
    return `Crisp rate-limited the call after ${d.attempts} attempt(s).${wait} Wait before calling again and avoid tight loops.`;
  }
  if (d.status >= 500) {
    return `Crisp had a server error after ${d.attempts} attempt(s). Try again later; writes were not repeated.`;
  }
  if (d.status === 400 || d.status === 422 || d.reason === "invalid_data") {
    return "Crisp rejected the data. Fix the arguments as the message says; describe_crisp_method shows the expected fields.";
  }
  return "Check the arguments and the token, then try again.";
}
