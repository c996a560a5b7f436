import { createHash, createHmac, hkdfSync } from "node:crypto";
import { EncryptJWT, errors, jwtDecrypt, type JWTPayload } from "jose";

// Everything the authorization server hands out is sealed: encrypted and
// authenticated (JWE, dir + A256GCM), so a replica that knows the secret can
// read it and nobody else can read or alter it. Each purpose has its own key,
// derived from CRISP_MCP_OAUTH_SECRET, so an access token never opens as a
// refresh token or a client id. A new secret opens nothing sealed before.

const PURPOSES = ["access", "refresh", "client", "consent", "code", "client-secret"] as const;
export type SealPurpose = (typeof PURPOSES)[number];

export type Opened = { ok: true; claims: JWTPayload & Record<string, unknown> } | { ok: false; reason: "expired" | "invalid" };

export class Sealer {
  private readonly keys = new Map<SealPurpose, Uint8Array>();

  constructor(
    secret: string,
    /** Stamped in and checked on everything sealed: another deployment's seals do not open here. */
    private readonly issuer: string,
  ) {
    for (const purpose of PURPOSES) {
      this.keys.set(purpose, new Uint8Array(hkdfSync("sha256", secret, "crisp-mcp oauth", purpose, 32)));
    }
  }

  /** Seals `claims`; `ttlSeconds` undefined: no expiry (the secret bounds its life). */
  async seal(purpose: SealPurpose, claims: Record<string, unknown>, ttlSeconds?: number, audience?: string): Promise<string> {
    const jwt = new EncryptJWT(claims).setProtectedHeader({ alg: "dir", enc: "A256GCM" }).setIssuer(this.issuer).setIssuedAt();
    if (ttlSeconds !== undefined) jwt.setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds);
    if (audience !== undefined) jwt.setAudience(audience);
    return jwt.encrypt(this.key(purpose));
  }

  async open(purpose: SealPurpose, sealed: string, audience?: string): Promise<Opened> {
    try {
      const { payload } = await jwtDecrypt(sealed, this.key(purpose), {
        issuer: this.issuer,
        audience,
        keyManagementAlgorithms: ["dir"],
        contentEncryptionAlgorithms: ["A256GCM"],
      });
      return { ok: true, claims: payload as JWTPayload & Record<string, unknown> };
    } catch (error) {
      return { ok: false, reason: error instanceof errors.JWTExpired ? "expired" : "invalid" };
    }
  }

  /** A keyed digest: derived secrets (a client's secret) that need no store. */
  mac(purpose: SealPurpose, value: string): string {
    return createHmac("sha256", this.key(purpose)).update(value).digest("base64url");
  }

  private key(purpose: SealPurpose): Uint8Array {
    return this.keys.get(purpose)!;
  }
}

/** A short, stable name for a long value (client ids in tokens, codes as store keys). */
export function digest(value: string): string {
  return createHash("sha256").update(value).digest("base64url").slice(0, 22);
}
