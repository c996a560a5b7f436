// One rule for every yes/no the server reads, from env, flags and headers alike.

const TRUE_WORDS = ["true", "1", "yes", "on"] as const;
const FALSE_WORDS = ["false", "0", "no", "off"] as const;

/** How a refusal names the accepted words. */
export const BOOLEAN_WORDS = "true or false (also 1/0, yes/no, on/off)";

/** true or false for a recognised word (any case, surrounding spaces ignored); undefined otherwise. */
export function parseBooleanText(value: string): boolean | undefined {
  const word = value.trim().toLowerCase();
  if ((TRUE_WORDS as readonly string[]).includes(word)) return true;
  if ((FALSE_WORDS as readonly string[]).includes(word)) return false;
  return undefined;
}
