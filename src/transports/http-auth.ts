import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import type { CrispTier } from "../client/types.js";

/** How HTTP callers prove who they are. */
export type HttpAuthMode =
  /** One shared Crisp keypair; callers send the server's Bearer token (none: loopback only, config enforces it). */
  | { mode: "token"; token?: string }
  /** Each request brings its own Crisp keypair. */
  | { mode: "passthrough"; defaultTier: CrispTier };

export interface TenantCredentials {
  identifier: string;
  key: string;
  tier: CrispTier;
}

export type AuthOutcome =
  | { ok: true; tenant?: TenantCredentials }
  | { ok: false; status: 400 | 401; message: string; challenge?: string };

const REALM = 'realm="crisp-mcp"';
const TIERS: readonly CrispTier[] = ["plugin", "website", "user"];

/**
 * Equal-time comparison of a presented token with the expected one. Hashing
 * both first gives timingSafeEqual two buffers of the same length, so neither
 * the token's length nor how many leading characters match can be timed.
 */
export function tokenMatches(presented: string, expected: string): boolean {
  const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();
  return timingSafeEqual(digest(presented), digest(expected));
}

export function authenticate(headers: IncomingHttpHeaders, auth: HttpAuthMode): AuthOutcome {
  const header = headers.authorization ?? "";
  if (auth.mode === "token") {
    if (auth.token === undefined) return { ok: true };
    const bearer = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header)?.[1];
    if (bearer === undefined) {
      return { ok: false, status: 401, message: "Unauthorized: send Authorization: Bearer <token>", challenge: `Bearer ${REALM}` };
    }
    if (!tokenMatches(bearer, auth.token)) {
      return {
        ok: false,
        status: 401,
        message: "Unauthorized: the Bearer token is not valid",
        challenge: `Bearer ${REALM}, error="invalid_token"`,
      };
    }
    return { ok: true };
  }
  return passthroughTenant(headers, header, auth.defaultTier);
}

/**
 * The caller's own keypair, as `Basic base64(identifier:key)`. A client that can
 * only be configured with a Bearer token may send the same base64 as the token.
 */
function passthroughTenant(headers: IncomingHttpHeaders, header: string, defaultTier: CrispTier): AuthOutcome {
  const challenge = `Basic ${REALM}, charset="UTF-8"`;
  const encoded = /^(?:Basic|Bearer)[ \t]+([A-Za-z0-9+/=_-]+)[ \t]*$/i.exec(header)?.[1];
  const decoded = encoded === undefined ? "" : Buffer.from(encoded, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  const identifier = colon > 0 ? decoded.slice(0, colon).trim() : "";
  const key = colon > 0 ? decoded.slice(colon + 1).trim() : "";
  if (!identifier || !key) {
    return {
      ok: false,
      status: 401,
      message: "Unauthorized: send your Crisp token keypair as Authorization: Basic base64(identifier:key)",
      challenge,
    };
  }
  const tierHeader = headers["x-crisp-tier"];
  const tier = (typeof tierHeader === "string" ? tierHeader.trim().toLowerCase() : defaultTier) as CrispTier;
  if (!TIERS.includes(tier)) {
    return { ok: false, status: 400, message: `Bad Request: X-Crisp-Tier must be one of ${TIERS.join(", ")}` };
  }
  return { ok: true, tenant: { identifier, key, tier } };
}
