import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { routeAcceptsTier } from "../tools/route-facts.js";
import { hasMatchingTierHeader, hasValidKeypair, routeInScope, type Credentials } from "./access.js";
import { encodeReply, failure, type Reply } from "./envelope.js";
import {
  DEFAULT_HUGE_BODY_BYTES,
  MALFORMED_JSON,
  htmlErrorPage,
  hugeEnvelope,
  reasonForStatus,
  type FaultRule,
  type FaultRules,
} from "./faults.js";
import type { Dispatch } from "./handlers/index.js";
import type { RecordedRequest, RequestLog } from "./request-log.js";
import { chooseOperation, decodeParams, type MatchResult, type Router } from "./router.js";
import type { Operation } from "../tools/operation.js";
import type { SandboxState } from "./state.js";

// The HTTP side: read the request, record it, let a fault take over if one
// matches, check access, then hand the route to its handler and write the
// envelope. Nothing here is written to stdout.

const API_PREFIX = "/v1";
const MAX_BODY_BYTES = 10 * 1024 * 1024;

export interface SandboxServerParts {
  readonly router: Router;
  readonly dispatch: Dispatch;
  readonly state: SandboxState;
  readonly faults: FaultRules;
  readonly log: RequestLog;
  readonly credentials: Credentials;
}

interface ReadBody {
  readonly body: unknown;
  readonly malformed: boolean;
  readonly tooLarge: boolean;
}

export class SandboxServer {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();

  constructor(private readonly parts: SandboxServerParts) {
    this.server = createServer((request, response) => this.receive(request, response));
    this.server.on("connection", (socket: Socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
    // A client that resets mid-request must not take the sandbox down.
    this.server.on("clientError", (_error, socket: Socket) => socket.destroy());
  }

  /** The node:http server, for the RTM endpoint that shares it. */
  get http(): Server {
    return this.server;
  }

  listen(port: number, host: string): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, host, () => {
        this.server.off("error", reject);
        resolve(this.server.address() as AddressInfo);
      });
    });
  }

  /** Stops listening and drops every connection, hung ones included. */
  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      for (const socket of this.sockets) socket.destroy();
      this.sockets.clear();
    });
  }

  private receive(request: IncomingMessage, response: ServerResponse): void {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on("end", () => this.answer(request, response, readBody(chunks, size)));
    request.on("error", () => response.destroy());
  }

  private answer(request: IncomingMessage, response: ServerResponse, read: ReadBody): void {
    const { router, faults, log, credentials } = this.parts;
    const method = (request.method ?? "GET").toUpperCase();
    const target = request.url ?? "/";
    const queryAt = target.indexOf("?");
    const fullPath = queryAt < 0 ? target : target.slice(0, queryAt);
    const queryString = queryAt < 0 ? "" : target.slice(queryAt + 1);
    const query = Object.fromEntries(new URLSearchParams(queryString));
    const underPrefix = fullPath === API_PREFIX || fullPath.startsWith(`${API_PREFIX}/`);
    const path = underPrefix ? fullPath.slice(API_PREFIX.length) || "/" : fullPath;
    const tierHeader = singleHeader(request.headers["x-crisp-tier"]);

    const matched = underPrefix ? router.match(method, path) : { kind: "unknown" as const };
    const operation = matched.kind === "matched" ? chooseOperation(matched.route, read.body) : undefined;
    const record: RecordedRequest = {
      method,
      path,
      query,
      body: read.body,
      ...(tierHeader !== undefined ? { tier: tierHeader } : {}),
      ...(operation ? { operation: operation.name } : {}),
      status: 0,
    };

    const fault = underPrefix ? faults.take(method, path) : undefined;
    if (fault) {
      log.add(record);
      this.misbehave(request, response, method, fault, record);
      return;
    }

    // refusal() answers whenever no operation matched, so `operation` is set past it.
    const reply =
      refusal(request, credentials, tierHeader, operation, method, path) ??
      bodyRefusal(read) ??
      this.route(matched, operation!, query, read.body);

    record.status = reply.status;
    log.add(record);
    send(response, method, reply);
  }

  private route(matched: MatchResult, operation: Operation, query: Record<string, string>, body: unknown): Reply {
    if (matched.kind !== "matched") return failure(404, "not_found", "route", "no such route");
    let params: Record<string, string>;
    try {
      params = decodeParams(matched.route, matched.rawParams);
    } catch {
      return failure(400, "invalid_data", "route", "a path segment has a malformed percent-encoding");
    }
    return this.parts.dispatch({ state: this.parts.state, operation, params, query, body });
  }

  private misbehave(request: IncomingMessage, response: ServerResponse, method: string, fault: FaultRule, record: RecordedRequest): void {
    const headers: Record<string, string> = {};
    if (fault.retryAfter !== undefined) headers["retry-after"] = String(fault.retryAfter);
    switch (fault.kind) {
      case "hang":
        return; // the socket stays open until the client gives up or the sandbox closes
      case "reset":
        request.socket.destroy();
        return;
      case "status": {
        const status = fault.status ?? 500;
        record.status = status;
        const reason = reasonForStatus(status);
        send(response, method, failure(status, reason, "response", `injected ${status} ${reason}`), headers);
        return;
      }
      case "html": {
        const status = fault.status ?? 502;
        record.status = status;
        write(response, method, status, "text/html; charset=utf-8", htmlErrorPage(status), headers);
        return;
      }
      case "malformed_json":
        record.status = 200;
        write(response, method, 200, "application/json; charset=utf-8", MALFORMED_JSON, headers);
        return;
      case "huge_body":
        record.status = 200;
        write(response, method, 200, "application/json; charset=utf-8", hugeEnvelope(fault.bytes ?? DEFAULT_HUGE_BODY_BYTES), headers);
        return;
    }
  }
}

