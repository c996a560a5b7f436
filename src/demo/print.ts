import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { count } from "../tools/agent/format.js";

// How the demo shows a tool call and its result on stdout: the call on one
// line (long texts below it), then what the tool answered, line by line.

const WIDTH = 220;
const MAX_LINES = 40;
/** A string argument longer than this is shown below the call, not inside its JSON. */
const INLINE_ARGUMENT = 100;

export type Out = (line?: string) => void;

export function textOf(result: CallToolResult): string {
  return result.content.map((c) => (c.type === "text" ? c.text : `[${c.type}]`)).join("\n");
}

export function showCall(out: Out, name: string, args: Record<string, unknown>): void {
  const below: [string, string][] = [];
  const inline = JSON.stringify(args, (key, value: unknown) => {
    if (typeof value !== "string" || value.length <= INLINE_ARGUMENT) return value;
    below.push([key, value]);
    return `<${key} below>`;
  });
  out(`> ${name} ${inline}`);
  for (const [key, value] of below) {
    out(`  ${key}:`);
    for (const line of value.split("\n")) out(`  | ${line}`);
  }
}

/** The result's own text (or the lines given instead), each line cut to the width, at most MAX_LINES of them. */
export function showResult(out: Out, result: CallToolResult, options: { lines?: string[] } = {}): void {
  const text = textOf(result);
  const lines = options.lines ?? (text === "{}" ? [`{} (${EMPTY_ANSWER})`] : text.split("\n"));
  for (const line of lines.slice(0, MAX_LINES)) out(`  ${result.isError ? "ERROR " : ""}${line.length > WIDTH ? `${line.slice(0, WIDTH)}…` : line}`);
  if (lines.length > MAX_LINES) out(`  … ${count(lines.length - MAX_LINES, "more line")}`);
  out();
}

const EMPTY_ANSWER = "Crisp answers a write with no data: the read that follows shows what changed";
