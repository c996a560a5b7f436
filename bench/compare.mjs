#!/usr/bin/env node
// `node bench/compare.mjs A.json B.json`: how far two bench runs are apart on
// every row with a ratio, to check that the figures are steady (two runs on an
// idle machine should agree within 5% on every ratio with a target). Prints a
// markdown table; exits 0 whatever the spread, since it judges the machine's
// noise, not the code.
import { readFileSync } from "node:fs";

const [a, b] = process.argv.slice(2);
if (!a || !b) {
  process.stderr.write("usage: node bench/compare.mjs A.json B.json (two results files of bench/run.mjs)\n");
  process.exit(2);
}
const rowsOf = (file) => new Map(JSON.parse(readFileSync(file, "utf8")).rows.map((row) => [row.id, row]));
const first = rowsOf(a);
const second = rowsOf(b);

const lines = ["| Row | target | run A | run B | difference |", "|---|---|---:|---:|---:|"];
let widest = 0;
for (const [id, row] of first) {
  const other = second.get(id);
  const x = row.ratioValue ?? row.deltaMs;
  const y = other?.ratioValue ?? other?.deltaMs;
  if (typeof x !== "number" || typeof y !== "number") continue;
  const unit = row.ratioValue === undefined || row.ratioValue === null ? " ms" : "x";
  // A ratio moves relative to itself; a difference in ms (event delivery) is shown as it is.
  const spread = unit === "x" ? `${(((y - x) / x) * 100).toFixed(1)}%` : `${(y - x).toFixed(2)} ms`;
  if (unit === "x" && row.target !== "—") widest = Math.max(widest, Math.abs((y - x) / x));
  lines.push(`| ${id} | ${row.target} | ${x.toFixed(3)}${unit} | ${y.toFixed(3)}${unit} | ${spread} |`);
}
lines.push("", `Largest spread on a ratio with a target: ${(widest * 100).toFixed(1)}%.`);
process.stdout.write(`${lines.join("\n")}\n`);
