// Types of task-tokens.mjs, for the TypeScript tests that import it.
import type { Sandbox } from "../../src/sandbox/index.js";

export interface CallFigures {
  tool: string;
  argumentTokens: number;
  resultTokens: number;
  structuredTokens: number;
}

export interface PathFigures {
  tools: number;
  listed: string[];
  toolListTokens: number;
  resultTokens: number;
  tokens: number;
  argumentTokens: number;
  structuredTokens: number;
  calls: CallFigures[];
  outcome: unknown;
  verified: boolean;
  checks: string[];
}

export interface TaskFigures {
  key: string;
  title: string;
  default: PathFigures;
  /** On the raw toolsets of every task (RAW_TOOLSETS): the target's baseline. */
  raw: PathFigures & { toolsets: string[] };
  /** On this task's own raw toolsets only. */
  rawOwn: PathFigures & { toolsets: string[] };
  ratio: number;
  ratioOwn: number;
}

export interface TaskTokens {
  target: string;
  tasks: TaskFigures[];
}

export interface Task {
  key: string;
  title: string;
  rawToolsets: string[];
  prepare(sandbox: Sandbox): unknown;
  verify(sandbox: Sandbox, prepared: unknown, outcome: unknown): string[];
}

export const TASKS: Task[];
export const TASK_TARGET: { max: number; text: string };
export const RAW_TOOLSETS: string[];
export function measureTaskTokens(startSandbox: () => Promise<Sandbox>, options?: { tasks?: string[] }): Promise<TaskTokens>;
export function taskRows(results: TaskTokens): { id: string; measure: string; ours: string; floor: string; ratio: string; ratioValue: number; target: string; result: string }[];
export function renderTaskBreakdown(results: TaskTokens): string;
