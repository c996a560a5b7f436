import type { CrispClient, CrispTier } from "../client/index.js";
import { discoverSocketUrls } from "../events/discovery.js";
import { RtmSource } from "../events/rtm.js";
import { result, type CheckResult } from "./report.js";

// Can the RTM socket connect? The very source wait_for_events uses is started
// (discovery, the socket-URL rule, authentication), watched until it is live
// or down, then closed. It is never left running.

export interface RtmTarget {
  identifier: string;
  key: string;
  tier: CrispTier;
  websiteId?: string;
}

const POLL_MS = 25;

export async function checkRtm(client: CrispClient, target: RtmTarget, signal: AbortSignal): Promise<CheckResult> {
  const source = new RtmSource({
    credentials: { identifier: target.identifier, key: target.key, tier: target.tier },
    discover: (websiteId) => discoverSocketUrls(client, target.tier, target.websiteId ?? websiteId, signal),
    apiUrl: client.baseUrl,
    publish: () => undefined,
    // One attempt: the first answer is the verdict, so no retry is scheduled soon after it.
    backoff: { initialMs: 60_000 },
    connectTimeoutMs: 5_000,
  });
  try {
    // The hint is only used by website- and user-tier discovery, which fall back without one.
    source.activate({ websiteId: target.websiteId ?? "" });
    for (;;) {
      const status = source.status();
      if (status.state === "live") return result("ok", "rtm", `connected and authenticated (${status.detail?.split(",")[0]})`);
      if (status.state === "down") return result("fail", "rtm", `${reasonOf(status.detail)}: wait_for_events gets no real-time events (web hooks still can)`);
      if (signal.aborted) return result("fail", "rtm", "no answer in time");
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  } finally {
    await source.close();
  }
}

/** The source's reason, without what it would do next (retry, wait): the doctor does neither. */
function reasonOf(detail: string | undefined): string {
  return (detail ?? "down").replace(/; (retrying in \d+s|tried again on a wait after .*)$/, "");
}
