import { AsyncLocalStorage } from "node:async_hooks";

// What is worth telling the client while it happens: a retry, a rate limit, a
// lost real-time socket, a Knowledge Base that had to be guessed. The sources
// (the Crisp client, RTM, the agent tools) know nothing of MCP: they report
// here, and the MCP layer forwards to the client's log (src/mcp-log.ts).
//
// A report made while a tool call runs goes to that call's client only, found
// through the call's async context: two calls on one shared Crisp client never
// hear each other's retries. A report made outside any call (the RTM socket in
// the background) goes to the standing listeners: a stdio session has one; a
// stateless HTTP request has none to keep.

/** The MCP log levels these reports use. */
export type ActivityLevel = "info" | "notice" | "warning" | "error";

export interface Activity {
  level: ActivityLevel;
  /** What reports it: "crisp" (the REST client), "rtm", "knowledge-base". */
  source: string;
  message: string;
}

export type ActivityListener = (activity: Activity) => void;

const callListener = new AsyncLocalStorage<ActivityListener>();
const standing = new Set<ActivityListener>();

export function report(activity: Activity): void {
  const listener = callListener.getStore();
  if (listener) deliver(listener, activity);
  else for (const each of standing) deliver(each, activity);
}

/** Runs work with its reports sent to listener (one tool call's client). */
export function withActivityListener<T>(listener: ActivityListener, work: () => T): T {
  return callListener.run(listener, work);
}

/** Listens to reports made outside any call, until the returned function is called. */
export function onBackgroundActivity(listener: ActivityListener): () => void {
  standing.add(listener);
  return () => standing.delete(listener);
}

/**
 * Runs work outside the current call's context: a source started by one call
 * but living on (the RTM socket) reports to the standing listeners, not to a
 * call that ended long ago.
 */
export function detached<T>(work: () => T): T {
  return callListener.exit(work);
}

/** A listener never breaks its source. */
function deliver(listener: ActivityListener, activity: Activity): void {
  try {
    listener(activity);
  } catch {
    // the client is gone or its transport closed: nothing to tell
  }
}
