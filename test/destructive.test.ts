import { ElicitRequestSchema, type ElicitRequest, type ElicitResult } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import { seededPeopleId, seededSessionId } from "../src/sandbox/index.js";
import { listedDefinitions } from "./helpers/definitions.js";
import { serverSettings, startHarness, textOf, type Harness, type HarnessOptions } from "./helpers/harness.js";

// Destructive tools run only on a human's explicit yes, asked through MCP
// elicitation; a client that cannot ask is refused with the way to allow it.

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

type Answer = ElicitResult | (() => never);

/** A server with CRISP_ALLOW_DESTRUCTIVE as given, and a client that answers elicitations with `answer`. */
async function start(options: { answer?: Answer; allowDestructive?: boolean; capabilities?: object } = {}) {
  const asked: ElicitRequest["params"][] = [];
  const clientOptions: HarnessOptions["clientOptions"] =
    options.capabilities ?? options.answer ? { capabilities: options.capabilities ?? { elicitation: {} } } : undefined;
  h = await startHarness({ settings: { allowDestructive: options.allowDestructive ?? false }, clientOptions });
  if (options.answer) {
    const answer = options.answer;
    h.mcp.setRequestHandler(ElicitRequestSchema, async (request) => {
      asked.push(request.params);
      return typeof answer === "function" ? answer() : answer;
    });
  }
  return { h, asked };
}

const emma = () => seededPeopleId("emma");
const removeEmma = (harness: Harness) => ({ website_id: harness.sandbox.websiteId, people_id: emma() });
const YES: ElicitResult = { action: "accept", content: { confirm: true } };

describe("a client that can ask (elicitation)", () => {
  it("asks before a destructive tool and runs it on an explicit yes", async () => {
    const { h, asked } = await start({ answer: YES });
    const result = await h.call("remove_people_profile", removeEmma(h));
    expect(result.isError).toBeFalsy();
    expect(asked).toHaveLength(1);
    expect(asked[0]!.message).toMatch(/remove_people_profile/);
    expect(asked[0]!.message).toContain(emma());
    expect(h.sandbox.requests.map((r) => r.method)).toEqual(["DELETE"]);
    expect(h.sandbox.state.people.find(emma())).toBeUndefined();
  });

  it("the question the human reads cannot be disguised with bidi or hidden characters", async () => {
    const { h, asked } = await start({ answer: { action: "decline" } });
    await h.call("delete_suggested_conversation_segment", {
      website_id: h.sandbox.websiteId,
      segment: "harmless\u202Etset\u{E0041}\u200B",
    });
    expect(asked).toHaveLength(1);
    expect(asked[0]!.message).toContain("harmlesstset");
    expect(asked[0]!.message).not.toMatch(/[\u202E\u200B\u{E0041}]/u);
    expect(h.sandbox.requests).toHaveLength(0);
  });

  it.each([
    { name: "decline", answer: { action: "decline" } as ElicitResult },
    { name: "cancel", answer: { action: "cancel" } as ElicitResult },
    { name: "accept without the box ticked", answer: { action: "accept", content: { confirm: false } } as ElicitResult },
  ])("refuses on $name, with nothing sent", async ({ answer }) => {
    const { h, asked } = await start({ answer });
    const result = await h.call("remove_people_profile", removeEmma(h));
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/declined remove_people_profile; nothing was changed/);
    expect(asked).toHaveLength(1);
    expect(h.sandbox.requests).toHaveLength(0);
    expect(h.sandbox.state.people.find(emma())).toBeDefined();
  });

  it("a failed confirmation is not a yes: refused, nothing sent, not reported as a bug", async () => {
    const { h, asked } = await start({
      answer: () => {
        throw new Error("the confirmation dialog crashed");
      },
    });
    const result = await h.call("remove_people_profile", removeEmma(h));
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/confirmation could not be obtained.*nothing was changed/);
    expect(textOf(result)).not.toMatch(/Internal error/);
    expect(asked).toHaveLength(1);
    expect(h.sandbox.requests).toHaveLength(0);
  });

  it("still asks when CRISP_ALLOW_DESTRUCTIVE is set: that setting only stands in for clients that cannot ask", async () => {
    const { h, asked } = await start({ answer: { action: "decline" }, allowDestructive: true });
    const result = await h.call("remove_people_profile", removeEmma(h));
    expect(result.isError).toBe(true);
    expect(asked).toHaveLength(1);
    expect(h.sandbox.requests).toHaveLength(0);
  });

  it("does not ask for reads or for writes that are not destructive", async () => {
    const { h, asked } = await start({ answer: { action: "decline" } });
    expect((await h.call("get_people_profile", removeEmma(h))).isError).toBeFalsy();
    const write = await h.call("update_people_profile", { ...removeEmma(h), notepad: "VIP" });
    expect(write.isError).toBeFalsy();
    expect(asked).toHaveLength(0);
    expect(h.sandbox.requests.map((r) => r.method)).toEqual(["GET", "PATCH"]);
  });

  it("through call_crisp_method: asks for the target method, runs on yes, refuses on no", async () => {
    const yes = await start({ answer: YES });
    const ran = await yes.h.call("call_crisp_method", { method: "remove_people_profile", arguments: removeEmma(yes.h) });
    expect(ran.isError).toBeFalsy();
    expect(yes.asked).toHaveLength(1);
    expect(yes.asked[0]!.message).toMatch(/remove_people_profile/);
    expect(yes.h.sandbox.requests.map((r) => r.method)).toEqual(["DELETE"]);
    await yes.h.close();

    const no = await start({ answer: { action: "decline" } });
    const refused = await no.h.call("call_crisp_method", {
      method: "remove_conversation",
      arguments: { website_id: no.h.sandbox.websiteId, session_id: seededSessionId("shipping-delay") },
    });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toMatch(/declined remove_conversation/);
    expect(no.asked).toHaveLength(1);
    expect(no.h.sandbox.requests).toHaveLength(0);

    // A write that is not destructive goes through call_crisp_method without a question.
    const write = await no.h.call("call_crisp_method", {
      method: "update_people_profile",
      arguments: { ...removeEmma(no.h), notepad: "VIP" },
    });
    expect(write.isError).toBeFalsy();
    expect(no.asked).toHaveLength(1);
  });
});

