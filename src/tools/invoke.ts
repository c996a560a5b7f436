import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { log } from "../log.js";
import { errorResult, failureResult } from "./results.js";
import { cleanText } from "../untrusted/text.js";
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
    if (tool.annotations.destructiveHint && !tool.delegatesPolicy) {
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

/**
 * A human's yes, asked through MCP elicitation whenever the client can ask.
 * CRISP_ALLOW_DESTRUCTIVE only stands in for a client that cannot ask. The
 * answer comes from the client, never from the tool's arguments.
 */
async function confirmDestructive(
  tool: ToolDefinition,
  args: Record<string, unknown>,
  ctx: ToolContext,
): Promise<true | CallToolResult> {
  if (!ctx.confirm) {
    if (ctx.policy.allowDestructive) return true;
    return errorResult(
      `${tool.name} is destructive and needs a human's confirmation, but this MCP client cannot ask (no elicitation support). Nothing was changed.`,
      "Ask the user to confirm and run it themselves, or to start the server with CRISP_ALLOW_DESTRUCTIVE=true (--allow-destructive) to allow destructive tools without asking.",
    );
  }
  // What the human reads to decide: no bidi override or hidden character may disguise it.
  const summary = cleanText(JSON.stringify(args));
  let yes: boolean;
  try {
    yes = await ctx.confirm(`Allow ${tool.title} (${tool.name})? It cannot be undone. Arguments: ${summary.slice(0, 400)}`);
  } catch (error) {
    // No answer (the client failed, timed out or the call was cancelled) is not a yes.
    log("warn", `confirmation for ${tool.name} failed: ${(error as Error)?.message ?? String(error)}`);
    return errorResult(
      `${tool.name} is destructive and the confirmation could not be obtained from the user; nothing was changed.`,
      "Ask the user to confirm in the conversation and call again, or ask them to start the server with CRISP_ALLOW_DESTRUCTIVE=true (--allow-destructive) if their client cannot show confirmations.",
    );
  }
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
      const where = issue.path.length ? issue.path.map((part) => shownKey(String(part))).join(".") : "arguments";
      if (issue.code === "unrecognized_keys") {
        // The full path of each unknown field, nested ones included: appearance.logos.favicon.
        const prefix = issue.path.length ? `${where}.` : "";
        return `unknown field(s) ${issue.keys.slice(0, 10).map((key) => prefix + shownKey(key)).join(", ")}`;
      }
      if (issue.code === "invalid_type" && issue.message.includes("received undefined")) {
        return `${where} is required`;
      }
      return `${where} ${issue.message.replace(/^Invalid input: /, "")}`;
    })
    .join("; ");
}

/** A field name as the error shows it: odd names quoted so an empty one is visible, long ones cut. */
function shownKey(key: string): string {
  const cut = key.length > 60 ? `${key.slice(0, 60)}...` : key;
  return /^[A-Za-z0-9_.-]+$/.test(cut) ? cut : JSON.stringify(cut);
}
