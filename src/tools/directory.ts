import { definitionsAt } from "./homes.js";
import type { ToolCard, ToolDefinition, ToolDirectory, ToolHome } from "./types.js";

/** A directory over these cards: each home's definitions are imported once, on the first call of one of its tools. */
export function createDirectory(cards: readonly ToolCard[]): ToolDirectory {
  const methods = cards.filter((card) => card.operation);
  const methodsByName = new Map(methods.map((card) => [card.name, card]));
  const homes = new Map<string, Promise<ReadonlyMap<string, ToolDefinition>>>();

  const load = (home: ToolHome) => {
    const key = home.kind === "method" ? `method:${home.part}` : home.kind;
    let loading = homes.get(key);
    if (!loading) {
      loading = definitionsAt(home, methods.length).then((tools) => new Map(tools.map((tool) => [tool.name, tool])));
      // A failed import is tried again by the next call rather than remembered.
      loading.catch(() => homes.delete(key));
      homes.set(key, loading);
    }
    return loading;
  };

  return {
    cards,
    methods,
    method: (name) => methodsByName.get(name),
    async definition(card) {
      const tool = (await load(card.home)).get(card.name);
      if (!tool) {
        throw new Error(`${card.name} is in the tool index but not in its module: dist/tool-index.json is older than dist/; run npm run build`);
      }
      return tool;
    },
  };
}
