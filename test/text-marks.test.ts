import { describe, expect, it } from "vitest";
import { boundedText, cleanText, clip, neutralText, stripAnsi } from "../src/untrusted/text.js";

// The edges of hidden-character removal: which format marks are drawn (kept)
// and which are not (removed), where a zero-width joiner still draws one emoji
// and where it is a stray, and where a style selector styles something. Then
// the bounds and ANSI removal of text shown in errors.

/** Every code point of general category Cf (format), by scanning the whole range once. */
const FORMAT_MARKS = (() => {
  const marks: number[] = [];
  for (let cp = 0; cp <= 0x10ffff; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    if (/\p{Cf}/u.test(String.fromCodePoint(cp))) marks.push(cp);
  }
  return marks;
})();

/** The format marks a reader sees: Arabic and Syriac number and end-of-ayah signs, Kaithi number signs. */
const DRAWN_MARKS = [0x0600, 0x0601, 0x0602, 0x0603, 0x0604, 0x0605, 0x06dd, 0x070f, 0x0890, 0x0891, 0x08e2, 0x110bd, 0x110cd];

describe("format marks", () => {
  it("every format mark nobody sees is removed, each on its own between letters", () => {
    expect(FORMAT_MARKS.length).toBeGreaterThan(150);
    const survivors = FORMAT_MARKS.filter((cp) => !DRAWN_MARKS.includes(cp)).filter(
      (cp) => cleanText(`a${String.fromCodePoint(cp)}b`) !== "ab",
    );
    expect(survivors.map((cp) => cp.toString(16))).toEqual([]);
  });

  it("the format marks that are drawn (number signs) stay, each of them", () => {
    for (const cp of DRAWN_MARKS) {
      const text = `${String.fromCodePoint(cp)}123 and ${String.fromCodePoint(cp)}`;
      expect(cleanText(text), cp.toString(16)).toBe(text);
    }
  });

  it("invisible letters that are not format marks are removed: fillers, grapheme joiner, Khmer inherent vowels", () => {
    for (const cp of [0x034f, 0x115f, 0x1160, 0x17b4, 0x17b5, 0x3164, 0xffa0, 0x2800]) {
      expect(cleanText(`a${String.fromCodePoint(cp)}b`), cp.toString(16)).toBe("ab");
    }
  });
});

describe("zero-width joiners", () => {
  const man = "\u{1F468}";
  const woman = "\u{1F469}";
  const ZWJ = "\u200D";

  it("a joiner between two emoji stays, also at the very start of the text", () => {
    expect(cleanText(`${man}${ZWJ}${woman}`)).toBe(`${man}${ZWJ}${woman}`);
    expect(cleanText(`${man}${ZWJ}${woman}${ZWJ}\u{1F467}`)).toBe(`${man}${ZWJ}${woman}${ZWJ}\u{1F467}`);
  });

  it("a joiner with an emoji on one side only is a stray and goes", () => {
    expect(cleanText(`${man}${ZWJ}a`)).toBe(`${man}a`);
    expect(cleanText(`a${ZWJ}${man}`)).toBe(`a${man}`);
    expect(cleanText(`${man}a${ZWJ}${woman}`)).toBe(`${man}a${woman}`);
    expect(cleanText(`${man}${ZWJ}`)).toBe(man);
    expect(cleanText(`${ZWJ}${man}`)).toBe(man);
  });

  it("two joiners in a row are both strays", () => {
    expect(cleanText(`${man}${ZWJ}${ZWJ}${woman}`)).toBe(`${man}${woman}`);
  });

  it("other zero-width characters between emoji go: only the joiner draws one emoji", () => {
    for (const mark of ["\u200B", "\u200C", "\u2060", "\uFEFF"]) {
      expect(cleanText(`${man}${mark}${woman}`), mark.codePointAt(0)!.toString(16)).toBe(`${man}${woman}`);
    }
  });
});

describe("style selectors (U+FE0E, U+FE0F)", () => {
  it("stay right after a character outside the BMP, at the start of the text and before anything", () => {
    for (const text of ["\u{1F600}\uFE0F", "\u{1F600}\uFE0F ", "\u{10000}\uFE0F", "\u{103FF}\uFE0E", "x \u{1F600}\uFE0F"]) {
      expect(cleanText(text), JSON.stringify(text)).toBe(text);
    }
  });

  it("go after a lone surrogate at the start, which is removed too", () => {
    expect(cleanText("\uDC00\uFE0Fx")).toBe("x");
  });
});

describe("ANSI sequences in error text", () => {
  it.each([
    ["\u001B[31mred\u001B[0m", "red"],
    ["\u001B[1;31mbold red\u001B[m", "bold red"],
    ["\u009B33mC1 form", "C1 form"],
    ["\u001B[2 qcursor", "cursor"],
    ["\u001B[?25lhidden cursor", "hidden cursor"],
    ["\u001B]0;a fake title\u0007after", "after"],
    ["\u001B]8;;http://x.example\u001B\\link\u001B]8;;\u001B\\", "link"],
    ["\u001B]2;t\u009Cend", "end"],
  ])("%j loses its sequences whole: %s", (input, expected) => {
    expect(stripAnsi(input)).toBe(expected);
    expect(neutralText(input)).toBe(expected);
  });
});

describe("boundedText", () => {
  it("text up to the bound is returned as it is; one more character is cut with how many were left out", () => {
    expect(boundedText("abcdefghij", 10)).toBe("abcdefghij");
    expect(boundedText("abcdefghijk", 10)).toBe("abcdefghij… [1 more characters]");
  });

  it("counts what is beyond the cleaned window too", () => {
    // 4 x 5 = 20 characters are cleaned; the other 80 are only counted.
    expect(boundedText("x".repeat(100), 5)).toBe("xxxxx… [95 more characters]");
    // Hidden characters fill the window: nothing of the rest is cleaned or shown, all of it is counted.
    expect(boundedText(`${"\u200B".repeat(20)}abcdefgh`, 5)).toBe("… [8 more characters]");
    expect(boundedText(`${"\u200B".repeat(19)}abcdefgh`, 5)).toBe("a… [7 more characters]");
  });

  it("never ends on half a surrogate pair", () => {
    expect(boundedText("abcd😀😀", 5)).toBe("abcd… [4 more characters]");
    expect(boundedText("abc😀😀", 5)).toBe("abc😀… [2 more characters]");
    // Only the unit at the cut decides, not the one after it.
    expect(boundedText("abcd😀xy", 5)).toBe("abcd… [4 more characters]");
    // The first and the last high surrogates (U+10000, U+10FC00), with a neutraliser that keeps them.
    expect(boundedText("abcd\u{10000}x", 5, (text) => text)).toBe("abcd… [3 more characters]");
    expect(boundedText("abcd\u{10FC00}x", 5, (text) => text)).toBe("abcd… [3 more characters]");
  });
});

describe("clip", () => {
  it("keeps text up to max; shortens a short bound with an ellipsis inside the bound", () => {
    expect(clip("abcde", 5)).toBe("abcde");
    expect(clip("abcdef", 5)).toBe("abcd…");
  });

  it("from 1000 characters on, keeps max and says how many were left out", () => {
    expect(clip("m".repeat(1005), 1000)).toBe(`${"m".repeat(1000)}… [5 more chars]`);
    expect(clip("m".repeat(1005), 999)).toBe(`${"m".repeat(998)}…`);
  });
});
