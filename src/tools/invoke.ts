import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { errorResult, failureResult } from "./results.js";
import { isWriteTool, type ToolContext, type ToolDefinition } from "./types.js";

/**
 * The one path every call takes, direct or through call_crisp_method:
 * website default -> validation -> policy -> tool. Never throws.
 */
export async function invokeTool(
  tool: ToolDefinition,
  rawArgs: unknown,
  ctx: ToolContext,
): Promise<CallToolResult> {
  try {
    if (rawArgs !== undefined && (typeof rawArgs !== "object" || rawArgs === null || Array.isArray(rawArgs))) {
      return errorResult(`Arguments for ${tool.name} must be a JSON object.`, "Pass the fields as an object.");
    }
    const args: Record<string, unknown> = { ...(rawArgs as Record<string, unknown> | undefined) };
    if (ctx.policy.websiteId && "website_id" in tool.params) args.website_id = ctx.policy.websiteId;

    const parsed = inputSchemaOf(tool).safeParse(args);
    if (!parsed.success) {
      return errorResult(
        `Invalid arguments for ${tool.name}: ${describeIssues(parsed.error.issues)}`,
        `Fix the fields named above and call ${tool.name} again.`,
      );
    }

    const refusal = tool.delegatesPolicy ? undefined : policyRefusal(tool, ctx);
    if (refusal) return refusal;
    if (tool.annotations.destructiveHint && !tool.delegatesPolicy && !ctx.policy.allowDestructive) {
      const confirmed = await confirmDestructive(tool, parsed.data, ctx);
      if (confirmed !== true) return confirmed;
    }
    return await tool.run(parsed.data, ctx);
  } catch (error) {
    return failureResult(error, tool.name);
  }
}

/** Read-only mode and exclusions, checked again at call time whatever was listed. */
export function policyRefusal(tool: ToolDefinition, ctx: Pick<ToolContext, "policy">): CallToolResult | undefined {
  if (ctx.policy.excluded.has(tool.name)) {
    return errorResult(`${tool.name} is excluded by CRISP_EXCLUDE_TOOLS on this server.`, "Use another tool.");
  }
  if (ctx.policy.readOnly && isWriteTool(tool)) {
    return errorResult(
      `${tool.name} writes to Crisp, and this server runs in read-only mode (CRISP_READ_ONLY).`,
      "Only read tools are available here. Ask the user to change the server's settings if a write is needed.",
    );
  }
  return undefined;
}

async function confirmDestructive(
  tool: ToolDefinition,
  args: Record<string, unknown>,
  ctx: ToolContext,
): Promise<true | CallToolResult> {
  if (!ctx.confirm) {
    return errorResult(
      `${tool.name} is destructive and needs a human's confirmation, but this MCP client cannot ask (no elicitation support).`,
      "Ask the user to confirm and run it themselves, or to start the server with CRISP_ALLOW_DESTRUCTIVE=true (--allow-destructive) to allow destructive tools without asking.",
    );
  }
  const summary = JSON.stringify(args);
  const yes = await ctx.confirm(`Allow ${tool.title} (${tool.name})? It cannot be undone. Arguments: ${summary.slice(0, 400)}`);
  if (yes) return true;
  return errorResult(`The user declined ${tool.name}; nothing was changed.`, "Do not retry unless the user asks for it.");
}

const schemaCache = new WeakMap<ToolDefinition, z.ZodObject>();

/** The strict object schema of a tool's input: unknown fields are named in the error, not dropped. */
export function inputSchemaOf(tool: ToolDefinition): z.ZodObject {
  let schema = schemaCache.get(tool);
  if (!schema) {
    schema = z.strictObject(tool.params);
    schemaCache.set(tool, schema);
  }
  return schema;
}

function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .slice(0, 8)
    .map((issue) => {
      const where = issue.path.length ? issue.path.join(".") : "arguments";
      if (issue.code === "unrecognized_keys") return `unknown field(s) ${issue.keys.join(", ")}`;
      if (issue.code === "invalid_type" && issue.message.includes("received undefined")) {
        return `${where} is required`;
      }
      return `${where} ${issue.message.replace(/^Invalid input: /, "")}`;
    })
    .join("; ");
}
