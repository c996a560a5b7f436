import { z } from "zod";
import { CrispApiError, CrispError, CrispNetworkError, CrispRequestError } from "../../client/index.js";
import { methodRefusal as policyMethodRefusal, type PolicyContext } from "../invoke.js";
import { requestFor } from "../operation-tool.js";
import type { ToolContext } from "../types.js";

// Agent tools reach Crisp only through the catalog's declared routes, so a
// route is written once, and its arguments pass the same schema as a direct call.

const schemas = new Map<string, z.ZodObject>();

/**
 * Why this server's policy refuses a method (read-only for a write, an
 * exclusion, ...), or undefined when the method may be called: the very
 * check a direct call meets.
 */
export function methodRefusal(ctx: PolicyContext, method: string): CrispRequestError | undefined {
  const refusal = policyMethodRefusal(method, ctx);
  return refusal && new CrispRequestError(refusal.message, refusal.hint);
}

export function mayCall(ctx: PolicyContext, method: string): boolean {
  return methodRefusal(ctx, method) === undefined;
}

/** "the visitor's profile (get_people_profile is excluded ...)" for each part whose method is refused; undefined when none is. */
export function withheldParts(ctx: PolicyContext, parts: Readonly<Record<string, string>>): string[] | undefined {
  const withheld = Object.entries(parts)
    .filter(([method]) => !mayCall(ctx, method))
    .map(([method, part]) => `${part} (${method} is not allowed here)`);
  return withheld.length > 0 ? withheld : undefined;
}

/** Calls one catalog method with arguments checked by its own schema. Throws CrispError. */
export async function callCrisp<T = unknown>(ctx: ToolContext, method: string, args: Record<string, unknown>): Promise<T> {
  const refusal = methodRefusal(ctx, method);
  if (refusal) throw refusal;
  // methodRefusal found its card: the method is in the catalog.
  const op = (await ctx.tools.definition(ctx.tools.method(method)!)).operation!;
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
