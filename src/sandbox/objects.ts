// Small helpers for the JSON-shaped values the sandbox receives and keeps.

export type JsonObject = Record<string, unknown>;

export function isPlainObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Merges `patch` into a copy of `base`; nested objects merge, everything else replaces. */
export function deepMerge<T extends JsonObject>(base: T, patch: JsonObject): T {
  const merged: JsonObject = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    const current = merged[key];
    merged[key] = isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : value;
  }
  return merged as T;
}

/** A page of `items`, 1-based like Crisp's {page_number}. */
export function paginate<T>(items: readonly T[], page: number, perPage: number): T[] {
  const start = (page - 1) * perPage;
  return items.slice(start, start + perPage);
}

/** Short single-line preview of a message's content. */
export function excerptOf(type: string, content: unknown, max = 140): string {
  let text: string;
  if (typeof content === "string") text = content;
  else if (isPlainObject(content) && typeof content.text === "string") text = content.text;
  else if (isPlainObject(content) && typeof content.name === "string") text = content.name;
  else text = `[${type}]`;
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}
