import { createHash } from "node:crypto";

// A cursor is a position in one tenant's event stream: the sequence number of
// the last event the caller has seen. It also names the hub that issued it (a
// restarted server starts its sequences again) and the tenant (a cursor is
// never valid for another workspace). Opaque to callers: "ev1.<hub>.<tenant>.<seq>".

export interface Cursor {
  hub: string;
  tenant: string;
  seq: number;
}

const FORMAT = /^ev1\.([a-z0-9]{1,16})\.([0-9a-f]{8})\.(0|[1-9][0-9]{0,15})$/;

export function tenantTag(tenant: string): string {
  return createHash("sha256").update(tenant).digest("hex").slice(0, 8);
}

export function encodeCursor(hub: string, tenant: string, seq: number): string {
  return `ev1.${hub}.${tenantTag(tenant)}.${seq}`;
}

/** undefined when the text is not a cursor at all. */
export function decodeCursor(text: string): Cursor | undefined {
  const match = FORMAT.exec(text);
  if (!match) return undefined;
  const seq = Number(match[3]);
  if (!Number.isSafeInteger(seq)) return undefined;
  return { hub: match[1]!, tenant: match[2]!, seq };
}
