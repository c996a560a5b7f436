import { cleanText } from "./text.js";

// Crisp's JSON as the model reads it: empty values dropped, and every string
// and key cleaned of characters nobody can see, in one walk over the data.

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

/** Sets a field even when a visitor named it "__proto__": it stays data, never a prototype. */
export function put(out: Record<string, unknown>, name: string, value: unknown): void {
  if (name === "__proto__") Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
  else out[name] = value;
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

