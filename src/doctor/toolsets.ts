import { CrispApiError, type CrispClient, type CrispTier } from "../client/index.js";
import { routeAcceptsTier } from "../tools/route-facts.js";
import { findOperation } from "../tools/catalog/index.js";
import type { CatalogToolset } from "../tools/operation.js";
import type { ToolCard } from "../tools/types.js";
import { answerOf, isScopeRefusal, isTierRefusal, isTransient, read } from "./crisp.js";
import { result, type CheckResult } from "./report.js";

// Which toolsets the token's scopes cover: one cheap read per toolset the
// configuration uses, never a write. Crisp grants scopes per area, read and
// write apart, so a read that passes says the area is readable; a 403 says
// the token's scopes leave it out, and the tools that need it will fail.

/**
 * The read that stands for each toolset, best first; the first one the tier
 * may call is sent. Only website-level reads (no other id) are listed.
 * Absent: no read to probe (batch and analytics only write, or POST).
 * The two helpdesk toolsets are the Knowledge Base check's job: a website
 * serves only one of them, so a probe of the other would answer 404.
 */
const PROBES: Partial<Record<CatalogToolset, readonly string[]>> = {
  conversations: ["list_conversations"],
  people: ["get_people_statistics"],
  website: ["get_website_settings"],
  operators: ["list_website_operators"],
  visitors: ["count_visitors"],
  inbox: ["list_inboxes"],
  teams: ["list_teams"],
  campaigns: ["list_campaigns", "list_campaign_templates"],
  plugins: ["get_connect_account", "list_all_active_subscriptions"],
  billing: ["get_plan_subscription_for_website", "list_all_active_plan_subscriptions"],
};

const BY_KNOWLEDGE_BASE_CHECK: ReadonlySet<string> = new Set(["helpdesk", "helpdesk_legacy"]);

/** How each listed tool depends on a toolset: it fails without it, or leaves a part out. */
export interface ToolsetUse {
  fails: string[];
  degrades: string[];
}

/**
 * The catalog toolsets the listed tools reach, and which tools need each:
 * a Crisp method tool needs its own toolset; an agent tool needs the toolsets
 * of its required methods and leaves a part out without its optional ones
 * (unless it requires none: then those are what it runs on).
 * The catalog tools (call_crisp_method) reach every method and are not counted.
 */
export function toolsetUses(listed: readonly ToolCard[]): Map<string, ToolsetUse> {
  const uses = new Map<string, ToolsetUse>();
  const use = (method: string, tool: string, how: keyof ToolsetUse) => {
    const toolset = findOperation(method)?.toolset;
    if (!toolset) return;
    let entry = uses.get(toolset);
    if (!entry) uses.set(toolset, (entry = { fails: [], degrades: [] }));
    if (!entry[how].includes(tool)) entry[how].push(tool);
  };
  for (const tool of listed) {
    if (tool.operation) use(tool.name, tool.name, "fails");
    for (const method of tool.crispMethods?.required ?? []) use(method, tool.name, "fails");
    // A tool that requires nothing runs on its optional methods (one Knowledge Base or the other): without them it fails.
    const optionalHow = tool.crispMethods?.required.length === 0 ? "fails" : "degrades";
    for (const method of tool.crispMethods?.optional ?? []) use(method, tool.name, optionalHow);
  }
  // A tool that fails without a toolset is not also listed as degraded by it.
  for (const entry of uses.values()) entry.degrades = entry.degrades.filter((tool) => !entry.fails.includes(tool));
  return uses;
}

export interface ProbeTarget {
  tier: CrispTier;
  websiteId?: string;
  /** Why a website-level probe cannot run when websiteId is unset: no CRISP_WEBSITE_ID, or the website is not reachable. */
  withoutWebsite: string;
}

/** One result per toolset the listed tools use, helpdesk aside; the probes run together. */
export async function checkToolsets(
  client: CrispClient,
  target: ProbeTarget,
  listed: readonly ToolCard[],
  signal: AbortSignal,
): Promise<CheckResult[]> {
  const uses = [...toolsetUses(listed)].filter(([toolset]) => !BY_KNOWLEDGE_BASE_CHECK.has(toolset));
  return Promise.all(uses.map(([toolset, use]) => probeToolset(client, target, toolset as CatalogToolset, use, signal)));
}

