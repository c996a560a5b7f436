import { z } from "zod";
import * as c from "../catalog/common.js";
import type { ToolDefinition } from "../types.js";
import { cleanText } from "../../untrusted/text.js";
import { structuredResult } from "./result.js";
import { messageText, sendAsOperator, sentOutput } from "./send.js";

export const replyToConversation: ToolDefinition = {
  name: "reply_to_conversation",
  title: "Reply to a conversation",
  description: "Send a text message to the visitor, as the operator. The customer sees it.",
  toolset: "agent",
  params: {
    website_id: c.websiteId,
    session_id: c.sessionId,
    text: messageText("Message to the visitor"),
    name: z.string().min(1).max(80).optional().describe("Sender name shown (default: the website's)"),
  },
  outputSchema: sentOutput,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  crispMethods: { required: ["send_message_in_conversation"] },
  async run(args, ctx) {
    const name = typeof args.name === "string" ? cleanText(args.name).trim() : undefined;
    const sent = await sendAsOperator(ctx, args, "text", name);
    return structuredResult({
      data: sent,
      render: (d) => `Sent to the visitor in ${d.session_id}${d.fingerprint !== undefined ? ` (fingerprint ${d.fingerprint})` : ""}.`,
    });
  },
};
