// Bounded call loops: sequential latency samples and fixed-size concurrent runs.
import { performance } from "node:perf_hooks";

/** `count` calls one after the other; the latency of each, in ms. */
export async function sequentialLatencies(call, count) {
  const latencies = new Array(count);
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await call();
    latencies[i] = performance.now() - start;
  }
  return latencies;
}

/** `total` calls with `concurrency` in flight at a time; elapsed ms and calls per second. */
export async function concurrentRun(call, total, concurrency) {
  let started = 0;
  const worker = async () => {
    while (started < total) {
      started++;
      await call();
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
  const elapsedMs = performance.now() - start;
  return { elapsedMs, callsPerSecond: (total / elapsedMs) * 1000 };
}
