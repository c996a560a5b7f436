// Run by `npm run build` after tsc: writes dist/tool-schemas.json, the JSON
// Schemas of every tool, so that a server start does not compute them.
import { writeFileSync } from "node:fs";
import { allTools, policyOf } from "./server.js";
import { liveInputSchema, liveOutputSchema, type PrebuiltSchemas } from "./tools/schema.js";

const policy = policyOf({ toolsets: ["all"], tools: [], excludeTools: [], readOnly: false, allowDestructive: false });
const schemas: PrebuiltSchemas = {};
// Sandbox mode adds its own tools: include them so every tool a server can list is here.
for (const tool of allTools(policy, true)) {
  const output = liveOutputSchema(tool);
  schemas[tool.name] = output ? { input: liveInputSchema(tool), output } : { input: liveInputSchema(tool) };
}
writeFileSync(new URL("./tool-schemas.json", import.meta.url), JSON.stringify(schemas));
