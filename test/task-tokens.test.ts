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
      for (const path of [task.default, task.raw, task.rawOwn]) {
        expect(path.verified, task.key).toBe(true);
        expect(path.checks.length, task.key).toBeGreaterThan(0);
        expect(path.calls.length, task.key).toBeGreaterThan(0);
        expect(path.toolListTokens, task.key).toBeGreaterThan(0);
        expect(path.resultTokens, task.key).toBeGreaterThan(0);
        expect(path.tokens, task.key).toBe(path.toolListTokens + path.resultTokens);
      }
    }
  });

  it("keeps the paths apart: raw lists only method tools, the same for every task, and holds the task's own", () => {
    for (const task of measured.tasks) {
      const defaultOnly = task.default.listed.filter((name) => !DEFAULT_METHODS.includes(name));
      // Agent and catalog tools are never in a raw configuration.
      for (const raw of [task.raw, task.rawOwn]) expect(raw.listed.filter((name) => defaultOnly.includes(name)), task.key).toEqual([]);
      expect(task.raw.listed, task.key).toEqual(measured.tasks[0]!.raw.listed);
      expect(task.raw.listed.length, task.key).toBeLessThan(150);
      expect(task.raw.listed, task.key).toEqual(expect.arrayContaining(task.rawOwn.listed));
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

  it("gives two bench rows per task: against the raw configuration (with the target), then the task's own toolsets", () => {
    const rows = taskRows(measured);
    expect(rows).toHaveLength(2 * measured.tasks.length);
    for (const [index, task] of measured.tasks.entries()) {
      const [target, own] = [rows[2 * index]!, rows[2 * index + 1]!];
      expect(target.ours).toBe(`${task.default.tokens.toLocaleString("en-US")} tokens`);
      expect(target.floor).toBe(`${task.raw.tokens.toLocaleString("en-US")} raw`);
      expect(["pass", "miss"]).toContain(target.result);
      expect(own.floor).toBe(`${task.rawOwn.tokens.toLocaleString("en-US")} raw`);
      expect(own.result).toBe("info");
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
