// cl100k_base tokens: the same measure as the tests' token budgets.
import { getEncoding } from "js-tiktoken";

const encoding = getEncoding("cl100k_base");

export function countTokens(text) {
  return encoding.encode(text).length;
}

/**
 * What a model reads from a tool result: its text content. Clients show the
 * model the content; structuredContent (where a tool gives it) repeats the
 * same facts for programs.
 */
export function textOf(result) {
  return (result.content ?? []).filter((c) => c.type === "text").map((c) => c.text).join("\n");
}

/** Tokens of a tool list as a client receives it: compact JSON of the tools array. */
export function toolListTokens(tools) {
  return countTokens(JSON.stringify(tools));
}
