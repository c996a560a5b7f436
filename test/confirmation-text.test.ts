import { describe, expect, it } from "vitest";
import { confirmationText, MAX_CONFIRMATION_CHARS, SHOWN_ITEMS } from "../src/tools/confirmation.js";

// The question a human answers before a destructive call: what is shown of
// each argument, in which order, and where the whole question is cut. A
// confirmation is a policy decision made by a person, so what they read must
// be the arguments' real shape, within a bound a dialog can show.

const TOOL = { name: "x_tool", title: "X", description: "Does x." };
const HEAD = "Allow X (x_tool)? Does x. It cannot be undone.";
const CUT_MARK = "\n… (the rest of the arguments is not shown)";

const lines = (args: Record<string, unknown>) => confirmationText(TOOL, args).split("\n");

describe("what each argument shows", () => {
  it("the website is named once, on its own line, and only when it is a string", () => {
    expect(lines({ website_id: "w-1", segment: "s" })).toEqual([HEAD, "Website: w-1", 'segment: "s"']);
    expect(lines({ website_id: 42 })).toEqual([HEAD]);
    expect(lines({})).toEqual([HEAD]);
  });

  it("a field left undefined is not shown; null, false and 0 are", () => {
    expect(lines({ gone: undefined, empty: null, off: false, zero: 0 })).toEqual([HEAD, "empty: null", "off: false", "zero: 0"]);
  });

  it("lists come first, in their order, then the other fields in theirs", () => {
    expect(lines({ note: "n", ids: ["a"], flag: true, more: [] })).toEqual([
      HEAD,
      'ids: 1 item: "a"',
      "more: 0 items",
      'note: "n"',
      "flag: true",
    ]);
  });

  it("a top-level list shows its count, the first items and how many are not shown", () => {
    const five = ["a", "b", "c", "d", "e"];
    expect(lines({ ids: five })[1]).toBe(`ids: 5 items: ${five.map((v) => `"${v}"`).join(", ")}`);
    expect(lines({ ids: [...five, "f"] })[1]).toBe(`ids: 6 items: ${five.map((v) => `"${v}"`).join(", ")} … and 1 more not shown`);
    expect(SHOWN_ITEMS).toBe(5);
  });

  it("nested lists and objects are bracketed, summarised, and only counted two levels down", () => {
    expect(lines({ nested: [[1, 2], { a: 1 }] })[1]).toBe("nested: 2 items: [2 items: 1, 2], { a: 1 }");
    expect(lines({ deep: [[[1, 2, 3]]] })[1]).toBe("deep: 1 item: [1 item: [3 items]]");
    expect(lines({ deep: { a: { b: { c: 1 } } } })[1]).toBe("deep: { a: { b: {1 field} } }");
    expect(lines({ deep: { a: { b: { c: 1, d: 2 } }, e: [] } })[1]).toBe("deep: { a: { b: {2 fields} }, e: 0 items }");
    expect(lines({ deep: { a: [[]] } })[1]).toBe("deep: { a: [1 item: 0 items] }");
  });

  it("an object shows six fields and how many more, and leaves undefined ones out of the count", () => {
    const seven = Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`k${i}`, i]));
    expect(lines({ o: seven })[1]).toBe("o: { k0: 0, k1: 1, k2: 2, k3: 3, k4: 4, k5: 5, … and 1 more fields not shown }");
    const six = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`k${i}`, i]));
    expect(lines({ o: { ...six, skipped: undefined } })[1]).toBe("o: { k0: 0, k1: 1, k2: 2, k3: 3, k4: 4, k5: 5 }");
    expect(lines({ o: { x: { only: 1, skipped: undefined } } })[1]).toBe("o: { x: { only: 1 } }");
    expect(lines({ o: { x: { y: { only: 1, skipped: undefined } } } })[1]).toBe("o: { x: { y: {1 field} } }");
  });

  it("a string is cut at 200 characters at the top, 60 inside a list or object, with its length", () => {
    expect(lines({ s: "a".repeat(200) })[1]).toBe(`s: "${"a".repeat(200)}"`);
    expect(lines({ s: "a".repeat(201) })[1]).toBe(`s: "${"a".repeat(200)}… (201 characters, cut)"`);
    expect(lines({ s: ["b".repeat(60)] })[1]).toBe(`s: 1 item: "${"b".repeat(60)}"`);
    expect(lines({ s: ["b".repeat(61)] })[1]).toBe(`s: 1 item: "${"b".repeat(60)}… (61 characters, cut)"`);
    // Counted in characters, not UTF-16 units: an emoji is one, and never split.
    expect(lines({ s: "😀".repeat(201) })[1]).toBe(`s: "${"😀".repeat(200)}… (201 characters, cut)"`);
  });

  it("a field name is cleaned, cut at 40 characters, and an empty one is shown as \"\"", () => {
    expect(lines({ ["k".repeat(41)]: 1 })[1]).toBe(`${"k".repeat(40)}… (41 characters, cut): 1`);
    expect(lines({ "": 1 })[1]).toBe('"": 1');
    expect(lines({ "\u200B": 1 })[1]).toBe('"": 1');
    expect(lines({ o: { "": 1 } })[1]).toBe('o: { "": 1 }');
  });
});

