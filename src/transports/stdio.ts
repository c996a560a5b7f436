import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import type { JSONRPCMessage, RequestId } from "@modelcontextprotocol/sdk/types.js";
import { log } from "../log.js";
import { forwardBackgroundActivity } from "../mcp-log.js";

export interface StdioOptions {
  /** How long calls in flight may take to finish after stdin closes, before they are cancelled. */
  stdinGraceMs?: number;
}

const DEFAULT_STDIN_GRACE_MS = 3_000;
/** Longest wait for stdout to take the last answers before the process exits. */
const FLUSH_MS = 1_000;

/**
 * Serves one MCP session over stdin/stdout. Resolves when the session ends,
 * with every answer that was written flushed to stdout:
 * - stdin closed: calls in flight get a short grace to finish and answer
 *   (a piped client may still read stdout), then the rest are cancelled;
 * - SIGTERM/SIGINT: calls in flight are cancelled at once, which aborts their HTTP requests.
 * stdout carries only JSON-RPC.
 */
export async function serveStdio(server: Server, options: StdioOptions = {}): Promise<void> {
  const transport = new StdioServerTransport();
  const ended = new Promise<string>((resolve) => {
    process.stdin.once("end", () => resolve("stdin closed"));
    process.stdin.once("close", () => resolve("stdin closed"));
    process.once("SIGTERM", () => resolve("SIGTERM"));
    process.once("SIGINT", () => resolve("SIGINT"));
    server.onclose = () => resolve("transport closed");
  });
  server.onerror ??= logTransportError;

  await server.connect(transport);
  // A stdio session stands as long as the process: what happens outside calls (RTM) reaches its log too.
  const stopForwarding = forwardBackgroundActivity(server);
  const inFlight = trackRequests(transport);
  const why = await ended;
  stopForwarding();
  log("debug", `stdio session ending (${why}, ${inFlight.count()} call(s) in flight)`);
  if (why === "stdin closed") await inFlight.settled(options.stdinGraceMs ?? DEFAULT_STDIN_GRACE_MS);
  // Closing the transport aborts every handler still running, and with it its HTTP request.
  await server.close().catch(() => undefined);
  await flushStdout(FLUSH_MS);
}

/** A bad stdin line is the client's bug: say so on stderr, without echoing what it held. */
function logTransportError(error: Error): void {
  log("warn", describeTransportError(error));
}

/** The SDK's messages that quote a whole JSON-RPC message after the prefix, and what to say instead. */
const QUOTING_ERRORS: readonly (readonly [prefix: string, what: string])[] = [
  ["Received a response for an unknown message ID: ", "a response to no request in flight"],
  ["Received a progress notification for an unknown token: ", "a progress notification for no request in flight"],
  ["Unknown message type: ", "a message of unknown type"],
];

/**
 * One line about a transport error that never carries what a stdin line held:
 * a message the SDK quotes is described by its kind, id and size only, and
 * anything else is cut before the first JSON it could quote.
 */
export function describeTransportError(error: Error): string {
  if (error.name === "SyntaxError" || error.name === "ZodError") return "ignored a line on stdin that is not a JSON-RPC message";
  const text = String(error.message);
  for (const [prefix, what] of QUOTING_ERRORS) {
    if (text.startsWith(prefix)) return `stdio: ignored ${what} (${shape(text.slice(prefix.length))}; content not logged)`;
  }
  const withoutContent = text.replace(/[\s:]*[{["][\s\S]*$/, " (content not logged)");
  return `stdio: ${withoutContent.slice(0, 200)}`;
}

/** A quoted JSON-RPC message as its id (when a plain number) and its size. */
function shape(json: string): string {
  let id: unknown;
  try {
    id = (JSON.parse(json) as { id?: unknown })?.id;
  } catch {
    // the size alone says enough
  }
  const size = `${json.length} characters`;
  return typeof id === "number" && Number.isSafeInteger(id) ? `id ${id}, ${size}` : size;
}

/** Counts requests the client sent that have not been answered or cancelled yet. */
function trackRequests(transport: StdioServerTransport) {
  const open = new Set<RequestId>();
  let onSettled: (() => void) | undefined;
  const settle = (id: RequestId) => {
    open.delete(id);
    if (open.size === 0) onSettled?.();
  };

  const receive = transport.onmessage;
  transport.onmessage = (message: JSONRPCMessage) => {
    if ("method" in message && "id" in message) open.add(message.id);
    if ("method" in message && message.method === "notifications/cancelled") {
      const id = (message.params as { requestId?: RequestId } | undefined)?.requestId;
      if (id !== undefined) settle(id);
    }
    receive?.(message);
  };
  const send = transport.send.bind(transport);
  transport.send = async (message: JSONRPCMessage) => {
    await send(message);
    if (("result" in message || "error" in message) && "id" in message && message.id !== undefined) settle(message.id);
  };

  return {
    count: () => open.size,
    /** Resolves when every open request is answered, or after graceMs. */
    settled(graceMs: number): Promise<void> {
      if (open.size === 0) return Promise.resolve();
      return new Promise((resolve) => {
        const timer = setTimeout(resolve, graceMs);
        onSettled = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    },
  };
}

/** Waits until everything written to stdout has been handed to the OS: process.exit would drop it otherwise. */
function flushStdout(maxMs: number): Promise<void> {
  if (process.stdout.writableLength === 0 || process.stdout.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, maxMs);
    process.stdout.write("", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
