import type { Socket } from "socket.io-client";
import { report } from "../activity.js";
import { CrispError } from "../client/index.js";
import type { CrispTier } from "../client/types.js";
import { log, registerSecret } from "../log.js";
import type { EventSource, IncomingEvent, SourceStatus } from "./hub.js";
import { DEFAULT_SUBSCRIPTION, rtmEventsFor } from "./names.js";

// Crisp's RTM API over Socket.IO, connected on the first wait_for_events and
// never before (socket.io-client is loaded then, too). After connecting it
// emits `authentication` with the keypair, the tier and the events wanted;
// Crisp answers `authenticated` or `unauthorized`. A dropped socket is
// reconnected with exponential backoff and jitter, and authenticates again.
// A refusal (bad keypair, a tier without RTM, no endpoint) is not retried in
// a loop: a later wait retries it once a cool-down has passed.
// The keypair goes only to a socket URL that passes socketUrlRefusal(): a
// tampered connect-endpoints answer cannot send it elsewhere, or in clear.

export interface RtmCredentials {
  identifier: string;
  key: string;
  tier: CrispTier;
}

export interface RtmSourceOptions {
  credentials: RtmCredentials;
  /** The socket URLs to try, from the connect-endpoints route for the tier. */
  discover: (websiteId: string | undefined) => Promise<string[]>;
  /** CRISP_API_URL: a socket on its host may get the keypair, since the REST calls send it there anyway. */
  apiUrl: string;
  publish: (event: IncomingEvent) => void;
  /** First reconnect delay and its ceiling, in ms (doubled per failure, ±25% jitter). */
  backoff?: { initialMs?: number; maxMs?: number };
  /** After a refusal, how long before a wait may try again. */
  retryRefusedAfterMs?: number;
  /** How long connecting and authenticating may take. */
  connectTimeoutMs?: number;
}

type Phase = "idle" | "discovering" | "connecting" | "live" | "retrying" | "refused" | "closed";

/** Failures in a row after which the endpoint is discovered again. */
const REDISCOVER_EVERY = 5;

export class RtmSource implements EventSource {
  private phase: Phase = "idle";
  private detail = "connects on the first wait_for_events";
  private socket?: Socket;
  private urls?: string[];
  private host?: string;
  private failures = 0;
  private reconnects = 0;
  private wasLive = false;
  private retryTimer?: NodeJS.Timeout;
  private authTimer?: NodeJS.Timeout;
  private refusedAt = 0;
  private websiteHint?: string;
  private readonly subscribed = new Set<string>(DEFAULT_SUBSCRIPTION);
  private readonly initialMs: number;
  private readonly maxMs: number;
  private readonly retryRefusedAfterMs: number;
  private readonly connectTimeoutMs: number;

  constructor(private readonly options: RtmSourceOptions) {
    registerSecret(options.credentials.identifier);
    registerSecret(options.credentials.key);
    this.initialMs = options.backoff?.initialMs ?? 2_000;
    this.maxMs = options.backoff?.maxMs ?? 60_000;
    this.retryRefusedAfterMs = options.retryRefusedAfterMs ?? 60_000;
    this.connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
  }

  activate(hint: { websiteId: string; patterns?: readonly string[] }): void {
    this.websiteHint ??= hint.websiteId;
    if (hint.patterns && hint.patterns.length > 0) this.subscribe(rtmEventsFor(hint.patterns));
    if (this.phase === "idle") void this.start();
    else if (this.phase === "refused" && Date.now() - this.refusedAt >= this.retryRefusedAfterMs) void this.start();
  }

  status(): SourceStatus {
    switch (this.phase) {
      case "live":
        return {
          state: "live",
          detail: `${this.host}, ${this.subscribed.size} events subscribed${this.reconnects > 0 ? `, reconnected ${this.reconnects}x` : ""}`,
        };
      case "idle":
      case "discovering":
      case "connecting":
        return { state: "connecting", detail: this.detail };
      case "retrying":
      case "refused":
        return { state: "down", detail: this.detail };
      case "closed":
        return { state: "off", detail: "closed" };
    }
  }

  async close(): Promise<void> {
    this.phase = "closed";
    clearTimeout(this.retryTimer);
    clearTimeout(this.authTimer);
    this.dropSocket();
  }

