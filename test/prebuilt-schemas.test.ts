import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { allTools, policyOf } from "../src/server.js";
import { liveInputSchema, liveOutputSchema, shapeJsonSchema, withoutWebsiteId, type PrebuiltSchemas } from "../src/tools/schema.js";

// `npm test` builds first; the built server lists these prebuilt schemas, so
// they must be exactly what the declarations give today.
const prebuilt = JSON.parse(
  readFileSync(new URL("../dist/tool-schemas.json", import.meta.url), "utf8"),
) as PrebuiltSchemas;
const tools = allTools(policyOf({ toolsets: ["all"], tools: [], excludeTools: [], readOnly: false, allowDestructive: false }), true);

describe("the JSON Schemas prebuilt by npm run build", () => {
  it("cover every tool, and only those", () => {
    expect(Object.keys(prebuilt).sort()).toEqual(tools.map((t) => t.name).sort());
  });

  it.each(tools.map((t) => [t.name, t] as const))("%s: equal to its declaration (rebuild if this fails)", (_name, tool) => {
    expect(prebuilt[tool.name]!.input).toEqual(liveInputSchema(tool));
    expect(prebuilt[tool.name]!.output).toEqual(liveOutputSchema(tool));
  });

  it("dropping website_id from a prebuilt schema gives what zod gives for the shape without it", () => {
    for (const tool of tools) {
      if (!("website_id" in tool.params)) continue;
      const { website_id: _omitted, ...shape } = tool.params;
      expect(withoutWebsiteId(prebuilt[tool.name]!.input), tool.name).toEqual(shapeJsonSchema(shape));
    }
  });
});
