import type { ToolAnnotations } from "@modelcontextprotocol/sdk/types.js";
import type { z } from "zod";

export type { CrispTier } from "../client/types.js";
import type { CrispTier } from "../client/types.js";
export type { HttpMethod } from "../client/types.js";
import type { HttpMethod } from "../client/types.js";

/** Groups of tools a user can switch on together (CRISP_TOOLSETS). */
export const CATALOG_TOOLSETS = [
  "conversations",
  "messages",
  "people",
  "helpdesk",
  "helpdesk_legacy",
  "website",
  "operators",
  "visitors",
  "analytics",
  "batch",
  "inbox",
  "teams",
  "campaigns",
  "plugins",
  "billing",
] as const;
export type CatalogToolset = (typeof CATALOG_TOOLSETS)[number];

/**
 * One Crisp REST method, declared as data. A single executor runs every
 * operation, so a fix in the executor fixes all 264 tools at once.
 */
export interface Operation<S extends z.ZodRawShape = z.ZodRawShape> {
  /** Tool name: the catalog's snake_case method name. */
  readonly name: string;
  readonly title: string;
  /** One or two short sentences: what it does and when to use it. */
  readonly description: string;
  readonly toolset: CatalogToolset;
  readonly method: HttpMethod;
  /** Path template relative to the API base, with {snake_case} placeholders. */
  readonly path: string;
  /** Input fields: path params, query params and body fields, all described. */
  readonly params: S;
  /** Params sent in the query string. Path params come from the template. */
  readonly query?: readonly (keyof S & string)[];
  /**
   * When set, this param's value is sent as the whole JSON body (for bodies
   * the API leaves open, such as plugin settings). Otherwise every param that
   * is neither in the path nor in the query becomes a body field.
   */
  readonly bodyParam?: keyof S & string;
  /** Overrides: removals that are not DELETEs, or DELETEs that undo a removal. */
  readonly destructive?: boolean;
  /** True when the call reaches people outside the workspace (a message to a visitor, an email). */
  readonly openWorld?: boolean;
  /**
   * True when the answer can carry a secret (a signing key, a password, a
   * plugin's credentials). Such a method is reachable only when the operator
   * names it in CRISP_TOOLS: no toolset, not even "all", includes it.
   */
  readonly secret?: boolean;
  /** Token tiers Crisp documents for this route; absent when unconfirmed. */
  readonly tiers?: readonly CrispTier[];
  /** Method names used by the older Python/Ruby/PHP/Go wrappers, for catalog search. */
  readonly aliases?: readonly string[];
}

/** Identity helper that keeps the params' types for the declaration. */
export function operation<S extends z.ZodRawShape>(op: Operation<S>): Operation<S> {
  return op;
}

export function isReadMethod(method: HttpMethod): boolean {
  return method === "GET" || method === "HEAD";
}

/** Names of the {placeholders} in a path template, in order. */
export function pathParamNames(template: string): string[] {
  return [...template.matchAll(/\{([a-z_]+)\}/g)].map((m) => m[1]!);
}

/**
 * MCP annotations from the HTTP verb, with the declaration's overrides.
 * Every hint is stated explicitly: the spec's defaults (destructive, open
 * world) would otherwise make every tool look dangerous.
 */
export function annotationsFor(op: Operation): ToolAnnotations {
  const openWorldHint = op.openWorld ?? false;
  if (isReadMethod(op.method)) return { readOnlyHint: true, openWorldHint };
  return {
    readOnlyHint: false,
    destructiveHint: op.destructive ?? op.method === "DELETE",
    idempotentHint: op.method === "PUT" || op.method === "PATCH" || op.method === "DELETE",
    openWorldHint,
  };
}
