import { ConfigError } from "../config.js";
import { CATALOG_TOOLSETS } from "./operation.js";
import { isWriteTool, type ToolCard } from "./types.js";

/**
 * Crisp methods a support agent uses most, listed by default next to the agent
 * and catalog tools. Reading conversations and people is the agent tools' job;
 * everything else is one call_crisp_method away, and the default list has a
 * token budget (test/tool-surface.test.ts).
 */
export const DEFAULT_METHODS: readonly string[] = [
  "change_conversation_state",
  "assign_conversation_routing",
  "list_website_operators",
];

export const SPECIAL_TOOLSETS = ["default", "all", "agent", "catalog", "events"] as const;
export const ALL_TOOLSETS: readonly string[] = [...SPECIAL_TOOLSETS, ...CATALOG_TOOLSETS];

export interface Selection {
  toolsets: readonly string[];
  tools: readonly string[];
  excludeTools: readonly string[];
  readOnly: boolean;
}

/**
 * The tools a configuration lists. Unknown names stop start-up with the valid
 * ones; read-only removes every write tool whatever else was asked for.
 */
export function selectTools(all: readonly ToolCard[], selection: Selection): ToolCard[] {
  const byName = new Map(all.map((t) => [t.name, t]));
  for (const name of selection.toolsets) {
    if (!ALL_TOOLSETS.includes(name)) {
      throw new ConfigError(
        `unknown toolset "${name}" in CRISP_TOOLSETS / --toolsets; valid toolsets: ${ALL_TOOLSETS.join(", ")}`,
      );
    }
  }
  for (const [setting, names] of [
    ["CRISP_TOOLS / --tools", selection.tools],
    ["CRISP_EXCLUDE_TOOLS / --exclude-tools", selection.excludeTools],
  ] as const) {
    const unknown = names.filter((n) => !byName.has(n));
    if (unknown.length > 0) {
      throw new ConfigError(
        `unknown tool ${unknown.map((n) => `"${n}"`).join(", ")} in ${setting}; run crisp-mcp --list-tools for the valid names`,
      );
    }
  }

  const wanted = new Set<string>(selection.tools);
  for (const tool of all) {
    if (selection.toolsets.some((set) => inToolset(tool, set))) wanted.add(tool.name);
  }
  for (const name of selection.excludeTools) wanted.delete(name);
  return all.filter((t) => wanted.has(t.name) && !(selection.readOnly && isWriteTool(t)));
}

/** Whether a toolset name (CRISP_TOOLSETS, X-MCP-Toolsets) covers the tool. */
export function inToolset(tool: Pick<ToolCard, "name" | "toolset">, toolset: string): boolean {
  if (toolset === "all") return true;
  if (toolset === "default") {
    return tool.toolset === "agent" || tool.toolset === "catalog" || DEFAULT_METHODS.includes(tool.name);
  }
  return tool.toolset === toolset;
}
