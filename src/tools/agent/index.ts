import type { ToolDefinition } from "../types.js";

/** Composite tools written for support agents (see the agent tools issue). */
export function agentTools(): ToolDefinition[] {
  return [];
}
