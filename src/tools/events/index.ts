import type { ToolDefinition } from "../types.js";
import { simulateVisitorMessage } from "./simulate-visitor.js";
import { waitForEvents } from "./wait-for-events.js";

/** The real-time tools; the visitor simulator only when the server runs against the sandbox. */
export function eventTools(options: { sandbox?: boolean } = {}): ToolDefinition[] {
  return options.sandbox ? [waitForEvents, simulateVisitorMessage] : [waitForEvents];
}
