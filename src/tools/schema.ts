import { readFileSync } from "node:fs";
import { z } from "zod";
import type { ToolDefinition } from "./types.js";

export type JsonSchema = Record<string, unknown>;

/** What `npm run build` writes to dist/tool-schemas.json: each tool's schemas, computed once. */
export type PrebuiltSchemas = Record<string, { input: JsonSchema; output?: JsonSchema }>;

const PREBUILT_FILE = new URL("../tool-schemas.json", import.meta.url);
let prebuilt: PrebuiltSchemas | null | undefined;

/**
 * Turning 250 zod schemas into JSON Schema takes longer than the rest of a
 * cold start, so the build does it once; a run from sources computes them.
 */
function prebuiltSchemas(): PrebuiltSchemas | null {
  if (prebuilt === undefined) {
    try {
      prebuilt = JSON.parse(readFileSync(PREBUILT_FILE, "utf8")) as PrebuiltSchemas;
    } catch {
      prebuilt = null;
    }
  }
  return prebuilt;
}

/**
 * The JSON Schema a client sees for a tool's input. website_id is left out
 * when the server fills it in; the $schema line is dropped (clients assume it).
 */
export function inputJsonSchema(tool: ToolDefinition, hideWebsiteId: boolean): JsonSchema {
  const full = prebuiltSchemas()?.[tool.name]?.input ?? liveInputSchema(tool);
  return hideWebsiteId ? withoutWebsiteId(full) : full;
}

export function outputJsonSchema(tool: ToolDefinition): JsonSchema | undefined {
  if (!tool.outputSchema) return undefined;
  return prebuiltSchemas()?.[tool.name]?.output ?? liveOutputSchema(tool);
}

/**
 * Computed from the zod declaration, never from the prebuilt file. Nested
 * objects are listed without additionalProperties:false, like the top level:
 * validation still refuses an unknown field and names its path, and the
 * listing, paid in every conversation, stays shorter.
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
