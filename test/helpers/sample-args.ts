import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { inputSchemaOf } from "../../src/tools/invoke.js";
import type { ToolDefinition } from "../../src/tools/types.js";

/** Values that identify real things in the sandbox, by field name. */
export type KnownValues = Record<string, unknown>;

const UUID = "8c842203-7ed8-4e29-a608-7cf78a7d2fcc";
const STRING_CANDIDATES = [
  UUID,
  `session_${UUID}`,
  "2026-01-31T12:00:00Z",
  "2026-01-31",
  "alice@example.com",
  "https://example.com/page",
  "en",
  "email",
  "sample",
];

/**
 * Builds valid arguments for a tool from its zod schema: every field,
 * optional ones included, so that the whole route (path, query, body) is used.
 */
export function sampleArgs(tool: ToolDefinition, known: KnownValues = {}): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(tool.params)) {
    args[name] = name in known ? known[name] : sample(schema as z.ZodType, name);
  }
  const parsed = inputSchemaOf(tool).safeParse(args);
  if (!parsed.success) {
    throw new Error(`sampleArgs(${tool.name}) made invalid args: ${JSON.stringify(parsed.error.issues)}`);
  }
  return args;
}

type Internals = { _zod: { def: Record<string, any>; bag: { minimum?: number; maximum?: number } } };

function sample(schema: z.ZodType, name: string): unknown {
  const { def, bag } = (schema as unknown as Internals)._zod;
  switch (def.type) {
    case "optional":
    case "default":
    case "nullable":
    case "readonly":
    case "nonoptional":
      return sample(def.innerType, name);
    case "pipe":
      return sample(def.in, name);
    case "string":
      return STRING_CANDIDATES.find((c) => schema.safeParse(c).success) ?? `x${randomUUID()}`;
    case "number": {
      for (const value of [1, 20, 10, 100, bag.minimum, bag.maximum, 1_700_000_000_000, 0]) {
        if (value !== undefined && schema.safeParse(value).success) return value;
      }
      throw new Error(`sample: no number fits field ${name}`);
    }
    case "boolean":
      return true;
    case "enum":
      return Object.values(def.entries)[0];
    case "literal":
      return def.values[0];
    case "array": {
      const item = sample(def.element, name);
      return Array.from({ length: Math.max(1, bag.minimum ?? 1) }, () => item);
    }
    case "object": {
      const out: Record<string, unknown> = {};
      for (const [key, inner] of Object.entries(def.shape as Record<string, z.ZodType>)) out[key] = sample(inner, key);
      return out;
    }
    case "record":
      return { [String(sample(def.keyType, name))]: sample(def.valueType, name) };
    case "union": {
      for (const option of def.options as z.ZodType[]) {
        const value = sample(option, name);
        if (schema.safeParse(value).success) return value;
      }
      throw new Error(`sample: no union option fits field ${name}`);
    }
    case "null":
      return null;
    case "unknown":
    case "any":
      return "sample";
    default:
      throw new Error(`sample: no generator for zod type ${def.type} (field ${name})`);
  }
}
