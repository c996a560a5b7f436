import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Response } from "express";
import {
  InvalidGrantError,
  InvalidScopeError,
  InvalidTargetError,
  InvalidTokenError,
} from "@modelcontextprotocol/sdk/server/auth/errors.js";
import type { AuthorizationParams, OAuthServerProvider } from "@modelcontextprotocol/sdk/server/auth/provider.js";
import type { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";
import type { OAuthClientInformationFull, OAuthTokenRevocationRequest, OAuthTokens } from "@modelcontextprotocol/sdk/shared/auth.js";
import type { SharedState } from "../state/types.js";
import { SealedClients } from "./clients.js";
import { grantFrom, scopesOf, SUPPORTED_SCOPES, WRITE_SCOPE, type Grant } from "./grant.js";
import { digest, type Sealer } from "./seal.js";

// The authorization server's side of the SDK's OAuthServerProvider. The SDK's
// handlers parse and check the requests; this decides what is issued.
//
// Codes are random and single-use: their grant is kept sealed in the shared
// state under the code's digest, and taken (read and deleted in one step) at
// the exchange, whatever the verifier, so a code is never tried twice. Access
// and refresh tokens are sealed and carry their grant, so any replica can serve
// them. What must be seen by all is kept in the shared state: a used code or
// refresh token (a second use revokes its whole grant, as OAuth 2.1 asks) and
// a revoked grant.

export interface Lifetimes {
  accessSeconds: number;
  refreshSeconds: number;
  codeSeconds: number;
  consentSeconds: number;
}

export const DEFAULT_LIFETIMES: Lifetimes = {
  accessSeconds: 3600,
  refreshSeconds: 30 * 24 * 3600,
  codeSeconds: 120,
  consentSeconds: 600,
};

/** An authorization request the SDK accepted, to be shown to the person. */
export interface PendingAuthorization {
  client: OAuthClientInformationFull;
  params: AuthorizationParams;
  /** The access a client may be granted: write only when it asked for it (or for nothing) and the server allows it. */
  writeOffered: boolean;
}

export interface ProviderOptions {
  sealer: Sealer;
  state: SharedState;
  /** This server's /mcp URL: the only resource tokens are issued for. */
  resource: string;
  /** Whether the server itself allows writes: a grant never widens it. */
  serverWrites: boolean;
  lifetimes: Lifetimes;
  showConsent(pending: PendingAuthorization, res: Response): Promise<void>;
}

const CODE_KEY = "oauth:code:";
const USED_CODE_KEY = "oauth:code-used:";
const USED_REFRESH_KEY = "oauth:refresh-used:";
const REVOKED_KEY = "oauth:revoked:";

export class CrispOAuthProvider implements OAuthServerProvider {
  readonly clientsStore: SealedClients;
  // The verifier is checked here, after the code is taken, so a wrong one burns the code.
  readonly skipLocalPkceValidation = true;

  constructor(private readonly options: ProviderOptions) {
    this.clientsStore = new SealedClients(options.sealer);
  }

  async authorize(client: OAuthClientInformationFull, params: AuthorizationParams, res: Response): Promise<void> {
    this.checkResource(params.resource);
    // Scopes this server does not define (openid, offline_access...) are ignored, as RFC 6749 3.3
    // allows: the token response's scope says what was granted.
    const requested = (params.scopes ?? []).filter((s) => (SUPPORTED_SCOPES as readonly string[]).includes(s));
    const writeOffered = this.options.serverWrites && (requested.length === 0 || requested.includes(WRITE_SCOPE));
    await this.options.showConsent({ client, params, writeOffered }, res);
  }

  /** Called by the consent page once the person allowed it: the code to send back. */
  async issueCode(pending: { clientId: string; redirectUri: string; codeChallenge: string }, grant: Grant): Promise<string> {
    const code = randomBytes(32).toString("base64url");
    const record = await this.options.sealer.seal(
      "code",
      { cid: digest(pending.clientId), ru: pending.redirectUri, ch: pending.codeChallenge, gid: randomBytes(16).toString("base64url"), g: grant },
      this.options.lifetimes.codeSeconds,
    );
    await this.options.state.put(CODE_KEY + digest(code), record, this.options.lifetimes.codeSeconds * 1000);
    return code;
  }

  async challengeForAuthorizationCode(): Promise<string> {
    // Unused: skipLocalPkceValidation makes the SDK hand the verifier to the exchange.
    throw new InvalidGrantError("the code verifier is checked at the exchange");
  }

  async exchangeAuthorizationCode(
    client: OAuthClientInformationFull,
    code: string,
    codeVerifier?: string,
    redirectUri?: string,
    resource?: URL,
  ): Promise<OAuthTokens> {
    this.checkResource(resource);
    const key = digest(code);
    const sealed = await this.options.state.take(CODE_KEY + key);
    if (sealed === undefined) {
      const grantId = await this.options.state.get(USED_CODE_KEY + key);
      if (grantId !== undefined) {
        await this.revokeGrant(grantId);
        throw new InvalidGrantError("this authorization code was already used; the tokens issued with it are revoked");
      }
      throw new InvalidGrantError("the authorization code is not valid or has expired");
    }
    const opened = await this.options.sealer.open("code", sealed);
    if (!opened.ok) throw new InvalidGrantError("the authorization code has expired");
    const { cid, ru, ch, gid } = opened.claims as { cid: string; ru: string; ch: string; gid: string };
    await this.options.state.put(USED_CODE_KEY + key, gid, this.options.lifetimes.refreshSeconds * 1000);
    if (cid !== digest(client.client_id)) throw new InvalidGrantError("the authorization code was issued to another client");
    if (redirectUri !== undefined && redirectUri !== ru) throw new InvalidGrantError("redirect_uri differs from the authorization request's");
    if (codeVerifier === undefined || !verifierMatches(codeVerifier, ch)) {
      throw new InvalidGrantError("code_verifier does not match the code_challenge");
    }
    const grant = grantFrom(opened.claims.g);
    if (!grant) throw new InvalidGrantError("the authorization code is not valid");
    return this.issueTokens(client.client_id, gid, grant);
  }

  async exchangeRefreshToken(client: OAuthClientInformationFull, refreshToken: string, scopes?: string[], resource?: URL): Promise<OAuthTokens> {
    this.checkResource(resource);
    const opened = await this.options.sealer.open("refresh", refreshToken, this.options.resource);
    if (!opened.ok) throw new InvalidGrantError(`the refresh token is ${opened.reason === "expired" ? "expired" : "not valid"}`);
    const { cid, gid, jti, exp } = opened.claims as { cid: string; gid: string; jti: string; exp: number };
    if (cid !== digest(client.client_id)) throw new InvalidGrantError("the refresh token was issued to another client");
    if (await this.isRevoked(gid)) throw new InvalidGrantError("this grant was revoked: sign in again");
    const remainingMs = Math.max(1, exp * 1000 - Date.now());
    if (!(await this.options.state.claim(USED_REFRESH_KEY + jti, gid, remainingMs))) {
      // A rotated refresh token came back: someone holds a copy. End the grant for both.
      await this.revokeGrant(gid);
      throw new InvalidGrantError("this refresh token was already used; the grant is revoked: sign in again");
    }
    let grant = grantFrom(opened.claims.g);
    if (!grant) throw new InvalidGrantError("the refresh token is not valid");
    if (scopes && scopes.length > 0) {
      const granted = scopesOf(grant);
      const wider = scopes.filter((s) => !granted.includes(s));
      if (wider.length > 0) throw new InvalidScopeError(`scope ${wider.join(" ")} was not granted`);
      grant = { ...grant, write: grant.write && scopes.includes(WRITE_SCOPE) };
    }
    return this.issueTokens(client.client_id, gid, grant);
  }

  async verifyAccessToken(token: string): Promise<AuthInfo> {
    const opened = await this.options.sealer.open("access", token, this.options.resource);
    if (!opened.ok) {
      throw new InvalidTokenError(opened.reason === "expired" ? "The access token has expired" : "The access token is not valid for this server");
    }
    const { cid, gid, exp } = opened.claims as { cid: string; gid: string; exp: number };
    const grant = grantFrom(opened.claims.g);
    if (!grant) throw new InvalidTokenError("The access token is not valid for this server");
    if (await this.isRevoked(gid)) throw new InvalidTokenError("The access token was revoked");
    return { token, clientId: cid, scopes: scopesOf(grant), expiresAt: exp, resource: new URL(this.options.resource), extra: { grant } };
  }

  async revokeToken(client: OAuthClientInformationFull, request: OAuthTokenRevocationRequest): Promise<void> {
    // Either kind ends the whole grant (RFC 7009 allows it): its other tokens stop too.
    const kinds = request.token_type_hint === "refresh_token" ? (["refresh", "access"] as const) : (["access", "refresh"] as const);
    for (const kind of kinds) {
      const opened = await this.options.sealer.open(kind, request.token, this.options.resource);
      if (!opened.ok) continue;
      const { cid, gid } = opened.claims as { cid: string; gid: string };
      // A token another client holds is not this client's to end; RFC 7009 answers 200 either way.
      if (cid === digest(client.client_id)) await this.revokeGrant(gid);
      return;
    }
  }

  private async issueTokens(clientId: string, grantId: string, grant: Grant): Promise<OAuthTokens> {
    const { sealer, resource, lifetimes } = this.options;
    const claims = { cid: digest(clientId), gid: grantId, g: grant };
    const jti = () => randomBytes(16).toString("base64url");
    const [accessToken, refreshToken] = await Promise.all([
      sealer.seal("access", { ...claims, jti: jti() }, lifetimes.accessSeconds, resource),
      sealer.seal("refresh", { ...claims, jti: jti() }, lifetimes.refreshSeconds, resource),
    ]);
    return {
      access_token: accessToken,
      token_type: "Bearer",
      expires_in: lifetimes.accessSeconds,
      refresh_token: refreshToken,
      scope: scopesOf(grant).join(" "),
    };
  }

  private checkResource(resource: URL | undefined): void {
    if (resource && !sameResource(resource.href, this.options.resource)) {
      throw new InvalidTargetError(`this server issues tokens for ${this.options.resource} only`);
    }
  }

  private async revokeGrant(grantId: string): Promise<void> {
    // Kept as long as any token of the grant could still be presented.
    await this.options.state.put(REVOKED_KEY + grantId, "1", this.options.lifetimes.refreshSeconds * 1000);
  }

  private async isRevoked(grantId: string): Promise<boolean> {
    return (await this.options.state.get(REVOKED_KEY + grantId)) !== undefined;
  }
}

/** RFC 8707 resources compare as URLs, a trailing slash aside. */
export function sameResource(a: string, b: string): boolean {
  const norm = (u: string) => u.replace(/#.*$/, "").replace(/\/$/, "");
  return norm(a) === norm(b);
}

/** PKCE S256 (RFC 7636): the verifier's SHA-256, base64url, equals the challenge; compared in constant time. */
export function verifierMatches(verifier: string, challenge: string): boolean {
  if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier)) return false;
  const computed = Buffer.from(createHash("sha256").update(verifier).digest("base64url"));
  const expected = Buffer.from(challenge);
  return computed.length === expected.length && timingSafeEqual(computed, expected);
}
