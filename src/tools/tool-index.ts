import { readFileSync } from "node:fs";
import { createDirectory } from "./directory.js";
import type { ToolCard, ToolDirectory } from "./types.js";

/** Written by `npm run build` (src/build-tool-index.ts) next to the compiled code. */
const INDEX_FILE = new URL("../tool-index.json", import.meta.url);

/**
 * Every tool of this build. A built server reads the cards from the index, so
 * starting and listing load no tool's schema or code; a run from sources
 * (tests, tsx) has no index and computes the same cards from the declarations.
 */
export const TOOLS: ToolDirectory = createDirectory(await readCards());

async function readCards(): Promise<readonly ToolCard[]> {
  let text: string;
  try {
    text = readFileSync(INDEX_FILE, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    const { buildToolCards } = await import("./index-build.js");
    return buildToolCards();
  }
  return JSON.parse(text) as ToolCard[];
}
