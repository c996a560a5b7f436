import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildPath } from "../src/client/request-parts.js";
import { startHarness, textOf, type Harness } from "./helpers/harness.js";

const HOSTILE = ["../x", "a/b", "..", ".", "%2e%2e", "?", "#", "a?b=c", "x#y", "..%2f..", "\u0000", " "];

describe("path segments", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ sandbox: { tier: "user" } });
  });
  afterAll(async () => {
    await h.close();
  });

  it.each(HOSTILE)("a hostile id %j is refused, or arrives encoded as exactly one segment", async (value) => {
    // count_blocked_visitors_in_rule takes a free-form `rule` segment: the widest door.
    h.sandbox.clearRequests();
    const result = await h.call("count_blocked_visitors_in_rule", { website_id: h.sandbox.websiteId, rule: value });
    const prefix = `/website/${h.sandbox.websiteId}/visitors/blocked/`;
    if (result.isError && h.sandbox.requests.length === 0) {
      expect(textOf(result)).toMatch(/rule/);
      return;
    }
    expect(h.sandbox.requests).toHaveLength(1);
    const sent = h.sandbox.requests[0]!;
    expect(sent.path.startsWith(prefix)).toBe(true);
    const last = sent.path.slice(prefix.length);
    expect(last).not.toContain("/");
    expect(decodeURIComponent(last)).toBe(value);
    expect(sent.query).toEqual({});
  });

  it.each(HOSTILE)("a typed id (session_id) %j is refused before any request", async (value) => {
    h.sandbox.clearRequests();
    const result = await h.call("get_conversation", { website_id: h.sandbox.websiteId, session_id: value });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/session_id/);
    expect(h.sandbox.requests).toHaveLength(0);
  });

  // A Knowledge Base tree path spans segments: each "/"-separated part must be refused or arrive as one encoded segment.
  const HOSTILE_TREE_PATHS = ["../x", "a/../b", "a/./b", "a//b", "/a", "a/", "..", "a/%2e%2e", "a?b=c", "a#b", "a\\..\\b", "a/\u0000", "..%2f.."];
  it.each(HOSTILE_TREE_PATHS)("a hostile tree path %j is refused, or each part arrives as one encoded segment", async (value) => {
    h.sandbox.clearRequests();
    const result = await h.call("resolve_helpdesk_tree_content", {
      website_id: h.sandbox.websiteId,
      locale: "en",
      content_type: "articles",
      tree_path: value,
    });
    const prefix = `/website/${h.sandbox.websiteId}/helpdesk/tree/content/en/articles/`;
    if (result.isError && h.sandbox.requests.length === 0) {
      expect(textOf(result)).toMatch(/tree_path/);
      return;
    }
    expect(h.sandbox.requests).toHaveLength(1);
    const sent = h.sandbox.requests[0]!;
    expect(sent.operation).toBe("resolve_helpdesk_tree_content");
    expect(sent.path.startsWith(prefix)).toBe(true);
    const parts = sent.path.slice(prefix.length).split("/");
    expect(parts.map((part) => decodeURIComponent(part))).toEqual(value.split("/"));
    for (const part of parts) expect(decodeURIComponent(part)).not.toMatch(/^\.{1,2}$|^$/);
    expect(sent.query).toEqual({});
  });

  it("the client refuses '.', '..' and empty segments even without a schema", () => {
    for (const value of [".", "..", ""]) {
      expect(() => buildPath("/website/{website_id}", { website_id: value })).toThrow(/not a valid segment/);
    }
    expect(buildPath("/a/{x}/b", { x: "../c d?e#f" })).toBe("/a/..%2Fc%20d%3Fe%23f/b");
    // A list of segments: each part checked and encoded on its own.
    expect(buildPath("/t/{tree_path}", { tree_path: ["a b", "c?d"] })).toBe("/t/a%20b/c%3Fd");
    for (const parts of [[], ["a", ".."], ["a", ""], ["a", 1], Array.from({ length: 33 }, () => "a")]) {
      expect(() => buildPath("/t/{tree_path}", { tree_path: parts }), JSON.stringify(parts)).toThrow(/not a valid/);
    }
  });
});
