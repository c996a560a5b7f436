import { EventEmitter } from "node:events";
import type { Agent, Dispatcher } from "undici";

type Undici = typeof import("undici");
import { report } from "../activity.js";
import { isCredentialShaped, isRedactable, registerSecret } from "../log.js";
import { USER_AGENT } from "../version.cjs";
import { CrispApiError, CrispNetworkError, isRedirect, type NetworkFailure } from "./errors.js";
import { buildPath, buildQuery } from "./request-parts.js";
import {
  DEFAULT_RETRY,
  isRetryableMethod,
  isRetryableStatus,
  parseRetryAfter,
  REAL_CLOCK,
  retryDelayMs,
  type RetryClock,
  type RetryPolicy,
} from "./retry.js";
import type { CrispRequest, CrispTier, HttpMethod } from "./types.js";

export interface CrispClientOptions {
  /** REST base, e.g. https://api.crisp.chat/v1 */
  baseUrl: string;
  identifier: string;
  key: string;
  tier: CrispTier;
  /** One request's deadline. */
  timeoutMs: number;
  retry?: Partial<RetryPolicy>;
  /** Open connections kept to Crisp. */
  connections?: number;
  /** Largest response body read, in bytes; a bigger one is an error, not an out-of-memory. */
  maxResponseBytes?: number;
  /**
   * Who chose the keypair. "operator" (the default): it joins the log redactor
   * at once. "caller" (HTTP passthrough): anyone can send any keypair, so a value
   * joins only if it has Crisp's credential shape, or once Crisp accepted it;
   * otherwise a made-up "keypair" of ordinary words would blank them from the logs.
   */
  credentialsFrom?: "operator" | "caller";
  /** The time, the waits and the jitter of the retry loop; the real ones unless a test gives its own. */
  clock?: RetryClock;
}

interface Envelope {
  error?: boolean;
  reason?: unknown;
  data?: unknown;
}

type Outcome =
  | { kind: "response"; status: number; headers: Record<string, string | string[] | undefined>; text: string }
  | { kind: "network"; failure: NetworkFailure; cause: unknown };

/**
 * The one authenticated Crisp client of a process (or of a tenant). It knows
 * nothing of MCP: it sends validated routes, unwraps Crisp's envelope, and
 * turns every failure into a typed CrispError.
 */
export class CrispClient {
  private readonly base: string;
  /** The base parsed once, so that no request parses a URL again; undefined for an unusual base, sent as a plain URL. */
  private readonly target?: { origin: string; prefix: string };
  private readonly headers: Record<string, string>;
  private readonly connections: number;
  /** undici is loaded on the first request: start-up does not pay for it. */
  private http?: Promise<{ agent: Agent; request: Undici["request"] }>;
  /** The same, once loaded: an attempt then takes it without an await. */
  private loaded?: { agent: Agent; request: Undici["request"] };
  private readonly releaseSecrets: (() => void)[] = [];
  /** Caller-chosen values that join the redactor once Crisp accepts the keypair. */
  private secretsOnAcceptance: string[] = [];
  private readonly retry: RetryPolicy;
  private readonly clock: RetryClock;
  private readonly timeoutMs: number;
  private readonly maxResponseBytes: number;
  private closing?: Promise<void>;
  /** The attempts waiting on Crisp, so that close() can end those still there after its grace. */
  private readonly inFlight = new Set<AttemptAbort>();

  constructor(options: CrispClientOptions) {
    this.base = options.baseUrl.replace(/\/+$/, "");
    this.target = splitBase(this.base);
    const credentials = `${options.identifier}:${options.key}`;
    this.holdSecrets(options.identifier, options.key, options.credentialsFrom ?? "operator");
    this.headers = {
      authorization: `Basic ${Buffer.from(credentials).toString("base64")}`,
      "x-crisp-tier": options.tier,
      "user-agent": USER_AGENT,
      accept: "application/json",
    };
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.clock = options.clock ?? REAL_CLOCK;
    this.timeoutMs = options.timeoutMs;
    this.maxResponseBytes = options.maxResponseBytes ?? 16 * 1024 * 1024;
    this.connections = options.connections ?? 64;
  }

  /** The REST base the client sends to, without a trailing slash. */
  get baseUrl(): string {
    return this.base;
  }