describe("the whole question is capped at MAX_CONFIRMATION_CHARS, the cut mark included", () => {
  /** A tool whose description makes the first line exactly `length` characters long. */
  const toolOfLength = (length: number, fill = "d") => {
    const fixed = confirmationText({ ...TOOL, description: "" }, {}).length;
    return { ...TOOL, description: fill.repeat(length - fixed) };
  };

  it("a question of exactly the cap is shown whole", () => {
    const text = confirmationText(toolOfLength(MAX_CONFIRMATION_CHARS), {});
    expect(text).toHaveLength(MAX_CONFIRMATION_CHARS);
    expect(text).toMatch(/It cannot be undone\.$/);
    expect(text).not.toContain(CUT_MARK);
  });

  it("one character more, and it is cut to exactly the cap, ending with the mark", () => {
    const tool = toolOfLength(MAX_CONFIRMATION_CHARS + 1);
    const text = confirmationText(tool, {});
    expect(text).toHaveLength(MAX_CONFIRMATION_CHARS);
    expect(text.endsWith(CUT_MARK)).toBe(true);
    const full = `Allow X (x_tool)? ${tool.description} It cannot be undone.`;
    expect(text).toBe(full.slice(0, MAX_CONFIRMATION_CHARS - CUT_MARK.length) + CUT_MARK);
  });

  it("never splits a character at the cut: the emoji that does not fit is left out whole", () => {
    const fixedHead = "Allow X (x_tool)? ".length;
    const room = MAX_CONFIRMATION_CHARS - CUT_MARK.length;
    // An emoji (two UTF-16 units) starts one unit before the room ends.
    const description = "d".repeat(room - fixedHead - 1) + "😀".repeat(40);
    const text = confirmationText({ ...TOOL, description }, {});
    expect(text).toBe(`Allow X (x_tool)? ${"d".repeat(room - fixedHead - 1)}${CUT_MARK}`);
    expect(text).toHaveLength(MAX_CONFIRMATION_CHARS - 1);
    expect(text).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it("the counts of lists stay above the cut: lists are shown before long fields", () => {
    const long = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`field_${i}`, "v".repeat(150)]));
    const text = confirmationText(TOOL, { ...long, sessions: Array.from({ length: 1000 }, (_, i) => `s${i}`) });
    expect(text).toHaveLength(MAX_CONFIRMATION_CHARS);
    expect(text.split("\n")[1]).toMatch(/^sessions: 1000 items: "s0", "s1", "s2", "s3", "s4" … and 995 more not shown$/);
    expect(text.endsWith(CUT_MARK)).toBe(true);
  });
});
