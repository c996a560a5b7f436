import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import type { OAuthServer } from "../auth/oauth-server.js";
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

/** What a sign-in narrows for its requests: never wider than the server's own settings. */
export interface AuthNarrowing {
  readOnly: boolean;
  websiteId?: string;
}

export type AuthOutcome =
  | { ok: true; tenant?: TenantCredentials; narrowing?: AuthNarrowing }
  | { ok: false; status: 400 | 401; message: string; challenge?: string | string[] };

const REALM = 'realm="crisp-mcp"';
const BASIC_CHALLENGE = `Basic ${REALM}, charset="UTF-8"`;
const TIERS: readonly CrispTier[] = ["plugin", "website", "user"];
const NO_KEYPAIR: AuthOutcome = {
  ok: false,
  status: 401,
  message: "Unauthorized: send your Crisp token keypair as Authorization: Basic base64(identifier:key)",
  challenge: BASIC_CHALLENGE,
};

/**
 * Equal-time comparison of a presented token with the expected one. Hashing
 * both first gives timingSafeEqual two buffers of the same length, so neither
 * the token's length nor how many leading characters match can be timed.
 */
export function tokenMatches(presented: string, expected: string): boolean {
  // A string is hashed as UTF-8.
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}

export function authenticate(headers: IncomingHttpHeaders, auth: HttpAuthMode): AuthOutcome {
  const header = authorizationOf(headers);
  if (auth.mode === "token") {
    if (auth.token === undefined) return { ok: true };
    const bearer = bearerToken(header);
    if (!bearer) {
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

/** The Authorization header; an absent one reads as empty, which no scheme matches. */
function authorizationOf(headers: IncomingHttpHeaders): string {
  return headers.authorization ?? "";
}

/** The token of an `Authorization: Bearer <token>` header, nothing before or after it; "" when there is none. */
function bearerToken(header: string): string {
  return /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header)?.[1] ?? "";
}

/**
 * The caller's own keypair, as `Basic base64(identifier:key)`. A client that can
 * only be configured with a Bearer token may send the same base64 as the token.
 */
function passthroughTenant(headers: IncomingHttpHeaders, header: string, defaultTier: CrispTier): AuthOutcome {
  const encoded = /^(?:Basic|Bearer)[ \t]+([A-Za-z0-9+/=_-]+)[ \t]*$/i.exec(header)?.[1];
  if (encoded === undefined) return NO_KEYPAIR;
  // The identifier ends at the first colon; the key may hold colons of its own. No colon: no key.
  const [before, ...after] = Buffer.from(encoded, "base64").toString("utf8").split(":");
  const identifier = before!.trim();
  const key = after.join(":").trim();
  if (!identifier || !key) return NO_KEYPAIR;
  const tierHeader = headers["x-crisp-tier"];
  const tier = (typeof tierHeader === "string" ? tierHeader.trim().toLowerCase() : defaultTier) as CrispTier;
  if (!TIERS.includes(tier)) {
    return { ok: false, status: 400, message: `Bad Request: X-Crisp-Tier must be one of ${TIERS.join(", ")}` };
  }
  return { ok: true, tenant: { identifier, key, tier } };
}

/** A token this server's OAuth sealed: a compact JWE with no wrapped key (alg "dir"). */
function looksSealed(token: string): boolean {
  return /^[\w-]+\.\.[\w-]+\.[\w-]+\.[\w-]+$/.test(token);
}

/**
 * The caller, with OAuth on beside the other modes: an access token this
 * server issued, or what the mode accepts without OAuth (the static Bearer
 * token, or a Basic keypair in passthrough). A 401 then says where to sign in.
 */
export async function identify(headers: IncomingHttpHeaders, auth: HttpAuthMode, oauth: OAuthServer | undefined): Promise<AuthOutcome> {
  if (!oauth) return authenticate(headers, auth);
  const bearer = bearerToken(authorizationOf(headers));
  // A static token shaped like a sealed one is still the static token.
  const isStatic = (token: string) => auth.mode === "token" && auth.token !== undefined && tokenMatches(token, auth.token);
  if (looksSealed(bearer) && !isStatic(bearer)) {
    const checked = await oauth.verify(bearer);
    if (!checked.ok) return { ok: false, status: 401, message: `Unauthorized: ${checked.message}`, challenge: checked.challenge };
    const { grant } = checked;
    // A token of the other mode (the deployment changed it) carries the wrong credentials.
    if ((auth.mode === "passthrough") !== (grant.crisp !== undefined)) {
      const message = "The access token was issued for another sign-in mode: sign in again";
      return { ok: false, status: 401, message: `Unauthorized: ${message}`, challenge: oauth.challenge({ code: "invalid_token", description: message }) };
    }
    // Token mode: no website of its own and no tenant (the server's keypair). An empty website is none.
    const narrowing: AuthNarrowing = { readOnly: !grant.write, websiteId: grant.crisp?.websiteId || undefined };
    return { ok: true, narrowing, tenant: grant.crisp };
  }
  if (auth.mode === "token" && auth.token === undefined) {
    // No static token: with OAuth on, the server is not open, callers sign in.
    return { ok: false, status: 401, message: `Unauthorized: sign in with OAuth (${oauth.resourceMetadataUrl})`, challenge: oauth.challenge() };
  }
  const outcome = authenticate(headers, auth);
  if (outcome.ok || outcome.status !== 401) return outcome;
  const basic = auth.mode === "passthrough" ? [BASIC_CHALLENGE] : [];
  return {
    ...outcome,
    message: `${outcome.message}, or sign in with OAuth (${oauth.resourceMetadataUrl})`,
    challenge: [oauth.challenge(), ...basic],
  };
}