  private holdSecrets(identifier: string, key: string, from: "operator" | "caller"): void {
    const values = [identifier, key, `${identifier}:${key}`];
    if (from === "operator") {
      this.releaseSecrets.push(...values.map(registerSecret));
      return;
    }
    const now = values.filter(isCredentialShaped);
    this.releaseSecrets.push(...now.map(registerSecret));
    this.secretsOnAcceptance = values.filter((value) => !now.includes(value) && isRedactable(value));
  }

  /** Crisp answered a request with success: the caller's keypair is real, so it joins the redactor. */
  private accepted(): void {
    if (this.closing) return;
    this.releaseSecrets.push(...this.secretsOnAcceptance.map(registerSecret));
    this.secretsOnAcceptance = [];
  }

  private transport(): Promise<{ agent: Agent; request: Undici["request"] }> {
    this.http ??= import("undici").then(({ Agent, request }) => {
      this.loaded = {
        agent: new Agent({ connections: this.connections, keepAliveTimeout: 30_000, keepAliveMaxTimeout: 60_000 }),
        request,
      };
      return this.loaded;
    });
    return this.http;
  }

  /** Sends a request and returns Crisp's `data`. */
  async request<T = unknown>(req: CrispRequest): Promise<T> {
    const { status, text, path } = await this.send(req);
    // A HEAD's text is always empty (its body is never read), which unwraps to {}.
    return this.unwrap(text, status, req.method, path) as T;
  }

  /** A HEAD "check exists" route: true on 2xx, false on 404/410. */
  async exists(req: Omit<CrispRequest, "method">): Promise<boolean> {
    try {
      await this.send({ ...req, method: "HEAD" });
      return true;
    } catch (error) {
      if (error instanceof CrispApiError && (error.status === 404 || error.status === 410)) return false;
      throw error;
    }
  }

  /**
   * Lets requests in flight finish for up to graceMs, then ends the rest (their callers get an
   * "aborted" CrispNetworkError): shutdown never waits on a hung socket. Nothing is sent once closing.
   */
  close(graceMs = 2_000): Promise<void> {
    this.closing ??= this.shutDown(graceMs);
    return this.closing;
  }

  private async shutDown(graceMs: number): Promise<void> {
    for (const release of this.releaseSecrets) release();
    if (!this.http) return;
    const { agent } = await this.http;
    const inTime = new AbortController();
    const closed = agent.close().then(() => inTime.abort());
    // Past the grace, the requests still in flight are ended here: undici's Agent forgets its
    // connections once close() begins, so its destroy() would no longer reach them.
    // The grace is the clock's wait, so that a test's clock can end it at once.
    if (await this.clock.sleep(graceMs, inTime.signal)) {
      const reason = new Error("The Crisp client closed before Crisp answered");
      for (const abort of this.inFlight) abort.abort(reason);
    }
    await closed;
  }

