// Per-call overhead, throughput and memory, on one long-lived process of each
// server: a read tool (get_conversation) called over stdio against the sandbox,
// the floor doing the same request, and a raw undici request to the sandbox.
import { Agent, request } from "undici";
import { cpuMsOf, memoryOf, settledRss } from "../lib/proc.mjs";
import { concurrentRun, sequentialLatencies } from "../lib/load.mjs";
import { median, percentile, round } from "../lib/stats.mjs";
import { spawnFloor, spawnOurs, startReady } from "../lib/servers.mjs";

const TOOL = "get_conversation";

// Every loop is bounded. Rounds alternate between the servers so that a busy
// moment of the machine (other processes, GC in the bench itself) falls on
// both, and rates are the median of the rounds.
export const CALL_PLAN = {
  warmup: 300,
  latencyRounds: 10,
  latencyPerRound: 100,
  throughputRounds: 4,
  throughput: [
    { concurrency: 1, calls: 600 },
    { concurrency: 16, calls: 2000 },
    { concurrency: 64, calls: 2000 },
  ],
  memoryCalls: 10_000,
  memoryConcurrency: 16,
};

export async function measureCalls(sandbox, sessionId, plan = CALL_PLAN) {
  const started = [];
  const raw = rawClient(sandbox, sessionId);
  try {
    // The default set plus the measured read tool (CRISP_TOOLS adds it whatever the default holds).
    const ours = await startReady(() => spawnOurs(sandbox, { CRISP_TOOLS: TOOL }));
    started.push(ours.server);
    const floor = await startReady(() => spawnFloor(sandbox));
    started.push(floor.server);
    const allTools = await startReady(() => spawnOurs(sandbox, { CRISP_TOOLSETS: "all" }));
    started.push(allTools.server);
    if (!ours.tools.some((t) => t.name === TOOL)) throw new Error(`${TOOL} is not listed with CRISP_TOOLS=${TOOL}`);
    const subjects = {
      ours: counted(toolCaller(ours.server, sessionId)),
      floor: counted(toolCaller(floor.server, sessionId)),
    };

    const memory = {
      afterStart: {
        ours: await settledRss(ours.server.pid),
        floor: await settledRss(floor.server.pid),
        oursAll: await settledRss(allTools.server.pid),
      },
    };
    await allTools.server.close();

    // Warm up: JIT, connection pools, the listing and schema caches.
    for (const subject of Object.values(subjects)) await sequentialLatencies(subject.call, plan.warmup);
    await sequentialLatencies(raw.call, plan.warmup);
    for (const [key, subject] of Object.entries(subjects)) {
      // Timing error answers would measure nothing: stop here with the answer.
      if (subject.errors() > 0) throw new Error(`${key}: ${TOOL} answered an error: ${subject.lastError()}`);
    }
    await checkSameRequest(sandbox, subjects);
    // CPU time the server process spends per call: unlike wall time, barely moved by other work on the machine.
    const cpuStart = { ours: cpuAt(ours.server, subjects.ours), floor: cpuAt(floor.server, subjects.floor) };

    // Latency, in alternating rounds so drift spreads over all three.
    const latencies = { ours: [], floor: [], raw: [] };
    for (let r = 0; r < plan.latencyRounds; r++) {
      latencies.ours.push(...(await sequentialLatencies(subjects.ours.call, plan.latencyPerRound)));
      latencies.floor.push(...(await sequentialLatencies(subjects.floor.call, plan.latencyPerRound)));
      latencies.raw.push(...(await sequentialLatencies(raw.call, plan.latencyPerRound)));
    }
    const latency = Object.fromEntries(
      Object.entries(latencies).map(([key, values]) => [
        key,
        { medianMs: round(median(values), 3), p95Ms: round(percentile(values, 95), 3), samples: values.length },
      ]),
    );

    const throughput = [];
    for (const { concurrency, calls } of plan.throughput) {
      const perRound = Math.ceil(calls / plan.throughputRounds);
      const rates = { ours: [], floor: [] };
      for (let r = 0; r < plan.throughputRounds; r++) {
        for (const key of r % 2 === 0 ? ["ours", "floor"] : ["floor", "ours"]) {
          rates[key].push((await concurrentRun(subjects[key].call, perRound, concurrency)).callsPerSecond);
        }
      }
      const row = { concurrency, calls: perRound * plan.throughputRounds };
      for (const key of ["ours", "floor"]) {
        row[key] = { callsPerSecond: Math.round(median(rates[key])), rounds: rates[key].map((v) => Math.round(v)) };
      }
      throughput.push(row);
    }

    // Top each server up to the same number of calls, then read its memory at rest.
    for (const subject of Object.values(subjects)) {
      const missing = Math.max(0, plan.memoryCalls - subject.count());
      if (missing > 0) await concurrentRun(subject.call, missing, plan.memoryConcurrency);
    }
    const cpuPerCall = {
      ours: cpuSince(cpuStart.ours, cpuAt(ours.server, subjects.ours)),
      floor: cpuSince(cpuStart.floor, cpuAt(floor.server, subjects.floor)),
    };
    memory.afterCalls = {
      calls: plan.memoryCalls,
      ours: await settledRss(ours.server.pid),
      floor: await settledRss(floor.server.pid),
    };
    memory.peak = { ours: memoryOf(ours.server.pid)?.peakKiB, floor: memoryOf(floor.server.pid)?.peakKiB };

    return {
      tool: TOOL,
      calls: { ours: subjects.ours.count(), floor: subjects.floor.count() },
      errors: { ours: subjects.ours.errors(), floor: subjects.floor.errors() },
      latency,
      cpuPerCall,
      throughput,
      memory,
    };
  } finally {
    await Promise.all([...started.map((server) => server.close()), raw.close()]);
  }
}

