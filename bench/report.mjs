// Turns the measures into rows (our figure, the floor, the ratio, the target,
// pass or miss) and renders them as markdown. Every row has a stable `id` and,
// where there is a ratio, its number in `ratioValue`; paired rows (the median
// of per-round ratios) also say how many `rounds` they took.

/** What a row's result can be; a miss is reported, never an error of the bench. */
export const RESULTS = ["pass", "miss", "info", "n/a"];

export const TARGETS = {
  coldStart: { max: 1.05, text: "≤ 1.05x floor" },
  cliStart: { max: 1.2, text: "≤ 1.2x node -e 0" },
  latency: { max: 1.1, text: "≤ 1.1x floor" },
  throughput: { min: 0.9, text: "≥ 0.9x floor" },
  rss: { max: 1.15, text: "≤ 1.15x floor" },
  defaultTokens: { maxValue: 3000, text: "≤ 3,000 tokens" },
  transcript: { max: 0.35, text: "≤ 0.35x raw JSON" },
  eventDeliveryP50: { maxDeltaMs: 2, text: "≤ in-memory + 2 ms" },
};

const ms = (v) => `${v.toFixed(v < 1 ? 3 : v < 10 ? 2 : 1)} ms`;
const count = (v) => Math.round(v).toLocaleString("en-US");
const mib = (kib) => `${(kib / 1024).toFixed(1)} MiB`;

function judged(ratio, target) {
  if (target?.max !== undefined) return ratio <= target.max ? "pass" : "miss";
  if (target?.min !== undefined) return ratio >= target.min ? "pass" : "miss";
  return "info";
}

/** A ratio of two single figures (memory, tokens, event delivery). */
function ratioRow(id, measure, ours, floor, oursText, floorText, target) {
  const ratio = ours / floor;
  return { id, measure, ours: oursText, floor: floorText, ratio: `${ratio.toFixed(2)}x`, ratioValue: ratio, target: target?.text ?? "—", result: judged(ratio, target) };
}

/** A paired measure (lib/pairs.mjs): the medians of each side, and the median of the per-round ratios. */
function pairedRow(id, measure, pair, format, target, floorSuffix = "") {
  return {
    id,
    measure,
    ours: format(pair.ours),
    floor: `${format(pair.floor)}${floorSuffix}`,
    ratio: `${pair.ratio.toFixed(2)}x`,
    ratioValue: pair.ratio,
    rounds: pair.rounds,
    target: target?.text ?? "—",
    result: judged(pair.ratio, target),
  };
}

export function buildRows(results) {
  const rows = [];
  const { coldStart: cs, cliStart: cli, context, calls, output } = results;

  for (const [key, label] of [
    ["all", `all ${cs.all.tools} tools (CRISP_TOOLSETS=all)`],
    ["default", `default ${cs.default.tools} tools`],
  ]) {
    rows.push(
      pairedRow(`coldStart.${key}.initialize`, `Cold start, spawn → initialize, ${label}`, cs[key].initialize, ms, TARGETS.coldStart),
      pairedRow(`coldStart.${key}.toolsList`, `Cold start, spawn → tools/list, ${label}`, cs[key].toolsList, ms, TARGETS.coldStart),
    );
  }
  if (cs.all.cpuToToolsList) {
    rows.push(pairedRow("coldStart.all.cpu", `Cold start, server CPU time to tools/list, all ${cs.all.tools} tools`,
      cs.all.cpuToToolsList, ms));
  }
  rows.push(pairedRow("coldStart.firstCall",
    `Spawn → first tools/call answered (initialize, tools/list, one ${cs.firstCall.tool}), default + ${cs.firstCall.tool}`,
    cs.firstCall.firstCall, ms));
  rows.push(
    pairedRow("cliStart.version", "crisp-mcp --version, spawn → exit", cli.version, ms, TARGETS.cliStart, " node -e 0"),
    pairedRow("cliStart.help", "crisp-mcp --help, spawn → exit", cli.help, ms, TARGETS.cliStart, " node -e 0"),
  );

  const floorTokens = `${count(context.floor.tokens)} (${context.floor.tools} tool)`;
  for (const [key, c] of Object.entries(context.configurations)) {
    const isDefault = key === "default";
    rows.push({
      id: `tokens.${key}`,
      measure: `tools/list tokens, ${c.label}`,
      ours: `${count(c.tokens)} (${c.tools} tools, ${c.tokensPerTool}/tool)`,
      floor: floorTokens,
      ratio: "—",
      ratioValue: null,
      target: isDefault ? TARGETS.defaultTokens.text : "—",
      result: isDefault ? (c.tokens <= TARGETS.defaultTokens.maxValue ? "pass" : "miss") : "info",
    });
  }

  const { latency } = calls;
  rows.push(
    pairedRow("latency.median", `${calls.tool} latency, median`, latency.median, ms, TARGETS.latency),
    pairedRow("latency.p95", `${calls.tool} latency, p95`, latency.p95, ms, TARGETS.latency),
    pairedRow("latency.raw", `${calls.tool} latency, median, against a raw undici request (no MCP)`, latency.againstRaw, ms,
      undefined, " raw"),
  );
  if (calls.cpuPerCall) {
    rows.push(pairedRow("cpuPerCall", `Server CPU per ${calls.tool} call (${count(calls.cpuPerCall.calls)} calls)`,
      calls.cpuPerCall, ms));
  }
  const perSecond = (v) => `${count(v)} calls/s`;
  for (const t of calls.throughput) {
    rows.push(pairedRow(`throughput.${t.concurrency}`, `Throughput, concurrency ${t.concurrency} (${count(t.calls)} calls)`, t,
      perSecond, TARGETS.throughput));
  }

  // Memory after start: read in every cold-start round at the tools/list answer, paired with the floor's.
  if (cs.default.rssAtToolsList && cs.all.rssAtToolsList) {
    rows.push(pairedRow("rss.afterStart", "RSS after start (at the tools/list answer), default tools", cs.default.rssAtToolsList, mib, TARGETS.rss));
  }
  const m = calls.memory;
  // The high-water mark over all the calls: steadier run to run than any one read, which lands wherever each heap's GC is.
  if (m.peak.ours && m.peak.floor) {
    rows.push(ratioRow("rss.peakCalls", `Peak RSS over ${count(m.peak.calls)} calls, default tools + ${calls.tool}`,
      m.peak.ours, m.peak.floor, mib(m.peak.ours), mib(m.peak.floor), TARGETS.rss));
  }
  if (cs.all.rssAtToolsList) {
    rows.push(pairedRow("rss.afterStartAll", "RSS after start (at the tools/list answer), all tools (CRISP_TOOLSETS=all)", cs.all.rssAtToolsList, mib));
  }

  rows.push(...eventRows(results.events));
  rows.push(outputRow("output.transcript", `Output tokens, ${output.transcript.messages ?? 60}-message transcript`, output.transcript, TARGETS.transcript));
  rows.push(outputRow("output.awaitingReply", `Output tokens, conversations awaiting reply${output.awaitingReply.conversations ? ` (${output.awaitingReply.conversations})` : ""}`,
    output.awaitingReply));
  return rows;
}

