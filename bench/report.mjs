// Turns the measures into rows (our figure, the floor, the ratio, the target,
// pass or miss) and renders them as markdown.

export const TARGETS = {
  coldStart: { max: 1.3, text: "≤ 1.3x floor" },
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

function ratioRow(measure, ours, floor, oursText, floorText, target) {
  const ratio = ours / floor;
  let result = "info";
  if (target?.max !== undefined) result = ratio <= target.max ? "pass" : "miss";
  if (target?.min !== undefined) result = ratio >= target.min ? "pass" : "miss";
  return { measure, ours: oursText, floor: floorText, ratio: `${ratio.toFixed(2)}x`, target: target?.text ?? "—", result };
}

export function buildRows(results) {
  const rows = [];
  const { coldStart: cs, context, calls, output } = results;

  for (const [key, label] of [
    ["all", `all ${cs.all.tools} tools (CRISP_TOOLSETS=all)`],
    ["default", `default ${cs.default.tools} tools`],
  ]) {
    rows.push(
      ratioRow(`Cold start, spawn → initialize, ${label}`, cs[key].initializeMs, cs.floor.initializeMs,
        ms(cs[key].initializeMs), ms(cs.floor.initializeMs), TARGETS.coldStart),
      ratioRow(`Cold start, spawn → tools/list, ${label}`, cs[key].toolsListMs, cs.floor.toolsListMs,
        ms(cs[key].toolsListMs), ms(cs.floor.toolsListMs), TARGETS.coldStart),
    );
  }
  if (cs.all.cpuToToolsListMs !== undefined && cs.floor.cpuToToolsListMs) {
    rows.push(ratioRow(`Cold start, server CPU time to tools/list, all ${cs.all.tools} tools`, cs.all.cpuToToolsListMs,
      cs.floor.cpuToToolsListMs, ms(cs.all.cpuToToolsListMs), ms(cs.floor.cpuToToolsListMs)));
  }

  const floorTokens = `${count(context.floor.tokens)} (${context.floor.tools} tool)`;
  for (const [key, c] of Object.entries(context.configurations)) {
    const isDefault = key === "default";
    rows.push({
      measure: `tools/list tokens, ${c.label}`,
      ours: `${count(c.tokens)} (${c.tools} tools, ${c.tokensPerTool}/tool)`,
      floor: floorTokens,
      ratio: "—",
      target: isDefault ? TARGETS.defaultTokens.text : "—",
      result: isDefault ? (c.tokens <= TARGETS.defaultTokens.maxValue ? "pass" : "miss") : "info",
    });
  }

  const { latency } = calls;
  rows.push(
    ratioRow(`${calls.tool} latency, median`, latency.ours.medianMs, latency.floor.medianMs,
      ms(latency.ours.medianMs), ms(latency.floor.medianMs), TARGETS.latency),
    ratioRow(`${calls.tool} latency, p95`, latency.ours.p95Ms, latency.floor.p95Ms,
      ms(latency.ours.p95Ms), ms(latency.floor.p95Ms), TARGETS.latency),
    ratioRow(`${calls.tool} latency, median, against a raw undici request (no MCP)`, latency.ours.medianMs,
      latency.raw.medianMs, ms(latency.ours.medianMs), `${ms(latency.raw.medianMs)} raw`),
  );
  const cpu = calls.cpuPerCall;
  if (cpu.ours && cpu.floor) {
    rows.push(ratioRow(`Server CPU per ${calls.tool} call (${count(cpu.ours.calls)} calls)`, cpu.ours.msPerCall,
      cpu.floor.msPerCall, ms(cpu.ours.msPerCall), ms(cpu.floor.msPerCall)));
  }
  for (const t of calls.throughput) {
    rows.push(ratioRow(`Throughput, concurrency ${t.concurrency} (${count(t.calls)} calls)`, t.ours.callsPerSecond,
      t.floor.callsPerSecond, `${count(t.ours.callsPerSecond)} calls/s`, `${count(t.floor.callsPerSecond)} calls/s`,
      TARGETS.throughput));
  }

  const m = calls.memory;
  if (m.afterStart.ours && m.afterStart.floor) {
    rows.push(
      ratioRow("RSS after start, default tools", m.afterStart.ours.rssKiB, m.afterStart.floor.rssKiB,
        mib(m.afterStart.ours.rssKiB), mib(m.afterStart.floor.rssKiB), TARGETS.rss),
      ratioRow(`RSS after ${count(m.afterCalls.calls)} calls, default tools`, m.afterCalls.ours.rssKiB,
        m.afterCalls.floor.rssKiB, mib(m.afterCalls.ours.rssKiB), mib(m.afterCalls.floor.rssKiB), TARGETS.rss),
      ratioRow("RSS after start, all tools (CRISP_TOOLSETS=all)", m.afterStart.oursAll.rssKiB, m.afterStart.floor.rssKiB,
        mib(m.afterStart.oursAll.rssKiB), mib(m.afterStart.floor.rssKiB)),
    );
  }

  rows.push(...eventRows(results.events));
  rows.push(outputRow(`Output tokens, ${output.transcript.messages ?? 60}-message transcript`, output.transcript, TARGETS.transcript));
  rows.push(outputRow(`Output tokens, conversations awaiting reply${output.awaitingReply.conversations ? ` (${output.awaitingReply.conversations})` : ""}`,
    output.awaitingReply));
  return rows;
}

/** Event delivery through Redis (hook on replica A, wait on replica B) against the same in one process's memory. */
function eventRows(events) {
  if (!events?.available) {
    return [{ measure: "Event delivery, hook → wait_for_events", ours: "n/a", floor: "n/a", ratio: "n/a", target: TARGETS.eventDeliveryP50.text, result: `n/a (${events?.reason ?? "not measured"})` }];
  }
  const { latency, throughput, samples } = events;
  const delta = latency.redis.p50Ms - latency.memory.p50Ms;
  const p50 = ratioRow(`Event delivery, hook POST → wait_for_events answer, p50 (${samples} hooks; Redis: hook on replica A, wait on B)`,
    latency.redis.p50Ms, latency.memory.p50Ms, `${ms(latency.redis.p50Ms)} Redis`, `${ms(latency.memory.p50Ms)} memory`);
  p50.ratio = `+${delta.toFixed(2)} ms`;
  p50.target = TARGETS.eventDeliveryP50.text;
  p50.result = delta <= TARGETS.eventDeliveryP50.maxDeltaMs ? "pass" : "miss";
  return [
    p50,
    ratioRow("Event delivery, p99", latency.redis.p99Ms, latency.memory.p99Ms, `${ms(latency.redis.p99Ms)} Redis`, `${ms(latency.memory.p99Ms)} memory`),
    ratioRow(`Web hooks per second, ${count(throughput.redis.hooks)} hooks, ${events.concurrency} in flight (Redis: over 2 replicas)`,
      throughput.redis.hooksPerSecond, throughput.memory.hooksPerSecond, `${count(throughput.redis.hooksPerSecond)}/s Redis`,
      `${count(throughput.memory.hooksPerSecond)}/s memory`),
  ];
}

function outputRow(measure, o, target) {
  const label = `${measure} (${o.tool})`;
  if (!o.available) {
    return { measure: label, ours: "n/a", floor: "n/a", ratio: "n/a", target: target?.text ?? "—", result: "n/a (tool not listed yet)" };
  }
  return ratioRow(label, o.tokens, o.rawTokens, `${count(o.tokens)} tokens`, `${count(o.rawTokens)} raw JSON`, target);
}

export function renderTable(rows) {
  const head = ["Measure", "crisp-mcp", "floor / baseline", "ratio", "target", "result"];
  const lines = [
    `| ${head.join(" | ")} |`,
    "|---|---:|---:|---:|---|---|",
  ];
  for (const r of rows) lines.push(`| ${[r.measure, r.ours, r.floor, r.ratio, r.target, r.result].join(" | ")} |`);
  return lines.join("\n");
}

export function renderLargest(context) {
  const lines = ["| Largest tools (all) | tokens | in default |", "|---|---:|:---:|"];
  for (const t of context.largest) lines.push(`| ${t.name} | ${count(t.tokens)} | ${t.inDefault ? "yes" : ""} |`);
  lines.push("", "| Largest tools (default) | tokens |", "|---|---:|");
  for (const t of context.largestDefault) lines.push(`| ${t.name} | ${count(t.tokens)} |`);
  return lines.join("\n");
}
