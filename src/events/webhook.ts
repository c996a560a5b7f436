import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { isUuid } from "../tools/catalog/common.js";
import { log, registerSecret } from "../log.js";
import type { EventHub, EventSource, SourceStatus } from "./hub.js";

// Crisp web hooks: POST /webhooks/crisp with a JSON body {website_id, event,
// data, timestamp}. Only signed hooks are taken: X-Crisp-Signature must be the
// hex HMAC-SHA256, keyed with CRISP_WEBHOOK_SECRET, of
// "[" + X-Crisp-Request-Timestamp + ";" + raw body + "]". The raw bytes are
// signed, never a re-serialised body. A hook that is unsigned, forged, or
// stamped more than 5 minutes away from now is refused with 401 and never
// reaches the buffer. A hook seen before (a replay, or Crisp retrying one we
// took) is answered 200 and not filed twice.

export const WEBHOOK_PATH = "/webhooks/crisp";

export interface WebhookReceiverOptions {
  secret: string;
  /** Largest accepted |now - timestamp|. */
  toleranceMs?: number;
  maxBodyBytes?: number;
  now?: () => number;
}

const FIVE_MINUTES = 5 * 60_000;
const DEFAULT_MAX_BODY = 1024 * 1024;
/** Bodies remembered for duplicate detection (within the tolerance window). */
const MAX_REMEMBERED = 20_000;

export type Verdict =
  | { ok: true; body: { website_id: string; event: string; data: unknown }; duplicate: boolean }
  | { ok: false; status: number; message: string };

export class WebhookReceiver implements EventSource {
  private readonly secret: string;
  private readonly toleranceMs: number;
  private readonly maxBodyBytes: number;
  private readonly now: () => number;
  /** sha256 of accepted bodies -> when they may be forgotten. */
  private readonly seen = new Map<string, number>();
  private accepted = 0;
  private refused = 0;
  private lastAcceptedAt?: number;
  private lastLoggedAt = 0;

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
        this.answer(this.receive(req.headers, raw), res);
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
    const digest = createHash("sha256").update(raw).digest("hex");
    const duplicate = this.remember(digest);
    return { ok: true, body, duplicate };
  }

  status(): SourceStatus {
    const last = this.lastAcceptedAt === undefined ? "" : `, last ${Math.round((Date.now() - this.lastAcceptedAt) / 1000)}s ago`;
    return { state: "live", detail: `POST ${WEBHOOK_PATH}: ${this.accepted} received${last}, ${this.refused} refused` };
  }

  private answer(verdict: Verdict, res: ServerResponse): void {
    if (!verdict.ok) {
      reply(res, verdict.status, { error: verdict.message });
      return;
    }
    if (!verdict.duplicate) {
      const { website_id, event, data } = verdict.body;
      const sessionId = (data as { session_id?: unknown } | null)?.session_id;
      this.hub.publish({
        name: event,
        websiteId: website_id,
        ...(typeof sessionId === "string" ? { sessionId } : {}),
        data,
        source: "webhook",
      });
      this.accepted++;
      this.lastAcceptedAt = Date.now();
    }
    reply(res, 200, verdict.duplicate ? { ok: true, duplicate: true } : { ok: true });
  }

  private refuse(status: number, message: string): Verdict {
    this.refused++;
    // Refusals are counted in the status; logged at most every 10 s, so a flood cannot fill the log.
    if (Date.now() - this.lastLoggedAt > 10_000) {
      this.lastLoggedAt = Date.now();
      log("warn", `web hook refused (${status}): ${message} (${this.refused} refused so far)`);
    }
    return { ok: false, status, message };
  }

  /** True when this body was accepted within the window already. */
  private remember(digest: string): boolean {
    const now = this.now();
    const until = this.seen.get(digest);
    if (until !== undefined && until > now) return true;
    // A body older than the window cannot pass the timestamp check again, so it can be forgotten.
    if (this.seen.size >= MAX_REMEMBERED) {
      for (const [key, expiry] of this.seen) {
        if (expiry <= now || this.seen.size >= MAX_REMEMBERED) this.seen.delete(key);
        else break;
      }
    }
    this.seen.delete(digest);
    this.seen.set(digest, now + 2 * this.toleranceMs);
    return false;
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
  const value = Number(text.trim());
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
