// Event delivery: from a signed web hook POSTed to a replica to the
// wait_for_events answer that carries it, and how many hooks per second the
// replicas take. In memory (one server, hook and wait on it) and through Redis
// (two replicas on one redis-server: the hook to A, the wait on B), in the
// same run, as the bin runs over HTTP. Redis runs as deploy/compose.yaml runs
// it: every change written to its append-only file before it answers.
import { spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { OUR_BIN, sandboxEnv } from "../lib/servers.mjs";
import { median, percentile, round } from "../lib/stats.mjs";

const TOKEN = "bench-token-0123456789abcdef";
const SECRET = "bench-webhook-secret-0123456789";
const WEBSITE = "4f7c4a8e-2b1d-4c3e-9a5f-0d1e2f3a4b5c";
export async function measureEventDelivery(sandbox, { samples = 200, hooks = 2000, concurrency = 16, rounds = 5 } = {}) {
  const redis = await startRedis();
  if (!redis) return { available: false, reason: "redis-server is not installed (apt-get install -y redis-server)" };
  const memory = [await startBin(sandbox, {})];
  const shared = await Promise.all([startBin(sandbox, { CRISP_MCP_REDIS_URL: redis.url }), startBin(sandbox, { CRISP_MCP_REDIS_URL: redis.url })]);
  try {
    const result = { available: true, samples, hooks, concurrency, rounds, redis: redis.version };
    // Warm both paths before timing them.
    await latencies(memory[0], memory[0], 20, "warm-m");
    await latencies(shared[0], shared[1], 20, "warm-r");
    // Paired rounds in alternating order, so that drift in the machine's state weighs on both alike.
    const times = { memory: [], redis: [] };
    const deltas = [];
    const perRound = Math.ceil(samples / rounds);
    for (let r = 0; r < rounds; r++) {
      const inMemory = () => latencies(memory[0], memory[0], perRound, `m${r}`);
      const throughRedis = () => latencies(shared[0], shared[1], perRound, `r${r}`);
      const m = r % 2 === 0 ? await inMemory() : undefined;
      const viaRedis = await throughRedis();
      const viaMemory = m ?? (await inMemory());
      times.memory.push(...viaMemory);
      times.redis.push(...viaRedis);
      deltas.push(median(viaRedis) - median(viaMemory));
    }
    // What Redis adds, per round (the median of the rounds' p50 differences), steadier than the difference of two p50s.
    result.latency = { memory: summary(times.memory), redis: summary(times.redis), p50DeltaMs: round(median(deltas), 3) };
    result.throughput = {
      memory: await hooksPerSecond(memory, hooks, concurrency, "tm"),
      redis: await hooksPerSecond(shared, hooks, concurrency, "tr"),
    };
    return result;
  } finally {
    for (const bin of [...memory, ...shared]) await bin.close();
    await redis.close();
  }
}

function summary(values) {
  return { p50Ms: round(median(values), 3), p99Ms: round(percentile(values, 99), 3) };
}

/** One hook at a time: the reader is waiting on `reader` before the hook goes to `writer`. */
async function latencies(writer, reader, count, tag) {
  // The first wait of a reader has no cursor and runs out its timeout; later rounds go on from the last one.
  let cursor = reader.cursor ?? (await reader.wait(undefined, 1)).cursor;
  const values = [];
  for (let i = 0; i < count; i++) {
    const answer = reader.wait(cursor, 10);
    // The call is waiting once the server has read it; a few ms is plenty on loopback.
    await sleep(5);
    const body = hookBody(`${tag}-${i}`);
    const started = performance.now();
    const posted = writer.post(body);
    const result = await answer;
    values.push(performance.now() - started);
    if ((await posted) !== 200) throw new Error("a hook was refused");
    if (result.events.length !== 1) throw new Error(`expected 1 event, got ${result.events.length}`);
    cursor = result.cursor;
  }
  reader.cursor = cursor;
  return values;
}

/** Hooks spread over the servers, `concurrency` in flight, each answered 200. */
async function hooksPerSecond(servers, total, concurrency, tag) {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const status = await servers[i % servers.length].post(hookBody(`${tag}-${i}`));
        if (status !== 200) throw new Error(`a hook was answered ${status}`);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { hooks: total, hooksPerSecond: Math.round(total / seconds) };
}

function hookBody(text) {
  return JSON.stringify({
    website_id: WEBSITE,
    event: "message:send",
    data: { website_id: WEBSITE, session_id: "session_bench", type: "text", from: "user", origin: "chat", content: text, fingerprint: 1, timestamp: Date.now() },
    timestamp: Date.now(),
  });
}

async function startBin(sandbox, extra) {
  const child = spawn(process.execPath, [OUR_BIN], {
    env: {
      PATH: process.env.PATH ?? "",
      ...sandboxEnv(sandbox, { websiteId: false }),
      CRISP_MCP_TRANSPORT: "http",
      CRISP_MCP_PORT: "0",
      CRISP_MCP_HTTP_TOKEN: TOKEN,
      CRISP_WEBHOOK_SECRET: SECRET,
      CRISP_TOOLSETS: "events",
      ...extra,
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const deadline = Date.now() + 15_000;
  let url;
  while (!(url = /Streamable HTTP at (http:\/\/\S+\/mcp)/.exec(stderr)?.[1])) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the HTTP server did not start: ${stderr}`);
    await sleep(20);
  }
  const base = url.replace(/\/mcp$/, "");
  let id = 0;
  return {
    async wait(cursor, timeoutSeconds) {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json", authorization: `Bearer ${TOKEN}` },
        body: JSON.stringify({
          jsonrpc: "2.0",
          id: ++id,
          method: "tools/call",
          params: { name: "wait_for_events", arguments: { website_id: WEBSITE, timeout_seconds: timeoutSeconds, ...(cursor ? { cursor } : {}) } },
        }),
      });
      const answer = await response.json();
      const content = answer.result?.structuredContent;
      if (!content) throw new Error(`wait_for_events failed: ${JSON.stringify(answer).slice(0, 300)}`);
      return content;
    },
    async post(body) {
      const timestamp = String(Date.now());
      const signature = createHmac("sha256", SECRET).update(`[${timestamp};${body}]`).digest("hex");
      const response = await fetch(`${base}/webhooks/crisp`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-crisp-request-timestamp": timestamp, "x-crisp-signature": signature },
        body,
      });
      await response.arrayBuffer();
      return response.status;
    },
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/** A redis-server on a free port with its own folder; undefined when Debian's package is not installed. */
async function startRedis() {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "crisp-mcp-bench-redis-"));
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", "yes", "--appendfsync", "always"], {
    stdio: ["ignore", "pipe", "ignore"],
  });
  const ready = await new Promise((resolve) => {
    let output = "";
    child.once("error", () => resolve(false));
    child.once("exit", () => resolve(false));
    child.stdout.on("data", (chunk) => {
      output += chunk;
      if (output.includes("Ready to accept connections")) resolve(true);
    });
  });
  child.stdout.resume();
  if (!ready) {
    rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
  const version = await new Promise((resolve) => {
    const probe = spawn("redis-server", ["--version"]);
    let text = "";
    probe.stdout.on("data", (chunk) => (text += chunk));
    probe.on("close", () => resolve(/v=(\S+)/.exec(text)?.[1] ?? "unknown"));
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    version,
    async close() {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}
