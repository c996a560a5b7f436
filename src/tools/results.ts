import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { CrispError } from "../client/index.js";
import { log } from "../log.js";
import { SharedStateError } from "../state/errors.js";
import { compactClean } from "../untrusted/data.js";
import { boundedText, cleanText, stripAnsi } from "../untrusted/text.js";

/** About 20,000 tokens of compact JSON: below Claude Code's 25k stop, with room for the note. */
export const MAX_RESULT_CHARS = 60_000;

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

/** Longest isError text: an error says what failed and what to do, never pages of data. */
export const MAX_ERROR_CHARS = 4_000;
const MAX_HINT_CHARS = 1_000;
/** Room kept for boundedText's "… [N more characters]". */
const CUT_NOTE_CHARS = 40;
/** Longest message of an unexpected error shown to the model. */
const MAX_INTERNAL_MESSAGE_CHARS = 500;

/**
 * An isError result. Every failure a tool meets ends here, never as a thrown
 * error; so this is the last guard: hidden characters and ANSI sequences are
 * removed and the text is bounded, whatever the message was built from.
 */
export function errorResult(message: string, hint?: string): CallToolResult {
  const hintLine = hint ? `\nWhat to do: ${boundedText(hint, MAX_HINT_CHARS, cleanErrorText)}` : "";
  // The message gives way to the hint: what to do stays readable however long the message was.
  const shown = boundedText(message, MAX_ERROR_CHARS - hintLine.length - CUT_NOTE_CHARS, cleanErrorText);
  return { isError: true, content: [{ type: "text", text: `${shown}${hintLine}` }] };
}

export function failureResult(error: unknown, toolName: string): CallToolResult {
  if (error instanceof CrispError || error instanceof SharedStateError) return errorResult(error.message, error.hint);
  log("error", `tool ${toolName} failed unexpectedly: ${(error as Error)?.stack ?? String(error)}`);
  // An unexpected error's message may quote anything (Crisp's data, a visitor's text): shown neutralised.
  const message = boundedText(String((error as Error)?.message ?? error), MAX_INTERNAL_MESSAGE_CHARS);
  return errorResult(
    `Internal error in ${toolName}: ${message}`,
    "This is a bug in crisp-mcp, not in your arguments. Try another approach; the server keeps running.",
  );
}

/** Hidden characters and ANSI sequences out; lines and guillemets kept (a tool's own error may quote visitor text, marked). */
function cleanErrorText(text: string): string {
  return cleanText(stripAnsi(text));
}
