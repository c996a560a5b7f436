import { z } from "zod";
import * as c from "../catalog/common.js";
import { errorResult } from "../results.js";
import type { ToolDefinition } from "../types.js";

// Sandbox mode only: the user plays a visitor writing in the chatbox, so that
// the whole real-time flow (the sandbox's RTM socket, wait_for_events, a reply)
// can be tried without a Crisp account.

export const simulateVisitorMessage: ToolDefinition = {
  name: "sandbox_simulate_visitor_message",
  title: "Sandbox: simulate a visitor message",
  description:
    "Sandbox only: a visitor writes in the chatbox (a new conversation without session_id). wait_for_events then sees message:send.",
  toolset: "events",
  sandboxOnly: true,
  params: {
    session_id: c.sessionId.optional(),
    text: z.string().min(1).max(10_000).describe("What the visitor writes"),
  },
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  async run(args, ctx) {
    const simulate = ctx.events?.simulator;
    if (!simulate) {
      return errorResult(
        "sandbox_simulate_visitor_message only works against the embedded sandbox.",
        "Start crisp-mcp with --sandbox to try it.",
      );
    }
    let sent: { session_id: string; fingerprint: number };
    try {
      sent = simulate(args.session_id as string | undefined, String(args.text));
    } catch (error) {
      return errorResult(
        `The sandbox refused the message: ${(error as Error).message}`,
        "Omit session_id to start a new conversation, or take one from list_conversations.",
      );
    }
    const text = `The visitor wrote in ${sent.session_id} (message fingerprint ${sent.fingerprint}); wait_for_events reports it as message:send.`;
    return { content: [{ type: "text", text }] };
  },
};
