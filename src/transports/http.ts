import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { CrispClient, type CrispTarget, type RetryPolicy } from "../client/index.js";
import type { CrispTier } from "../client/types.js";
import { isLoopbackHost, type Config } from "../config.js";
import { log, registerSecret } from "../log.js";
import { handleWebhook, WEBHOOK_PATH, type EventHub } from "../events/index.js";
import { createServer, listedTools, type ServerSettings } from "../server.js";
import { SharedStateError, type StateHealth, type StateHome } from "../state/index.js";
import type { ConsentMode } from "../auth/consent.js";
import type { CrispKeypair } from "../auth/grant.js";
import { checkKeypair } from "../auth/keypair-check.js";
import type { OAuthServer, OAuthServerOptions } from "../auth/oauth-server.js";
import { identify, type HttpAuthMode } from "./http-auth.js";
import { HostGuard, LOOPBACK_HOSTS, readBody } from "./http-guard.js";
import { requestSurface } from "./http-surface.js";
import { listenError } from "./listen-error.js";
import { TenantClients } from "./tenants.js";

// Stateless Streamable HTTP: every POST /mcp gets its own MCP Server and
// transport, so replicas share nothing and any of them can answer any request.
//
// The SDK's web-standard transport is used directly (the Node wrapper only
// converts IncomingMessage to a web Request): we read and bound the body
// ourselves, and we choose per request between one JSON answer and an SSE
// stream, which the SDK fixes per transport with enableJsonResponse.

export type HttpAuthOptions =
  /** One shared Crisp client; callers send the Bearer token (none: only allowed on loopback). */
  | { mode: "token"; token?: string; client: CrispClient }
  /** Each request brings its own Crisp keypair; one client per tenant. */
  | {
      mode: "passthrough";
      apiUrl: string;
      defaultTier: CrispTier;
      timeoutMs: number;
      maxTenants?: number;
      tenantIdleMs?: number;
      retry?: Partial<RetryPolicy>;
    };

export interface HttpServerOptions {
  /** The tool surface; a request may narrow it with headers, never widen it. */
  settings: ServerSettings;
  auth: HttpAuthOptions;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Host names served (CRISP_MCP_ALLOWED_HOSTS); empty: loopback names, any port. */
  allowedHosts?: readonly string[];
  /** Largest request body, in bytes (413 above). */
  maxBodyBytes?: number;
  /** A request's deadline, from its body being read to its answer being sent. */
  requestTimeoutMs?: number;
  /** On close(), how long requests in flight may finish before they are cut. */
  shutdownGraceMs?: number;
  /** The process's event hub: wait_for_events reads it, POST /webhooks/crisp feeds it. */
  events?: EventHub;
  /** Turns on the OAuth authorization server and its consent page beside the other sign-ins. */
  oauth?: HttpOAuthOptions;
  /** The shared store's health, shown by /healthz when it is Redis. */
  stateHealth?: () => StateHealth;
}

export interface HttpOAuthOptions extends Pick<OAuthServerOptions, "secret" | "lifetimes" | "rateLimits" | "state"> {
  /** The origin clients reach the server at; default: the listening address (loopback only). */
  publicUrl?: string;
  /** Token mode: the secret people type on the consent page. */
  signinSecret?: string;
}

export interface RunningHttpServer {
  /** The MCP endpoint, e.g. http://127.0.0.1:8787/mcp */
  url: string;
  /** The OAuth server, when on: its issuer and resource. */
  oauth?: { issuer: string; resource: string };
  close(): Promise<void>;
}

export const MCP_PATH = "/mcp";
const DEFAULT_MAX_BODY = 1024 * 1024;
const DEFAULT_REQUEST_TIMEOUT = 120_000;

