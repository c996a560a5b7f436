import type { ToolCard } from "../types.js";

interface Indexed {
  tool: ToolCard;
  name: string[];
  aliases: string[];
  title: string[];
  text: string[];
}

const cache = new WeakMap<readonly ToolCard[], Indexed[]>();

/** Ranks methods by how well their names, old names, titles and descriptions match the words. */
export function searchMethods(methods: readonly ToolCard[], query: string): ToolCard[] {
  const words = wordsOf(query);
  if (words.length === 0) return [];
  const exact = query.trim().toLowerCase();
  const scored: { tool: ToolCard; score: number }[] = [];
  for (const entry of indexOf(methods)) {
    let score = 0;
    if (entry.tool.name === exact || entry.tool.operation?.aliases?.includes(exact)) score += 100;
    let matchedWords = 0;
    for (const word of words) {
      const s =
        (entry.name.includes(word) ? 6 : 0) +
        (entry.aliases.includes(word) ? 4 : 0) +
        (entry.title.includes(word) ? 3 : 0) +
        (entry.text.includes(word) ? 1 : 0);
      if (s > 0) matchedWords++;
      score += s;
    }
    // Every word should count: a method matching all of them beats one that matches a word many times.
    score += matchedWords === words.length ? 10 * words.length : 0;
    if (score > 0) scored.push({ tool: entry.tool, score });
  }
  return scored.sort((a, b) => b.score - a.score).map((s) => s.tool);
}

function indexOf(methods: readonly ToolCard[]): Indexed[] {
  let index = cache.get(methods);
  if (!index) {
    index = methods.map((tool) => ({
      tool,
      name: wordsOf(tool.name),
      aliases: wordsOf((tool.operation?.aliases ?? []).join(" ")),
      title: wordsOf(tool.title),
      text: wordsOf(`${tool.description} ${tool.operation?.path ?? ""} ${tool.toolset}`),
    }));
    cache.set(methods, index);
  }
  return index;
}

/** Lower-case words, split on anything but letters and digits, with a plain plural folded. */
function wordsOf(text: string): string[] {
  return text
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 1)
    .map((w) => (w.length > 3 && w.endsWith("s") && !w.endsWith("ss") ? w.slice(0, -1) : w));
}
