import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { CrispError } from "../client/index.js";
import { log } from "../log.js";
import { cleanText } from "./visitor-text.js";

/** About 20,000 tokens of compact JSON: below Claude Code's 25k stop, with room for the note. */
export const MAX_RESULT_CHARS = 60_000;

/** Drops null, undefined, empty strings, empty arrays and empty objects, recursively. */
export function compact(value: unknown): unknown {
  return prune(value, (text) => text);
}

/** What prune() returns for an object that kept nothing: its parent drops it, a list keeps it as {}. */
const EMPTY: Record<string, never> = Object.freeze({});

/**
 * compact() and hidden-character cleaning in one pass over the data: every
 * result of a Crisp method goes through here, so it walks the data once and
 * copies only what changes. A list or object with nothing to drop or clean is
 * returned as it is (callers never mutate the result), so clean data costs
 * no allocation.
 */
function prune(value: unknown, clean: (text: string) => string): unknown {
  if (typeof value === "string") {
    if (value === "") return undefined;
    const cleaned = clean(value);
    return cleaned === "" ? undefined : cleaned;
  }
  if (value === null || typeof value !== "object") return value ?? undefined;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const kept = prune(item, clean);
      if (!out) {
        if (kept === item && kept !== undefined) continue;
        out = value.slice(0, i);
      }
      if (kept !== undefined) out.push(kept);
    }
    return out ?? value;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  let out: Record<string, unknown> | undefined;
  let size = 0;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const inner = record[key];
    const kept = prune(inner, clean);
    const dropped = kept === undefined || kept === EMPTY || (Array.isArray(kept) && kept.length === 0);
    const name = dropped ? key : clean(key);
    if (!out) {
      if (!dropped && kept === inner && name === key) continue;
      // The first change: what came before it was kept as it was.
      out = {};
      for (let j = 0; j < i; j++) put(out, keys[j]!, record[keys[j]!]);
      size = i;
    }
    if (!dropped) {
      put(out, name, kept);
      size++;
    }
  }
  if (!out) return keys.length === 0 ? EMPTY : value;
  return size === 0 ? EMPTY : out;
}

function put(out: Record<string, unknown>, name: string, value: unknown): void {
  // A "__proto__" key (a visitor can name custom data so) stays data, never a prototype.
  if (name === "__proto__") Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
  else out[name] = value;
}

export interface Cut {
  /** The value, with its longest list shortened if it had to be. */
  value: unknown;
  /** Its compact JSON, already built. */
  text: string;
  /** Items left out, 0 when nothing was cut. */
  omitted: number;
  total: number;
}

/**
 * Shortens the largest list in a value until its JSON fits in maxChars.
 * Lists are cut whole items at a time so that what remains is still valid data.
 */
export function cutToSize(value: unknown, maxChars = MAX_RESULT_CHARS): Cut {
  const text = JSON.stringify(value) ?? "";
  if (text.length <= maxChars) return { value, text, omitted: 0, total: 0 };
  const list = largestList(value);
  if (!list) return { value, text, omitted: 0, total: 0 };
  const { holder, key, items } = list;
  const replace = (kept: unknown[]) => (holder === undefined ? kept : { ...holder, [key!]: kept });
  let low = 0;
  let high = items.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (JSON.stringify(replace(items.slice(0, mid))).length <= maxChars) low = mid;
    else high = mid - 1;
  }
  const kept = replace(items.slice(0, low));
  return { value: kept, text: JSON.stringify(kept), omitted: items.length - low, total: items.length };
}

function largestList(
  value: unknown,
): { holder?: Record<string, unknown>; key?: string; items: unknown[] } | undefined {
  if (Array.isArray(value)) return { items: value };
  if (!value || typeof value !== "object") return undefined;
  let best: { key: string; items: unknown[]; size: number } | undefined;
  for (const [key, inner] of Object.entries(value)) {
    if (!Array.isArray(inner)) continue;
    const size = JSON.stringify(inner).length;
    if (!best || size > best.size) best = { key, items: inner, size };
  }
  return best && { holder: value as Record<string, unknown>, key: best.key, items: best.items };
}

/**
 * Every string and key of a value with the characters nobody can see removed
 * (tag characters, bidi controls, zero-width ...): Crisp data holds visitor
 * text, and hidden characters there can carry instructions a reviewer never sees.
 * Empty values are dropped on the way, as compact() does.
 */
export function compactClean(value: unknown): unknown {
  return prune(value, cleanText);
}

/** Compact JSON text for a Crisp answer, cleaned of hidden characters, cut to size with a note that says how to get the rest. */
export function dataResult(data: unknown, nextStep = "ask for the next page or a narrower filter"): CallToolResult {
  const cut = cutToSize(compactClean(data) ?? {});
  const text = cut.text;
  if (cut.omitted === 0 && text.length <= MAX_RESULT_CHARS) return { content: [{ type: "text", text }] };
  if (cut.omitted === 0) {
    return {
      content: [
        { type: "text", text: text.slice(0, MAX_RESULT_CHARS) },
        { type: "text", text: `[cut: the answer was ${text.length} characters; ${nextStep}]` },
      ],
    };
  }
  return {
    content: [
      { type: "text", text },
      {
        type: "text",
        text: `[cut: ${cut.omitted} of ${cut.total} items left out to stay under the size limit; ${nextStep}]`,
      },
    ],
  };
}

/** An isError result. Every failure a tool meets ends here, never as a thrown error. */
export function errorResult(message: string, hint?: string): CallToolResult {
  return {
    isError: true,
    content: [{ type: "text", text: hint ? `${message}\nWhat to do: ${hint}` : message }],
  };
}

export function failureResult(error: unknown, toolName: string): CallToolResult {
  if (error instanceof CrispError) return errorResult(error.message, error.hint);
  log("error", `tool ${toolName} failed unexpectedly: ${(error as Error)?.stack ?? String(error)}`);
  return errorResult(
    `Internal error in ${toolName}: ${(error as Error)?.message ?? String(error)}`,
    "This is a bug in crisp-mcp, not in your arguments. Try another approach; the server keeps running.",
  );
}
