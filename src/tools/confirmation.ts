import { cleanText, oneLine } from "../untrusted/text.js";
import type { ToolDefinition } from "./types.js";

// The question a human answers before a destructive call. It says what will
// happen in words a person can check: the action, the website, how many items
// each list holds, the first few of them, and plainly what is not shown. The
// arguments come from the model (and, through it, maybe from a visitor), so
// every piece is cleaned, kept on one line and cut with a visible mark.

/** The whole question stays readable in a dialog. */
export const MAX_CONFIRMATION_CHARS = 1_500;
/** Items of a list shown before "… and N more not shown". */
export const SHOWN_ITEMS = 5;
const MAX_VALUE_CHARS = 200;
const MAX_ITEM_CHARS = 60;
const MAX_KEY_CHARS = 40;
const SHOWN_FIELDS = 6;
/** Objects deeper than this are only counted. */
const MAX_DEPTH = 2;

const CUT_MARK = "\n… (the rest of the arguments is not shown)";

export function confirmationText(tool: Pick<ToolDefinition, "name" | "title" | "description">, args: Record<string, unknown>): string {
  const lines = [`Allow ${tool.title} (${tool.name})? ${tool.description} It cannot be undone.`];
  if (typeof args.website_id === "string") lines.push(`Website: ${shown(args.website_id, MAX_VALUE_CHARS)}`);
  for (const [name, value] of orderedFields(args)) lines.push(`${name}: ${rendered(value, 0)}`);
  return bounded(lines.join("\n"));
}

/** Lists first: their counts are what a person most needs, and must survive the length bound. */
function orderedFields(args: Record<string, unknown>): [string, unknown][] {
  const fields = Object.entries(args).filter(([name, value]) => name !== "website_id" && value !== undefined);
  return [...fields.filter(([, v]) => Array.isArray(v)), ...fields.filter(([, v]) => !Array.isArray(v))].map(
    ([name, value]) => [shownKey(name), value],
  );
}

function rendered(value: unknown, depth: number): string {
  if (Array.isArray(value)) return listText(value, depth);
  if (value !== null && typeof value === "object") return objectText(value as Record<string, unknown>, depth);
  if (typeof value === "string") return `"${shown(value, depth === 0 ? MAX_VALUE_CHARS : MAX_ITEM_CHARS)}"`;
  return String(value);
}

/** "1000 items: a, b, c, d, e … and 995 more not shown". */
function listText(items: readonly unknown[], depth: number): string {
  const count = `${items.length} ${items.length === 1 ? "item" : "items"}`;
  if (items.length === 0) return count;
  if (depth >= MAX_DEPTH) return `[${count}]`;
  const first = items.slice(0, SHOWN_ITEMS).map((item) => rendered(item, depth + 1));
  const rest = items.length > SHOWN_ITEMS ? ` … and ${items.length - SHOWN_ITEMS} more not shown` : "";
  const text = `${count}: ${first.join(", ")}${rest}`;
  return depth === 0 ? text : `[${text}]`;
}

/** A nested object: a few fields, each summarised, and how many are left out. */
function objectText(object: Record<string, unknown>, depth: number): string {
  const entries = Object.entries(object).filter(([, value]) => value !== undefined);
  const count = `${entries.length} ${entries.length === 1 ? "field" : "fields"}`;
  if (depth >= MAX_DEPTH) return `{${count}}`;
  const first = entries.slice(0, SHOWN_FIELDS).map(([key, value]) => `${shownKey(key)}: ${rendered(value, depth + 1)}`);
  const rest = entries.length > SHOWN_FIELDS ? `, … and ${entries.length - SHOWN_FIELDS} more fields not shown` : "";
  return `{ ${first.join(", ")}${rest} }`;
}

/** Text as a person can read it: no hidden or bidi characters, one line, cut with a mark. */
function shown(text: string, max: number): string {
  const chars = [...oneLine(cleanText(text))];
  return chars.length > max ? `${chars.slice(0, max).join("")}… (${chars.length} characters, cut)` : chars.join("");
}

function shownKey(key: string): string {
  return shown(key, MAX_KEY_CHARS) || '""';
}

/** At most MAX_CONFIRMATION_CHARS UTF-16 units, the cut mark included; never splits a character. */
function bounded(text: string): string {
  if (text.length <= MAX_CONFIRMATION_CHARS) return text;
  let kept = "";
  for (const char of text) {
    if (kept.length + char.length > MAX_CONFIRMATION_CHARS - CUT_MARK.length) break;
    kept += char;
  }
  return kept + CUT_MARK;
}
