// Tokens per task: scripted support and admin tasks (bench/tasks/), each
// played against a fresh sandbox with the default tool list (agent and
// catalog tools), and with raw Crisp method tools alone: once on the raw
// toolsets that cover all the tasks (a server is configured before anyone
// knows the task: this is the target's baseline), and once on the fewest
// toolsets that can do this one task (shown for information). The figure is
// what the agent reads: the tool list once, plus the text of every result.
// Each play is checked against the sandbox's workspace afterwards, so a
// figure stands for work done.
import { startAgent } from "../tasks/agent.mjs";
import { TASKS } from "../tasks/index.mjs";

export { TASKS };

export const TASK_TARGET = { max: 0.3, text: "≤ 0.30x raw" };

/** The raw configuration for every task: the method toolsets the tasks need between them. */
export const RAW_TOOLSETS = [...new Set(TASKS.flatMap((task) => task.rawToolsets))];

/**
 * `startSandbox` starts a fresh seeded sandbox (dist/sandbox's); each path of
 * each task gets its own, so both start from the same workspace.
 * Options: `tasks`, the task keys to play (default all).
 */
export async function measureTaskTokens(startSandbox, options = {}) {
  const chosen = options.tasks ? TASKS.filter((t) => options.tasks.includes(t.key)) : TASKS;
  const tasks = [];
  for (const task of chosen) {
    const defaultPath = await play(startSandbox, task, {}, (agent) => task.playDefault(agent));
    const rawPath = await play(startSandbox, task, { CRISP_TOOLSETS: RAW_TOOLSETS.join(",") }, (agent) => task.playRaw(agent));
    const ownPath = await play(startSandbox, task, { CRISP_TOOLSETS: task.rawToolsets.join(",") }, (agent) => task.playRaw(agent));
    tasks.push({
      key: task.key,
      title: task.title,
      default: defaultPath,
      raw: { toolsets: RAW_TOOLSETS, ...rawPath },
      rawOwn: { toolsets: task.rawToolsets, ...ownPath },
      ratio: defaultPath.tokens / rawPath.tokens,
      ratioOwn: defaultPath.tokens / ownPath.tokens,
    });
  }
  return { target: TASK_TARGET.text, tasks };
}

async function play(startSandbox, task, env, script) {
  const sandbox = await startSandbox();
  try {
    const prepared = task.prepare(sandbox);
    const agent = await startAgent(sandbox, env);
    let outcome;
    try {
      outcome = await script(agent);
    } finally {
      await agent.close();
    }
    const checks = task.verify(sandbox, prepared, outcome);
    return { ...agent.figures(), outcome, verified: true, checks };
  } finally {
    await sandbox.close();
  }
}

const count = (v) => Math.round(v).toLocaleString("en-US");

/** Rows for the bench table, per task: default path against the raw configuration (target), then against the task's own toolsets (info). */
export function taskRows(results) {
  return results.tasks.flatMap((t) => [
    {
      id: `tasks.${t.key}`,
      measure: `Tokens per task: ${t.title} (${t.default.calls.length} calls default, ${t.raw.calls.length} raw with ${t.raw.toolsets.join(",")})`,
      ours: `${count(t.default.tokens)} tokens`,
      floor: `${count(t.raw.tokens)} raw`,
      ratio: `${t.ratio.toFixed(2)}x`,
      ratioValue: t.ratio,
      target: TASK_TARGET.text,
      // A play that did not do its work has already failed the measure (play() verifies each).
      result: t.ratio <= TASK_TARGET.max ? "pass" : "miss",
    },
    {
      id: `tasks.${t.key}.own`,
      measure: `Tokens per task: ${t.title}, against raw with only ${t.rawOwn.toolsets.join(",")}`,
      ours: `${count(t.default.tokens)} tokens`,
      floor: `${count(t.rawOwn.tokens)} raw`,
      ratio: `${t.ratioOwn.toFixed(2)}x`,
      ratioValue: t.ratioOwn,
      target: "—",
      result: "info",
    },
  ]);
}

/** Where each path's tokens go: tool list, results, and what the agent wrote. */
export function renderTaskBreakdown(results) {
  const lines = [
    "| Task | path | tools listed | tool list | results | read in all | written (arguments) | calls |",
    "|---|---|---:|---:|---:|---:|---:|---|",
  ];
  for (const t of results.tasks) {
    for (const [label, p] of [["default", t.default], [`raw (${t.raw.toolsets.join(",")})`, t.raw], [`raw (${t.rawOwn.toolsets.join(",")})`, t.rawOwn]]) {
      const calls = p.calls.map((c) => `${c.tool} ${c.resultTokens}`).join(", ");
      lines.push(`| ${t.key} | ${label} | ${p.tools} | ${count(p.toolListTokens)} | ${count(p.resultTokens)} | ${count(p.tokens)} | ${count(p.argumentTokens)} | ${calls} |`);
    }
  }
  return lines.join("\n");
}
