import { invalidData } from "./envelope.js";

/** The value when it is one of `allowed`, otherwise Crisp's 400 invalid_data naming the field. */
export function oneOf<T extends string>(value: unknown, allowed: readonly T[], field: string): T {
  if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
    throw invalidData(`${field} must be one of ${allowed.join(", ")}`);
  }
  return value as T;
}
