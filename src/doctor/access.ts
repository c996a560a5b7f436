import { checkKeypair } from "../auth/keypair-check.js";
import type { CrispClient, CrispTier } from "../client/index.js";
import type { ToolCard } from "../tools/types.js";
import { boundedText } from "../untrusted/text.js";
import { answerOf, read } from "./crisp.js";
import { result, type CheckResult } from "./report.js";

// Does Crisp accept this keypair for this tier, and can it reach the
// website? The consent page's keypair check answers the first (with the
// website when one is set: that one read proves both); a second read tells a
// refused keypair from an unreachable website, and get_website names it.

export interface AccessTarget {
  baseUrl: string;
  identifier: string;
  key: string;
  tier: CrispTier;
  websiteId?: string;
}

export async function checkAccess(
  client: CrispClient,
  target: AccessTarget,
  listed: readonly ToolCard[],
  signal: AbortSignal,
): Promise<CheckResult[]> {
  const keypair = { identifier: target.identifier, key: target.key, tier: target.tier };
  let verdict = await checkKeypair(client, { ...keypair, websiteId: target.websiteId }, signal);
  if (!verdict.ok && verdict.field === "website_id") verdict = await checkKeypair(client, keypair, signal);
  if (!verdict.ok) {
    const setting = verdict.status === 503 ? "CRISP_API_URL" : verdict.field === "tier" ? `CRISP_TIER is ${target.tier}` : "CRISP_IDENTIFIER, CRISP_KEY";
    return [result("fail", "keypair", `${verdict.message.replace(/\.$/, "")} (${setting}; API at ${hostOf(target.baseUrl)})`)];
  }
  const accepted = result("ok", "keypair", `accepted for the ${target.tier} tier (API at ${hostOf(target.baseUrl)})`);
  return [accepted, await checkWebsite(client, target.websiteId, listed, signal)];
}

async function checkWebsite(
  client: CrispClient,
  websiteId: string | undefined,
  listed: readonly ToolCard[],
  signal: AbortSignal,
): Promise<CheckResult> {
  if (!websiteId) {
    const perCall = listed.filter((tool) => tool.takesWebsiteId).length;
    return result(
      "skip",
      "website",
      `no CRISP_WEBSITE_ID: ${perCall} of ${listed.length} tools take website_id on each call; set it to check the website, its scopes and its Knowledge Base`,
    );
  }
  try {
    const website = await read<{ name?: unknown; domain?: unknown }>(client, "get_website", { website_id: websiteId }, signal);
    // The name and domain are the workspace owner's words: shown bounded and cleaned.
    const name = typeof website?.name === "string" ? `"${boundedText(website.name, 80)}" ` : "";
    const domain = typeof website?.domain === "string" ? `(${boundedText(website.domain, 80)}) ` : "";
    return result("ok", "website", `${name}${domain}reachable, ${websiteId}`);
  } catch (error) {
    return result("fail", "website", `this token cannot reach website ${websiteId} (${answerOf(error)}): check CRISP_WEBSITE_ID, and that the plugin is installed on that website`);
  }
}

/** Host and port only: a base URL could carry a user and password. */
function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return "an unreadable CRISP_API_URL";
  }
}
