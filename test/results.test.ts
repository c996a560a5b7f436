import { describe, expect, it } from "vitest";
import { compact, compactClean } from "../src/untrusted/data.js";
import { cutToSize, dataResult } from "../src/tools/results.js";

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
    const value = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}');
    const out = compactClean(value) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(["__proto__", "a"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(JSON.stringify(out)).toBe('{"__proto__":{"polluted":true},"a":1}');
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
