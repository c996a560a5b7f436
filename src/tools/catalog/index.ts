import type { Operation } from "../operation.js";
import { CATALOG_PARTS, loadCatalogPart } from "./parts.js";

/**
 * Every Crisp REST v1 method, in the order of Crisp's reference: crisp-api
 * 11.3.0's 229 and the 35 legacy Knowledge Base routes. All the catalog files
 * at once, for what needs the whole catalog (the sandbox, the doctor); a
 * server loads one file at a time (../directory.ts).
 */
export const OPERATIONS: readonly Operation[] = (await Promise.all(CATALOG_PARTS.map(loadCatalogPart))).flat();

const byName = new Map(OPERATIONS.map((op) => [op.name, op]));

export function findOperation(name: string): Operation | undefined {
  return byName.get(name);
}