/** The comparison holds only if both servers send Crisp the very same request: checked on the sandbox's log. */
async function checkSameRequest(sandbox, subjects) {
  const seen = {};
  for (const [key, subject] of Object.entries(subjects)) {
    sandbox.clearRequests();
    await subject.call();
    seen[key] = sandbox.requests.map((r) => `${r.method} ${r.path} ${JSON.stringify(r.query)}`).join(", ");
  }
  if (seen.ours !== seen.floor) throw new Error(`the servers sent different requests: ours ${seen.ours}; floor ${seen.floor}`);
}

function cpuAt(server, subject) {
  return { cpuMs: cpuMsOf(server.pid), calls: subject.count() };
}

/** Server CPU ms per call between two readings. */
function cpuSince(start, end) {
  if (start.cpuMs === undefined || end.cpuMs === undefined) return undefined;
  return { msPerCall: round((end.cpuMs - start.cpuMs) / (end.calls - start.calls), 4), calls: end.calls - start.calls };
}

/** Calls the read tool; resolves with the error text of an isError result, or undefined. */
function toolCaller(server, sessionId) {
  return async () => {
    const { result } = await server.request("tools/call", { name: TOOL, arguments: { session_id: sessionId } });
    return result.isError ? String(result.content?.[0]?.text ?? "isError") : undefined;
  };
}

/** Counts calls and error answers, which are reported, not thrown, so that a loop always ends. */
function counted(call) {
  let count = 0;
  let errors = 0;
  let lastError;
  return {
    call: async () => {
      count++;
      const error = await call();
      if (error !== undefined) {
        errors++;
        lastError = error;
      }
    },
    count: () => count,
    errors: () => errors,
    lastError: () => lastError,
  };
}

/** The same GET straight to the sandbox with undici: the cost of the HTTP request alone. */
function rawClient(sandbox, sessionId) {
  const dispatcher = new Agent({ connections: 32 });
  const url = `${sandbox.url}/website/${sandbox.websiteId}/conversation/${encodeURIComponent(sessionId)}`;
  const headers = {
    authorization: `Basic ${Buffer.from(`${sandbox.identifier}:${sandbox.key}`).toString("base64")}`,
    "x-crisp-tier": sandbox.tier,
    accept: "application/json",
  };
  return {
    call: async () => {
      const res = await request(url, { method: "GET", headers, dispatcher });
      const body = await res.body.json();
      if (res.statusCode !== 200 || body.error) throw new Error(`raw request answered ${res.statusCode}`);
    },
    close: () => dispatcher.close(),
  };
}
