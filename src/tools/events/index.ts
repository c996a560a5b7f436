import type { ToolDefinition } from "../types.js";
import { simulateVisitorMessage } from "./simulate-visitor.js";
import { waitForEvents } from "./wait-for-events.js";

/** The real-time tools; the visitor simulator is listed only against the sandbox (its sandboxOnly). */
export function eventTools(): ToolDefinition[] {
  return [waitForEvents, simulateVisitorMessage];
}
