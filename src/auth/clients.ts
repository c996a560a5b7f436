import type { OAuthRegisteredClientsStore } from "@modelcontextprotocol/sdk/server/auth/clients.js";
import { InvalidClientMetadataError } from "@modelcontextprotocol/sdk/server/auth/errors.js";
import type { OAuthClientInformationFull } from "@modelcontextprotocol/sdk/shared/auth.js";
import { isLoopbackHost } from "../config.js";
import type { Sealer } from "./seal.js";

// Dynamically registered clients (RFC 7591) live in their own client_id: the
// id is the registration, sealed. Any replica can read it, nothing is stored,
// nothing grows with registrations, and a new CRISP_MCP_OAUTH_SECRET retires
// every client with every token (MCP clients register again on invalid_client).
// A confidential client's secret is derived from its id the same way.

type ClientMetadata = Omit<OAuthClientInformationFull, "client_id" | "client_id_issued_at" | "client_secret" | "client_secret_expires_at">;

/** What a registration keeps: what the flow reads, bounded. */
const KEPT = ["redirect_uris", "client_name", "client_uri", "token_endpoint_auth_method", "grant_types", "response_types", "scope"] as const;
const MAX_REDIRECT_URIS = 10;
const MAX_URI_LENGTH = 512;
const MAX_NAME_LENGTH = 100;
const MAX_SEALED_BYTES = 4096;

export class SealedClients implements OAuthRegisteredClientsStore {
  constructor(private readonly sealer: Sealer) {}

  async getClient(clientId: string): Promise<OAuthClientInformationFull | undefined> {
    if (clientId.length > MAX_SEALED_BYTES * 2) return undefined;
    const opened = await this.sealer.open("client", clientId);
    if (!opened.ok) return undefined;
    const metadata = opened.claims.m as ClientMetadata;
    return this.information(clientId, metadata, Number(opened.claims.iat));
  }

  async registerClient(client: Omit<OAuthClientInformationFull, "client_id" | "client_id_issued_at">): Promise<OAuthClientInformationFull> {
    const metadata = keptMetadata(client);
    checkRedirectUris(metadata.redirect_uris);
    if ((metadata.client_name?.length ?? 0) > MAX_NAME_LENGTH) {
      throw new InvalidClientMetadataError(`client_name must be at most ${MAX_NAME_LENGTH} characters`);
    }
    const grants = metadata.grant_types ?? ["authorization_code", "refresh_token"];
    if (!grants.includes("authorization_code") || grants.some((g) => g !== "authorization_code" && g !== "refresh_token")) {
      throw new InvalidClientMetadataError("grant_types must be authorization_code, optionally with refresh_token");
    }
    if (metadata.response_types && metadata.response_types.some((t) => t !== "code")) {
      throw new InvalidClientMetadataError('response_types must be ["code"]');
    }
    // Public clients stay public; any other method gets a secret, sent in the body or by Basic.
    metadata.token_endpoint_auth_method = metadata.token_endpoint_auth_method === "none" ? "none" : "client_secret_post";
    const clientId = await this.sealer.seal("client", { m: metadata });
    if (clientId.length > MAX_SEALED_BYTES) throw new InvalidClientMetadataError("the client metadata is too large");
    return this.information(clientId, metadata, Math.floor(Date.now() / 1000));
  }

  private information(clientId: string, metadata: ClientMetadata, issuedAt: number): OAuthClientInformationFull {
    const confidential = metadata.token_endpoint_auth_method !== "none";
    return {
      ...metadata,
      client_id: clientId,
      client_id_issued_at: issuedAt,
      ...(confidential ? { client_secret: this.sealer.mac("client-secret", clientId), client_secret_expires_at: 0 } : {}),
    };
  }
}

function keptMetadata(client: Partial<ClientMetadata>): ClientMetadata {
  const kept: Record<string, unknown> = {};
  for (const field of KEPT) if (client[field] !== undefined) kept[field] = client[field];
  return kept as ClientMetadata;
}

/**
 * Where codes may be sent: https anywhere, or http on this machine (native
 * apps and CLIs listen on a loopback port, RFC 8252). No fragment, no user
 * info, nothing but these two schemes.
 */
export function redirectUriRefusal(uri: string): string | undefined {
  if (uri.length > MAX_URI_LENGTH) return `must be at most ${MAX_URI_LENGTH} characters`;
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return "is not a URL";
  }
  if (url.hash || uri.includes("#")) return "must not have a fragment";
  if (url.username || url.password) return "must not carry user information";
  if (url.protocol === "https:") return undefined;
  if (url.protocol === "http:" && isLoopbackHost(url.hostname)) return undefined;
  return "must be https, or http on localhost, 127.0.0.1 or [::1]";
}

function checkRedirectUris(uris: string[] | undefined): void {
  if (!uris || uris.length === 0) throw new InvalidClientMetadataError("redirect_uris must list at least one URI");
  if (uris.length > MAX_REDIRECT_URIS) throw new InvalidClientMetadataError(`redirect_uris may list at most ${MAX_REDIRECT_URIS} URIs`);
  for (const uri of uris) {
    const refusal = redirectUriRefusal(uri);
    if (refusal) throw new InvalidClientMetadataError(`redirect_uri ${JSON.stringify(uri.slice(0, 100))} ${refusal}`);
  }
}