describe("a client that cannot ask", () => {
  it("is refused with an isError naming CRISP_ALLOW_DESTRUCTIVE, and nothing is sent", async () => {
    const { h } = await start();
    const result = await h.call("remove_people_profile", removeEmma(h));
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/needs a human's confirmation/);
    expect(textOf(result)).toMatch(/CRISP_ALLOW_DESTRUCTIVE=true/);
    expect(h.sandbox.requests).toHaveLength(0);
    expect(h.sandbox.state.people.find(emma())).toBeDefined();
  });

  it("is refused the same way through call_crisp_method", async () => {
    const { h } = await start();
    const result = await h.call("call_crisp_method", { method: "remove_people_profile", arguments: removeEmma(h) });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/CRISP_ALLOW_DESTRUCTIVE=true/);
    expect(h.sandbox.requests).toHaveLength(0);
  });

  it("a client that can only ask by URL (no form) is refused too", async () => {
    const { h } = await start({ capabilities: { elicitation: { url: {} } } });
    const result = await h.call("remove_people_profile", removeEmma(h));
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/CRISP_ALLOW_DESTRUCTIVE/);
    expect(textOf(result)).not.toMatch(/Internal error/);
    expect(h.sandbox.requests).toHaveLength(0);
  });

  it("a URL-only client runs them when the user set CRISP_ALLOW_DESTRUCTIVE=true (it cannot show our form)", async () => {
    const { h } = await start({ capabilities: { elicitation: { url: {} } }, allowDestructive: true });
    const result = await h.call("remove_people_profile", removeEmma(h));
    expect(result.isError).toBeFalsy();
    expect(h.sandbox.requests.map((r) => r.method)).toEqual(["DELETE"]);
  });

  it("runs destructive tools when the user set CRISP_ALLOW_DESTRUCTIVE=true", async () => {
    const { h } = await start({ allowDestructive: true });
    const result = await h.call("remove_people_profile", removeEmma(h));
    expect(result.isError).toBeFalsy();
    expect(h.sandbox.requests.map((r) => r.method)).toEqual(["DELETE"]);
  });
});

describe("a confirmation is never a tool argument", () => {
  const settings = serverSettings({ toolsets: ["all"] });

  it("no destructive tool takes a confirm-like field", async () => {
    const destructive = (await listedDefinitions(settings)).filter((t) => t.annotations.destructiveHint);
    expect(destructive.length).toBeGreaterThan(20);
    for (const tool of destructive) {
      for (const field of Object.keys(tool.params)) {
        expect(field, tool.name).not.toMatch(/confirm|allow|force|approve|consent|^yes$|destructive/i);
      }
    }
  });

  it("a model that adds confirm: true itself is refused as an unknown field, without a question or a request", async () => {
    for (const answer of [undefined, YES]) {
      const { h, asked } = await start({ answer });
      const direct = await h.call("remove_people_profile", { ...removeEmma(h), confirm: true });
      expect(direct.isError).toBe(true);
      expect(textOf(direct)).toMatch(/unknown field\(s\) confirm/);

      const nested = await h.call("call_crisp_method", {
        method: "remove_people_profile",
        arguments: { ...removeEmma(h), confirm: true, allow_destructive: true },
      });
      expect(nested.isError).toBe(true);
      expect(textOf(nested)).toMatch(/unknown field\(s\) confirm, allow_destructive/);

      const outer = await h.call("call_crisp_method", {
        method: "remove_people_profile",
        arguments: removeEmma(h),
        confirm: true,
      });
      expect(outer.isError).toBe(true);
      expect(textOf(outer)).toMatch(/unknown field\(s\) confirm/);

      expect(asked).toHaveLength(0);
      expect(h.sandbox.requests).toHaveLength(0);
      await h.close();
    }
  });
});
