import { CrispRequestError } from "./errors.js";

export type PathValue = string | number;

/**
 * Fills a route template. Every value becomes exactly one encoded segment:
 * no input can add a segment, climb with "..", or start a query or fragment.
 */
export function buildPath(template: string, params: Readonly<Record<string, unknown>>): string {
  return template.replace(/\{([a-z_]+)\}/g, (_match, name: string) => {
    const value = params[name];
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
  });
}

/** Crisp's query conventions: flags as 1/0, objects and arrays as JSON, nothing for null. */
export function buildQuery(query: Readonly<Record<string, unknown>> | undefined): string {
  if (!query) return "";
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    if (typeof value === "boolean") search.append(name, value ? "1" : "0");
    else if (typeof value === "object") search.append(name, JSON.stringify(value));
    else search.append(name, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}
