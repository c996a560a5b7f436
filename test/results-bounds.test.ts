import { afterEach, describe, expect, it, vi } from "vitest";
import { CrispRequestError } from "../src/client/index.js";
import { SharedStateError } from "../src/state/errors.js";
import { cutToSize, dataResult, errorResult, failureResult, MAX_ERROR_CHARS, MAX_RESULT_CHARS } from "../src/tools/results.js";

// What the model receives at the edges: an answer cut to the size limit keeps
// the most data that fits and says what is left out; an error is bounded,
// keeps its hint, and an unexpected failure is reported as ours, never thrown.

/** JSON of a list of k two-letter strings: 5k + 1 characters. */
const pairs = (k: number) => Array.from({ length: k }, () => "xx");

describe("cutToSize", () => {
  it("keeps a value whose JSON is exactly the limit, and cuts one that is a character over", () => {
    expect(JSON.stringify(pairs(10))).toHaveLength(51);
    expect(cutToSize(pairs(10), 51)).toEqual({ value: pairs(10), text: JSON.stringify(pairs(10)), omitted: 0, total: 0 });
    const cut = cutToSize(pairs(10), 50);
    expect(cut).toEqual({ value: pairs(9), text: JSON.stringify(pairs(9)), omitted: 1, total: 10 });
  });

  it("keeps the most whole items that fit, exactly up to the limit", () => {
    for (const keep of [0, 1, 7, 19, 20]) {
      const cut = cutToSize(pairs(20), 5 * keep + 1 + (keep === 0 ? 1 : 0));
      expect(cut.omitted, `keep ${keep}`).toBe(20 - keep);
      expect(cut.value).toEqual(pairs(keep));
    }
  });

  it("a top-level list stays a list; a list inside an object stays in its place next to the other fields", () => {
    expect(Array.isArray(cutToSize(pairs(20), 30).value)).toBe(true);
    const cut = cutToSize({ page: 1, items: pairs(20) }, 60);
    expect(cut.value).toEqual({ page: 1, items: pairs(8) });
    expect(cut.text).toBe(JSON.stringify({ page: 1, items: pairs(8) }));
  });

  it("shortens the largest list, the first one on a tie, and never a string", () => {
    const value = { note: "n".repeat(300), small: pairs(2), large: pairs(30), other: pairs(30) };
    const cut = cutToSize(value, 400);
    const kept = cut.value as typeof value;
    expect(kept.note).toBe(value.note);
    expect(kept.small).toEqual(pairs(2));
    expect(kept.other).toEqual(pairs(30));
    expect(kept.large.length).toBeLessThan(30);
    expect(cut.total).toBe(30);
  });

  it("a value JSON cannot show (undefined) is an empty text, not an error", () => {
    expect(cutToSize(undefined)).toEqual({ value: undefined, text: "", omitted: 0, total: 0 });
  });

  it("a value with no list is returned whole, whatever the limit", () => {
    for (const value of ["s".repeat(100), 123456, null, true, { a: "b".repeat(100) }]) {
      expect(cutToSize(value, 2)).toEqual({ value, text: JSON.stringify(value), omitted: 0, total: 0 });
    }
  });
});

