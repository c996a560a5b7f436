import * as c from "../catalog/common.js";
import type { ToolDefinition } from "../types.js";
import { structuredResult } from "./result.js";
import { messageText, sendAsOperator, sentOutput } from "./send.js";

export const addInternalNote: ToolDefinition = {
  name: "add_internal_note",
  title: "Add an internal note",
  description: "Add a private note to a conversation. Only operators see it.",
  toolset: "agent",
  params: {
    website_id: c.websiteId,
    session_id: c.sessionId,
    text: messageText("Note for operators"),
  },
  outputSchema: sentOutput,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  crispMethods: { required: ["send_message_in_conversation"] },
  async run(args, ctx) {
    const sent = await sendAsOperator(ctx, args, "note");
    return structuredResult({
      data: sent,
      render: (d) => `Note added to ${d.session_id}${d.fingerprint !== undefined ? ` (fingerprint ${d.fingerprint})` : ""}.`,
    });
  },
};
