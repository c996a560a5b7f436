import type { CrispTier } from "../client/types.js";

// What a person granted on the consent page, carried sealed in every code and
// token of the grant: whether the client may write, and in passthrough mode
// the person's own Crisp keypair (in token mode the server's keypair is used).

export const READ_SCOPE = "crisp:read";
export const WRITE_SCOPE = "crisp:write";
export const SUPPORTED_SCOPES = [READ_SCOPE, WRITE_SCOPE] as const;

export interface CrispKeypair {
  identifier: string;
  key: string;
  tier: CrispTier;
  /** The website the person chose; becomes the default website, as CRISP_WEBSITE_ID does. */
  websiteId?: string;
}

export interface Grant {
  write: boolean;
  crisp?: CrispKeypair;
}

export function scopesOf(grant: Grant): string[] {
  return grant.write ? [READ_SCOPE, WRITE_SCOPE] : [READ_SCOPE];
}

/** A grant read back from sealed claims; undefined when they do not hold one. */
export function grantFrom(value: unknown): Grant | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const { write, crisp } = value as Record<string, unknown>;
  if (typeof write !== "boolean") return undefined;
  if (crisp === undefined) return { write };
  const keypair = crisp as Record<string, unknown>;
  if (typeof keypair.identifier !== "string" || typeof keypair.key !== "string" || typeof keypair.tier !== "string") return undefined;
  return {
    write,
    crisp: {
      identifier: keypair.identifier,
      key: keypair.key,
      tier: keypair.tier as CrispTier,
      ...(typeof keypair.websiteId === "string" ? { websiteId: keypair.websiteId } : {}),
    },
  };
}
