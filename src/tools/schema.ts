import { z } from "zod";
import type { ToolCard, ToolDefinition } from "./types.js";

export type JsonSchema = Record<string, unknown>;

/** The JSON Schema a client sees for a tool's input: without website_id when the server fills it in. */
export function listedInputSchema(card: Pick<ToolCard, "inputSchema">, hideWebsiteId: boolean): JsonSchema {
  return hideWebsiteId ? withoutWebsiteId(card.inputSchema) : card.inputSchema;
}

/**
 * The listed JSON Schema of a declaration's input. Nested objects are listed
 * without additionalProperties:false, like the top level: validation still
 * refuses an unknown field and names its path, and the listing, paid in
 * every conversation, stays shorter.
 */
export function liveInputSchema(tool: ToolDefinition): JsonSchema {
  return shapeJsonSchema(tool.params);
}

/** The listed JSON Schema of an input shape. */
export function shapeJsonSchema(shape: z.ZodRawShape): JsonSchema {
  return withoutClosedObjects(toJsonSchema(z.object(shape)));
}

function withoutClosedObjects<T>(node: T): T {
  if (Array.isArray(node)) return node.map(withoutClosedObjects) as T;
  if (node === null || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "additionalProperties" && value === false) continue;
    out[key] = withoutClosedObjects(value);
  }
  return out as T;
}

/** Output schemas are listed in their input form: no additionalProperties:false on every nested object. */
export function liveOutputSchema(tool: ToolDefinition): JsonSchema | undefined {
  return tool.outputSchema ? toJsonSchema(tool.outputSchema, "input") : undefined;
}

/** The same schema without the website_id field, which the server fills in. */
export function withoutWebsiteId(schema: JsonSchema): JsonSchema {
  const properties = schema.properties as Record<string, unknown> | undefined;
  if (!properties || !("website_id" in properties)) return schema;
  const { website_id: _dropped, ...rest } = properties;
  const out: JsonSchema = { ...schema, properties: rest };
  const required = (schema.required as string[] | undefined)?.filter((name) => name !== "website_id");
  if (required && required.length > 0) out.required = required;
  else delete out.required;
  return out;
}

export function toJsonSchema(schema: z.ZodType, io: "input" | "output" = "input"): JsonSchema {
  const json = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as JsonSchema;
  delete json.$schema;
  return json;
}