  private async send(req: CrispRequest): Promise<{ status: number; text: string; path: string }> {
    const path = buildPath(req.path, req.pathParams ?? {});
    const pathAndQuery = `${path}${buildQuery(req.query)}`;
    const hasBody = req.body !== undefined && req.method !== "GET" && req.method !== "HEAD";
    const body = hasBody ? JSON.stringify(req.body) : undefined;
    const headers = hasBody ? { ...this.headers, "content-type": "application/json" } : this.headers;
    // The whole call, retries and waits included, ends by this deadline; the waits alone stay within the budget.
    const { clock } = this;
    const deadline = clock.now() + this.timeoutMs + this.retry.budgetMs;
    const canRetry = isRetryableMethod(req.method);
    let waited = 0;
    const fits = (wait: number) =>
      waited + wait <= this.retry.budgetMs && clock.now() + wait + MIN_ATTEMPT_MS <= deadline;

    for (let attempt = 1; ; attempt++) {
      const attemptTimeout = Math.max(1, Math.min(this.timeoutMs, deadline - clock.now()));
      const outcome = await this.attempt(pathAndQuery, req.method, headers, body, attemptTimeout, req.signal);

      if (outcome.kind === "network") {
        // A timed-out or dropped idempotent request is safe to send again; a POST or PATCH never is.
        const retryable = outcome.failure === "connection" || outcome.failure === "timeout";
        const wait = retryDelayMs(this.retry, attempt, undefined, clock.random);
        if (canRetry && retryable && attempt < this.retry.maxAttempts && fits(wait)) {
          reportRetry("info", `${req.method} ${path}: ${outcome.failure === "timeout" ? "no answer in time" : "connection failed"}`, wait, attempt, this.retry.maxAttempts);
          if (!(await clock.sleep(wait, req.signal))) throw new CrispNetworkError("aborted", req.method, path, attempt);
          waited += wait;
          continue;
        }
        throw new CrispNetworkError(outcome.failure, req.method, path, attempt, outcome.cause);
      }

      if (outcome.status < 300) {
        this.accepted();
        return { status: outcome.status, text: outcome.text, path };
      }
      // Redirects are not followed (they could carry the keypair elsewhere), and one is no success either.
      if (isRedirect(outcome.status)) {
        throw new CrispApiError({ status: outcome.status, reason: "redirected", method: req.method, path, attempts: attempt });
      }

      const retryAfter = parseRetryAfter(outcome.headers["retry-after"], clock.now());
      const limited = outcome.status === 429 || outcome.status === 420;
      const answered = `${req.method} ${path}: Crisp answered ${outcome.status}${limited ? " (rate limited)" : ""}`;
      if (canRetry && isRetryableStatus(outcome.status) && attempt < this.retry.maxAttempts) {
        const wait = retryDelayMs(this.retry, attempt, retryAfter, clock.random);
        // Retry-After is honoured only while it fits the budget; past it, fail now with the hint.
        if (fits(wait)) {
          reportRetry(limited ? "warning" : "info", answered, wait, attempt, this.retry.maxAttempts);
          if (!(await clock.sleep(wait, req.signal))) throw new CrispNetworkError("aborted", req.method, path, attempt);
          waited += wait;
          continue;
        }
      }
      if (limited) {
        const why = !canRetry ? `a ${req.method} is never sent twice` : retryAfter !== undefined ? `Retry-After ${retryAfter}s is past the retry budget` : `after ${attempt} attempt(s)`;
        report({ level: "warning", source: "crisp", message: `${answered}; not retried: ${why}` });
      }
      throw this.apiError(outcome.status, outcome.text, req.method, path, attempt, retryAfter);
    }
  }

  private async attempt(
    /** Path and query, after the base. */
    pathAndQuery: string,
    method: HttpMethod,
    headers: Record<string, string>,
    body: string | undefined,
    timeoutMs: number,
    signal: AbortSignal | undefined,
  ): Promise<Outcome> {
    if (signal?.aborted) return { kind: "network", failure: "aborted", cause: signal.reason };
    const { agent, request } = this.loaded ?? (await this.transport());
    // A closing client sends nothing more (a retry included): its agent would refuse it anyway.
    if (this.closing) return { kind: "network", failure: "aborted", cause: new Error("The Crisp client is closing") };
    // One abort handle per attempt, its timer cleared as soon as the attempt ends:
    // AbortSignal.timeout() would keep a timer and a signal alive for the whole
    // deadline after every request, which adds up under load. (undici's own
    // headersTimeout is coarser than short deadlines need.)
    const abort = new AttemptAbort();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      abort.abort();
    }, timeoutMs);
    const onAbort = () => abort.abort(signal?.reason);
    // Removed in the finally below, however the attempt ends; a signal aborts only once.
    signal?.addEventListener("abort", onAbort);
    this.inFlight.add(abort);
    try {
      // Origin and path given apart: undici's request(url) parses a URL on every call, a visible cost per call.
      const { target } = this;
      const res = target
        ? await agent.request({ origin: target.origin, path: target.prefix + pathAndQuery, method, headers, body, signal: abort })
        : await request(this.base + pathAndQuery, { method, headers, body, signal: abort, dispatcher: agent });
      const text =
        method === "HEAD" ? (await res.body.dump(), "") : await readLimited(res.body, res.headers, this.maxResponseBytes);
      return { kind: "response", status: res.statusCode, headers: res.headers, text };
    } catch (cause) {
      // Cancelled by the caller, or ended by close(): either way, not to be sent again.
      if (signal?.aborted || this.closing) return { kind: "network", failure: "aborted", cause };
      if (timedOut) return { kind: "network", failure: "timeout", cause };
      if (cause instanceof ResponseTooLarge) {
        return { kind: "response", status: RESPONSE_TOO_LARGE, headers: {}, text: "" };
      }
      return { kind: "network", failure: "connection", cause };
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      this.inFlight.delete(abort);
    }
  }

  private unwrap(text: string, status: number, method: HttpMethod, path: string): unknown {
    if (text.trim() === "") return {};
    const envelope = parseEnvelope(text);
    if (!envelope) {
      throw new CrispApiError({ status, reason: "invalid_response", method, path, attempts: 1 });
    }
    if (envelope.error) {
      throw new CrispApiError({
        status,
        reason: envelopeReason(envelope) ?? "error",
        message: envelopeMessage(envelope),
        method,
        path,
        attempts: 1,
      });
    }
    return envelope.data ?? {};
  }

  private apiError(
    status: number,
    text: string,
    method: HttpMethod,
    path: string,
    attempts: number,
    retryAfterSeconds?: number,
  ): CrispApiError {
    const envelope = parseEnvelope(text);
    if (status === RESPONSE_TOO_LARGE) {
      return new CrispApiError({ status: 502, reason: "response_too_large", method, path, attempts });
    }
    const reason = (envelope && envelopeReason(envelope)) ?? (text.trim() === "" ? "http_error" : "invalid_response");
    return new CrispApiError({
      status,
      reason,
      message: envelope ? envelopeMessage(envelope) : undefined,
      method,
      path,
      attempts,
      retryAfterSeconds,
    });
  }
}

