// Per-call overhead, throughput and memory, on one long-lived process of each
// server: a read tool (get_conversation) called over stdio against the sandbox,
// the floor doing the same request, and a raw undici request to the sandbox.
import { Agent, request } from "undici";
import { cpuMsOf, memoryOf } from "../lib/proc.mjs";
import { concurrentRun, sequentialLatencies } from "../lib/load.mjs";
import { inTurn, paired } from "../lib/pairs.mjs";
import { median, percentile, round } from "../lib/stats.mjs";
import { spawnFloor, spawnOurs, startReady } from "../lib/servers.mjs";

const TOOL = "get_conversation";

// Every loop is bounded (bench/plan.mjs sizes them). Each round measures both
// servers back to back, in alternating order, so that a busy moment of the
// machine (other processes, GC in the bench itself) falls on both; every ratio
// is the median of the per-round ratios.
export async function measureCalls(sandbox, sessionId, plan) {
  const started = [];
  const raw = rawClient(sandbox, sessionId);
  try {
    // The default set plus the measured read tool (CRISP_TOOLS adds it whatever the default holds).
    const ours = await startReady(() => spawnOurs(sandbox, { CRISP_TOOLS: TOOL }));
    started.push(ours.server);
    const floor = await startReady(() => spawnFloor(sandbox));
    started.push(floor.server);
    if (!ours.tools.some((t) => t.name === TOOL)) throw new Error(`${TOOL} is not listed with CRISP_TOOLS=${TOOL}`);
    const subjects = {
      ours: counted(toolCaller(ours.server, sessionId)),
      floor: counted(toolCaller(floor.server, sessionId)),
    };

    // Warm up: JIT, connection pools, the listing and schema caches.
    for (const subject of Object.values(subjects)) await sequentialLatencies(subject.call, plan.warmup);
    await sequentialLatencies(raw.call, plan.warmup);
    for (const [key, subject] of Object.entries(subjects)) {
      // Timing error answers would measure nothing: stop here with the answer.
      if (subject.errors() > 0) throw new Error(`${key}: ${TOOL} answered an error: ${subject.lastError()}`);
    }
    await checkSameRequest(sandbox, subjects);
    // Latency and server CPU time per call (unlike wall time, barely moved by
    // other work on the machine), per round: each server, then the raw request.
    const perRound = { ours: [], floor: [], raw: [] };
    const cpuPerCall = { ours: [], floor: [] };
    const servers = { ours: ours.server, floor: floor.server };
    for (let r = 0; r < plan.latencyRounds; r++) {
      for (const key of inTurn(r, ["ours", "floor", "raw"])) {
        const call = key === "raw" ? raw.call : subjects[key].call;
        const cpuBefore = key === "raw" ? undefined : cpuMsOf(servers[key].pid);
        perRound[key].push(await sequentialLatencies(call, plan.latencyPerRound));
        if (cpuBefore !== undefined) cpuPerCall[key].push((cpuMsOf(servers[key].pid) - cpuBefore) / plan.latencyPerRound);
      }
    }
    const roundsOf = (key, stat) => perRound[key].map(stat);
    const p95 = (values) => percentile(values, 95);
    const all = (key) => perRound[key].flat();
    const latency = {
      median: paired(roundsOf("ours", median), roundsOf("floor", median), 3),
      p95: paired(roundsOf("ours", p95), roundsOf("floor", p95), 3),
      againstRaw: paired(roundsOf("ours", median), roundsOf("raw", median), 3),
      samples: all("ours").length,
      // Over every sample of the run, for reference beside the per-round figures.
      overall: Object.fromEntries(
        ["ours", "floor", "raw"].map((key) => [key, { medianMs: round(median(all(key)), 3), p95Ms: round(p95(all(key)), 3) }]),
      ),
    };
    const cpu =
      cpuPerCall.ours.length > 0 && cpuPerCall.floor.length > 0 && [...cpuPerCall.ours, ...cpuPerCall.floor].every(Number.isFinite)
        ? { ...paired(cpuPerCall.ours, cpuPerCall.floor, 4), calls: plan.latencyRounds * plan.latencyPerRound }
        : undefined;

    const throughput = [];
    for (const { concurrency, perRound: callsPerRound } of plan.throughput) {
      const rates = { ours: [], floor: [] };
      for (let r = 0; r < plan.throughputRounds; r++) {
        for (const key of inTurn(r, ["ours", "floor"])) {
          rates[key].push((await concurrentRun(subjects[key].call, callsPerRound, concurrency)).callsPerSecond);
        }
      }
      throughput.push({ concurrency, calls: callsPerRound * plan.throughputRounds, ...paired(rates.ours, rates.floor, 0) });
    }
    // Memory after start is read in the cold-start rounds; here, the most each
    // server held at any moment (VmHWM) once both have answered the same calls,
    // which moves less from run to run than any single read.
    const memory = {
      peak: { calls: subjects.ours.count(), ours: memoryOf(ours.server.pid)?.peakKiB, floor: memoryOf(floor.server.pid)?.peakKiB },
    };

    return {
      tool: TOOL,
      calls: { ours: subjects.ours.count(), floor: subjects.floor.count() },
      errors: { ours: subjects.ours.errors(), floor: subjects.floor.errors() },
      latency,
      cpuPerCall: cpu,
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
