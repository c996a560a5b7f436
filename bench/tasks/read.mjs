// What a scripted agent does with what it reads: pull ids and fields out of
// tool results, and the small judgments a model would make (which article
// fits a question), the same on both paths.

export const SESSION_ID = /session_[0-9a-f-]{36}/;

/** Text between « » (our marking of visitor-written text), unmarked. */
export function unmark(text) {
  return text.replace(/[«»]/g, "");
}

/** The first session id in a text, or an error naming what was looked at. */
export function sessionIn(text, what) {
  const found = SESSION_ID.exec(text)?.[0];
  if (!found) throw new Error(`no session id in ${what}: ${text.slice(0, 200)}`);
  return found;
}

/** The value after `Label: ` on its own line of an agent tool's text. */
export function lineValue(text, label) {
  const line = text.split("\n").find((l) => l.startsWith(`${label}: `));
  return line === undefined ? undefined : unmark(line.slice(label.length + 2));
}

const STOP_WORDS = new Set(["a", "an", "and", "the", "for", "to", "of", "in", "on", "my", "your", "how", "is", "it", "i", "you", "can", "do", "with", "what", "or"]);

export function wordsOf(text) {
  return new Set(text.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length > 1 && !STOP_WORDS.has(w)));
}

/**
 * The candidate whose text shares most words with the query (stems by
 * prefix: "track" matches "tracking"); the first one on a tie.
 */
export function bestMatch(query, candidates, textOfCandidate) {
  const wanted = [...wordsOf(query)];
  let best;
  let bestScore = 0;
  for (const candidate of candidates) {
    const words = [...wordsOf(textOfCandidate(candidate))];
    const score = wanted.filter((w) => words.some((x) => x.startsWith(w.slice(0, 5)) || w.startsWith(x.slice(0, 5)))).length;
    if (score > bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  if (!best) throw new Error(`nothing matches "${query}"`);
  return best;
}

/** Entries of a raw list_helpdesk_tree answer with their full tree paths. */
export function treeEntries(nodes, parents = []) {
  const entries = [];
  for (const node of nodes) {
    const parts = [...parents, node.slug];
    if (node.type === "entry") entries.push({ ...node, tree_path: parts.join("/") });
    if (Array.isArray(node.children)) entries.push(...treeEntries(node.children, parts));
  }
  return entries;
}

/** The first paragraph of Markdown that is not a heading: what a short answer quotes. */
export function firstParagraph(markdown) {
  return markdown.split(/\n\s*\n/).map((p) => p.trim()).find((p) => p !== "" && !p.startsWith("#")) ?? "";
}

/** A greeting's name: the first word of a display name. */
export function firstWord(name) {
  return name.trim().split(/\s+/)[0] || "there";
}
