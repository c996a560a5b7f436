import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import {
  CallToolRequestSchema,
  CompleteRequestSchema,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListToolsRequestSchema,
  type CallToolResult,
  type Tool,
} from "@modelcontextprotocol/sdk/types.js";
import type { CrispClient } from "./client/index.js";
import type { Config } from "./config.js";
import { INSTRUCTIONS } from "./instructions.js";
import { getPrompt, listPrompts, type PromptSettings } from "./prompts.js";
import type { EventHub } from "./events/hub.js";
import { invokeTool, policyRefusal } from "./tools/invoke.js";
import { CheckedServer, invalidParams } from "./protocol-errors.js";
import { withActivityListener } from "./activity.js";
import { callLog, handleLogLevel } from "./mcp-log.js";
import { errorResult } from "./tools/results.js";
import { listedInputSchema } from "./tools/schema.js";
import { TOOLS } from "./tools/tool-index.js";
import { selectTools } from "./tools/toolsets.js";
import type { Policy, ToolCard, ToolContext } from "./tools/types.js";
import { VERSION } from "./version.cjs";

export type ServerSettings = Pick<
  Config,
  "toolsets" | "tools" | "excludeTools" | "readOnly" | "allowDestructive" | "websiteId"
> &
  /** Against the embedded sandbox: lists the sandbox-only tools. */
  Partial<Pick<Config, "sandbox">> &
  /** Who turned read-only on, when a request narrowed it (named in refusals). */
  Partial<Pick<Policy, "readOnlyBy">>;

export function policyOf(settings: ServerSettings): Policy {
  return {
    websiteId: settings.websiteId,
    readOnly: settings.readOnly,
    ...(settings.readOnlyBy ? { readOnlyBy: settings.readOnlyBy } : {}),
    allowDestructive: settings.allowDestructive,
    excluded: new Set(settings.excludeTools),
    explicitTools: new Set(settings.tools),
  };
}

/**
 * Every tool this build knows, before selection: agent, catalog and event
 * tools, then the Crisp methods; each as the policy shows it (a tool that only
 * reads on a read-only server says so).
 */
export function allTools(policy: Policy, sandbox = false): ToolCard[] {
  return TOOLS.cards
    .filter((card) => sandbox || !card.sandboxOnly)
    .map((card) => (policy.readOnly && card.readOnlyAnnotations ? { ...card, annotations: card.readOnlyAnnotations } : card));
}

const listedCache = new Map<string, ToolCard[]>();

/**
 * The tools a configuration lists. Throws ConfigError on unknown names.
 * Cached per configuration: an HTTP server builds a Server per request.
 */
export function listedTools(settings: ServerSettings): ToolCard[] {
  const key = JSON.stringify([
    settings.toolsets,
    settings.tools,
    settings.excludeTools,
    settings.readOnly,
    settings.allowDestructive,
    settings.websiteId ?? null,
    settings.sandbox ?? false,
  ]);
  let tools = listedCache.get(key);
  if (!tools) {
    const policy = policyOf(settings);
    // What the policy refuses at call time is not listed either (the pin, secrets).
    tools = selectTools(allTools(policy, settings.sandbox), settings).filter((tool) => !policyRefusal(tool, { policy, tools: TOOLS }));
    if (listedCache.size > 64) listedCache.clear();
    listedCache.set(key, tools);
  }
  return tools;
}

/** A request's narrowing of the configured surface (X-MCP-Toolsets): it may narrow, never widen. */
export interface SurfaceNarrowing {
  /** Lists only these of the configured tools. */
  tools: ReadonlySet<string>;
  /** The only Crisp methods the catalog tools reach; undefined: what they reach as configured. */
  methods?: ReadonlySet<string>;
}

export interface ServerOptions {
  /** Set per HTTP request from X-MCP-Toolsets. */
  restrictTo?: SurfaceNarrowing;
  /** The process's event hub, shared by every server of the process (wait_for_events). */
  events?: EventHub;
}

/**
 * An MCP server for one Crisp client. The low-level Server is used rather than
 * McpServer so that bad input becomes an isError result naming the field,
 * website_id can be hidden and filled in, and tools are listed from their
 * cards while their schemas and code load on first call.
 */
