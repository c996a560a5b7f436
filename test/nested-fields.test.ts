import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { OPERATIONS } from "../src/tools/catalog/index.js";
import { inputSchemaOf } from "../src/tools/invoke.js";
import { operationTool, requestFor } from "../src/tools/operation-tool.js";
import { startHarness, textOf, type Harness } from "./helpers/harness.js";
import { sampleArgs } from "./helpers/sample-args.js";

// Nothing a user gives is dropped in silence: every nested object of every
// tool either refuses an unknown field, naming its full path, or is declared
// open on purpose and then sends the field on to Crisp.

type Internals = { _zod: { def: Record<string, any> } };
type Openness = "strict" | "open" | "stripping";

interface NestedObject {
  path: (string | number)[];
  openness: Openness;
}

const UNKNOWN = "not_a_crisp_field";

/** The nested objects (not the top level) that a sample value fills, with how each treats unknown keys. */
function nestedObjects(schema: z.ZodType, value: unknown, path: (string | number)[], out: NestedObject[]): void {
  const { def } = (schema as unknown as Internals)._zod;
  switch (def.type) {
    case "optional":
    case "default":
    case "nullable":
    case "readonly":
    case "nonoptional":
      if (value !== undefined && value !== null) nestedObjects(def.innerType, value, path, out);
      return;
    case "pipe":
      return nestedObjects(def.in, value, path, out);
    case "object": {
      if (value === null || typeof value !== "object") return;
      const catchall = def.catchall ? (def.catchall as Internals)._zod.def.type : undefined;
      out.push({ path, openness: catchall === "never" ? "strict" : catchall === undefined ? "stripping" : "open" });
      for (const [key, inner] of Object.entries(def.shape as Record<string, z.ZodType>)) {
        nestedObjects(inner, (value as Record<string, unknown>)[key], [...path, key], out);
      }
      return;
    }
    case "array":
      if (Array.isArray(value) && value.length > 0) nestedObjects(def.element, value[0], [...path, 0], out);
      return;
    case "union":
      for (const option of def.options as z.ZodType[]) {
        if (option.safeParse(value).success) return nestedObjects(option, value, path, out);
      }
      return;
    default:
      return;
  }
}

function withUnknownField(args: Record<string, unknown>, path: (string | number)[]): Record<string, unknown> {
  const copy = structuredClone(args);
  let node: any = copy;
  for (const part of path) node = node[part];
  node[UNKNOWN] = 1;
  return copy;
}

const tools = OPERATIONS.map(operationTool);
const cases = tools.flatMap((tool) => {
  const args = sampleArgs(tool);
  const found: NestedObject[] = [];
  for (const [name, schema] of Object.entries(tool.params)) nestedObjects(schema as z.ZodType, args[name], [name], found);
  return found.map((nested) => ({ tool, args, ...nested, where: `${tool.name} ${nested.path.join(".")}` }));
});

describe("nested objects in tool inputs", () => {
  it("are many, and none strips unknown fields", () => {
    expect(cases.length).toBeGreaterThan(40);
    expect(cases.filter((c) => c.openness === "stripping").map((c) => c.where)).toEqual([]);
  });

  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ sandbox: { tier: "user" } });
  });
  afterAll(async () => {
    await h.close();
  });

  const strict = cases.filter((c) => c.openness === "strict");
  it.each(strict)("$where refuses an unknown field by its full path, before any request", async ({ tool, args, path }) => {
    h.sandbox.clearRequests();
    const result = await h.call(tool.name, withUnknownField({ ...args, website_id: h.sandbox.websiteId }, path));
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain(`unknown field(s) ${[...path, UNKNOWN].join(".")}`);
    expect(h.sandbox.requests).toHaveLength(0);
  });

  const open = cases.filter((c) => c.openness === "open");
  it.each(open)("$where is open on purpose and sends an unknown field on to Crisp", ({ tool, args, path }) => {
    const parsed = inputSchemaOf(tool).safeParse(withUnknownField(args, path));
    expect(parsed.success).toBe(true);
    const request = requestFor(tool.operation!, parsed.data as Record<string, unknown>);
    let node: any = { ...(request.body as object), ...request.query };
    for (const part of path) node = node[part];
    expect(node[UNKNOWN]).toBe(1);
  });
});
