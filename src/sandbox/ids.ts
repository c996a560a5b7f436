import { createHash, randomUUID } from "node:crypto";

/**
 * A UUID derived from a label, so seeded ids are the same on every start
 * (tests and docs can name them) yet look like the real thing.
 */
export function stableUuid(label: string): string {
  const hex = createHash("sha256").update(`crisp-mcp-sandbox:${label}`).digest("hex");
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function newUuid(): string {
  return randomUUID();
}

export function sessionIdFor(uuid: string): string {
  return `session_${uuid}`;
}

/** Crisp fingerprints are 15-digit integers; a counter keeps ours unique and ordered. */
export class FingerprintSequence {
  private next: number;
  constructor(start = 170_000_000_000_000) {
    this.next = start;
  }
  take(): number {
    this.next += 1;
    return this.next;
  }
}
