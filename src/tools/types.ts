import type { CallToolResult, ToolAnnotations } from "@modelcontextprotocol/sdk/types.js";
import type { z } from "zod";
import type { CrispClient } from "../client/index.js";
import type { EventHub } from "../events/hub.js";
import type { CatalogPart } from "./catalog/parts.js";
import type { Operation } from "./operation.js";
import type { JsonSchema } from "./schema.js";

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
  /** Every tool this build knows: the policy of the Crisp methods an agent tool calls, and their code. */
  tools: ToolDirectory;
  signal: AbortSignal;
  /** Reports progress when the client asked for it; a no-op otherwise. */
  progress: (progress: number, total?: number, message?: string) => Promise<void>;
  /** Asks the human through MCP elicitation; undefined when the client cannot ask. */
  confirm?: (message: string) => Promise<boolean>;
  /** The process's real-time event hub (wait_for_events); undefined when the server has none. */
  events?: EventHub;
}

/** The Crisp method behind a tool: what the policy, the catalog search and describe_crisp_method need of it. */
export type OperationFacts = Pick<Operation, "method" | "path" | "secret" | "tiers" | "aliases">;

/** Where a tool's definition (schema and code) is loaded from: a method's catalog file, or a group of tools. */
export type ToolHome = { kind: "method"; part: CatalogPart } | { kind: "agent" | "catalog" | "events" };

/**
 * What listing a tool and checking the policy need, as plain data: the build
 * writes every tool's card to dist/tool-index.json, so a server starts and
 * lists without loading a single tool's zod schema or code.
 */
export interface ToolCard {
  name: string;
  title: string;
  description: string;
  /** The toolset it belongs to: a catalog toolset, "agent", "catalog" or "events". */
  toolset: string;
  annotations: ToolAnnotations;
  /** Its annotations on a read-only server, for a tool that then only reads (call_crisp_method). */
  readOnlyAnnotations?: ToolAnnotations;
  /** Its input has website_id, which a pinned server fills in and hides. */
  takesWebsiteId: boolean;
  /** Set on call_crisp_method: the method it calls gets the policy checks, not the dispatcher. */
  delegatesPolicy?: boolean;
  /** Listed only against the embedded sandbox (simulate_visitor_message). */
  sandboxOnly?: boolean;
  /** Set for the tools that mirror a Crisp method. */
  operation?: OperationFacts;
  /**
   * Agent tools: the catalog methods they call. Without a required one the
   * tool is not listed and refuses; without an optional one it leaves that
   * part out and says so. Every method the tool calls is named here.
   */
  crispMethods?: { required: readonly string[]; optional?: readonly string[] };
  home: ToolHome;
  /** The listed JSON Schema of its input, website_id included. */
  inputSchema: JsonSchema;
  outputSchema?: JsonSchema;
}

/** A tool as declared: its zod input, its code and the facts its card is made from. */
export interface ToolDefinition {
  name: string;
  title: string;
  description: string;
  /** The toolset it belongs to: a catalog toolset, "agent", "catalog" or "events". */
  toolset: string;
  /** Input fields, including website_id when the tool takes one. */
  params: z.ZodRawShape;
  outputSchema?: z.ZodObject;
  annotations: ToolAnnotations;
  /** Its annotations on a read-only server, for a tool that then only reads. */
  readOnlyAnnotations?: ToolAnnotations;
  delegatesPolicy?: boolean;
  sandboxOnly?: boolean;
  /** Set for the tools that mirror a Crisp method. */
  operation?: Operation;
  crispMethods?: ToolCard["crispMethods"];
  run(args: Record<string, unknown>, ctx: ToolContext): Promise<CallToolResult>;
}

/** Every tool of this build, by card, with each definition loaded on first use. */
export interface ToolDirectory {
  /** Every tool's card, sandbox-only ones included, in listing order. */
  readonly cards: readonly ToolCard[];
  /** The cards of the catalog's Crisp methods. */
  readonly methods: readonly ToolCard[];
  /** The card of the catalog's Crisp method with this name; undefined for a name no method has. */
  method(name: string): ToolCard | undefined;
  /** The tool's definition, imported the first time it is needed. */
  definition(card: ToolCard): Promise<ToolDefinition>;
}

export function isWriteTool(tool: Pick<ToolDefinition, "annotations">): boolean {
  return tool.annotations.readOnlyHint !== true;
}
