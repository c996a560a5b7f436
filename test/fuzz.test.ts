import fc from "fast-check";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { seededPeopleId, seededSessionId, type RecordedRequest } from "../src/sandbox/index.js";
import { OPERATIONS, findOperation } from "../src/tools/catalog/index.js";
import { inputSchemaOf } from "../src/tools/invoke.js";
import type { Operation } from "../src/tools/operation.js";
import type { ToolDefinition } from "../src/tools/types.js";
import { serverSettings, startHarness, textOf, type Harness } from "./helpers/harness.js";
import { listedDefinitions } from "./helpers/definitions.js";
import { sampleArgs } from "./helpers/sample-args.js";

// Property-based fuzzing of every tool's input. Random and hostile arguments
// never crash the server, always give a result (valid, or an isError naming
// the bad field), and never make a request outside the tool's route template.

const SETTINGS = serverSettings({ toolsets: ["all"], allowDestructive: true });
const TOOLS = await listedDefinitions(SETTINGS);
/** Runs per tool: enough to meet every generator over the whole suite, few enough to stay fast (FUZZ_RUNS=200 digs deeper). */
const RUNS_PER_TOOL = Number(process.env.FUZZ_RUNS ?? 6);

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ settings: SETTINGS, sandbox: { tier: "user" }, timeoutMs: 2_000 });
});
afterAll(async () => {
  await h.close();
});

// ---- the route check -------------------------------------------------------

const routeCache = new Map<string, RegExp>();
/** Placeholders that carry a list of segments (src/client/request-parts.ts). */
const MULTI_SEGMENT = new Set(["{tree_path}"]);

/** A template as a regex: each {placeholder} is exactly one segment (a tree path: one or more), never "." or "..". */
export function routeRegex(template: string): RegExp {
  let regex = routeCache.get(template);
  if (!regex) {
    const source = template
      .split(/(\{[a-z_]+\})/)
      .map((part) => {
        if (!/^\{[a-z_]+\}$/.test(part)) return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
        const segment = "(?!\\.{1,2}(?:/|$))[^/?#]+";
        // A tree path is a list of segments, sent with its slashes: each segment still checked.
        return MULTI_SEGMENT.has(part) ? `${segment}(?:/${segment})*` : segment;
      })
      .join("");
    regex = new RegExp(`^${source}$`);
    routeCache.set(template, regex);
  }
  return regex;
}

function fitsRoute(request: RecordedRequest, op: Operation, checkQuery: boolean): boolean {
  if (request.method !== op.method || !routeRegex(op.path).test(request.path)) return false;
  if (!checkQuery) return true;
  const allowed = new Set<string>(op.query ?? []);
  return Object.keys(request.query).every((name) => allowed.has(name));
}

/** The routes a call may reach: its own operation, the method call_crisp_method names, or (agent tools) any catalog route. */
function allowedRoutes(tool: ToolDefinition, args: Record<string, unknown>): { ops: readonly Operation[]; exact: boolean } {
  if (tool.operation) return { ops: [tool.operation], exact: true };
  if (tool.name === "call_crisp_method") {
    const op = typeof args.method === "string" ? findOperation(args.method) : undefined;
    return { ops: op ? [op] : [], exact: true };
  }
  if (tool.toolset === "catalog") return { ops: [], exact: true };
  return { ops: OPERATIONS, exact: false };
}

// ---- what a bad argument must be named as -----------------------------------

/** The field names a validation error has to mention, or undefined when the arguments are valid. */
function badFields(tool: ToolDefinition, args: Record<string, unknown>): string[] | undefined {
  const parsed = inputSchemaOf(tool).safeParse(args);
  if (!parsed.success) {
    return parsed.error.issues.flatMap((issue) =>
      issue.code === "unrecognized_keys" ? issue.keys.map(mention) : [mention(String(issue.path[0] ?? "arguments"))],
    );
  }
  if (tool.name === "call_crisp_method") {
    const target = findOperation(String(parsed.data.method));
    const inner = target && TOOLS.find((t) => t.name === target.name);
    if (inner) return badFields(inner, parsed.data.arguments as Record<string, unknown>);
  }
  return undefined;
}

/** How an error text mentions a field name: plain when simple, else JSON-quoted (a prefix is enough). */
function mention(key: string): string {
  return /^[A-Za-z0-9_.-]+$/.test(key) ? key.slice(0, 40) : JSON.stringify(key).slice(0, 30);
}

