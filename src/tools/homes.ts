import { CATALOG_PARTS, loadCatalogPart } from "./catalog/parts.js";
import { operationTool } from "./operation-tool.js";
import type { ToolDefinition, ToolHome } from "./types.js";

/**
 * Where every tool is declared, each home a module imported only when one of
 * its tools is needed. The build walks them all to write the tool index; a
 * server loads one when it first runs a tool from it.
 */
export async function definitionsAt(home: ToolHome, methodCount: number): Promise<readonly ToolDefinition[]> {
  switch (home.kind) {
    case "method":
      return (await loadCatalogPart(home.part)).map(operationTool);
    case "agent":
      return (await import("./agent/index.js")).agentTools();
    case "catalog":
      return (await import("./meta/catalog-tools.js")).catalogTools(methodCount);
    case "events":
      return (await import("./events/index.js")).eventTools();
  }
}

/** Every home, in listing order: agent, catalog and event tools, then the Crisp methods in the reference's order. */
export const TOOL_HOMES: readonly ToolHome[] = [
  { kind: "agent" },
  { kind: "catalog" },
  { kind: "events" },
  ...CATALOG_PARTS.map((part) => ({ kind: "method", part }) as const),
];
