import { CrispRequestError } from "./errors.js";

export type PathValue = string | number | readonly string[];

/**
 * Fills a route template. Every value becomes exactly one encoded segment,
 * or, for a list (a Knowledge Base tree path), one encoded segment per item:
 * no input can add a segment of its own, climb with "..", or start a query
 * or fragment.
 */
export function buildPath(template: string, params: Readonly<Record<string, unknown>>): string {
  const parts = templateParts(template);
  let path = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) path += segmentOf(parts[i]!, params[parts[i]!]) + parts[i + 1]!;
  return path;
}

function segmentOf(name: string, value: unknown): string {
  if (Array.isArray(value)) return segmentsOf(name, value);
  if (typeof value !== "string" && typeof value !== "number") {
    throw new CrispRequestError(`Missing path parameter ${name}`, `Give ${name}; it is part of the route.`);
  }
  const text = String(value);
  if (text === "" || text === "." || text === ".." || text.length > 512) {
    throw new CrispRequestError(
      `Path parameter ${name} is not a valid segment`,
      `${name} must be a non-empty id, not "." or "..", at most 512 characters.`,
    );
  }
  return encodeURIComponent(text);
}

/** A list of 1 to 32 strings, each checked and encoded as one segment, joined by "/". */
function segmentsOf(name: string, parts: readonly unknown[]): string {
  if (parts.length === 0 || parts.length > 32 || parts.some((part) => typeof part !== "string")) {
    throw new CrispRequestError(
      `Path parameter ${name} is not a valid list of segments`,
      `${name} must have 1 to 32 parts, each a non-empty string.`,
    );
  }
  return parts.map((part) => segmentOf(name, part)).join("/");
}

/** Templates split once into literal, name, literal, ... (every call of a tool fills the same one). */
const templates = new Map<string, readonly string[]>();

function templateParts(template: string): readonly string[] {
  let parts = templates.get(template);
  if (!parts) {
    // split() with a capture group keeps the names at the odd indexes.
    parts = template.split(/\{([a-z_]+)\}/);
    // The catalog's templates are a fixed set; a caller building its own must not grow this without bound.
    if (templates.size >= 1024) templates.clear();
    templates.set(template, parts);
  }
  return parts;
}

/** Crisp's query conventions: flags as 1/0, objects and arrays as JSON, nothing for null. */
export function buildQuery(query: Readonly<Record<string, unknown>> | undefined): string {
  if (!query) return "";
  let empty = true;
  for (const name in query) {
    if (query[name] !== undefined && query[name] !== null) {
      empty = false;
      break;
    }
  }
  // Most calls send no query at all: no URLSearchParams to build for them.
  if (empty) return "";
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    if (typeof value === "boolean") search.append(name, value ? "1" : "0");
    else if (typeof value === "object") search.append(name, JSON.stringify(value));
    else search.append(name, String(value));
  }
  // Not empty: at least one value was appended, so the text is never "".
  return `?${search.toString()}`;
}
