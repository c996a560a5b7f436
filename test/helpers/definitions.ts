import { listedTools, type ServerSettings } from "../../src/server.js";
import { TOOLS } from "../../src/tools/tool-index.js";
import type { ToolDefinition } from "../../src/tools/types.js";

/** The definitions (zod input and code) of the tools a configuration lists, loaded as a server loads them on first call. */
export function listedDefinitions(settings: ServerSettings): Promise<ToolDefinition[]> {
  return Promise.all(listedTools(settings).map((card) => TOOLS.definition(card)));
}
