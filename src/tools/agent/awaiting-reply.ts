import { z } from "zod";
import * as c from "../catalog/common.js";
import type { ToolContext, ToolDefinition } from "../types.js";
import { assigneeOf, operatorNames, READ_ONLY } from "./common.js";
import { callCrisp } from "./crisp.js";
import { CONVERSATION_META_FIELDS, markedText, markedTextField } from "../../untrusted/visitor-fields.js";
import { count, defined, duration, isoMinute, list, num, obj, str, type Json } from "./format.js";
import { structuredResult } from "./result.js";

// The inbox as an agent needs it: open conversations whose last word is the
// visitor's, longest waiting first.

const PER_PAGE = 50;
/** Pages of open conversations scanned: up to 250, newest activity first. */
const MAX_PAGES = 5;
/** A page shorter than Crisp's smallest page size is the last one. */
const MIN_PAGE = 20;

const row = z.object({
  session_id: z.string(),
  name: z.string().optional(),
  email: z.string().optional(),
  last: z.string().optional(),
  waiting_since: z.string().optional(),
  waiting_min: z.number().optional(),
  unread: z.number().optional(),
  assignee: z.string().optional(),
  state: z.string().optional(),
});

const output = z.object({
  conversations: z.array(row),
  scanned: z.number(),
  complete: z.boolean(),
  omitted: z.number().optional(),
});

type Row = z.infer<typeof row>;
type Output = z.infer<typeof output>;

export const listConversationsAwaitingReply: ToolDefinition = {
  name: "list_conversations_awaiting_reply",
  title: "Conversations awaiting reply",
  description: `Open conversations whose last message is the visitor's, longest waiting first. Scans up to ${PER_PAGE * MAX_PAGES} open conversations.`,
  toolset: "agent",
  params: {
    website_id: c.websiteId,
    limit: z.number().int().min(1).max(50).default(20).describe("Max rows"),
  },
  outputSchema: output,
  annotations: READ_ONLY,
  crispMethods: { required: ["list_conversations"], optional: ["list_website_operators"] },
  async run(args, ctx) {
    const limit = args.limit as number;
    const [names, scan] = await Promise.all([operatorNames(ctx, args.website_id), scanOpen(ctx, args.website_id)]);
    const now = Date.now();
    const waiting = scan.conversations
      .filter(awaitsReply)
      .map((conversation) => rowOf(conversation, names, now))
      .sort((a, b) => (b.waiting_min ?? 0) - (a.waiting_min ?? 0));
    const data: Output = {
      conversations: waiting.slice(0, limit),
      scanned: scan.conversations.length,
      complete: scan.complete,
    };
    if (waiting.length > limit) data.omitted = waiting.length - limit;
    return structuredResult({
      data,
      render,
      cut: { key: "conversations", noun: ["conversation"], keep: "first", rest: () => "ask for a smaller limit" },
    });
  },
};

async function scanOpen(ctx: ToolContext, websiteId: unknown): Promise<{ conversations: Json[]; complete: boolean }> {
  const conversations: Json[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const batch = list(
      await callCrisp(ctx, "list_conversations", {
        website_id: websiteId,
        page_number: page,
        per_page: PER_PAGE,
        filter_not_resolved: true,
      }),
    ).map(obj);
    conversations.push(...batch);
    if (batch.length < MIN_PAGE) return { conversations, complete: true };
  }
  return { conversations, complete: false };
}

/**
 * Unresolved, and the visitor spoke last. A private note does not answer the
 * visitor, so after a note Crisp's waiting_since decides.
 */
export function awaitsReply(conversation: Json): boolean {
  if (conversation.state === "resolved" || typeof conversation.session_id !== "string") return false;
  const preview = obj(conversation.preview_message);
  if (preview.from === "user") return true;
  if (preview.from === undefined || preview.type === "note") return num(conversation.waiting_since) !== undefined;
  return false;
}

function rowOf(conversation: Json, names: ReadonlyMap<string, string>, now: number): Row {
  const meta = obj(conversation.meta);
  const since = num(conversation.waiting_since) ?? num(conversation.updated_at);
  const preview = obj(conversation.preview_message);
  return defined({
    session_id: str(conversation.session_id) ?? "",
    name: markedTextField(CONVERSATION_META_FIELDS.nickname, meta),
    email: markedTextField(CONVERSATION_META_FIELDS.email, meta),
    last: markedText(preview.from === "user" ? preview.excerpt : conversation.last_message, 160),
    waiting_since: since !== undefined ? isoMinute(since) : undefined,
    waiting_min: since !== undefined ? Math.max(0, Math.floor((now - since) / 60_000)) : undefined,
    unread: num(obj(conversation.unread).operator) || undefined,
    assignee: assigneeOf(conversation, names),
    state: conversation.state === "pending" ? "pending" : undefined,
  });
}

function render(data: Output): string {
  const shown = data.omitted
    ? `${data.conversations.length} of ${count(data.conversations.length + data.omitted, "conversation")}`
    : count(data.conversations.length, "conversation");
  const head = `${shown} awaiting reply, longest waiting first (scanned ${data.scanned} open${data.complete ? "" : ", more exist"})${data.omitted ? "; raise limit for the rest" : ""}. « » marks visitor text.`;
  const lines = data.conversations.map((r) =>
    [
      r.session_id,
      r.waiting_min !== undefined ? `waiting ${duration(r.waiting_min * 60_000)}` : undefined,
      r.unread ? `${r.unread} unread` : undefined,
      r.assignee ? `assigned ${r.assignee}` : "unassigned",
      r.state,
      `${r.name ?? "visitor"}${r.email ? ` ${r.email}` : ""}: ${r.last ?? ""}`,
    ]
      .filter(Boolean)
      .join(" | "),
  );
  return [head, ...lines].join("\n");
}
