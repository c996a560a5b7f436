import { describe, expect, it } from "vitest";
import { compact, compactClean } from "../src/untrusted/data.js";
import { cutToSize, dataResult } from "../src/tools/results.js";

/** The key is the object's own data; its prototype is still Object.prototype, and nothing leaked onto that. */
function expectDataNotPrototype(out: Record<string, unknown>): void {
  expect(Object.hasOwn(out, "__proto__")).toBe(true);
  expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
  expect("polluted" in out).toBe(false);
  expect(Object.prototype).not.toHaveProperty("polluted");
}

describe("result shaping", () => {
  it("compact drops null, empty strings, empty lists and objects that keep nothing, at any depth", () => {
    const value = { a: null, b: "", c: [], d: {}, e: { f: { g: null } }, h: 0, i: false, j: "x", k: [null, {}, "y"] };
    expect(compact(value)).toEqual({ h: 0, i: false, j: "x", k: [{}, "y"] });
  });

  it("compactClean also removes hidden characters from keys and values, and drops strings left empty", () => {
    const value = { "na\u200Bme": "Em\u202Ema", hidden: "\u200B\u200D", nested: { note: "ok\u{E0041}" } };
    expect(compactClean(value)).toEqual({ name: "Emma", nested: { note: "ok" } });
  });

  it("a __proto__ key from Crisp data stays data, never a prototype", () => {
    // The dropped null makes the cleaning build a new object rather than return this one.
    const value = JSON.parse('{"__proto__": {"polluted": true}, "a": 1, "b": null}');
    const out = compactClean(value) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(["__proto__", "a"]);
    // Set as a prototype, it would make "polluted" readable on the result without being one of its keys.
    expectDataNotPrototype(out);
    expect(JSON.stringify(out)).toBe('{"__proto__":{"polluted":true},"a":1}');
  });

  it("a __proto__ key stays data when the answer is cut to size, next to the list that was shortened", () => {
    const answer = JSON.parse(`{"__proto__": {"polluted": true}, "gone": null, "items": ${JSON.stringify(Array.from({ length: 200 }, (_, i) => ({ i, text: "z".repeat(50) })))}}`);
    const cut = cutToSize(answer, 2_000);
    expect(cut.omitted).toBeGreaterThan(0);
    const kept = cut.value as Record<string, unknown>;
    expect(Object.keys(kept)).toEqual(["__proto__", "gone", "items"]);
    expectDataNotPrototype(kept);
    expect(cut.text).toBe(`{"__proto__":{"polluted":true},"gone":null,"items":${JSON.stringify(kept.items)}}`);

    // Through the whole result path: cleaned (the null dropped, so rebuilt), then cut.
    const result = dataResult(answer);
    expect((result.content[0] as { text: string }).text).toMatch(/^\{"__proto__":\{"polluted":true\},"items":\[/);
    expect(Object.prototype).not.toHaveProperty("polluted");
  });

  it("cuts the largest list by whole items and says how many were left out", () => {
    const items = Array.from({ length: 100 }, (_, i) => ({ i, text: "x".repeat(100) }));
    const cut = cutToSize({ items, page: 1 }, 2_000);
    expect(cut.omitted).toBeGreaterThan(0);
    expect(cut.total).toBe(100);
    expect(cut.text.length).toBeLessThanOrEqual(2_000);
    expect(JSON.parse(cut.text).items).toHaveLength(100 - cut.omitted);

    const result = dataResult(Array.from({ length: 5_000 }, (_, i) => ({ i, text: "y".repeat(40) })));
    const note = result.content.at(-1);
    expect(note && note.type === "text" && note.text).toMatch(/^\[cut: \d+ of 5000 items left out/);
  });
});
