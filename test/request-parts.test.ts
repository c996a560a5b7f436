import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CrispRequestError } from "../src/client/index.js";
import { buildPath, buildQuery } from "../src/client/request-parts.js";

// How a route template and a query become the URL path Crisp sees. The
// expected paths are written out by hand (not built with the encoder the
// client uses), and the properties check the inverse: decoding what was built
// gives back exactly what went in.

function refusal(run: () => unknown): CrispRequestError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(CrispRequestError);
    return error as CrispRequestError;
  }
  throw new Error("expected a CrispRequestError");
}

describe("buildPath: known examples", () => {
  it.each([
    ["/website/{website_id}", { website_id: "8c842203-7ed8-4e29-a608-7cf78a7d2fcc" }, "/website/8c842203-7ed8-4e29-a608-7cf78a7d2fcc"],
    ["/a/{x}/b/{y}", { x: "one", y: "two" }, "/a/one/b/two"],
    ["/a/{x}", { x: "a b/c?d#e&f=g" }, "/a/a%20b%2Fc%3Fd%23e%26f%3Dg"],
    ["/a/{x}", { x: "ada+lovelace@example.com" }, "/a/ada%2Blovelace%40example.com"],
    ["/a/{x}", { x: "é😀" }, "/a/%C3%A9%F0%9F%98%80"],
    ["/a/{x}", { x: "..." }, "/a/..."],
    ["/a/{x}", { x: "%2e%2e" }, "/a/%252e%252e"],
    ["/a/{page_number}", { page_number: 3 }, "/a/3"],
    ["/a/{page_number}", { page_number: 0 }, "/a/0"],
    ["/a/{tree_path}/end", { tree_path: ["getting started", "install"] }, "/a/getting%20started/install/end"],
    ["/a/{tree_path}", { tree_path: ["one"] }, "/a/one"],
    ["/plain/route", {}, "/plain/route"],
  ] as const)("%s with %j is %s", (template, params, expected) => {
    expect(buildPath(template, params)).toBe(expected);
  });

  it("a segment of 512 characters is sent, one of 513 is refused", () => {
    expect(buildPath("/a/{x}", { x: "z".repeat(512) })).toBe(`/a/${"z".repeat(512)}`);
    const error = refusal(() => buildPath("/a/{x}", { x: "z".repeat(513) }));
    expect(error.message).toBe("Path parameter x is not a valid segment");
    expect(error.hint).toMatch(/at most 512 characters/);
    // The limit counts characters as given, before encoding: 512 "é" are 3072 encoded bytes and still one segment.
    expect(buildPath("/a/{x}", { x: "é".repeat(512) })).toBe(`/a/${"%C3%A9".repeat(512)}`);
  });

  it.each([[""], ["."], [".."]])("the segment %j is refused", (value) => {
    const error = refusal(() => buildPath("/w/{website_id}", { website_id: value }));
    expect(error.message).toBe("Path parameter website_id is not a valid segment");
    expect(error.hint).toBe('website_id must be a non-empty id, not "." or "..", at most 512 characters.');
  });

  it.each([[undefined], [null], [true], [{ id: "x" }]])("a value of %j is a missing parameter", (value) => {
    const error = refusal(() => buildPath("/w/{website_id}", { website_id: value }));
    expect(error.message).toBe("Missing path parameter website_id");
    expect(error.hint).toBe("Give website_id; it is part of the route.");
  });

  it("a list of 32 segments is sent, 33 or none is refused", () => {
    expect(buildPath("/t/{tree_path}", { tree_path: Array.from({ length: 32 }, () => "p") })).toBe(`/t/${Array(32).fill("p").join("/")}`);
    for (const parts of [[], Array.from({ length: 33 }, () => "p"), ["a", 1], ["a", ".."], ["a", ""], ["a", "z".repeat(513)]]) {
      const error = refusal(() => buildPath("/t/{tree_path}", { tree_path: parts }));
      expect(error.message).toMatch(/^Path parameter tree_path is not a valid/);
    }
    expect(refusal(() => buildPath("/t/{tree_path}", { tree_path: [] })).hint).toBe("tree_path must have 1 to 32 parts, each a non-empty string.");
  });
});

describe("buildPath: the inverse holds for any input", () => {
  const segmentText = fc.string({ unit: "binary", minLength: 1, maxLength: 512 }).filter((s) => s !== "." && s !== "..");

  it("one value is one segment, and decodes back to the value", () => {
    fc.assert(
      fc.property(segmentText, (value) => {
        const path = buildPath("/website/{website_id}/end", { website_id: value });
        expect(path.startsWith("/website/")).toBe(true);
        expect(path.endsWith("/end")).toBe(true);
        const segment = path.slice("/website/".length, -"/end".length);
        expect(segment).not.toMatch(/[/?#]/);
        expect(decodeURIComponent(segment)).toBe(value);
      }),
      { numRuns: 300 },
    );
  });

  it("a list is one segment per item, each decoding back to its item", () => {
    fc.assert(
      fc.property(fc.array(segmentText, { minLength: 1, maxLength: 32 }), (parts) => {
        const segments = buildPath("/t/{tree_path}", { tree_path: parts }).slice("/t/".length).split("/");
        expect(segments.map(decodeURIComponent)).toEqual(parts);
      }),
      { numRuns: 200 },
    );
  });
});

describe("buildQuery", () => {
  it("known examples: flags as 1/0, objects as JSON, nothing for null or undefined", () => {
    expect(buildQuery(undefined)).toBe("");
    expect(buildQuery({})).toBe("");
    expect(buildQuery({ a: null, b: undefined })).toBe("");
    expect(buildQuery({ page: 2 })).toBe("?page=2");
    expect(buildQuery({ a: null, page: 0 })).toBe("?page=0");
    expect(buildQuery({ page: 2, skip: undefined, none: null })).toBe("?page=2");
    expect(buildQuery({ on: true, off: false })).toBe("?on=1&off=0");
    expect(buildQuery({ filter: { x: [1, "a b"] } })).toBe("?filter=%7B%22x%22%3A%5B1%2C%22a+b%22%5D%7D");
    expect(buildQuery({ q: "a&b=c d", empty: "" })).toBe("?q=a%26b%3Dc+d&empty=");
  });

  it("the inverse: parsing the query gives back each value as Crisp reads it", () => {
    const value = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.jsonValue({ maxDepth: 2 }));
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), value, { maxKeys: 5 }), (query) => {
        const text = buildQuery(query);
        const parsed = new URLSearchParams(text.startsWith("?") ? text.slice(1) : text);
        const kept = Object.entries(query).filter(([, v]) => v !== null && v !== undefined);
        expect(text === "").toBe(kept.length === 0);
        expect([...parsed.keys()]).toEqual(kept.map(([name]) => name));
        for (const [name, v] of kept) {
          const got = parsed.get(name)!;
          if (typeof v === "boolean") expect(got).toBe(v ? "1" : "0");
          else if (typeof v === "object") expect(JSON.parse(got)).toEqual(v);
          else expect(got).toBe(String(v));
        }
      }),
      { numRuns: 300 },
    );
  });
});