// ---- generators ------------------------------------------------------------

const HOSTILE_STRINGS = [
  "../x",
  "..",
  ".",
  "a/b",
  "%2e%2e",
  "..%2f..",
  "../../../../etc/passwd",
  "?",
  "#",
  "a?b=c&d=e",
  "x#y",
  "\u0000",
  " ",
  "",
  "\r\nX-Injected: 1",
  "\u202e\u2066evil\u2069",
  "\u{E0041}\u{E0042}\u200b",
  "😀".repeat(20),
  "<script>alert(1)</script>",
  "'; DROP TABLE people; --",
  "${jndi:ldap://x}",
  "/v1/website",
  "//evil.example.com/x",
  "http://evil.example.com/",
  "__proto__",
  "constructor",
];

function nested(depth: number): unknown {
  let value: unknown = "bottom";
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { deeper: value };
  return value;
}

const hostileString = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 1, arbitrary: fc.constantFrom("x".repeat(100_000), "é".repeat(20_000), "/".repeat(5_000)) },
);

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  { weight: 1, arbitrary: fc.constantFrom(0, -1, 1e21, Number.MAX_SAFE_INTEGER, 2 ** 53 + 1, 0.5) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom(nested(60), [], {}, [[[]]], { "": "" }) },
);

const junkKey = fc.oneof(
  fc.constantFrom("__proto__", "constructor", "prototype", "confirm", "$ref", "", "website_id ", "k".repeat(10_000)),
  fc.string({ maxLength: 12 }),
);

function argumentsFor(tool: ToolDefinition, base: Record<string, unknown>): fc.Arbitrary<Record<string, unknown>> {
  const fields = Object.keys(tool.params);
  const field = fields.length ? fc.constantFrom(...fields) : junkKey;
  // Fields that take free text, path segments among them: hostile strings there pass validation and reach the route.
  const freeText = fields.filter((name) => (tool.params[name] as z.ZodType).safeParse("../a/b?c=d#e").success);
  const hostileText = freeText.length
    ? fc.tuple(fc.constantFrom(...freeText), hostileString).map(([name, value]) => ({ ...base, [name]: value }))
    : fc.constant(base);
  return fc.oneof(
    { weight: 2, arbitrary: hostileText },
    // one field of valid arguments made hostile
    fc.tuple(field, hostileValue).map(([name, value]) => ({ ...base, [name]: value })),
    // several fields made hostile
    fc.dictionary(field, hostileValue, { maxKeys: 4 }).map((changes) => ({ ...base, ...changes })),
    // valid arguments with extra keys
    fc.dictionary(junkKey, hostileValue, { minKeys: 1, maxKeys: 3 }).map((extra) => ({ ...base, ...extra })),
    // fields left out
    fc.subarray(fields).map((kept) => Object.fromEntries(kept.map((name) => [name, base[name]]))),
    // nothing valid at all
    fc.dictionary(fc.oneof(field, junkKey), hostileValue, { maxKeys: 5 }),
  );
}

/**
 * The arguments as the server's handler gets them: JSON drops what JSON cannot
 * say, and the SDK's own record parse turns a "__proto__" key into a prototype
 * (our pipeline then reads own fields only, so such a key is simply gone).
 */
const sdkArguments = z.record(z.string(), z.unknown());
function wire(args: Record<string, unknown>): Record<string, unknown> {
  return { ...sdkArguments.parse(JSON.parse(JSON.stringify(args))) };
}

function knownValues(): Record<string, unknown> {
  return {
    website_id: h.sandbox.websiteId,
    session_id: seededSessionId("shipping-delay"),
    people_id: seededPeopleId("emma"),
  };
}

function baseArgs(tool: ToolDefinition): Record<string, unknown> {
  if (tool.name === "call_crisp_method") {
    const target = TOOLS.find((t) => t.name === "get_people_profile")!;
    return { method: target.name, arguments: sampleArgs(target, knownValues()) };
  }
  return sampleArgs(tool, knownValues());
}

// ---- the property ----------------------------------------------------------

/** Requests checked against a route: proves the route check is not vacuous. */
let routeChecks = 0;

