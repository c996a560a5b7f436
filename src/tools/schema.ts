import { z } from "zod";
import type { ToolDefinition } from "./types.js";

type JsonSchema = Record<string, unknown>;

/**
 * The JSON Schema a client sees for a tool's input. website_id is left out
 * when the server fills it in; the $schema line is dropped (clients assume it).
 */
export function inputJsonSchema(tool: ToolDefinition, hideWebsiteId: boolean): JsonSchema {
  const shape = { ...tool.params };
  if (hideWebsiteId) delete shape.website_id;
  return toJsonSchema(z.object(shape));
}

export function toJsonSchema(schema: z.ZodType, io: "input" | "output" = "input"): JsonSchema {
  const json = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as JsonSchema;
  delete json.$schema;
  return json;
}
