import { invalidData } from "../envelope.js";
import { isPlainObject, type JsonObject } from "../objects.js";

export { oneOf } from "../validate.js";

// Readers for path, query and body values. Each refuses a bad value the way
// Crisp does, with 400 invalid_data and a message naming the field.

export function pageNumber(params: Readonly<Record<string, string>>): number {
  return positiveInteger(params.page_number ?? "1", "page_number");
}

/** Crisp's per_page: 20 to 50, 20 when absent. */
export function perPage(query: Readonly<Record<string, string>>): number {
  if (query.per_page === undefined || query.per_page === "") return 20;
  const value = positiveInteger(query.per_page, "per_page");
  if (value < 20 || value > 50) throw invalidData("per_page must be between 20 and 50");
  return value;
}

/** A 0/1 query flag; "true" is accepted too. */
export function flag(query: Readonly<Record<string, string>>, name: string): boolean {
  const value = query[name];
  return value === "1" || value === "true";
}

export function optionalTimestamp(query: Readonly<Record<string, string>>, name: string): number | undefined {
  const value = query[name];
  if (value === undefined || value === "") return undefined;
  return positiveInteger(value, name);
}

export function positiveInteger(text: string, name: string): number {
  if (!/^\d+$/.test(text)) throw invalidData(`${name} must be a positive integer`);
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 1) throw invalidData(`${name} must be a positive integer`);
  return value;
}

/** The JSON body as an object; an absent body counts as {}. */
export function bodyObject(body: unknown): JsonObject {
  if (body === undefined) return {};
  if (!isPlainObject(body)) throw invalidData("the request body must be a JSON object");
  return body;
}

export function requiredString(object: JsonObject, field: string): string {
  const value = object[field];
  if (typeof value !== "string" || value.trim() === "") throw invalidData(`${field} must be a non-empty string`);
  return value;
}

/** An ISO-8601 date query value as ms since epoch, or undefined when absent. */
export function optionalIsoDate(query: Readonly<Record<string, string>>, name: string): number | undefined {
  const value = query[name];
  if (value === undefined || value === "") return undefined;
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw invalidData(`${name} must be an ISO-8601 date`);
  return time;
}
