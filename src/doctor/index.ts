import { CrispClient, type CrispTarget } from "../client/index.js";
import type { Config } from "../config.js";
import { listedTools, policyOf } from "../server.js";
import type { ToolCard } from "../tools/types.js";
import { checkAccess } from "./access.js";
import { withDeadline } from "./deadline.js";
import { checkHttpSettings, checkListen, checkRedis, checkStdioSettings } from "./http.js";
import { checkKnowledgeBase } from "./knowledge-base.js";
import { exitCodeOf, formatJson, formatLines, result, type CheckResult } from "./report.js";
import { checkRtm } from "./rtm.js";
import { checkToolsets } from "./toolsets.js";

// `crisp-mcp doctor`: checks a configuration against Crisp for real, in
// seconds, and says what will fail before a client finds out. The keypair is
// checked first (nothing else means anything without it); then the toolsets,
// the Knowledge Base and RTM together, while the local HTTP checks run
// beside them. Only reads are sent to Crisp.

export interface DoctorOutput {
  json?: boolean;
  write(text: string): void;
}

/** Runs every check, prints the report, and returns the exit code: 0 ready, 1 something will fail. */
export async function runDoctor(config: Config, target: CrispTarget, output: DoctorOutput): Promise<0 | 1> {
  const results = await diagnose(config, target);
  output.write(output.json ? formatJson(results) : formatLines(results));
  return exitCodeOf(results);
}

export async function diagnose(config: Config, target: CrispTarget): Promise<CheckResult[]> {
  const listed = listedTools({ ...config, websiteId: target.websiteId });
  const http = config.transport === "http";
  const local = http
    ? Promise.all([
        withDeadline("listen", () => checkListen(config)),
        config.redisUrl ? withDeadline("redis", () => checkRedis(config.redisUrl!, 5_000)) : Promise.resolve([]),
      ]).then((groups) => groups.flat())
    : Promise.resolve([]);
  const crisp = crispChecks(config, target, listed);
  const settings = http ? checkHttpSettings(config) : checkStdioSettings(config);
  return [result("ok", "tools", `${listed.length} listed${config.readOnly ? " (read-only)" : ""}`), ...(await crisp), ...settings, ...(await local)];
}

/** A doctor's request gives up sooner than a tool call: the whole run takes seconds. */
const REQUEST_TIMEOUT_MS = 4_000;

async function crispChecks(config: Config, target: CrispTarget, listed: readonly ToolCard[]): Promise<CheckResult[]> {
  const passthrough = config.transport === "http" && config.httpAuth === "passthrough";
  if (!target.identifier || !target.key) {
    return [result("skip", "keypair", "HTTP passthrough: each request brings its own keypair; set CRISP_IDENTIFIER and CRISP_KEY to check one here")];
  }
  const keypair = { identifier: target.identifier, key: target.key, tier: target.tier };
  const client = new CrispClient({
    ...keypair,
    baseUrl: target.baseUrl,
    timeoutMs: Math.min(target.timeoutMs, REQUEST_TIMEOUT_MS),
    retry: { maxAttempts: 2, budgetMs: 500 },
    connections: 8,
  });
  try {
    const access = await withDeadline("keypair", (signal) => checkAccess(client, { ...keypair, baseUrl: target.baseUrl, websiteId: target.websiteId }, listed, signal));
    if (access.find((r) => r.check === "keypair")?.status !== "ok") {
      return [...access, ...["toolsets", "knowledge base", "rtm"].map((check) => result("skip", check, "needs an accepted keypair"))];
    }
    const websiteReached = access.find((r) => r.check === "website")?.status === "ok";
    const website = {
      id: websiteReached ? target.websiteId : undefined,
      without: target.websiteId ? "needs a reachable website" : "needs CRISP_WEBSITE_ID to probe",
    };
    const probeTarget = { tier: target.tier, websiteId: website.id, withoutWebsite: website.without };
    const policy = policyOf({ ...config, websiteId: target.websiteId });
    const checks = await Promise.all([
      withDeadline("toolsets", (signal) => checkToolsets(client, probeTarget, listed, signal)),
      withDeadline("knowledge base", (signal) => checkKnowledgeBase(client, policy, website, listed, signal)),
      passthrough
        ? Promise.resolve([result("skip", "rtm", "off in HTTP passthrough: callers bring their own keypairs (web hooks still work)")])
        : withDeadline("rtm", (signal) => checkRtm(client, { ...keypair, websiteId: target.websiteId }, signal)),
    ]);
    return [...access, ...checks.flat()];
  } finally {
    await client.close().catch(() => undefined);
  }
}