describe("dataResult", () => {
  it("an answer within the limit is one text part, the answer itself", () => {
    expect(dataResult({ a: 1 })).toEqual({ content: [{ type: "text", text: '{"a":1}' }] });
    expect(dataResult(null)).toEqual({ content: [{ type: "text", text: "{}" }] });
  });

  it("an answer of exactly the limit is not cut", () => {
    const note = "z".repeat(MAX_RESULT_CHARS - '{"note":""}'.length);
    const result = dataResult({ note });
    expect(result.content).toHaveLength(1);
    expect((result.content[0] as { text: string }).text).toHaveLength(MAX_RESULT_CHARS);
  });

  it("an answer too long with no list to cut is cut at the limit, with a note of its size and the next step", () => {
    const note = "z".repeat(MAX_RESULT_CHARS);
    const full = JSON.stringify({ note });
    expect(dataResult({ note }).content).toEqual([
      { type: "text", text: full.slice(0, MAX_RESULT_CHARS) },
      { type: "text", text: `[cut: the answer was ${full.length} characters; ask for the next page or a narrower filter]` },
    ]);
    expect(dataResult({ note }, "read fewer fields").content[1]).toEqual({
      type: "text",
      text: `[cut: the answer was ${full.length} characters; read fewer fields]`,
    });
  });

  it("a long list is cut by whole items: the first part is still valid JSON, the note says how many are left out", () => {
    const items = Array.from({ length: 3_000 }, (_, i) => ({ i, text: "y".repeat(40) }));
    const result = dataResult({ items });
    expect(result.content).toHaveLength(2);
    const first = result.content[0] as { type: string; text: string };
    expect(first.type).toBe("text");
    const shown = JSON.parse(first.text) as { items: unknown[] };
    expect(first.text.length).toBeLessThanOrEqual(MAX_RESULT_CHARS);
    expect(result.content[1]).toEqual({
      type: "text",
      text: `[cut: ${3_000 - shown.items.length} of 3000 items left out to stay under the size limit; ask for the next page or a narrower filter]`,
    });
  });
});

describe("errorResult", () => {
  it("a message too long gives way to the hint: the whole text stays within MAX_ERROR_CHARS, the hint whole", () => {
    const hint = "h".repeat(900);
    const result = errorResult("m".repeat(10_000), hint);
    const text = (result.content[0] as { text: string }).text;
    expect(result.isError).toBe(true);
    expect(text.length).toBeLessThanOrEqual(MAX_ERROR_CHARS);
    expect(text.endsWith(`\nWhat to do: ${hint}`)).toBe(true);
    expect(text).toMatch(/^m+… \[\d+ more characters\]\nWhat to do: /);
    // The message keeps all the room the hint leaves, but the cut note's.
    expect(text.length).toBeGreaterThan(MAX_ERROR_CHARS - 40);
  });

  it("no hint, no What to do line", () => {
    expect(errorResult("failed")).toEqual({ isError: true, content: [{ type: "text", text: "failed" }] });
    expect(errorResult("failed", "")).toEqual({ isError: true, content: [{ type: "text", text: "failed" }] });
  });
});

describe("failureResult", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("a Crisp error or a shared-state error is shown with its own message and hint, logging nothing", () => {
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    expect(failureResult(new CrispRequestError("bad field", "fix it"), "t")).toEqual(errorResult("bad field", "fix it"));
    const shared = new SharedStateError("store down");
    expect(failureResult(shared, "t")).toEqual(errorResult("store down", shared.hint));
    expect(stderr).not.toHaveBeenCalled();
  });

  it("an unexpected error is reported as a bug of crisp-mcp, with its stack logged to stderr", () => {
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const error = new TypeError("boom\u001B[31m «x»");
    const result = failureResult(error, "some_tool");
    expect(result).toEqual(
      errorResult(
        "Internal error in some_tool: boom ‹x›",
        "This is a bug in crisp-mcp, not in your arguments. Try another approach; the server keeps running.",
      ),
    );
    const logged = stderr.mock.calls.map(([chunk]) => String(chunk)).join("");
    expect(logged).toMatch(/^crisp-mcp error: tool some_tool failed unexpectedly: TypeError: boom/);
    expect(logged).toContain("results-bounds.test.ts");
  });

  it("a thrown value that is not an Error, even null, is shown as text, never thrown again", () => {
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    expect(textOf(failureResult("plain string", "t"))).toMatch(/^Internal error in t: plain string\n/);
    expect(textOf(failureResult(null, "t"))).toMatch(/^Internal error in t: null\n/);
    expect(String(stderr.mock.calls.at(-1)?.[0])).toBe("crisp-mcp error: tool t failed unexpectedly: null\n");
    expect(textOf(failureResult(new Error("x".repeat(2_000)), "t"))).toMatch(/^Internal error in t: x{500}… \[1500 more characters\]\n/);
  });
});

function textOf(result: { content: unknown[] }): string {
  return (result.content[0] as { text: string }).text;
}
