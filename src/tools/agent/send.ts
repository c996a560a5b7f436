import { z } from "zod";
import type { ToolContext } from "../types.js";
import { cleanText } from "../../untrusted/text.js";
import { callCrisp } from "./crisp.js";
import { num, obj } from "./format.js";

// Replies and notes: one Crisp route, two message types.

/** What an operator writes: not blank, and within what Crisp shows in one message. */
export const messageText = (description: string) =>
  z
    .string()
    .max(10_000)
    .refine((text) => cleanText(text).trim() !== "", { message: "must not be blank" })
    .describe(description);

export const sentOutput = z.object({ session_id: z.string(), fingerprint: z.number().optional() });
export type Sent = z.infer<typeof sentOutput>;

/**
 * Sends a text or a note from the operator side. Hidden characters are removed
 * on the way out too, so nothing invisible reaches a customer or a teammate.
 */
export async function sendAsOperator(
  ctx: ToolContext,
  args: Record<string, unknown>,
  type: "text" | "note",
  nickname?: string,
): Promise<Sent> {
  const answer = await callCrisp(ctx, "send_message_in_conversation", {
    website_id: args.website_id,
    session_id: args.session_id,
    type,
    from: "operator",
    origin: "chat",
    content: cleanText(args.text as string).trim(),
    ...(nickname ? { user: { type: "website", nickname } } : {}),
  });
  const fingerprint = num(obj(answer).fingerprint);
  return { session_id: args.session_id as string, ...(fingerprint !== undefined ? { fingerprint } : {}) };
}
