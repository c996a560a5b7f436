import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { MAX_RESULT_CHARS } from "../results.js";
import { count, type Json } from "./format.js";

// Every agent tool answers twice: structuredContent for clients that read data
// (Crisp's AI agent prefers it) and a compact text rendering for the model.
// Both count toward what a client accepts, so the size guard measures both.

export interface StructuredOptions<T extends Json> {
  /** The structuredContent; must match the tool's outputSchema. */
  data: T;
  /** The text rendering of `data` (called again after a cut). */
  render: (data: T) => string;
  /** The list to shorten when the result is too large. */
  cut?: {
    key: keyof T & string;
    /** Which end to keep: "last" for transcripts (the latest lines matter most). */
    keep: "first" | "last";
    /** What one item is, and several when not the noun plus "s", for the note: ["person", "people"]. */
    noun: readonly [one: string, many?: string];
    /** Adjusts the value after a cut (counts, cursors); may set its own `omitted`. */
    fix?: (kept: T) => T;
    /** How to get what was left out, given the value after the cut. */
    rest: (kept: T) => string;
  };
  maxChars?: number;
}

/**
 * structuredContent plus its text, cut whole items at a time to stay under
 * about 20,000 tokens. A cut result says how many items were left out (also in
 * the data, as `omitted`) and how to get the rest.
 */
export function structuredResult<T extends Json>(options: StructuredOptions<T>): CallToolResult {
  const max = options.maxChars ?? MAX_RESULT_CHARS;
  const whole = options.data;
  if (sizeOf(whole, options.render) <= max || !options.cut) return resultOf(whole, options.render(whole));

  const { key, keep, rest, fix = (kept: T) => kept } = options.cut;
  const items = Array.isArray(whole[key]) ? (whole[key] as unknown[]) : [];
  const withCount = (count: number): T => {
    const kept = keep === "first" ? items.slice(0, count) : items.slice(items.length - count);
    return fix({ ...whole, [key]: kept, omitted: ((whole.omitted as number | undefined) ?? 0) + items.length - count });
  };
  // The largest count that fits, with room for the note; a binary search, as items differ in size.
  let low = 0;
  let high = items.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (sizeOf(withCount(mid), options.render) + 400 <= max) low = mid;
    else high = mid - 1;
  }
  const data = withCount(low);
  const note = `[cut: ${count(Number(data.omitted), ...options.cut.noun)} left out to stay under the size limit; ${rest(data)}]`;
  return resultOf(data, `${options.render(data)}\n${note}`);
}

function sizeOf<T extends Json>(data: T, render: (data: T) => string): number {
  return JSON.stringify(data).length + render(data).length;
}

function resultOf(data: Json, text: string): CallToolResult {
  return { content: [{ type: "text", text }], structuredContent: data };
}
