// Resident memory and CPU time of a process, read from /proc (Linux).
import { readdirSync, readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";

/** VmRSS and VmHWM (peak) in KiB, or undefined where /proc is not there. */
export function memoryOf(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const field = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)?.[1]);
    return { rssKiB: field("VmRSS"), peakKiB: field("VmHWM") };
  } catch {
    return undefined;
  }
}

/**
 * CPU time a process has used so far, in ms; undefined where /proc is not
 * there. Summed from each thread's schedstat (nanoseconds), since a paired
 * round of calls uses tens of ms and /proc/<pid>/stat counts in 10 ms ticks;
 * falls back to those ticks where schedstat is missing.
 */
export function cpuMsOf(pid) {
  return threadsCpuMs(pid) ?? ticksCpuMs(pid);
}

function threadsCpuMs(pid) {
  try {
    let ns = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ")[0]);
    }
    return Number.isFinite(ns) && ns > 0 ? ns / 1e6 : undefined;
  } catch {
    return undefined;
  }
}

function ticksCpuMs(pid) {
  try {
    // Fields after the command name, which is in parentheses and may hold spaces.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of stat)
    return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** USER_HZ: 100 on every Linux build that matters here. */
const CLOCK_TICKS_PER_SECOND = 100;

/** Share of the machine's CPU time spent busy over `ms` (0..1), from /proc/stat; undefined off Linux. */
export async function machineBusy(ms = 1000) {
  const read = () => {
    try {
      const fields = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
      const idle = fields[3] + (fields[4] ?? 0); // idle + iowait
      return { total: fields.reduce((a, b) => a + b, 0), idle };
    } catch {
      return undefined;
    }
  };
  const before = read();
  await sleep(ms);
  const after = read();
  if (!before || !after || after.total === before.total) return undefined;
  return Math.round((1 - (after.idle - before.idle) / (after.total - before.total)) * 100) / 100;
}