  /** Adds events to the subscription; a live socket is told at once. */
  private subscribe(names: readonly string[]): void {
    const added = names.filter((name) => !this.subscribed.has(name));
    if (added.length === 0) return;
    for (const name of added) this.subscribed.add(name);
    if (this.phase === "live") this.socket?.emit("socket:bind:push", { events: added });
  }

  private async start(): Promise<void> {
    clearTimeout(this.retryTimer);
    this.phase = "discovering";
    this.detail = "discovering the socket endpoint";
    let urls: string[];
    try {
      urls = await this.options.discover(this.websiteHint);
    } catch (error) {
      if (this.isClosed()) return;
      const message = `no socket endpoint: ${(error as Error)?.message ?? String(error)}`;
      // A refusal from Crisp (wrong tier, no RTM for this token) will not change by retrying now.
      if (error instanceof CrispError && !error.transient) this.refuse(message);
      else this.retry(message);
      return;
    }
    if (this.isClosed()) return;
    this.urls = this.trusted(urls);
    if (this.urls.length === 0) {
      this.refuse(
        "refused every socket endpoint Crisp's connect-endpoints named: the keypair goes only over wss:// or https:// to a host under crisp.chat or to CRISP_API_URL's host (plain ws:// only on loopback). Check CRISP_API_URL and any proxy in between",
      );
      return;
    }
    await this.connect();
  }

  /** The URLs the keypair may go to; the others are logged on one line, without credentials. */
  private trusted(urls: readonly string[]): string[] {
    const refused = urls.map((url) => ({ url, why: socketUrlRefusal(url, this.options.apiUrl) })).filter((r) => r.why);
    if (refused.length > 0) {
      log("warn", `rtm: refused socket endpoint(s) ${refused.map((r) => `${describeUrl(r.url)} (${r.why})`).join(", ")}`);
    }
    return urls.filter((url) => !refused.some((r) => r.url === url));
  }

  private async connect(): Promise<void> {
    const urls = this.urls!;
    const target = new URL(urls[this.failures % urls.length]!);
    this.host = target.host;
    this.phase = "connecting";
    this.detail = `connecting to ${target.host}`;
    let io: typeof import("socket.io-client").io;
    try {
      ({ io } = await import("socket.io-client"));
    } catch (error) {
      this.refuse(`socket.io-client could not be loaded: ${(error as Error).message}`);
      return;
    }
    if (this.isClosed()) return;
    this.dropSocket();
    // Crisp's URL names the Socket.IO path; the origin is what the client connects to.
    const socket = io(target.origin, {
      path: target.pathname || "/",
      transports: ["websocket"],
      reconnection: false,
      forceNew: true,
      timeout: this.connectTimeoutMs,
    });
    this.socket = socket;
    socket.on("connect", () => this.authenticate(socket));
    socket.on("authenticated", (answer: unknown) => {
      if (socket !== this.socket) return;
      if (answer === false) this.refuse("authentication refused: check the keypair and CRISP_TIER");
      else this.live();
    });
    socket.on("unauthorized", () => {
      if (socket === this.socket) this.refuse("authentication refused: check the keypair and CRISP_TIER");
    });
    socket.on("disconnect", (reason: string) => {
      if (socket === this.socket && (this.phase === "live" || this.phase === "connecting")) this.retry(`disconnected (${reason})`);
    });
    socket.on("connect_error", (error: Error) => {
      if (socket === this.socket && this.phase === "connecting") this.retry(`cannot connect to ${target.host}: ${error.message}`);
    });
    socket.onAny((name: string, payload: unknown) => {
      if (socket === this.socket && this.phase === "live" && this.subscribed.has(name)) this.receive(name, payload);
    });
  }

  private authenticate(socket: Socket): void {
    const { identifier, key, tier } = this.options.credentials;
    socket.emit("authentication", { username: identifier, password: key, tier, events: [...this.subscribed] });
    clearTimeout(this.authTimer);
    this.authTimer = setTimeout(() => {
      if (socket === this.socket && this.phase === "connecting") this.retry("no answer to authentication");
    }, this.connectTimeoutMs);
    this.authTimer.unref();
  }

  private live(): void {
    clearTimeout(this.authTimer);
    if (this.wasLive) this.reconnects++;
    log("info", `rtm: ${this.wasLive ? "reconnected" : "connected"} to ${this.host}`);
    if (this.wasLive) report({ level: "info", source: "rtm", message: `real-time events: reconnected to ${this.host}` });
    this.wasLive = true;
    this.phase = "live";
    this.failures = 0;
    this.detail = "";
  }

