// cl100k_base tokens: the same measure as the tests' token budgets.
import { getEncoding } from "js-tiktoken";

const encoding = getEncoding("cl100k_base");

export function countTokens(text) {
  return encoding.encode(text).length;
}

/** Tokens of a tool list as a client receives it: compact JSON of the tools array. */
export function toolListTokens(tools) {
  return countTokens(JSON.stringify(tools));
}
