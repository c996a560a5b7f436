import type { FingerprintSequence } from "./ids.js";

/** What every store of the workspace shares: the website, a clock, ids and the event feed. */
export interface StoreContext {
  readonly websiteId: string;
  readonly fingerprints: FingerprintSequence;
  now(): number;
  emit(event: string, data: unknown, sessionId?: string): void;
}
