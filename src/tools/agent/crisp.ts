import { z } from "zod";
import { CrispApiError, CrispError, CrispNetworkError, CrispRequestError } from "../../client/index.js";
import { findOperation } from "../catalog/index.js";
import { annotationsFor } from "../operation.js";
import { requestFor } from "../operation-tool.js";
import type { ToolContext } from "../types.js";

// Agent tools reach Crisp only through the catalog's declared routes, so a
// route is written once, and its arguments pass the same schema as a direct call.

const schemas = new Map<string, z.ZodObject>();

/** Calls one catalog method with arguments checked by its own schema. Throws CrispError. */
export async function callCrisp<T = unknown>(ctx: ToolContext, method: string, args: Record<string, unknown>): Promise<T> {
  const op = findOperation(method);
  if (!op) throw new Error(`agent tools call an unknown Crisp method: ${method}`);
  const writes = !annotationsFor(op).readOnlyHint;
  // Read-only mode holds here too, whatever tool asks.
  if (writes && ctx.policy.readOnly) {
    throw new CrispRequestError(`${method} writes to Crisp, and this server runs in read-only mode.`, "Only reads are possible here.");
  }
  // A user who excluded a write method (say send_message_in_conversation) excluded it here too.
  if (writes && ctx.policy.excluded.has(method)) {
    throw new CrispRequestError(
      `${method} is excluded by CRISP_EXCLUDE_TOOLS on this server.`,
      "This server does not allow that change; tell the user.",
    );
  }
  let schema = schemas.get(method);
  if (!schema) schemas.set(method, (schema = z.object(op.params)));
  const parsed = schema.safeParse(args);
  if (!parsed.success) {
    throw new CrispRequestError(
      `Invalid arguments for ${method}: ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`,
      "Check the ids you gave.",
    );
  }
  const request = { ...requestFor(op, parsed.data as Record<string, unknown>), signal: ctx.signal };
  return (await ctx.client.request(request)) as T;
}

/** Like callCrisp, but a 404 (no such profile, conversation, article) is undefined. */
export async function callCrispIfFound<T = unknown>(
  ctx: ToolContext,
  method: string,
  args: Record<string, unknown>,
): Promise<T | undefined> {
  try {
    return await callCrisp<T>(ctx, method, args);
  } catch (error) {
    if (error instanceof CrispApiError && error.status === 404) return undefined;
    throw error;
  }
}

/**
 * Extra details (operator names, the visitor's profile, earlier conversations)
 * that may fail, for a missing scope or a slow route, without failing the
 * tool: undefined then. A cancelled call still ends the tool.
 */
export async function optional<T>(work: Promise<T>): Promise<T | undefined> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof CrispNetworkError && error.kind === "aborted") throw error;
    if (error instanceof CrispError) return undefined;
    throw error;
  }
}
