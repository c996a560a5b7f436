import type { EventEmitter } from "node:events";
import type { IncomingMessage, Server as HttpServer } from "node:http";
import type { Duplex } from "node:stream";
import type { Server as IoServer, Socket } from "socket.io";
import type { Credentials } from "./access.js";
import type { SandboxEvent } from "./types.js";

// The sandbox's RTM endpoint: a Socket.IO server on the sandbox's own HTTP
// server, under /rtm/ (the connect-endpoints routes give out its URL). Like
// Crisp's, it waits for an `authentication` event with the keypair, the tier
// and the events wanted, answers `authenticated` or `unauthorized`, and then
// pushes every state change the socket subscribed to. socket.io is loaded on
// the first connection, so a sandbox nobody listens to never loads it.

export const RTM_PATH = "/rtm/";
/** A socket that has not authenticated by then is dropped, as Crisp does. */
const AUTHENTICATION_DEADLINE_MS = 10_000;

export interface SandboxRtm {
  /** The socket URL, e.g. ws://127.0.0.1:43121/rtm/ */
  readonly url: string;
  /** Sockets authenticated now. */
  authenticatedCount(): number;
  /** Successful authentications since the start (a reconnect counts again). */
  readonly authentications: number;
  /** Cuts every RTM connection, as a network failure would; clients are expected to reconnect. */
  dropConnections(): void;
  close(): void;
}

interface AuthenticationRequest {
  username?: unknown;
  password?: unknown;
  tier?: unknown;
  events?: unknown;
}

export function attachRtm(http: HttpServer, origin: string, credentials: Credentials, events: EventEmitter): SandboxRtm {
  let io: IoServer | undefined;
  let loading: Promise<IoServer> | undefined;
  let authentications = 0;
  /** Authenticated sockets and the events each one wants. */
  const subscribers = new Map<Socket, Set<string>>();

  const start = async (): Promise<IoServer> => {
    const { Server } = await import("socket.io");
    const server = new Server(http, { path: RTM_PATH, transports: ["websocket"], serveClient: false });
    server.on("connection", (socket) => welcome(socket));
    io = server;
    return server;
  };

  // Until socket.io is attached, this listener takes the upgrades; after, socket.io's own does.
  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (io) return;
    if (!request.url?.startsWith(RTM_PATH)) {
      socket.destroy();
      return;
    }
    loading ??= start();
    loading.then(
      (server) => server.engine.handleUpgrade(request, socket, head),
      () => socket.destroy(),
    );
  };
  http.on("upgrade", onUpgrade);

  function welcome(socket: Socket): void {
    const deadline = setTimeout(() => socket.disconnect(true), AUTHENTICATION_DEADLINE_MS);
    socket.on("authentication", (request: AuthenticationRequest) => {
      clearTimeout(deadline);
      if (!accepts(request, credentials)) {
        socket.emit("unauthorized");
        setTimeout(() => socket.disconnect(true), 10);
        return;
      }
      subscribers.set(socket, new Set(names(request.events)));
      authentications++;
      socket.emit("authenticated", true);
    });
    socket.on("socket:bind:push", (request: { events?: unknown }) => {
      const wanted = subscribers.get(socket);
      for (const name of names(request?.events)) wanted?.add(name);
    });
    socket.on("socket:bind:pop", (request: { events?: unknown }) => {
      const wanted = subscribers.get(socket);
      for (const name of names(request?.events)) wanted?.delete(name);
    });
    socket.on("disconnect", () => {
      clearTimeout(deadline);
      subscribers.delete(socket);
    });
  }

  const push = (event: SandboxEvent) => {
    const payload = payloadOf(event);
    for (const [socket, wanted] of subscribers) if (wanted.has(event.event)) socket.emit(event.event, payload);
  };
  events.on("event", push);

  return {
    url: `${origin.replace(/^http/, "ws")}${RTM_PATH}`,
    authenticatedCount: () => subscribers.size,
    get authentications() {
      return authentications;
    },
    dropConnections() {
      // Closing the transport underneath looks like a network failure to the client.
      for (const socket of subscribers.keys()) socket.conn.close();
    },
    close() {
      events.off("event", push);
      http.off("upgrade", onUpgrade);
      subscribers.clear();
      if (io) {
        io.disconnectSockets(true);
        io.engine.close();
      }
    },
  };
}

function accepts(request: AuthenticationRequest, credentials: Credentials): boolean {
  return (
    request?.username === credentials.identifier &&
    request?.password === credentials.key &&
    typeof request?.tier === "string" &&
    request.tier.toLowerCase() === credentials.tier
  );
}

function names(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((name): name is string => typeof name === "string") : [];
}

/** What Crisp pushes: the event's data, with the website and session it belongs to. */
function payloadOf(event: SandboxEvent): Record<string, unknown> {
  const base = event.data && typeof event.data === "object" && !Array.isArray(event.data) ? event.data : { value: event.data };
  return {
    ...base,
    website_id: event.website_id,
    ...(event.session_id !== undefined ? { session_id: event.session_id } : {}),
  };
}
