import { definitionsAt, TOOL_HOMES } from "./homes.js";
import { liveInputSchema, liveOutputSchema } from "./schema.js";
import type { ToolCard, ToolDefinition, ToolHome } from "./types.js";

/**
 * Every tool's card, from the declarations: what `npm run build` writes to
 * dist/tool-index.json, and what a run from sources computes at start.
 * Methods come first so the catalog tools can say how many there are.
 */
export async function buildToolCards(): Promise<ToolCard[]> {
  const methodHomes = TOOL_HOMES.filter((home) => home.kind === "method");
  const methods: ToolCard[] = [];
  for (const home of methodHomes) for (const tool of await definitionsAt(home, 0)) methods.push(cardOf(tool, home));
  const others: ToolCard[] = [];
  for (const home of TOOL_HOMES.filter((h) => h.kind !== "method")) {
    for (const tool of await definitionsAt(home, methods.length)) others.push(cardOf(tool, home));
  }
  return [...others, ...methods];
}

/** A definition's card: plain data, with no field set to undefined, so that it survives JSON unchanged. */
export function cardOf(tool: ToolDefinition, home: ToolHome): ToolCard {
  const op = tool.operation;
  const outputSchema = liveOutputSchema(tool);
  return withoutUndefined({
    name: tool.name,
    title: tool.title,
    description: tool.description,
    toolset: tool.toolset,
    annotations: tool.annotations,
    readOnlyAnnotations: tool.readOnlyAnnotations,
    takesWebsiteId: "website_id" in tool.params,
    delegatesPolicy: tool.delegatesPolicy,
    sandboxOnly: tool.sandboxOnly,
    operation: op && withoutUndefined({ method: op.method, path: op.path, secret: op.secret, tiers: op.tiers, aliases: op.aliases }),
    crispMethods: tool.crispMethods,
    home,
    inputSchema: liveInputSchema(tool),
    outputSchema,
  });
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