/**
 * What aborts one attempt, for undici (which takes an EventEmitter with
 * `aborted` and `reason` as well as an AbortSignal). Node builds an
 * AbortController slowly, and every call made one: under load that cost was
 * a visible share of a call's CPU.
 */
class AttemptAbort extends EventEmitter {
  aborted = false;
  reason: unknown = undefined;

  abort(reason?: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason ?? new DOMException("This operation was aborted", "AbortError");
    this.emit("abort");
  }
}

/**
 * The base URL as an origin and a path prefix. undefined when it holds a
 * query or a fragment, is not http(s), or does not parse: such a base is sent
 * as it was written, and a bad one fails at request time as before.
 */
function splitBase(base: string): { origin: string; prefix: string } | undefined {
  try {
    const url = new URL(base);
    if (url.protocol !== "http:" && url.protocol !== "https:") return undefined;
    // A query or a fragment would be lost from the prefix. (Credentials in the base need no check: undici
    // sends none of them either way; url.search and url.hash are never set without a "?" or a "#".)
    if (base.includes("?") || base.includes("#")) return undefined;
    return { origin: url.origin, prefix: url.pathname.replace(/\/+$/, "") };
  } catch {
    return undefined;
  }
}

/** A retry that would leave less than this for its own attempt is not worth sending. */
const MIN_ATTEMPT_MS = 50;

class ResponseTooLarge extends Error {}
/** Internal marker for a body past maxResponseBytes: an error status that is never retried. */
const RESPONSE_TOO_LARGE = 499;

/**
 * The body as text, never more than limit bytes. With a Content-Length that
 * fits, undici reads it in one go (it enforces the length); otherwise chunks
 * are counted as they come.
 */
function readLimited(
  body: Dispatcher.ResponseData["body"],
  headers: Record<string, string | string[] | undefined>,
  limit: number,
): Promise<string> {
  const declared = Number(headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) {
    body.destroy();
    return Promise.reject(new ResponseTooLarge(`response of ${declared} bytes, limit ${limit}`));
  }
  // Not an async function: the common case hands undici's promise on as it is.
  if (Number.isFinite(declared)) return body.text();
  return readCounted(body, limit);
}

/** A body of unknown length, its chunks counted as they come. */
async function readCounted(body: Dispatcher.ResponseData["body"], limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new ResponseTooLarge(`response larger than ${limit} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function parseEnvelope(text: string): Envelope | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed) && ("error" in parsed || "data" in parsed)) {
      return parsed as Envelope;
    }
  } catch {
    // not JSON: handled by the caller as an invalid response
  }
  return undefined;
}

/** Crisp's reason, when it is text (CrispApiError cleans and bounds it). */
function envelopeReason(envelope: Envelope): string | undefined {
  return typeof envelope.reason === "string" ? envelope.reason : undefined;
}

/** Crisp's data.message, when it is text (CrispApiError cleans and bounds it). */
function envelopeMessage(envelope: Envelope): string | undefined {
  const data = envelope.data as { message?: unknown } | undefined;
  return data && typeof data === "object" && typeof data.message === "string" ? data.message : undefined;
}

/** A retry about to wait, for the client's log. */
function reportRetry(level: "info" | "warning", what: string, waitMs: number, attempt: number, maxAttempts: number): void {
  report({ level, source: "crisp", message: `${what}; retrying in ${(waitMs / 1000).toFixed(1)}s (attempt ${attempt + 1} of ${maxAttempts})` });
}
