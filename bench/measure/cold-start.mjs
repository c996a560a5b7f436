// Cold start: from spawn to the answer of initialize, to the answer of
// tools/list, and to the answer of a first tools/call, for fresh processes.
// Each round starts the floor and each of ours once, back to back (forward on
// even rounds, reversed on odd ones); every ratio is the median of the
// per-round ratios against the floor of the same round.
import { cpuMsOf, memoryOf } from "../lib/proc.mjs";
import { inTurn, paired } from "../lib/pairs.mjs";
import { round } from "../lib/stats.mjs";
import { spawnFloor, spawnOurs } from "../lib/servers.mjs";

/** The tool of the first call: the one the floor serves. */
export const FIRST_CALL_TOOL = "get_conversation";

export async function measureColdStart(sandbox, sessionId, { rounds = 16 } = {}) {
  const subjects = [
    { key: "floor", spawn: () => spawnFloor(sandbox), firstCall: true },
    { key: "default", spawn: () => spawnOurs(sandbox) },
    { key: "all", spawn: () => spawnOurs(sandbox, { CRISP_TOOLSETS: "all" }) },
    // The default set plus the floor's tool, which the default set does not list.
    { key: "firstCall", spawn: () => spawnOurs(sandbox, { CRISP_TOOLS: FIRST_CALL_TOOL }), firstCall: true },
  ];
  const samples = Object.fromEntries(
    subjects.map((s) => [s.key, { initialize: [], toolsList: [], cpu: [], rss: [], firstCall: [], tools: 0 }]),
  );

  // One unmeasured start of each fills the file cache.
  for (const subject of subjects) await startOnce(subject, sessionId);
  for (let r = 0; r < rounds; r++) {
    for (const subject of inTurn(r, subjects)) {
      const timing = await startOnce(subject, sessionId);
      const s = samples[subject.key];
      s.initialize.push(timing.initialize);
      s.toolsList.push(timing.toolsList);
      s.cpu.push(timing.cpuMs);
      s.rss.push(timing.rssKiB);
      if (subject.firstCall) s.firstCall.push(timing.firstCall);
      s.tools = timing.tools;
    }
  }

  const f = samples.floor;
  const against = (key) => ({
    tools: samples[key].tools,
    initialize: paired(samples[key].initialize, f.initialize),
    toolsList: paired(samples[key].toolsList, f.toolsList),
  });
  const read = (key) => Object.values(samples).every((s) => s[key].every((v) => v !== undefined));
  const rss = (key) => (read("rss") ? { rssAtToolsList: paired(samples[key].rss, f.rss, 0) } : {});
  return {
    rounds,
    floor: { tools: f.tools },
    default: { ...against("default"), ...rss("default") },
    all: { ...against("all"), ...rss("all"), ...(read("cpu") ? { cpuToToolsList: paired(samples.all.cpu, f.cpu) } : {}) },
    firstCall: { tools: samples.firstCall.tools, tool: FIRST_CALL_TOOL, firstCall: paired(samples.firstCall.firstCall, f.firstCall) },
    samples: Object.fromEntries(
      Object.entries(samples).map(([key, s]) => [
        key,
        Object.fromEntries(["initialize", "toolsList", "firstCall"].map((k) => [k, s[k].map((v) => round(v))])),
      ]),
    ),
  };
}

async function startOnce(subject, sessionId) {
  const server = subject.spawn();
  try {
    const init = await server.initialize();
    const list = await server.request("tools/list");
    // CPU the server used up to its tools/list answer (less moved by a busy
    // machine than wall time), and its resident memory then.
    const cpuMs = cpuMsOf(server.pid);
    const timing = {
      cpuMs,
      rssKiB: memoryOf(server.pid)?.rssKiB,
      initialize: init.at - server.startedAt,
      toolsList: list.at - server.startedAt,
      tools: list.result.tools.length,
    };
    if (subject.firstCall) {
      if (!list.result.tools.some((t) => t.name === FIRST_CALL_TOOL)) {
        throw new Error(`${subject.key}: ${FIRST_CALL_TOOL} is not listed`);
      }
      const call = await server.request("tools/call", { name: FIRST_CALL_TOOL, arguments: { session_id: sessionId } });
      if (call.result.isError) throw new Error(`${subject.key}: ${FIRST_CALL_TOOL} answered an error: ${call.result.content?.[0]?.text}`);
      timing.firstCall = call.at - server.startedAt;
    }
    return timing;
  } finally {
    await server.close();
  }
}
