import { cleanText, clip, oneLine } from "../../untrusted/text.js";

// Small, forgiving readers for Crisp's JSON: a field of the wrong type is
// treated as absent rather than failing a whole tool.

export type Json = Record<string, unknown>;

export function obj(value: unknown): Json {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Json) : {};
}

export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function num(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/** A string Crisp holds (operator names, ids, titles): cleaned of hidden characters, on one line. */
export function str(value: unknown, max = 300): string | undefined {
  if (typeof value !== "string") return undefined;
  const text = clip(oneLine(cleanText(value)), max);
  return text === "" ? undefined : text;
}

/** Cleaned strings of a list (segments, locales); undefined when empty. */
export function strings(value: unknown, max = 20): string[] | undefined {
  const out = list(value)
    .map((item) => str(item, 80))
    .filter((item): item is string => item !== undefined)
    .slice(0, max);
  return out.length > 0 ? out : undefined;
}

/** "1 message", "6 messages"; give the plural when it is not the noun plus "s": count(n, "person", "people"). */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "2026-05-01T14:03Z": ISO 8601 to the minute, in UTC. */
export function isoMinute(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16)}Z`;
}

export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function clock(ms: number): string {
  return new Date(ms).toISOString().slice(11, 16);
}

/** "3d4h", "2h05m", "12m": how long ago, for people. */
export function duration(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h${String(minutes % 60).padStart(2, "0")}m`;
  return `${Math.floor(hours / 24)}d${hours % 24}h`;
}

/** Drops undefined fields, so that structuredContent holds only what is known. */
export function defined<T extends Json>(value: T): T {
  for (const key of Object.keys(value)) if (value[key] === undefined) delete value[key];
  return value;
}
