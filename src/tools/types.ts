import type { CallToolResult, ToolAnnotations } from "@modelcontextprotocol/sdk/types.js";
import type { z } from "zod";
import type { CrispClient } from "../client/index.js";
import type { EventHub } from "../events/hub.js";
import type { Operation } from "./operation.js";

/** The operator's setting, a request's X-MCP-Read-Only header, or a read-only OAuth grant. */
export type ReadOnlyCause = "settings" | "header" | "sign-in";

/** What the server's policy lets a call do; the same for direct and catalog calls. */
export interface Policy {
  /** Filled into every website_id, which then disappears from schemas. */
  websiteId?: string;
  readOnly: boolean;
  /** Who asked for read-only, so a refusal names the right cause; the operator's setting when unset. */
  readOnlyBy?: ReadOnlyCause;
  allowDestructive: boolean;
  /** Tools the user excluded: not reachable through the catalog tools either. */
  excluded: ReadonlySet<string>;
  /** Tools the operator named in CRISP_TOOLS: the only way to reach a method that returns a secret. */
  explicitTools: ReadonlySet<string>;
  /**
   * Set when a request narrowed its surface (X-MCP-Toolsets): the only Crisp
   * methods the catalog tools reach. Agent tools' own Crisp calls ignore it.
   */
  reachable?: ReadonlySet<string>;
}

export interface ToolContext {
  client: CrispClient;
  policy: Policy;
  signal: AbortSignal;
  /** Reports progress when the client asked for it; a no-op otherwise. */
  progress: (progress: number, total?: number, message?: string) => Promise<void>;
  /** Asks the human through MCP elicitation; undefined when the client cannot ask. */
  confirm?: (message: string) => Promise<boolean>;
  /** The process's real-time event hub (wait_for_events); undefined when the server has none. */
  events?: EventHub;
}

export interface ToolDefinition {
  name: string;
  title: string;
  description: string;
  /** The toolset it belongs to: a catalog toolset, "agent" or "catalog". */
  toolset: string;
  /** Input fields, including website_id when the tool takes one. */
  params: z.ZodRawShape;
  outputSchema?: z.ZodObject;
  annotations: ToolAnnotations;
  /** Set on call_crisp_method: the method it calls gets the policy checks, not the dispatcher. */
  delegatesPolicy?: boolean;
  /** Set for the tools that mirror a Crisp method. */
  operation?: Operation;
  /**
   * Agent tools: the catalog methods they call. Without a required one the
   * tool is not listed and refuses; without an optional one it leaves that
   * part out and says so. Every method the tool calls is named here.
   */
  crispMethods?: { required: readonly string[]; optional?: readonly string[] };
  run(args: Record<string, unknown>, ctx: ToolContext): Promise<CallToolResult>;
}

export function isWriteTool(tool: Pick<ToolDefinition, "annotations">): boolean {
  return tool.annotations.readOnlyHint !== true;
}
