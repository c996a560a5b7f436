// Cold start: from spawn to the answer of initialize, and to the answer of
// tools/list, the median of several fresh processes per server. Runs are
// interleaved so that a slow moment of the machine hits every server alike.
import { cpuMsOf } from "../lib/proc.mjs";
import { median, percentile, round } from "../lib/stats.mjs";
import { spawnFloor, spawnOurs } from "../lib/servers.mjs";

export async function measureColdStart(sandbox, { runs = 9 } = {}) {
  const subjects = [
    { key: "floor", spawn: () => spawnFloor(sandbox) },
    { key: "default", spawn: () => spawnOurs(sandbox) },
    { key: "all", spawn: () => spawnOurs(sandbox, { CRISP_TOOLSETS: "all" }) },
  ];
  const samples = Object.fromEntries(subjects.map((s) => [s.key, { initialize: [], toolsList: [], cpu: [], tools: 0 }]));

  // One unmeasured start of each fills the file cache.
  for (const subject of subjects) await startOnce(subject.spawn);
  for (let run = 0; run < runs; run++) {
    // Rotate the order so that no server always goes first.
    for (let i = 0; i < subjects.length; i++) {
      const subject = subjects[(run + i) % subjects.length];
      const timing = await startOnce(subject.spawn);
      samples[subject.key].initialize.push(timing.initialize);
      samples[subject.key].toolsList.push(timing.toolsList);
      if (timing.cpuMs !== undefined) samples[subject.key].cpu.push(timing.cpuMs);
      samples[subject.key].tools = timing.tools;
    }
  }

  const summary = {};
  for (const [key, s] of Object.entries(samples)) {
    summary[key] = {
      tools: s.tools,
      initializeMs: round(median(s.initialize)),
      toolsListMs: round(median(s.toolsList)),
      initializeMaxMs: round(percentile(s.initialize, 100)),
      toolsListMaxMs: round(percentile(s.toolsList, 100)),
      // CPU the server used up to its tools/list answer: less moved by a busy machine than wall time.
      cpuToToolsListMs: s.cpu.length > 0 ? round(median(s.cpu)) : undefined,
      samples: { initialize: s.initialize.map((v) => round(v)), toolsList: s.toolsList.map((v) => round(v)) },
    };
  }
  return { runs, ...summary };
}

async function startOnce(spawnIt) {
  const server = spawnIt();
  try {
    const init = await server.initialize();
    const list = await server.request("tools/list");
    const cpuMs = cpuMsOf(server.pid);
    return {
      cpuMs,
      initialize: init.at - server.startedAt,
      toolsList: list.at - server.startedAt,
      tools: list.result.tools.length,
    };
  } finally {
    await server.close();
  }
}
