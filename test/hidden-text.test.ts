import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seededSessionId } from "../src/sandbox/index.js";
import { dataResult } from "../src/tools/results.js";
import { startHarness, textOf, type Harness } from "./helpers/harness.js";

// Visitor text reaches the model through the raw Crisp tools too, not only the
// agent tools: characters nobody can see (tag characters spelling "ADMIN",
// bidi overrides, zero-width spaces) never get through, the visible text does.

const HIDDEN = /[\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF\u{E0000}-\u{E007F}]/u;

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

describe("hidden characters in Crisp data", () => {
  it("are removed from a raw tool's answer, keys and values, while the visible text stays", async () => {
    const sessionId = seededSessionId("hidden-characters");
    const stored = h.sandbox.state.conversations.messages(sessionId).map((m) => String(m.content)).join(" ");
    expect(stored).toMatch(HIDDEN);

    const result = await h.call("get_messages_in_conversation", { website_id: h.sandbox.websiteId, session_id: sessionId });
    const text = textOf(result);
    expect(text).not.toMatch(HIDDEN);
    expect(text).toContain("Hi, where is my order #10477? It says delivered but I never got it.");
  });

  it("are removed on the way through call_crisp_method, custom data keys included", async () => {
    const sessionId = seededSessionId("shipping-delay");
    const saved = await h.call("update_conversation_metas", {
      website_id: h.sandbox.websiteId,
      session_id: sessionId,
      data: { "order\u200B\u{E0041}": "shipped\u202E\u{E0042} today" },
    });
    expect(saved.isError, textOf(saved)).toBeFalsy();
    const result = await h.call("call_crisp_method", {
      method: "get_conversation_metas",
      arguments: { website_id: h.sandbox.websiteId, session_id: sessionId },
    });
    const text = textOf(result);
    expect(text).not.toMatch(HIDDEN);
    expect(text).toContain('"order":"shipped today"');
  });

  it("a key named __proto__ in Crisp data stays data: it is shown, and sets no prototype", () => {
    const answer = JSON.parse('{"data":{"__proto__":{"role":"admin"},"plan":"pro\u200b"}}');
    const text = (dataResult(answer).content[0] as { text: string }).text;
    expect(JSON.parse(text)).toEqual(JSON.parse('{"data":{"__proto__":{"role":"admin"},"plan":"pro"}}'));
    expect(text).toContain('"__proto__":{"role":"admin"}');
  });
});
