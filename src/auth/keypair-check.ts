import { CrispApiError, CrispError, type CrispClient } from "../client/index.js";
import { log } from "../log.js";
import type { CrispKeypair } from "./grant.js";

// The consent page issues nothing for a keypair Crisp has not accepted. One
// cheap read that this token's tier may make proves it: the chosen website
// when one is given (which also proves access to it), else the tier's own
// account route.

export type KeypairVerdict =
  | { ok: true }
  | { ok: false; field: "key" | "website_id" | "tier"; message: string; status: 403 | 503 };

export async function checkKeypair(client: CrispClient, keypair: CrispKeypair, signal?: AbortSignal): Promise<KeypairVerdict> {
  const probe = keypair.websiteId
    ? { method: "GET" as const, path: "/website/{website_id}", pathParams: { website_id: keypair.websiteId } }
    : keypair.tier === "user"
      ? { method: "GET" as const, path: "/plugins/subscription" }
      : { method: "GET" as const, path: "/plugin/connect/account" };
  try {
    await client.request({ ...probe, signal });
    return { ok: true };
  } catch (error) {
    if (error instanceof CrispApiError) {
      if (error.status === 401) return { ok: false, field: "key", status: 403, message: "Crisp refused this token keypair: check the identifier and the key." };
      if (error.status === 403 && error.reason === "restricted_route_tier") {
        return { ok: false, field: "tier", status: 403, message: `Crisp refused this keypair for the ${keypair.tier} tier: choose the tier the token was issued for.` };
      }
      if (keypair.websiteId && (error.status === 403 || error.status === 404)) {
        return { ok: false, field: "website_id", status: 403, message: "This token cannot reach that website: check the website ID, or leave it empty." };
      }
      return { ok: false, field: "key", status: 403, message: `Crisp refused this keypair (${error.status} ${error.reason}).` };
    }
    // The person sees that it failed; the operator's log says why.
    log("warn", `keypair check: could not reach Crisp: ${error instanceof CrispError ? error.message : String(error)}`);
    return { ok: false, field: "key", status: 503, message: "Crisp could not be reached to check this keypair: try again in a moment." };
  }
}
