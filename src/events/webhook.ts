import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { isUuid } from "../uuid.js";
import { log, registerSecret } from "../log.js";
import { SharedStateError } from "../state/index.js";
import type { EventHub, EventSource, SourceStatus } from "./hub.js";

// Crisp web hooks: POST /webhooks/crisp with a JSON body {website_id, event,
// data, timestamp}. Only signed hooks are taken: X-Crisp-Signature must be the
// hex HMAC-SHA256, keyed with CRISP_WEBHOOK_SECRET, of
// "[" + X-Crisp-Request-Timestamp + ";" + raw body + "]". The raw bytes are
// signed, never a re-serialised body. A hook that is unsigned, forged, or
// stamped more than 5 minutes away from now is refused with 401 and never
// reaches the log. A hook seen before (a replay, or Crisp retrying one we
// took), by this replica or any other, is answered 200 and not filed twice:
// its body's digest is claimed in the same step that files it. When the
// shared store cannot be reached the hook is answered 503, so Crisp delivers
// it again later: a 200 always means the hook is in the log.

export const WEBHOOK_PATH = "/webhooks/crisp";

export interface WebhookReceiverOptions {
  secret: string;
  /** Largest accepted |now - timestamp|. */
  toleranceMs?: number;
  maxBodyBytes?: number;
  /** The receiver's one clock: the time window, the pace of its log lines, its status. */
  now?: () => number;
}

const FIVE_MINUTES = 5 * 60_000;
const DEFAULT_MAX_BODY = 1024 * 1024;
/** How long a delivery's digest outlives the last instant its stamp can pass. */
const REPLAY_MARGIN_MS = 60_000;
/** Logged at most this often, so that a flood or an outage cannot fill the log. */
const LOG_EVERY_MS = 10_000;

export type Verdict =
  | { ok: true; body: { website_id: string; event: string; data: unknown }; digest: string }
  | { ok: false; status: number; message: string };

export class WebhookReceiver implements EventSource {
  private readonly secret: string;
  private readonly toleranceMs: number;
  private readonly maxBodyBytes: number;
  private readonly now: () => number;
  private accepted = 0;
  private refused = 0;
  private lastAcceptedAt?: number;
  private lastLoggedAt = 0;
  private unavailable = 0;
  private lastUnavailableLogAt = 0;

  constructor(
    private readonly hub: EventHub,
    options: WebhookReceiverOptions,
  ) {
    this.secret = options.secret;
    registerSecret(options.secret);
    this.toleranceMs = options.toleranceMs ?? FIVE_MINUTES;
    this.maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
    this.now = options.now ?? Date.now;
  }

  /** The HTTP handler for POST /webhooks/crisp. Answers as soon as the hook is filed; resolves once answered. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== "POST") {
      res.setHeader("allow", "POST");
      reply(res, 405, { error: "web hooks are POSTed" });
      return Promise.resolve();
    }
    return readRaw(req, this.maxBodyBytes).then(
      (raw) => {
        if (raw === "too_large") {
          res.setHeader("connection", "close");
          reply(res, 413, { error: `the body must not exceed ${this.maxBodyBytes} bytes` });
          return;
        }
        return this.answer(this.receive(req.headers, raw), res);
      },
      () => {
        res.destroy();
      },
    );
  }

  /** The same check without HTTP: headers and raw body in, what to answer out. */
  receive(headers: IncomingMessage["headers"], raw: Buffer): Verdict {
    const signature = single(headers["x-crisp-signature"]);
    const stamp = single(headers["x-crisp-request-timestamp"]);
    if (!signature || !stamp) {
      return this.refuse(401, "unsigned: X-Crisp-Signature and X-Crisp-Request-Timestamp are required");
    }
    if (!verifySignature(this.secret, stamp, raw, signature)) return this.refuse(401, "bad signature");
    const when = timestampMs(stamp);
    if (when === undefined || Math.abs(this.now() - when) > this.toleranceMs) {
      return this.refuse(401, "timestamp too far from now (more than 5 minutes)");
    }
    let body: unknown;
    try {
      body = JSON.parse(raw.toString("utf8"));
    } catch {
      return this.refuse(400, "the body is not JSON");
    }
    if (!isHook(body)) return this.refuse(400, "the body must be {website_id, event, data}");
    return { ok: true, body, digest: createHash("sha256").update(raw).digest("hex") };
  }

