import type { RetryClock } from "../../src/client/index.js";

/**
 * Virtual time for the Crisp client's retry loop: a wait takes no real time,
 * it is recorded and moves the clock on; the jitter comes from a script.
 */
export class VirtualClock implements RetryClock {
  readonly waits: number[] = [];
  private time = 1_000_000;
  private drawn = 0;

  /** draws: the jitter values in order (the last one repeats); lagsMs: extra time the first waits take, as on a machine that slept. */
  constructor(
    private readonly draws: readonly number[] = [0.5],
    private readonly lagsMs: readonly number[] = [],
  ) {}

  now = (): number => this.time;

  random = (): number => this.draws[Math.min(this.drawn++, this.draws.length - 1)]!;

  sleep = async (ms: number, signal?: AbortSignal): Promise<boolean> => {
    if (signal?.aborted) return false;
    this.time += ms + (this.lagsMs[this.waits.length] ?? 0);
    this.waits.push(ms);
    return true;
  };
}
