import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { LoggingLevelSchema, SetLevelRequestSchema, type LoggingLevel, type LoggingMessageNotification } from "@modelcontextprotocol/sdk/types.js";
import { onBackgroundActivity, type Activity, type ActivityListener } from "./activity.js";
import { redact } from "./log.js";
import { boundedText, cleanText, oneLine, stripAnsi } from "./untrusted/text.js";

// The client's log (MCP notifications/message), fed by src/activity.ts. A
// message passes the same redactor as stderr lines, loses hidden and control
// characters, and stays on one bounded line. It always travels as JSON-RPC,
// on the transport, never as a raw stdout write.
//
// The level the client sets with logging/setLevel holds for its session: a
// Server serves one session (stdio), or one stateless HTTP request, which
// has no session for a level to outlive, so each request starts at "info".

/** Where a session's log starts, before the client sets a level. */
export const DEFAULT_CLIENT_LOG_LEVEL: LoggingLevel = "info";
const SEVERITY = new Map(LoggingLevelSchema.options.map((level, index) => [level, index]));
const levels = new WeakMap<Server, LoggingLevel>();

/** Answers logging/setLevel for this server's session; the level filters what callLog and forwardBackgroundActivity send. */
export function handleLogLevel(server: Server): void {
  server.setRequestHandler(SetLevelRequestSchema, async (request) => {
    levels.set(server, request.params.level);
    return {};
  });
}

function wanted(server: Server, level: LoggingLevel): boolean {
  return SEVERITY.get(level)! >= SEVERITY.get(levels.get(server) ?? DEFAULT_CLIENT_LOG_LEVEL)!;
}

const MAX_MESSAGE_CHARS = 1_000;

function params(activity: Activity): LoggingMessageNotification["params"] {
  // Redacted last, once nothing else can join the pieces of a secret back together.
  const text = redact(oneLine(cleanText(stripAnsi(activity.message))));
  return { level: activity.level, logger: `crisp-mcp/${activity.source}`, data: boundedText(text, MAX_MESSAGE_CHARS, (t) => t) };
}

type Notify = (notification: LoggingMessageNotification) => Promise<void>;

/**
 * The listener for one tool call: its messages go with the call (on its SSE
 * stream over HTTP), and stop when the call has answered.
 */
export function callLog(server: Server, notify: Notify): { listener: ActivityListener; end(): void } {
  let open = true;
  return {
    listener: (activity) => {
      if (!open || !wanted(server, activity.level)) return;
      void notify({ method: "notifications/message", params: params(activity) }).catch(() => undefined);
    },
    end: () => {
      open = false;
    },
  };
}

/** Reports made outside any call, sent to a long-lived session (stdio); returns the stop function. */
export function forwardBackgroundActivity(server: Server): () => void {
  return onBackgroundActivity((activity) => {
    if (!wanted(server, activity.level)) return;
    void server.sendLoggingMessage(params(activity)).catch(() => undefined);
  });
}
