import { CrispApiError, CrispError, CrispNetworkError, type CrispClient } from "../client/index.js";
import { findOperation } from "../tools/catalog/index.js";
import { requestFor } from "../tools/operation-tool.js";

// How the doctor reads Crisp: catalog methods by name, GET only (it never
// writes), through the same request builder the tools use.

/** Calls one read method of the catalog. Throws CrispError. */
export async function read<T = unknown>(
  client: CrispClient,
  method: string,
  args: Record<string, unknown>,
  signal: AbortSignal,
): Promise<T> {
  const op = findOperation(method);
  // A programming error, not a Crisp answer: the doctor's probe tables name only GET methods.
  if (!op || op.method !== "GET") throw new Error(`${method} is not a read method of the catalog`);
  return client.request<T>({ ...requestFor(op, args), signal });
}

/** "403 not_allowed", "timed out": what Crisp answered, in a few words. */
export function answerOf(error: unknown): string {
  if (error instanceof CrispApiError) return `${error.status} ${error.reason}`;
  if (error instanceof CrispNetworkError) return error.kind === "timeout" ? "timed out" : error.kind === "aborted" ? "cancelled" : "Crisp unreachable";
  if (error instanceof CrispError) return error.message;
  return (error as Error)?.message ?? String(error);
}

/** A refusal for the token's scopes (or the plugin's rights on the website), not its tier. */
export function isScopeRefusal(error: unknown): error is CrispApiError {
  return error instanceof CrispApiError && error.status === 403 && error.reason !== "restricted_route_tier";
}

export function isTierRefusal(error: unknown): error is CrispApiError {
  return error instanceof CrispApiError && error.reason === "restricted_route_tier";
}

/** A failure that may clear by itself: rate limits, Crisp's 5xx, timeouts. */
export function isTransient(error: unknown): boolean {
  return error instanceof CrispError && error.transient;
}