  /** Read through a method: the phase changes while a start awaits. */
  private isClosed(): boolean {
    return this.phase === "closed";
  }

  private receive(name: string, payload: unknown): void {
    const record = payload && typeof payload === "object" ? (payload as Record<string, unknown>) : {};
    const websiteId = typeof record.website_id === "string" ? record.website_id : this.websiteHint;
    if (!websiteId) return;
    const sessionId = typeof record.session_id === "string" ? record.session_id : undefined;
    this.options.publish({ name, websiteId, ...(sessionId ? { sessionId } : {}), data: payload, source: "rtm" });
  }

  /** Schedules another attempt with backoff; every few failures the endpoint is discovered again. */
  private retry(reason: string): void {
    clearTimeout(this.authTimer);
    this.dropSocket();
    this.failures++;
    const delay = this.backoffMs(this.failures);
    this.phase = "retrying";
    this.detail = `${reason}; retrying in ${Math.ceil(delay / 1000)}s`;
    log("warn", `rtm: ${this.detail}`);
    report({ level: "warning", source: "rtm", message: `real-time events: ${this.detail}` });
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      if (this.phase !== "retrying") return;
      if (!this.urls || this.failures % REDISCOVER_EVERY === 0) void this.start();
      else void this.connect();
    }, delay);
    this.retryTimer.unref();
  }

  private refuse(reason: string): void {
    clearTimeout(this.authTimer);
    this.dropSocket();
    this.phase = "refused";
    this.refusedAt = Date.now();
    this.detail = `${reason}; tried again on a wait after ${Math.round(this.retryRefusedAfterMs / 1000)}s (web hooks still work)`;
    log("warn", `rtm: ${reason}`);
    report({ level: "warning", source: "rtm", message: `real-time events: ${this.detail}` });
  }

  private backoffMs(failures: number): number {
    const base = Math.min(this.maxMs, this.initialMs * 2 ** Math.min(failures - 1, 20));
    return Math.round(base * (0.75 + Math.random() * 0.5));
  }

  private dropSocket(): void {
    const socket = this.socket;
    this.socket = undefined;
    if (socket) {
      socket.offAny();
      socket.removeAllListeners();
      socket.disconnect();
    }
  }
}

/**
 * Why the keypair may not go to this socket URL, or undefined when it may:
 * wss:// or https:// on a host under crisp.chat (Crisp's RTM hosts are like
 * rtm-eu.relay.crisp.chat), or the host and port of CRISP_API_URL (which gets
 * the keypair on every REST call; the sandbox serves its socket there). Plain
 * ws:// or http:// would send the keypair in clear: only on loopback.
 */
export function socketUrlRefusal(url: string, apiUrl: string): string | undefined {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return "not a URL";
  }
  const secure = target.protocol === "wss:" || target.protocol === "https:";
  if (!secure && target.protocol !== "ws:" && target.protocol !== "http:") return `${target.protocol} is not a socket scheme`;
  if (!secure && !isLoopback(target.hostname)) return "plain ws:// or http:// off loopback would carry the keypair in clear";
  if (secure && isCrispHost(target.hostname)) return undefined;
  if (sameHostAndPort(target, apiUrl)) return undefined;
  return "neither a host under crisp.chat nor CRISP_API_URL's host";
}

function isCrispHost(hostname: string): boolean {
  return hostname === "crisp.chat" || hostname.endsWith(".crisp.chat");
}

function isLoopback(hostname: string): boolean {
  return hostname === "localhost" || hostname === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

function sameHostAndPort(target: URL, apiUrl: string): boolean {
  try {
    const api = new URL(apiUrl);
    return api.hostname === target.hostname && effectivePort(api) === effectivePort(target);
  } catch {
    return false;
  }
}

function effectivePort(url: URL): string {
  if (url.port) return url.port;
  return url.protocol === "https:" || url.protocol === "wss:" ? "443" : "80";
}

/** Scheme and host only: a URL's user, path or query could carry anything. */
function describeUrl(url: string): string {
  try {
    const { protocol, host } = new URL(url);
    return `${protocol}//${host}`;
  } catch {
    return "an unreadable URL";
  }
}
