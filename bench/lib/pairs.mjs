// Paired rounds: each round measures the floor and ours back to back, so a
// slow moment of the machine lands on both; the ratio reported is the median
// of the per-round ratios, which moves far less between runs than the ratio
// of two medians taken at different moments.
import { median, round } from "./stats.mjs";

/** The order of a round: forward on even rounds, reversed on odd ones, so each of two subjects goes first half the time. */
export function inTurn(roundIndex, subjects) {
  return roundIndex % 2 === 0 ? subjects : [...subjects].reverse();
}

/**
 * Summary of one paired measure from per-round figures (`ours[i]` and
 * `floor[i]` from round i): the median of each side, and the median of the
 * per-round ratios ours/floor.
 */
export function paired(ours, floor, digits = 2) {
  if (ours.length !== floor.length || ours.length === 0) {
    throw new Error(`paired rounds do not match: ${ours.length} against ${floor.length}`);
  }
  const ratios = ours.map((value, i) => value / floor[i]);
  if (!ratios.every((r) => Number.isFinite(r) && r > 0)) {
    throw new Error(`a paired round has no ratio: ours ${ours.join(", ")}; floor ${floor.join(", ")}`);
  }
  return {
    ours: round(median(ours), digits),
    floor: round(median(floor), digits),
    ratio: round(median(ratios), 4),
    rounds: ratios.length,
    ratios: ratios.map((r) => round(r, 4)),
  };
}
