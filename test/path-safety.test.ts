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

  it("the client refuses '.', '..' and empty segments even without a schema", () => {
    for (const value of [".", "..", ""]) {
      expect(() => buildPath("/website/{website_id}", { website_id: value })).toThrow(/not a valid segment/);
    }
    expect(buildPath("/a/{x}/b", { x: "../c d?e#f" })).toBe("/a/..%2Fc%20d%3Fe%23f/b");
  });
});