/** Event delivery through Redis (hook on replica A, wait on replica B) against the same in one process's memory. */
function eventRows(events) {
  if (!events?.available) {
    return [{ id: "events.p50", measure: "Event delivery, hook → wait_for_events", ours: "n/a", floor: "n/a", ratio: "n/a", ratioValue: null, target: TARGETS.eventDeliveryP50.text, result: "n/a", reason: events?.reason ?? "not measured" }];
  }
  const { latency, throughput, samples } = events;
  const delta = latency.p50DeltaMs ?? latency.redis.p50Ms - latency.memory.p50Ms;
  const p50 = ratioRow("events.p50", `Event delivery, hook POST → wait_for_events answer, p50 (${samples} hooks; Redis: hook on replica A, wait on B)`,
    latency.redis.p50Ms, latency.memory.p50Ms, `${ms(latency.redis.p50Ms)} Redis`, `${ms(latency.memory.p50Ms)} memory`);
  p50.ratio = `${delta >= 0 ? "+" : ""}${delta.toFixed(2)} ms`;
  p50.ratioValue = null; // the target is on the difference, not a ratio
  p50.deltaMs = delta;
  p50.target = TARGETS.eventDeliveryP50.text;
  p50.result = delta <= TARGETS.eventDeliveryP50.maxDeltaMs ? "pass" : "miss";
  return [
    p50,
    ratioRow("events.p99", "Event delivery, p99", latency.redis.p99Ms, latency.memory.p99Ms, `${ms(latency.redis.p99Ms)} Redis`, `${ms(latency.memory.p99Ms)} memory`),
    ratioRow("events.hooksPerSecond", `Web hooks per second, ${count(throughput.redis.hooks)} hooks, ${events.concurrency} in flight (Redis: over 2 replicas)`,
      throughput.redis.hooksPerSecond, throughput.memory.hooksPerSecond, `${count(throughput.redis.hooksPerSecond)}/s Redis`,
      `${count(throughput.memory.hooksPerSecond)}/s memory`),
  ];
}

function outputRow(id, measure, o, target) {
  const label = `${measure} (${o.tool})`;
  if (!o.available) {
    return { id, measure: label, ours: "n/a", floor: "n/a", ratio: "n/a", ratioValue: null, target: target?.text ?? "—", result: "n/a", reason: "tool not listed yet" };
  }
  return ratioRow(id, label, o.tokens, o.rawTokens, `${count(o.tokens)} tokens`, `${count(o.rawTokens)} raw JSON`, target);
}

export function renderTable(rows) {
  const head = ["Measure", "crisp-mcp", "floor / baseline", "ratio", "target", "result"];
  const lines = [
    `| ${head.join(" | ")} |`,
    "|---|---:|---:|---:|---|---|",
  ];
  for (const r of rows) {
    const result = r.reason ? `${r.result} (${r.reason})` : r.result;
    lines.push(`| ${[r.measure, r.ours, r.floor, r.ratio, r.target, result].join(" | ")} |`);
  }
  return lines.join("\n");
}

export function renderLargest(context) {
  const lines = ["| Largest tools (all) | tokens | in default |", "|---|---:|:---:|"];
  for (const t of context.largest) lines.push(`| ${t.name} | ${count(t.tokens)} | ${t.inDefault ? "yes" : ""} |`);
  lines.push("", "| Largest tools (default) | tokens |", "|---|---:|");
  for (const t of context.largestDefault) lines.push(`| ${t.name} | ${count(t.tokens)} |`);
  return lines.join("\n");
}
