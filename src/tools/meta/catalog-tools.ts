import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { invokeTool, policyRefusal, type PolicyContext } from "../invoke.js";
import { errorResult } from "../results.js";
import { listedInputSchema } from "../schema.js";
import { isWriteTool, type ToolCard, type ToolDefinition } from "../types.js";
import { searchMethods } from "./search.js";

/**
 * Three tools that reach every Crisp method from a small tool list: search the
 * catalog, read one method's schema, call it. Search and describe read the
 * methods' cards; a call goes through invokeTool, so validation and policy are
 * exactly those of a direct call.
 */
export function catalogTools(methodCount: number): ToolDefinition[] {
  const reachable = (tool: ToolCard, ctx: PolicyContext) => !catalogRefusal(tool, ctx);

  const unknownMethod = (name: string, ctx: PolicyContext) =>
    errorResult(
      `No Crisp method named "${name}".`,
      `Find the name with search_crisp_methods${suggest(name, ctx.tools.methods.filter((m) => reachable(m, ctx)))}.`,
    );

  const search: ToolDefinition = {
    name: "search_crisp_methods",
    title: "Search Crisp methods",
    description:
      `Find any of the ${methodCount} Crisp API methods by words, toolset or old wrapper names. Then describe_crisp_method, call_crisp_method.`,
    toolset: "catalog",
    params: {
      query: z.string().min(1).max(200).describe("Words, e.g. 'helpdesk article publish'"),
      limit: z.number().int().min(1).max(30).default(8).describe("Max results"),
    },
    annotations: { readOnlyHint: true, openWorldHint: false },
    async run(args, ctx) {
      const found = searchMethods(
        ctx.tools.methods.filter((m) => reachable(m, ctx)),
        String(args.query),
      ).slice(0, Number(args.limit));
      if (found.length === 0) {
        return { content: [{ type: "text", text: `No method matches "${args.query}". Try other words.` }] };
      }
      const lines = found.map((m) => `${m.name}: ${m.title} [${m.operation!.method} ${kindOf(m)}, ${m.toolset}]`);
      return { content: [{ type: "text", text: lines.join("\n") }] };
    },
  };

  const describe: ToolDefinition = {
    name: "describe_crisp_method",
    title: "Describe a Crisp method",
    description: "Input schema, route and annotations of one Crisp method, before call_crisp_method.",
    toolset: "catalog",
    params: { method: z.string().min(1).max(100).describe("Method name") },
    annotations: { readOnlyHint: true, openWorldHint: false },
    async run(args, ctx) {
      const tool = ctx.tools.method(String(args.method));
      if (!tool) return unknownMethod(String(args.method), ctx);
      const refusal = catalogRefusal(tool, ctx);
      if (refusal) return refusal;
      const op = tool.operation!;
      const description = {
        name: tool.name,
        title: tool.title,
        description: tool.description,
        toolset: tool.toolset,
        route: `${op.method} ${op.path}`,
        tiers: op.tiers ?? "unconfirmed",
        annotations: tool.annotations,
        inputSchema: listedInputSchema(tool, Boolean(ctx.policy.websiteId)),
      };
      return { content: [{ type: "text", text: JSON.stringify(description) }] };
    },
  };

  const call: ToolDefinition = {
    name: "call_crisp_method",
    title: "Call a Crisp method",
    description: "Call any Crisp method by name with its arguments, as describe_crisp_method shows them.",
    toolset: "catalog",
    delegatesPolicy: true,
    params: {
      method: z.string().min(1).max(100).describe("Method name"),
      arguments: z.record(z.string(), z.unknown()).default({}).describe("The method's arguments"),
    },
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
    // In read-only mode the policy lets this tool only read, and it says so.
    readOnlyAnnotations: { readOnlyHint: true, openWorldHint: false },
    async run(args, ctx) {
      const tool = ctx.tools.method(String(args.method));
      if (!tool) return unknownMethod(String(args.method), ctx);
      // invokeTool checks the policy; the request's narrowing is the catalog tools' own.
      const outside = narrowingRefusal(tool, ctx);
      if (outside) return outside;
      return invokeTool(tool, args.arguments, ctx);
    },
  };

  return [search, describe, call];
}

/** The server's policy, then the request's narrowing. */
function catalogRefusal(tool: ToolCard, ctx: PolicyContext): CallToolResult | undefined {
  return policyRefusal(tool, ctx) ?? narrowingRefusal(tool, ctx);
}

/**
 * A request that narrowed its surface (X-MCP-Toolsets) reaches only the methods
 * of the toolsets it named, here only: agent tools' own Crisp calls are not narrowed.
 */
function narrowingRefusal(tool: ToolCard, ctx: PolicyContext): CallToolResult | undefined {
  const reachable = ctx.policy.reachable;
  if (!reachable || reachable.has(tool.name)) return undefined;
  return errorResult(
    `${tool.name} is in the ${tool.toolset} toolset, outside the toolsets this connection asked for (X-MCP-Toolsets).`,
    `Use a method of the requested toolsets, or ask the user to connect with "${tool.toolset}" in X-MCP-Toolsets.`,
  );
}

function kindOf(tool: ToolCard): string {
  if (!isWriteTool(tool)) return "read";
  return tool.annotations.destructiveHint ? "destructive" : "write";
}

function suggest(name: string, methods: readonly ToolCard[]): string {
  const close = searchMethods(methods, name.replace(/_/g, " ")).slice(0, 3);
  return close.length ? `; close names: ${close.map((m) => m.name).join(", ")}` : "";
}