/** Crisp's order of refusals: keypair, tier header, unknown route, route tier, token scopes. */
function refusal(
  request: IncomingMessage,
  credentials: Credentials,
  tierHeader: string | undefined,
  operation: Operation | undefined,
  method: string,
  path: string,
): Reply | undefined {
  if (!hasValidKeypair(request.headers.authorization, credentials)) {
    return failure(401, "unauthorized", "authentication", "invalid or missing token keypair");
  }
  if (!hasMatchingTierHeader(tierHeader, credentials)) {
    return failure(403, "restricted_route_tier", "authentication", `the X-Crisp-Tier header must be "${credentials.tier}" for this token`);
  }
  if (!operation) return failure(404, "not_found", "route", `no route for ${method} ${path}`);
  if (!routeAcceptsTier(operation, credentials.tier)) {
    return failure(403, "restricted_route_tier", "authentication", `this route is not available to ${credentials.tier} tokens`);
  }
  // Crisp's reason for a route outside the scopes is not documented (crisp-api README P26): ours is a plausible one.
  if (!routeInScope(operation, credentials)) {
    return failure(403, "not_allowed", "authorization", "the token's scopes do not cover this route");
  }
  return undefined;
}

function bodyRefusal(read: ReadBody): Reply | undefined {
  if (read.tooLarge) return failure(413, "invalid_data", "data", `the request body is larger than ${MAX_BODY_BYTES} bytes`);
  if (read.malformed) return failure(400, "invalid_data", "data", "the request body is not valid JSON");
  return undefined;
}

function readBody(chunks: Buffer[], size: number): ReadBody {
  if (size > MAX_BODY_BYTES) return { body: undefined, malformed: false, tooLarge: true };
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") return { body: undefined, malformed: false, tooLarge: false };
  try {
    return { body: JSON.parse(text) as unknown, malformed: false, tooLarge: false };
  } catch {
    return { body: undefined, malformed: true, tooLarge: false };
  }
}

function send(response: ServerResponse, method: string, reply: Reply, headers: Record<string, string> = {}): void {
  const payload = encodeReply(reply);
  if (payload === undefined) {
    response.writeHead(reply.status, headers);
    response.end();
    return;
  }
  write(response, method, reply.status, "application/json; charset=utf-8", payload, headers);
}

/** HEAD answers carry the status and headers only, as Crisp's do. */
function write(
  response: ServerResponse,
  method: string,
  status: number,
  contentType: string,
  payload: string,
  headers: Record<string, string>,
): void {
  if (method === "HEAD") {
    response.writeHead(status, headers);
    response.end();
    return;
  }
  response.writeHead(status, { ...headers, "content-type": contentType, "content-length": Buffer.byteLength(payload) });
  response.end(payload);
}

function singleHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
