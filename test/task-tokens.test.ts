import { beforeAll, describe, expect, it } from "vitest";
import { measureTaskTokens, TASKS, taskRows, type TaskTokens } from "../bench/measure/task-tokens.mjs";
import { DEFAULT_METHODS } from "../src/tools/toolsets.js";
import { startSandbox } from "../src/sandbox/index.js";

// "Tokens per task" of the bench: each scripted task played on the default
// tools and on raw methods, through the built bin (npm run build first), each
// play on its own sandbox and checked against it afterwards.

describe("tokens per task", () => {
  let measured: TaskTokens;
  beforeAll(async () => {
    measured = await measureTaskTokens(() => startSandbox());
  }, 120_000);

  it("plays every task on both paths, and each play did the work", () => {
    expect(measured.tasks.map((t) => t.key)).toEqual(TASKS.map((t) => t.key));
    expect(measured.tasks.length).toBeGreaterThanOrEqual(4);
    for (const task of measured.tasks) {
      for (const path of [task.default, task.raw]) {
        expect(path.verified, task.key).toBe(true);
        expect(path.checks.length, task.key).toBeGreaterThan(0);
        expect(path.calls.length, task.key).toBeGreaterThan(0);
        expect(path.toolListTokens, task.key).toBeGreaterThan(0);
        expect(path.resultTokens, task.key).toBeGreaterThan(0);
        expect(path.tokens, task.key).toBe(path.toolListTokens + path.resultTokens);
      }
    }
  });

  it("keeps the paths apart: raw lists only the task's method tools, default no extra method", () => {
    for (const task of measured.tasks) {
      const defaultOnly = task.default.listed.filter((name) => !DEFAULT_METHODS.includes(name));
      // Agent and catalog tools are never in a raw configuration.
      expect(task.raw.listed.filter((name) => defaultOnly.includes(name)), task.key).toEqual([]);
      expect(task.raw.listed.length, task.key).toBeLessThan(150);
      expect(task.default.listed).toContain("call_crisp_method");
    }
  });

  it("its verification fails on a workspace where the work was not done", async () => {
    for (const task of TASKS) {
      const sandbox = await startSandbox();
      try {
        const prepared = task.prepare(sandbox);
        const outcome = measured.tasks.find((t) => t.key === task.key)!.default.outcome;
        expect(() => task.verify(sandbox, prepared, outcome), task.key).toThrow();
      } finally {
        await sandbox.close();
      }
    }
  });

  it("gives one bench row per task with both figures", () => {
    const rows = taskRows(measured);
    expect(rows).toHaveLength(measured.tasks.length);
    for (const [index, row] of rows.entries()) {
      const task = measured.tasks[index]!;
      expect(row.ours).toBe(`${task.default.tokens.toLocaleString("en-US")} tokens`);
      expect(row.floor).toBe(`${task.raw.tokens.toLocaleString("en-US")} raw`);
      expect(["pass", "miss"]).toContain(row.result);
    }
  });

  it("fails the measure when a tool call answers an error, rather than counting it", async () => {
    const failing = async () => {
      const sandbox = await startSandbox();
      sandbox.faults.add({ method: "PUT", path: /\/helpdesk\/tree\/content\//, kind: "status", status: 403 });
      return sandbox;
    };
    await expect(measureTaskTokens(failing, { tasks: ["update-article"] })).rejects.toThrow(/answered an error/);
  });
});
