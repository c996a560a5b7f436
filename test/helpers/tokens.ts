import { getEncoding } from "js-tiktoken";

const encoding = getEncoding("cl100k_base");

/** cl100k_base tokens of a string: the measure the budgets in the README use. */
export function countTokens(text: string): number {
  return encoding.encode(text).length;
}
