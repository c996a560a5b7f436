import { CrispApiError, type CrispClient } from "../client/index.js";
import { isLegacyKnowledgeBaseRoute, isNewKnowledgeBaseRoute } from "../tools/route-facts.js";
import { onKnowledgeBase, type KnowledgeBase } from "../tools/agent/knowledge-base.js";
import { TOOLS } from "../tools/tool-index.js";
import type { Policy, ToolCard } from "../tools/types.js";
import { answerOf } from "./crisp.js";
import { result, type CheckResult } from "./report.js";
import { refusalResult, toolNames, toolsetUses, type ToolsetUse } from "./toolsets.js";

// Which Knowledge Base the website uses, asked exactly as the agent tools ask
// it (same probe, same policy), so the answer is the one they will act on.
// Direct helpdesk tools of the other Knowledge Base would answer 404 there:
// listed anyway, they are named.

/** The locale the agent tools read by default. */
const LOCALE = "en";

export async function checkKnowledgeBase(
  client: CrispClient,
  policy: Policy,
  website: { id?: string; without: string },
  listed: readonly ToolCard[],
  signal: AbortSignal,
): Promise<CheckResult> {
  const check = "knowledge base";
  const uses = toolsetUses(listed);
  const use = merged(uses.get("helpdesk"), uses.get("helpdesk_legacy"));
  if (use.fails.length + use.degrades.length === 0) return result("skip", check, "no listed tool reads the Knowledge Base");
  const websiteId = website.id;
  if (!websiteId) return result("skip", check, website.without);
  let kind: KnowledgeBase;
  try {
    kind = await onKnowledgeBase({ client, policy, tools: TOOLS, signal, progress: async () => undefined }, websiteId, LOCALE, async (found) => found);
  } catch (error) {
    if (error instanceof CrispApiError && error.status === 404) {
      return result("warn", check, `none in locale ${LOCALE} (${answerOf(error)}): the helpdesk tools will find nothing there`);
    }
    return refusalResult(check, "reading it", error, use);
  }
  const unserved = listed.filter((tool) => {
    if (!tool.operation) return false;
    const route = { toolset: tool.toolset, path: tool.operation.path };
    return kind === "new" ? isLegacyKnowledgeBaseRoute(route) : isNewKnowledgeBaseRoute(route);
  });
  const label = kind === "new" ? "new (pages, trees, content types)" : "legacy (articles, categories, sections)";
  if (unserved.length === 0) return result("ok", check, `${label}, locale ${LOCALE}`);
  return result(
    "warn",
    check,
    `${label}, locale ${LOCALE}; ${unserved.length} listed tool(s) of the other Knowledge Base will answer 404 on this website: ${toolNames(unserved.map((tool) => tool.name))}`,
  );
}

function merged(...uses: (ToolsetUse | undefined)[]): ToolsetUse {
  const fails = [...new Set(uses.flatMap((use) => use?.fails ?? []))];
  const degrades = [...new Set(uses.flatMap((use) => use?.degrades ?? []))].filter((tool) => !fails.includes(tool));
  return { fails, degrades };
}
