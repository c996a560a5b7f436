import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../src/sandbox/index.js";
import { startHarness, textOf, type Harness } from "./helpers/harness.js";

// `last` and `before` of get_conversation_transcript (and the context's
// `messages`) on conversations whose length is known: earlier messages are
// claimed, with a cursor, only when Crisp's history has them. 20 is the
// sandbox's page size, where "the pages add up to exactly last" is most likely.

describe("transcript windows claim earlier messages only when there are some", () => {
  let sandbox: Sandbox;
  let h: Harness;

  beforeAll(async () => {
    sandbox = await startSandbox();
    h = await startHarness({ existingSandbox: sandbox, settings: { toolsets: ["default"], websiteId: sandbox.websiteId } });
  });
  afterAll(async () => {
    await h.close();
    await sandbox.close();
  });

  /** A conversation of exactly `size` visitor messages, "#1" oldest. */
  function conversationOf(size: number): string {
    const { session_id } = sandbox.state.conversations.create({ nickname: `Visitor of ${size}` });
    for (let i = 1; i <= size; i++) sandbox.state.addVisitorMessage(session_id, `#${i} message`);
    return session_id;
  }

  async function transcript(args: Record<string, unknown>) {
    const result = await h.call("get_conversation_transcript", args);
    expect(result.isError, textOf(result)).toBeFalsy();
    const data = result.structuredContent as { messages: number; lines: string[]; from_first: boolean; before?: number };
    const shown = data.lines.filter((line) => !line.startsWith("— "));
    return { data, text: textOf(result), numbers: shown.map((line) => Number(/«#(\d+) /.exec(line)?.[1])) };
  }

  for (const size of [6, 20]) {
    it(`${size} messages, last ${size}: all of them, no earlier ones, no cursor`, async () => {
      const session_id = conversationOf(size);
      const { data, text, numbers } = await transcript({ session_id, last: size });
      expect(numbers).toEqual(Array.from({ length: size }, (_, i) => i + 1));
      expect(data.from_first).toBe(true);
      expect(data.before).toBeUndefined();
      expect(text).not.toContain("earlier ones");
      expect(text.split("\n")[0]).toContain(`all ${size} messages`);

      const context = await h.call("get_conversation_context", { session_id, messages: size });
      expect((context.structuredContent as { earlier_messages: boolean }).earlier_messages).toBe(false);
      expect(textOf(context)).toContain(`Last ${size} messages (UTC, from the first):`);
    });

    it(`${size} messages, last ${size - 1}: a cursor that returns the remaining first one`, async () => {
      const session_id = conversationOf(size);
      const { data, numbers } = await transcript({ session_id, last: size - 1 });
      expect(numbers).toEqual(Array.from({ length: size - 1 }, (_, i) => i + 2));
      expect(data.from_first).toBe(false);
      expect(data.before).toBeTypeOf("number");

      const rest = await transcript({ session_id, before: data.before });
      expect(rest.numbers).toEqual([1]);
      expect(rest.data.from_first).toBe(true);
      expect(rest.data.before).toBeUndefined();
    });

    it(`${size} messages, last ${size + 1}: all of them, no earlier ones`, async () => {
      const session_id = conversationOf(size);
      const { data, numbers } = await transcript({ session_id, last: size + 1 });
      expect(numbers).toHaveLength(size);
      expect(data).toMatchObject({ messages: size, from_first: true });
      expect(data.before).toBeUndefined();
    });
  }

  it("before a cursor, exactly N remaining with last N: no further cursor", async () => {
    const session_id = conversationOf(6);
    const newest = await transcript({ session_id, last: 3 });
    expect(newest.numbers).toEqual([4, 5, 6]);
    const rest = await transcript({ session_id, before: newest.data.before, last: 3 });
    expect(rest.numbers).toEqual([1, 2, 3]);
    expect(rest.data.from_first).toBe(true);
    expect(rest.data.before).toBeUndefined();
  });
});
