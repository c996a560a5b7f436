import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { log } from "../log.js";
import { errorResult, failureResult } from "./results.js";
import { confirmationText } from "./confirmation.js";
import { isWriteTool, type ReadOnlyCause, type ToolCard, type ToolContext, type ToolDefinition } from "./types.js";

/**
 * The one path every call takes, direct or through call_crisp_method:
 * policy -> website default -> validation -> confirmation -> tool. A refused
 * method is refused whatever its arguments, before its code is even loaded.
 * Never throws.
 */
export async function invokeTool(
  card: ToolCard,
  rawArgs: unknown,
  ctx: ToolContext,
): Promise<CallToolResult> {
  try {
    const refusal = card.delegatesPolicy ? undefined : policyRefusal(card, ctx);
    if (refusal) return refusal;
    if (rawArgs !== undefined && (typeof rawArgs !== "object" || rawArgs === null || Array.isArray(rawArgs))) {
      return errorResult(`Arguments for ${card.name} must be a JSON object.`, "Pass the fields as an object.");
    }
    const args: Record<string, unknown> = { ...(rawArgs as Record<string, unknown> | undefined) };
    if (ctx.policy.websiteId && card.takesWebsiteId) args.website_id = ctx.policy.websiteId;

    const tool = await ctx.tools.definition(card);
    const parsed = inputSchemaOf(tool).safeParse(args);
    if (!parsed.success) {
      return errorResult(
        `Invalid arguments for ${tool.name}: ${describeIssues(parsed.error.issues)}`,
        `Fix the fields named above and call ${tool.name} again.`,
      );
    }

    if (card.annotations.destructiveHint && !card.delegatesPolicy) {
      const confirmed = await confirmDestructive(card, parsed.data, ctx);
      if (confirmed !== true) return confirmed;
    }
    return await tool.run(parsed.data, ctx);
  } catch (error) {
    return failureResult(error, card.name);
  }
}

/** Why the policy refuses a call: what to tell the model, and what it can do. */
export interface Refusal {
  message: string;
  hint: string;
}

/**
 * The server's policy, checked at call time whatever was listed: exclusions,
 * the website pin, secrets, read-only. Direct calls, call_crisp_method and the
 * agent tools' Crisp calls all go through it.
 */
export function refusalOf(tool: ToolCard, ctx: PolicyContext): Refusal | undefined {
  const { policy } = ctx;
  if (policy.excluded.has(tool.name)) {
    return { message: `${tool.name} is excluded by CRISP_EXCLUDE_TOOLS on this server.`, hint: "Use another tool." };
  }
  if (escapesPin(tool, policy)) {
    return {
      message: `${tool.name} works on the Crisp account or on other websites, and this server is pinned to one website (CRISP_WEBSITE_ID).`,
      hint: "Only that website's methods are available here. Ask the user to run a server without CRISP_WEBSITE_ID if an account-level call is needed.",
    };
  }
  if (tool.operation?.secret && !policy.explicitTools.has(tool.name)) {
    return {
      message: `${tool.name} returns a secret, so it is available only when the server's operator names it in CRISP_TOOLS (--tools); no toolset includes it.`,
      hint: "Do not look for another way to get it. Tell the user it is disabled here; the operator can add it to CRISP_TOOLS if it is really needed.",
    };
  }
  if (policy.readOnly && isWriteTool(tool)) return readOnlyRefusal(tool, policy.readOnlyBy);
  return tool.crispMethods && crispMethodsRefusal(tool, tool.crispMethods, ctx);
}

/** What a policy check reads: the server's policy, and the cards of the Crisp methods an agent tool calls. */
export type PolicyContext = Pick<ToolContext, "policy" | "tools">;

/** The operator's setting (CRISP_READ_ONLY) when no cause is given. */
function readOnlyRefusal(tool: ToolCard, cause: ReadOnlyCause | undefined): Refusal {
  switch (cause) {
    case "header":
      return {
        message: `${tool.name} writes to Crisp, and this connection asked for read-only mode (the X-MCP-Read-Only header).`,
        hint: "Only read tools are available on this connection. Ask the user to remove X-MCP-Read-Only from the client's configuration if a write is needed.",
      };
    case "sign-in":
      return {
        message: `${tool.name} writes to Crisp, and this connection signed in with read-only access.`,
        hint: "Only read tools are available with this sign-in. Ask the user to reconnect the app and choose Read and write on the consent page if a write is needed.",
      };
    default:
      return {
        message: `${tool.name} writes to Crisp, and this server runs in read-only mode (CRISP_READ_ONLY).`,
        hint: "Only read tools are available here. Ask the user to change the server's settings if a write is needed.",
      };
  }
}

/**
 * An agent tool obeys the policy of the Crisp methods it calls: refused (so
 * not listed either) when a method it needs is refused, or every method it
 * could use. A method excluded to keep data from the model stays excluded.
 */
function crispMethodsRefusal(
  tool: ToolCard,
  { required, optional = [] }: NonNullable<ToolCard["crispMethods"]>,
  ctx: PolicyContext,
): Refusal | undefined {
  for (const method of required) {
    const refusal = methodRefusal(method, ctx);
    if (refusal) return { message: `${tool.name} needs ${method}. ${refusal.message}`, hint: refusal.hint };
  }
  if (required.length > 0 || optional.some((method) => !methodRefusal(method, ctx))) return undefined;
  return {
    message: `${tool.name} can use none of its Crisp methods on this server (${optional.join(", ")}).`,
    hint: "Tell the user this server's settings do not allow it.",
  };
}

/** Why the policy refuses a catalog method, by name. */
export function methodRefusal(method: string, ctx: PolicyContext): Refusal | undefined {
  const tool = ctx.tools.method(method);
  if (!tool) throw new Error(`no Crisp method named ${method} in the catalog`);
  return refusalOf(tool, ctx);
}

/** refusalOf as the isError result a call returns. */
export function policyRefusal(tool: ToolCard, ctx: PolicyContext): CallToolResult | undefined {
  const refusal = refusalOf(tool, ctx);
  return refusal && errorResult(refusal.message, refusal.hint);
}

/**
 * Crisp methods without website_id that still stay under a pin: they can
 * neither reveal nor touch another website. Every other method without
 * website_id is account-level and refused, so a method added later is refused
 * until someone decides otherwise.
 */
export const PIN_SAFE_METHODS: ReadonlySet<string> = new Set([
  "check_connect_session_validity",
  "get_plugin_connect_endpoints",
  "list_animation_medias",
  "generate_bucket_url",
]);

/** An account-level Crisp method on a server pinned to one website (CRISP_WEBSITE_ID). */
function escapesPin(tool: ToolCard, policy: ToolContext["policy"]): boolean {
  if (!policy.websiteId || !tool.operation) return false;
  return !tool.takesWebsiteId && !PIN_SAFE_METHODS.has(tool.name);
}

/**
 * A human's yes, asked through MCP elicitation whenever the client can ask.
 * CRISP_ALLOW_DESTRUCTIVE only stands in for a client that cannot ask. The
 * answer comes from the client, never from the tool's arguments.
 */
async function confirmDestructive(
  tool: ToolCard,
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
  let yes: boolean;
  try {
    yes = await ctx.confirm(confirmationText(tool, args));
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