/** Starts listening and resolves once it does. */
export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  let guard = new HostGuard(options.allowedHosts ?? []);
  let oauth: OAuthServer | undefined;
  const auth = options.auth;
  if (auth.mode === "token") registerSecret(auth.token);
  registerSecret(options.oauth?.secret);
  const authMode: HttpAuthMode =
    auth.mode === "token" ? { mode: "token", token: auth.token } : { mode: "passthrough", defaultTier: auth.defaultTier };
  const tenants =
    auth.mode === "passthrough"
      ? new TenantClients({
          baseUrl: auth.apiUrl,
          timeoutMs: auth.timeoutMs,
          maxTenants: auth.maxTenants,
          idleMs: auth.tenantIdleMs,
          retry: auth.retry,
        })
      : undefined;
  const sharedClient = auth.mode === "token" ? auth.client : undefined;
  // How the consent page lets a person in: checked before anything listens.
  const consentMode: ConsentMode | undefined = !options.oauth
    ? undefined
    : auth.mode === "passthrough"
      ? { kind: "passthrough", defaultTier: auth.defaultTier, check: (keypair) => checkedByCrisp(tenants!, keypair) }
      : { kind: "token", signinSecret: signinSecretOf(options.oauth) };
  // Loaded only when OAuth is on (express, its rate limiter, jose), and before listening:
  // no request may arrive while the server it needs is still loading.
  const OAuthServerClass = options.oauth ? (await import("../auth/oauth-server.js")).OAuthServer : undefined;
  const limits = {
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY,
    requestTimeoutMs: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT,
  };
  const inFlight = new Set<AbortController>();
  let closing = false;

  const server = createHttpServer((req, res) => {
    const exchange = new AbortController();
    inFlight.add(exchange);
    const started = Date.now();
    const path = pathOf(req); // before the OAuth routes rewrite req.url
    handle(req, res, exchange.signal)
      .catch((error: unknown) => {
        if (error instanceof SharedStateError) {
          // Checking a sign-in needs the shared store (a revoked OAuth grant): unavailable, not denied.
          log("warn", `http: ${error.message}`);
          if (!res.headersSent) {
            res.setHeader("retry-after", "5");
            sendError(res, 503, -32000, `Service Unavailable: ${error.message}; try again in a few seconds`);
          } else res.end();
          return;
        }
        log("error", `http: ${(error as Error)?.stack ?? String(error)}`);
        if (!res.headersSent) sendError(res, 500, -32603, "Internal error");
        else res.end();
      })
      .finally(() => {
        inFlight.delete(exchange);
        log("debug", `http ${req.method} ${path} ${res.statusCode} ${Date.now() - started}ms`);
      });
  });
  // Slow senders: the whole request (headers and body) must arrive within these.
  server.headersTimeout = 15_000;
  server.requestTimeout = 30_000;

  async function handle(req: IncomingMessage, res: ServerResponse, signal: AbortSignal): Promise<void> {
    const path = pathOf(req);
    if (path === "/healthz" && (req.method === "GET" || req.method === "HEAD")) {
      // Unauthenticated and not host-checked: load balancers and probes use their own Host.
      if (closing) sendJson(res, 503, { status: "shutting down" });
      else sendJson(res, 200, health(options.stateHealth?.()));
      return;
    }
    if (path === WEBHOOK_PATH && options.events && !closing) {
      // Crisp's servers call it: authenticated by its signature, not by our token or Host list.
      await handleWebhook(options.events, req, res);
      return;
    }
    if (oauth?.handles(path)) {
      if (closing) sendJson(res, 503, { error: "temporarily_unavailable", error_description: "the server is shutting down" });
      else if (!guard.hostAllowed(req.headers.host)) sendJson(res, 403, { error: "access_denied", error_description: "this Host is not served (CRISP_MCP_ALLOWED_HOSTS)" });
      else await oauth.handle(req, res);
      return;
    }
    if (path !== MCP_PATH) {
      sendJson(res, 404, { error: `Not found: the MCP endpoint is ${MCP_PATH}` });
      return;
    }
    if (closing) {
      res.setHeader("connection", "close");
      sendError(res, 503, -32000, "Service Unavailable: the server is shutting down");
      return;
    }
    if (!guard.hostAllowed(req.headers.host)) {
      sendError(res, 403, -32000, "Forbidden: this Host is not served (CRISP_MCP_ALLOWED_HOSTS)");
      return;
    }
    if (!guard.originAllowed(headerValue(req.headers.origin))) {
      sendError(res, 403, -32000, "Forbidden: this Origin is not allowed (CRISP_MCP_ALLOWED_HOSTS)");
      return;
    }
    if (req.method !== "POST") {
      // Stateless: no server-initiated stream to GET, no session to DELETE.
      res.setHeader("allow", "POST");
      sendError(res, 405, -32000, "Method Not Allowed: this stateless server answers POST only");
      return;
    }
    const who = await identify(req.headers, authMode, oauth);
    if (!who.ok) {
      if (who.challenge) res.setHeader("www-authenticate", who.challenge);
      sendError(res, who.status, -32001, who.message);
      return;
    }
    const mode = responseMode(headerValue(req.headers.accept));
    if (mode === "unacceptable") {
      sendError(res, 406, -32000, "Not Acceptable: accept application/json or text/event-stream");
      return;
    }
    const body = await readBody(req, limits.maxBodyBytes);
    if (body.kind === "too_large") {
      res.setHeader("connection", "close");
      sendError(res, 413, -32000, `Payload Too Large: the request body must not exceed ${limits.maxBodyBytes} bytes`);
      return;
    }
    if (body.kind === "aborted") return;
    let message: unknown;
    try {
      message = JSON.parse(body.body.toString("utf8"));
    } catch {
      sendError(res, 400, -32700, "Parse error: the body is not valid JSON");
      return;
    }
    const surface = requestSurface(options.settings, req.headers, who.narrowing);
    if (!surface.ok) {
      sendError(res, 400, -32600, surface.message);
      return;
    }

    const lease = who.tenant ? tenants!.acquire(who.tenant) : undefined;
    const client = lease?.client ?? sharedClient!;
    const mcp = createServer(surface.surface.settings, client, { restrictTo: surface.surface.restrictTo, events: options.events });
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: mode === "json" || (mode === "either" && !asksForProgress(message)),
    });
    // Ends the exchange on the deadline, on the client going away, or on shutdown.
    const stop = new AbortController();
    const stopped = new Promise<undefined>((resolve) => stop.signal.addEventListener("abort", () => resolve(undefined), { once: true }));
    const onStop = () => stop.abort();
    signal.addEventListener("abort", onStop, { once: true });
    res.once("close", onStop);
    if (signal.aborted || res.destroyed) stop.abort(); // gone while the body was read
    const deadline = setTimeout(() => {
      log("warn", `http: request over its ${limits.requestTimeoutMs}ms deadline was cut`);
      if (!res.headersSent) sendError(res, 504, -32001, `Request timed out after ${limits.requestTimeoutMs}ms`);
      stop.abort();
    }, limits.requestTimeoutMs);
    try {
      await mcp.connect(transport);
      const answer = await Promise.race([transport.handleRequest(webRequest(req), { parsedBody: message }), stopped]);
      if (answer && !res.headersSent) await writeResponse(res, answer, stop.signal);
    } finally {
      clearTimeout(deadline);
      signal.removeEventListener("abort", onStop);
      res.off("close", onStop);
      // Closing the MCP server aborts any tool still running, and its Crisp requests.
      await mcp.close().catch(() => undefined);
      lease?.release();
      if (!res.writableEnded) res.end();
    }
  }

  const listenHost = options.host ?? "127.0.0.1";
  const listenPort = options.port ?? 8787;
  await new Promise<void>((resolve, reject) => {
    const failed = (error: Error) => {
      // Nothing else will use what was made for this server.
      void tenants?.close();
      reject(listenError(error, listenHost, listenPort));
    };
    server.once("error", failed);
    server.listen(listenPort, listenHost, () => {
      server.off("error", failed);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  // Built in the same turn as the listen callback, before any connection can be read.
  if (options.oauth && consentMode) {
    const { publicUrl = `http://${host}:${address.port}`, secret, lifetimes, rateLimits, state } = options.oauth;
    oauth = new OAuthServerClass!({
      secret,
      lifetimes,
      rateLimits,
      state,
      resource: `${new URL(publicUrl).origin}${MCP_PATH}`,
      serverWrites: !options.settings.readOnly,
      pinnedWebsite: options.settings.websiteId,
      deletesAllowed: options.settings.allowDestructive,
      mode: consentMode,
    });
    // The public name is served as well as the configured ones.
    guard = new HostGuard([...(options.allowedHosts?.length ? options.allowedHosts : LOOPBACK_HOSTS), new URL(publicUrl).host]);
  }

  return {
    url: `http://${host}:${address.port}${MCP_PATH}`,
    ...(oauth ? { oauth: { issuer: oauth.issuer, resource: oauth.resource } } : {}),
    async close() {
      if (closing) return;
      closing = true;
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const graceMs = options.shutdownGraceMs ?? 10_000;
      const deadline = Date.now() + graceMs;
      while (inFlight.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
      for (const exchange of inFlight) exchange.abort();
      while (inFlight.size > 0 && Date.now() < deadline + 1_000) await new Promise((r) => setTimeout(r, 10));
      server.closeAllConnections();
      await stopped;
      await tenants?.close();
      await oauth?.close();
    },
  };
}

/**
 * Serves the configured tools over HTTP until SIGTERM or SIGINT (the bin's http
 * mode). `target` is where Crisp is: the API, or the embedded sandbox.
 */
export async function serveHttp(
  config: Config,
  target: CrispTarget,
  events?: EventHub,
  home?: StateHome,
): Promise<void> {
  const settings: ServerSettings = { ...config, websiteId: target.websiteId };
  const shared =
    config.httpAuth === "token"
      ? new CrispClient({ ...target, identifier: target.identifier ?? "", key: target.key ?? "" })
      : undefined;
  const running = await startHttpServer({
    settings,
    events,
    host: config.host,
    port: config.port,
    allowedHosts: config.allowedHosts,
    auth: shared
      ? { mode: "token", token: config.httpToken, client: shared }
      : { mode: "passthrough", apiUrl: target.baseUrl, defaultTier: config.tier, timeoutMs: target.timeoutMs },
    ...(config.oauth
      ? { oauth: { secret: config.oauthSecret!, publicUrl: config.publicUrl, signinSecret: config.signinSecret, state: home?.state } }
      : {}),
    ...(home ? { stateHealth: () => home.health() } : {}),
  }).catch(async (error: unknown) => {
    await shared?.close().catch(() => undefined);
    throw error;
  });
  const signIns = [
    ...(running.oauth ? [`OAuth (issuer ${running.oauth.issuer})`] : []),
    ...(config.httpAuth === "passthrough" ? ["each request's own Crisp keypair"] : config.httpToken ? ["token (CRISP_MCP_HTTP_TOKEN)"] : []),
  ];
  const auth = signIns.length > 0 ? signIns.join(" or ") : "none";
  const sharedState = home?.kind === "redis" ? ", shared state in Redis" : "";
  log(
    "info",
    `serving ${listedTools(settings).length} tools over Streamable HTTP at ${running.url} (auth: ${auth}${sharedState})${config.readOnly ? " (read-only)" : ""}`,
  );
  if (!isLoopbackHost(config.host) && config.allowedHosts.length === 0) {
    log("warn", `listening on ${config.host}, but only requests addressed to localhost are served: list the public host names in CRISP_MCP_ALLOWED_HOSTS`);
  }
  if (config.httpAuth === "token" && !config.httpToken) {
    log("warn", "no CRISP_MCP_HTTP_TOKEN: any program on this machine can call this server");
  }
  if (config.httpAuth === "passthrough" && config.sandbox && !(config.identifier && config.key)) {
    log("info", "passthrough against the sandbox: set CRISP_IDENTIFIER and CRISP_KEY to choose the keypair callers send");
  }
  await new Promise<void>((resolve) => {
    process.once("SIGTERM", () => resolve());
    process.once("SIGINT", () => resolve());
  });
  log("info", "shutting down: finishing requests in flight");
  await running.close();
  await shared?.close().catch(() => undefined);
}

/** The consent page's check of a person's keypair, on the tenant client requests would use. */
async function checkedByCrisp(tenants: TenantClients, keypair: CrispKeypair) {
  const lease = tenants.acquire(keypair);
  try {
    return await checkKeypair(lease.client, keypair);
  } finally {
    lease.release();
  }
}

function signinSecretOf(oauth: HttpOAuthOptions): string {
  if (!oauth.signinSecret) throw new Error("OAuth in token mode needs a sign-in secret");
  registerSecret(oauth.signinSecret);
  return oauth.signinSecret;
}

/**
 * The /healthz answer. A lost Redis makes it "degraded" but still 200: tool
 * calls that need no shared state keep working, so a load balancer should
 * keep sending them; the body says what is down.
 */
function health(state: StateHealth | undefined): Record<string, string> {
  if (!state || state.home === "memory") return { status: "ok" };
  return state.up ? { status: "ok", redis: "up" } : { status: "degraded", redis: `down: ${state.detail ?? "unreachable"}` };
}

type ResponseMode = "json" | "sse" | "either" | "unacceptable";

/** What the client's Accept header lets us send; "either" lets the request decide. */
export function responseMode(accept: string | undefined): ResponseMode {
  if (accept === undefined || accept.trim() === "") return "json";
  const weights = new Map<string, number>();
  for (const part of accept.split(",")) {
    const [type, ...params] = part.split(";").map((s) => s.trim().toLowerCase());
    if (!type) continue;
    const q = params.find((p) => p.startsWith("q="));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    weights.set(type, Number.isFinite(weight) ? weight : 0);
  }
  const weightOf = (type: string) => weights.get(type) ?? weights.get(`${type.split("/")[0]}/*`) ?? weights.get("*/*") ?? 0;
  const json = weightOf("application/json");
  const sse = weightOf("text/event-stream");
  if (json <= 0 && sse <= 0) return "unacceptable";
  if (sse <= 0) return "json";
  if (json <= 0 || sse > json) return "sse";
  return "either";
}

/** A request that asks for progress wants notifications before its answer: only a stream carries them. */
function asksForProgress(message: unknown): boolean {
  const messages = Array.isArray(message) ? message : [message];
  return messages.some((m) => {
    const meta = (m as { params?: { _meta?: { progressToken?: unknown } } } | null)?.params?._meta;
    return meta?.progressToken !== undefined;
  });
}

/** The web Request the SDK transport reads: the body is passed parsed, the Accept header is ours to set. */
function webRequest(req: IncomingMessage): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    // The caller's credentials stay out of the MCP layer (and of anything it might log).
    if (value === undefined || name === "authorization" || name === "host" || name === "connection") continue;
    headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  headers.set("accept", "application/json, text/event-stream");
  // The Host was checked already; a fixed base keeps an odd one from breaking the URL.
  return new Request(new URL(req.url ?? MCP_PATH, "http://localhost"), { method: "POST", headers });
}

/** Copies a web Response to Node's response, streaming SSE as it comes and stopping when `stop` fires. */
async function writeResponse(res: ServerResponse, response: Response, stop: AbortSignal): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => (headers[name] = value));
  if (!response.body || !headers["content-type"]?.startsWith("text/event-stream")) {
    // One JSON answer (or none): sent whole, with its length.
    const body = Buffer.from(await response.arrayBuffer());
    res.writeHead(response.status, { ...headers, "content-length": String(body.length) });
    res.end(body);
    return;
  }
  res.writeHead(response.status, headers);
  res.flushHeaders();
  const reader = response.body.getReader();
  const cancel = () => void reader.cancel().catch(() => undefined);
  stop.addEventListener("abort", cancel, { once: true });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done || res.destroyed) break;
      if (!res.write(value)) {
        await new Promise<void>((resolve) => {
          const go = () => {
            res.off("drain", go);
            stop.removeEventListener("abort", go);
            resolve();
          };
          res.on("drain", go);
          stop.addEventListener("abort", go, { once: true });
        });
      }
    }
  } finally {
    stop.removeEventListener("abort", cancel);
    if (!res.writableEnded) res.end();
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

/** Refusals in JSON-RPC's error shape, which MCP clients know how to show. */
function sendError(res: ServerResponse, status: number, code: number, message: string): void {
  sendJson(res, status, { jsonrpc: "2.0", error: { code, message }, id: null });
}

function pathOf(req: IncomingMessage): string {
  const url = req.url ?? "/";
  const query = url.indexOf("?");
  return query === -1 ? url : url.slice(0, query);
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(", ") : value;
}
