import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { CrispRequest } from "../client/index.js";
import { annotationsFor, pathParamNames, type Operation } from "./operation.js";
import { dataResult } from "./results.js";
import type { ToolContext, ToolDefinition } from "./types.js";

/** Which argument goes where, worked out once per operation rather than on every call. */
const routeFields = new WeakMap<Operation, { inPath: ReadonlySet<string>; inQuery: ReadonlySet<string> }>();

function fieldsOf(op: Operation): { inPath: ReadonlySet<string>; inQuery: ReadonlySet<string> } {
  let fields = routeFields.get(op);
  if (!fields) {
    fields = { inPath: new Set(pathParamNames(op.path)), inQuery: new Set<string>(op.query ?? []) };
    routeFields.set(op, fields);
  }
  return fields;
}

/** Splits validated arguments into the route's path params, query and body. */
export function requestFor(op: Operation, args: Record<string, unknown>): CrispRequest {
  const { inPath, inQuery } = fieldsOf(op);
  const pathParams: Record<string, unknown> = {};
  const query: Record<string, unknown> = {};
  const fields: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(args)) {
    if (value === undefined) continue;
    if (inPath.has(name)) pathParams[name] = value;
    else if (inQuery.has(name)) query[name] = value;
    else fields[name] = value;
  }
  let body: unknown;
  if (op.bodyParam) body = args[op.bodyParam] ?? {};
  else if (Object.keys(fields).length > 0) body = fields;
  else if (op.method === "POST" || op.method === "PUT" || op.method === "PATCH") body = {};
  return { method: op.method, path: op.path, pathParams, query, body };
}

/** Runs one Crisp method with arguments that have already been validated. */
export async function executeOperation(
  op: Operation,
  args: Record<string, unknown>,
  ctx: ToolContext,
): Promise<CallToolResult> {
  const req = { ...requestFor(op, args), signal: ctx.signal };
  if (op.method === "HEAD") {
    const exists = await ctx.client.exists(req);
    return { content: [{ type: "text", text: JSON.stringify({ exists }) }] };
  }
  const data = await ctx.client.request(req);
  return dataResult(data, nextStepFor(op));
}

function nextStepFor(op: Operation): string {
  if (op.path.endsWith("{page_number}")) return "call again with the next page_number, or a narrower filter";
  if (op.query?.includes("timestamp_before" as never)) return "page back with timestamp_before";
  return "ask for less, or one item at a time";
}

export function operationTool(op: Operation): ToolDefinition {
  return {
    name: op.name,
    title: op.title,
    description: op.description,
    toolset: op.toolset,
    params: op.params,
    annotations: annotationsFor(op),
    operation: op,
    run: (args, ctx) => executeOperation(op, args, ctx),
  };
}