async function probeToolset(
  client: CrispClient,
  target: ProbeTarget,
  toolset: CatalogToolset,
  use: ToolsetUse,
  signal: AbortSignal,
): Promise<CheckResult> {
  const check = `toolset ${toolset}`;
  if (toolset === "messages") return probeMessages(client, target, use, signal);
  const candidates = (PROBES[toolset] ?? []).map((name) => findOperation(name)!);
  if (candidates.length === 0) return result("skip", check, "no read method to probe without writing");
  const op = candidates.find((candidate) => routeAcceptsTier(candidate, target.tier));
  if (!op) return result("skip", check, `no read method open to the ${target.tier} tier to probe`);
  const needsWebsite = op.path.includes("{website_id}");
  if (needsWebsite && !target.websiteId) return result("skip", check, target.withoutWebsite);
  const args = { ...(needsWebsite ? { website_id: target.websiteId } : {}), ...(op.path.includes("{page_number}") ? { page_number: 1 } : {}) };
  try {
    await read(client, op.name, args, signal);
    return result("ok", check, `readable (${op.name})`);
  } catch (error) {
    return refusalResult(check, op.name, error, use);
  }
}

/** Messages are read per conversation: the first conversation listed is the probe's. */
async function probeMessages(client: CrispClient, target: ProbeTarget, use: ToolsetUse, signal: AbortSignal): Promise<CheckResult> {
  const check = "toolset messages";
  if (!target.websiteId) return result("skip", check, target.withoutWebsite);
  let sessionId: unknown;
  try {
    const conversations = await read<unknown[]>(client, "list_conversations", { website_id: target.websiteId, page_number: 1 }, signal);
    sessionId = Array.isArray(conversations) ? (conversations[0] as { session_id?: unknown } | undefined)?.session_id : undefined;
  } catch (error) {
    return result("skip", check, `no conversation to read messages from (list_conversations answered ${answerOf(error)})`);
  }
  if (typeof sessionId !== "string") return result("skip", check, "no conversation to read messages from yet");
  try {
    await read(client, "get_messages_in_conversation", { website_id: target.websiteId, session_id: sessionId }, signal);
    return result("ok", check, "readable (get_messages_in_conversation)");
  } catch (error) {
    return refusalResult(check, "get_messages_in_conversation", error, use);
  }
}

/** What a failed probe means for the tools that use the toolset. */
export function refusalResult(check: string, method: string, error: unknown, use: ToolsetUse): CheckResult {
  const answer = `${method} answered ${answerOf(error)}`;
  if (isScopeRefusal(error)) {
    const parts = [
      ...(use.fails.length > 0 ? [`${use.fails.length} tool(s) will fail: ${toolNames(use.fails)}`] : []),
      ...(use.degrades.length > 0 ? [`${use.degrades.length} will leave a part out: ${toolNames(use.degrades)}`] : []),
    ];
    // Only tools that lose a part: they still answer, so this is a warning.
    const status = use.fails.length > 0 ? "fail" : "warn";
    return result(status, check, `${answer}: the token's scopes do not cover it (add them to the plugin token); ${parts.join("; ")}`);
  }
  if (isTierRefusal(error)) return result("fail", check, `${answer}: not open to this tier (CRISP_TIER)`);
  if (isTransient(error)) return result("warn", check, `could not be checked: ${answer}; try again`);
  // A 404 is about the data (none there, the plugin not subscribed), not the scopes.
  const status = error instanceof CrispApiError && error.status === 404 ? "warn" : "fail";
  return result(status, check, status === "warn" ? `${answer}: not a scope refusal, nothing to read there` : answer);
}

const SHOWN_NAMES = 8;

/** The first few names, and how many more. */
export function toolNames(tools: readonly string[]): string {
  const shown = tools.slice(0, SHOWN_NAMES).join(", ");
  return tools.length > SHOWN_NAMES ? `${shown} and ${tools.length - SHOWN_NAMES} more` : shown;
}