  status(): SourceStatus {
    const last = this.lastAcceptedAt === undefined ? "" : `, last ${Math.round((this.now() - this.lastAcceptedAt) / 1000)}s ago`;
    const lost = this.unavailable > 0 ? `, ${this.unavailable} answered 503 (shared store unreachable)` : "";
    return { state: "live", detail: `POST ${WEBHOOK_PATH}: ${this.accepted} received${last}, ${this.refused} refused${lost}` };
  }

  private async answer(verdict: Verdict, res: ServerResponse): Promise<void> {
    if (!verdict.ok) {
      reply(res, verdict.status, { error: verdict.message });
      return;
    }
    const { website_id, event, data } = verdict.body;
    const sessionId = (data as { session_id?: unknown } | null)?.session_id;
    let filed;
    try {
      filed = await this.hub.publish(
        { name: event, websiteId: website_id, ...(typeof sessionId === "string" ? { sessionId } : {}), data, source: "webhook" },
        // A body stamped at the window's far edge passes until twice the window (both ends included):
        // its digest is kept a margin past that, for replicas whose clocks differ a little.
        { once: { key: `webhook:${verdict.digest}`, ttlMs: 2 * this.toleranceMs + REPLAY_MARGIN_MS } },
      );
    } catch (error) {
      if (!(error instanceof SharedStateError)) throw error;
      this.unavailable++;
      if (this.now() - this.lastUnavailableLogAt > LOG_EVERY_MS) {
        this.lastUnavailableLogAt = this.now();
        log("warn", `web hook answered 503 for Crisp to deliver again: ${error.message} (${this.unavailable} so far)`);
      }
      res.setHeader("retry-after", "5");
      reply(res, 503, { error: "the shared store is unreachable: deliver this hook again later" });
      return;
    }
    if (filed) {
      this.accepted++;
      this.lastAcceptedAt = this.now();
    }
    reply(res, 200, filed ? { ok: true } : { ok: true, duplicate: true });
  }

  private refuse(status: number, message: string): Verdict {
    this.refused++;
    // Refusals are counted in the status; logged at most every 10 s, so a flood cannot fill the log.
    if (this.now() - this.lastLoggedAt > LOG_EVERY_MS) {
      this.lastLoggedAt = this.now();
      log("warn", `web hook refused (${status}): ${message} (${this.refused} refused so far)`);
    }
    return { ok: false, status, message };
  }
}

/**
 * The route handler to mount: answers with the receiver when web hooks are on,
 * and says how to turn them on otherwise.
 */
export function handleWebhook(hub: EventHub, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const receiver = hub.webhookReceiver;
  if (!receiver) {
    reply(res, 404, { error: "web hooks are off on this server: set CRISP_WEBHOOK_SECRET (--webhook-secret)" });
    return Promise.resolve();
  }
  return receiver.handle(req, res);
}

/** Constant-time check of Crisp's signature over "[timestamp;body]". */
export function verifySignature(secret: string, timestamp: string, raw: Buffer, signature: string): boolean {
  const expected = createHmac("sha256", secret)
    .update("[")
    .update(timestamp)
    .update(";")
    .update(raw)
    .update("]")
    .digest();
  const given = /^[0-9a-f]{64}$/i.test(signature.trim()) ? Buffer.from(signature.trim(), "hex") : Buffer.alloc(0);
  // Compared whatever the length, so a short guess costs the same as a long one.
  const comparable = given.length === expected.length ? given : Buffer.alloc(expected.length);
  return timingSafeEqual(comparable, expected) && given.length === expected.length;
}

/** Crisp's timestamp header, in ms or in seconds: digits only. */
function timestampMs(text: string): number | undefined {
  if (!/^\d{9,16}$/.test(text.trim())) return undefined;
  const value = Number(text);
  return value < 1e12 ? value * 1000 : value;
}

function isHook(body: unknown): body is { website_id: string; event: string; data: unknown } {
  if (!body || typeof body !== "object") return false;
  const { website_id, event } = body as Record<string, unknown>;
  return typeof website_id === "string" && isUuid(website_id) && typeof event === "string" && /^[a-z][a-z_:/]{0,99}$/.test(event);
}

function readRaw(req: IncomingMessage, max: number): Promise<Buffer | "too_large"> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        req.removeAllListeners("data");
        req.resume();
        resolve("too_large");
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