export function createServer(settings: ServerSettings, client: CrispClient, options: ServerOptions = {}): Server {
  const restrict = options.restrictTo;
  const policy: Policy = { ...policyOf(settings), reachable: restrict?.methods };
  const tools = restrict ? listedTools(settings).filter((t) => restrict.tools.has(t.name)) : listedTools(settings);
  const byName = new Map(tools.map((t) => [t.name, t]));

  const server = new CheckedServer(
    { name: "crisp-mcp", title: "Crisp", version: VERSION },
    {
      capabilities: { tools: { listChanged: false }, prompts: { listChanged: false }, logging: {}, completions: {} },
      instructions: INSTRUCTIONS,
    },
  );

  handleLogLevel(server);
  server.setRequestHandler(ListToolsRequestSchema, async () => {
    return { tools: tools.map((tool) => toolListing(tool, Boolean(policy.websiteId))) };
  });

  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    const tool = byName.get(request.params.name);
    if (!tool) return unlistedTool(request.params.name, settings, policy, byName, Boolean(restrict));
    const progressToken = request.params._meta?.progressToken;
    const canAsk = supportsFormElicitation(server.getClientCapabilities()?.elicitation);
    const ctx: ToolContext = {
      client,
      policy,
      tools: TOOLS,
      signal: extra.signal,
      progress: async (progress, total, message) => {
        if (progressToken === undefined) return;
        await extra.sendNotification({
          method: "notifications/progress",
          params: { progressToken, progress, total, message },
        });
      },
      confirm: canAsk ? (message) => askToConfirm(server, message, extra.signal) : undefined,
      events: options.events,
    };
    // Retries, rate limits and the like met by this call go to its client's log, with the call.
    const log = callLog(server, (notification) => extra.sendNotification(notification));
    try {
      return await withActivityListener(log.listener, () => invokeTool(tool, request.params.arguments, ctx));
    } finally {
      log.end();
    }
  });

  const prompts: PromptSettings = {
    tools: new Set(byName.keys()),
    readOnly: settings.readOnly,
    defaultWebsite: Boolean(policy.websiteId),
  };
  server.setRequestHandler(ListPromptsRequestSchema, async () => ({ prompts: listPrompts(prompts) }));
  server.setRequestHandler(GetPromptRequestSchema, async (request) =>
    getPrompt(request.params.name, request.params.arguments, prompts),
  );
  server.setRequestHandler(CompleteRequestSchema, async (request, extra) => {
    // Loaded on the first completion: it reads through the agent tools' code.
    const { complete } = await import("./completions.js");
    return complete(request.params, { client, policy, tools: TOOLS, prompts, signal: extra.signal });
  });

  return server;
}

/**
 * A call to a tool this server does not list. A tool this build knows gets a
 * tool-level error that names why it is not here (the setting or header that
 * hides it, from the policy's own refusal) and what to use instead. A name no
 * configuration knows is a protocol error (-32602), as the MCP spec asks.
 */
function unlistedTool(
  name: string,
  settings: ServerSettings,
  policy: Policy,
  listed: ReadonlyMap<string, ToolCard>,
  narrowed: boolean,
): CallToolResult {
  const known = allTools(policy, settings.sandbox).find((tool) => tool.name === name);
  if (!known) {
    const where = listed.has("search_crisp_methods")
      ? "search_crisp_methods finds a Crisp method by words"
      : "tools/list shows the tools this server has";
    throw invalidParams(`Unknown tool "${name}": no tool of this server has that name; ${where}.`);
  }
  const refusal = policyRefusal(known, { policy, tools: TOOLS });
  if (refusal) return refusal;
  const viaCatalog =
    known.operation && listed.has("call_crisp_method") && (!policy.reachable || policy.reachable.has(name))
      ? `Call it through call_crisp_method with method "${name}".`
      : undefined;
  if (narrowed && listedTools(settings).some((tool) => tool.name === name)) {
    return errorResult(
      `${name} is in the ${known.toolset} toolset, outside the toolsets this connection asked for (X-MCP-Toolsets).`,
      viaCatalog ?? `Use a listed tool, or ask the user to add "${known.toolset}" to X-MCP-Toolsets.`,
    );
  }
  return errorResult(
    `${name} is not enabled on this server: it is in none of the toolsets or tools it was started with (CRISP_TOOLSETS, CRISP_TOOLS).`,
    viaCatalog ?? `Use a listed tool, or ask the user to add "${known.toolset}" to CRISP_TOOLSETS (or ${name} to CRISP_TOOLS).`,
  );
}

const listingCache = new WeakMap<ToolCard, Map<boolean, Tool>>();

/** A tool's tools/list entry, built on first listing and kept. */
function toolListing(tool: ToolCard, hideWebsiteId: boolean): Tool {
  let byHide = listingCache.get(tool);
  if (!byHide) listingCache.set(tool, (byHide = new Map()));
  let listing = byHide.get(hideWebsiteId);
  if (!listing) {
    listing = buildListing(tool, hideWebsiteId);
    byHide.set(hideWebsiteId, listing);
  }
  return listing;
}

function buildListing(tool: ToolCard, hideWebsiteId: boolean): Tool {
  const listing: Tool = {
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema: listedInputSchema(tool, hideWebsiteId) as Tool["inputSchema"],
    annotations: tool.annotations,
  };
  if (tool.outputSchema) listing.outputSchema = tool.outputSchema as Tool["outputSchema"];
  return listing;
}

/** `elicitation: {}` (2025-06-18) means forms; a client that lists only `url` cannot show our yes/no form. */
function supportsFormElicitation(capability: { form?: object; url?: object } | undefined): boolean {
  if (!capability) return false;
  return capability.form !== undefined || capability.url === undefined;
}

async function askToConfirm(server: Server, message: string, signal: AbortSignal): Promise<boolean> {
  const answer = await server.elicitInput(
    {
      mode: "form",
      message,
      requestedSchema: {
        type: "object",
        properties: { confirm: { type: "boolean", title: "Yes, do it", description: "Confirm this destructive action" } },
        required: ["confirm"],
      },
    },
    { signal },
  );
  return answer.action === "accept" && answer.content?.confirm === true;
}