async function checkCall(tool: ToolDefinition, sentArgs: Record<string, unknown>): Promise<void> {
  const args = wire(sentArgs);
  h.sandbox.clearRequests();
  const result: CallToolResult = await h.call(tool.name, args);
  const text = textOf(result);

  // Always a result, never a crash report.
  expect(Array.isArray(result.content)).toBe(true);
  expect(text.length).toBeGreaterThan(0);
  expect(text).not.toMatch(/Internal error/);
  if (result.isError) expect(result.structuredContent).toBeUndefined();

  // Invalid arguments: an isError that names the field, and nothing sent.
  const bad = badFields(tool, args);
  if (bad) {
    expect(result.isError, text).toBe(true);
    expect(h.sandbox.requests).toHaveLength(0);
    expect(bad.some((name) => text.includes(name)), `${text}\nshould name one of ${bad.join(", ")}`).toBe(true);
    // A validation error stays short whatever was sent: no huge value or key is echoed back.
    expect(text.length).toBeLessThan(4_000);
  }

  // Every request stays on the tool's own route.
  const { ops, exact } = allowedRoutes(tool, args);
  for (const request of h.sandbox.requests) {
    routeChecks += 1;
    const fits = ops.some((op) => fitsRoute(request, op, exact));
    expect(fits, `${tool.name} sent ${request.method} ${request.path}?${new URLSearchParams(request.query)}`).toBe(true);
  }
}

describe("fuzzing every tool listed with toolsets=all", () => {
  it("lists every Crisp method and the catalog tools", () => {
    expect(TOOLS.length).toBeGreaterThanOrEqual(241);
  });

  it("the route regex accepts one segment per placeholder and nothing else", () => {
    const regex = routeRegex("/website/{website_id}/people/profile/{people_id}");
    expect(regex.test("/website/abc/people/profile/a%2Fb")).toBe(true);
    expect(regex.test("/website/abc/people/profile/a/b")).toBe(false);
    expect(regex.test("/website/abc/people/profile/..")).toBe(false);
    expect(regex.test("/website/abc/people/profile/")).toBe(false);
    expect(regex.test("/website/abc/people/profile/x/extra")).toBe(false);
  });

  it.each(TOOLS.map((tool) => [tool.name, tool] as const))("%s", async (_name, tool) => {
    const base = baseArgs(tool);
    await fc.assert(
      fc.asyncProperty(argumentsFor(tool, base), (args) => checkCall(tool, args)),
      { numRuns: RUNS_PER_TOOL },
    );
    if (tool.name === "call_crisp_method") {
      // Fuzz the method's arguments too, not only the dispatcher's own fields.
      const inner = TOOLS.find((t) => t.name === "remove_message_in_conversation")!;
      const innerBase = sampleArgs(inner, knownValues());
      await fc.assert(
        fc.asyncProperty(argumentsFor(inner, innerBase), fc.constantFrom(inner.name, "no_such_method", "../get_website"), (args, method) =>
          checkCall(tool, { method, arguments: args }),
        ),
        { numRuns: RUNS_PER_TOOL * 3 },
      );
    }
  });

  it("the server still answers after the whole run, and many fuzzed calls did reach Crisp", async () => {
    expect(routeChecks).toBeGreaterThan(TOOLS.length);
    const result = await h.call("get_website", { website_id: h.sandbox.websiteId });
    expect(result.isError).toBeFalsy();
  });
});

describe("arguments that are not an object", () => {
  it.each([["a string"], [[1, 2]], [42], [null]])("%j as call_crisp_method arguments is an isError naming the field", async (value) => {
    h.sandbox.clearRequests();
    const result = await h.call("call_crisp_method", { method: "get_website", arguments: value as never });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/arguments/);
    expect(h.sandbox.requests).toHaveLength(0);
  });

  it.each([["a string"], [[1, 2]], [42]])("%j as a tool's arguments is refused over the protocol, and the server goes on", async (value) => {
    h.sandbox.clearRequests();
    const outcome = await h.mcp
      .callTool({ name: "get_website", arguments: value as never })
      .then((result) => ({ result }), (error: Error) => ({ error }));
    if ("result" in outcome) expect(outcome.result.isError).toBe(true);
    else expect(outcome.error.message).toMatch(/invalid|arguments|expected/i);
    expect(h.sandbox.requests).toHaveLength(0);
    expect((await h.call("get_website", { website_id: h.sandbox.websiteId })).isError).toBeFalsy();
  });
});
