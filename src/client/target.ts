import type { CrispTier } from "./types.js";

/**
 * Where this process sends its Crisp requests (the API, or the embedded
 * sandbox the bin started), with the process's own keypair when it has one:
 * in HTTP passthrough each request brings its keypair instead.
 */
export interface CrispTarget {
  baseUrl: string;
  identifier?: string;
  key?: string;
  tier: CrispTier;
  timeoutMs: number;
  /** The default website (CRISP_WEBSITE_ID, or the sandbox's). */
  websiteId?: string;
}
