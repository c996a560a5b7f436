import type { CrispTier, Operation } from "../tools/operation.js";

// Who may call what: the Basic keypair, the X-Crisp-Tier header, and the
// tiers each route accepts.

export interface Credentials {
  readonly identifier: string;
  readonly key: string;
  readonly tier: CrispTier;
  /**
   * A production plugin token's scopes, simulated: the catalog toolsets they
   * leave out (read and write alike). Crisp grants scopes per area
   * (website:people, website:conversation:messages ...); a toolset stands in
   * for an area. Empty or absent: an unscoped token, as development tokens are.
   */
  readonly outOfScope?: ReadonlySet<string>;
}

export function hasValidKeypair(authorization: string | undefined, credentials: Credentials): boolean {
  if (!authorization) return false;
  // Fast path for the exact header every client sends; the benchmark hits this on each request.
  if (authorization === expectedHeader(credentials)) return true;
  const [scheme, encoded] = authorization.split(" ", 2);
  if (scheme?.toLowerCase() !== "basic" || !encoded) return false;
  const decoded = Buffer.from(encoded, "base64").toString("utf8");
  const separator = decoded.indexOf(":");
  if (separator < 0) return false;
  return decoded.slice(0, separator) === credentials.identifier && decoded.slice(separator + 1) === credentials.key;
}

const expectedHeaders = new WeakMap<Credentials, string>();

function expectedHeader(credentials: Credentials): string {
  let header = expectedHeaders.get(credentials);
  if (header === undefined) {
    header = `Basic ${Buffer.from(`${credentials.identifier}:${credentials.key}`).toString("base64")}`;
    expectedHeaders.set(credentials, header);
  }
  return header;
}

/** The header must name the token's own tier. */
export function hasMatchingTierHeader(header: string | undefined, credentials: Credentials): boolean {
  return header !== undefined && header.trim().toLowerCase() === credentials.tier;
}

/** Whether the token's scopes cover the route (see Credentials.outOfScope). */
export function routeInScope(operation: Operation, credentials: Credentials): boolean {
  return !credentials.outOfScope?.has(operation.toolset);
}
