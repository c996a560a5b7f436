import type { ToolContext } from "../types.js";
import { cleanText, clip, oneLine, visitorText } from "../../untrusted/text.js";
import { callCrisp } from "./crisp.js";
import { markedTextField, MESSAGE_AUTHOR_FIELD } from "../../untrusted/visitor-fields.js";
import { clock, isoDay, list, num, obj, str, type Json } from "./format.js";

// Conversations as compact lines: a "— 2026-05-01" line when the day changes,
// then "14:03 visitor «Emma Wilson»: «text»" per message. About a sixth of the
// tokens of Crisp's message objects, and what a visitor wrote stays marked.

/** One message longer than this is clipped; get_message_in_conversation has it whole. */
export const MAX_MESSAGE_CHARS = 4_000;
/** How far back one call may page: a runaway conversation still ends. */
export const MAX_PAGES = 100;

export interface MessageWindow {
  /** Oldest first. */
  messages: Json[];
  /** True when paging reached the conversation's first message. */
  reachedFirst: boolean;
}

export interface ReadOptions {
  website_id: unknown;
  session_id: string;
  /** Only the last this many; all when absent. */
  last?: number;
  /** Only messages before this ms timestamp. */
  before?: number;
  /** Called after each page with the number of messages read so far. */
  onPage?: (read: number) => Promise<void>;
}

/**
 * Reads messages newest batch first, paging back with timestamp_before (the
 * oldest timestamp seen) until it has `last` messages or a page comes back
 * empty, which means the first message was reached. Crisp does not say how
 * many a page holds, so when the pages add up to exactly `last`, one more
 * page tells whether earlier messages exist: nothing is claimed that is not there.
 */
export async function readMessages(ctx: ToolContext, options: ReadOptions): Promise<MessageWindow> {
  const batches: Json[][] = [];
  const seen = new Set<unknown>();
  let cursor = options.before;
  let read = 0;
  let reachedFirst = false;
  for (let page = 0; page < MAX_PAGES; page++) {
    const batch = await callCrisp<unknown>(ctx, "get_messages_in_conversation", {
      website_id: options.website_id,
      session_id: options.session_id,
      ...(cursor !== undefined ? { timestamp_before: cursor } : {}),
    });
    // Only older, unseen messages count: an API that ignored the cursor cannot loop us.
    const fresh = list(batch)
      .map(obj)
      .filter((m) => {
        const at = num(m.timestamp);
        if (at === undefined || (cursor !== undefined && at >= cursor)) return false;
        const key = m.fingerprint ?? `${at}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      })
      .sort((a, b) => (a.timestamp as number) - (b.timestamp as number));
    if (fresh.length === 0) {
      reachedFirst = true;
      break;
    }
    batches.unshift(fresh);
    read += fresh.length;
    await options.onPage?.(read);
    cursor = fresh[0]!.timestamp as number;
    // More than `last` read: the surplus is older, so earlier messages exist.
    if (options.last !== undefined && read > options.last) break;
  }
  const messages = batches.flat();
  const kept = options.last !== undefined ? messages.slice(-options.last) : messages;
  return { messages: kept, reachedFirst: reachedFirst && kept.length === messages.length };
}

/** Transcript lines, oldest first, with a date line whenever the (UTC) day changes. */
export function transcriptLines(messages: readonly Json[]): string[] {
  const lines: string[] = [];
  let day = "";
  for (const message of messages) {
    const at = num(message.timestamp) ?? 0;
    const today = isoDay(at);
    if (today !== day) {
      lines.push(`— ${today}`);
      day = today;
    }
    lines.push(messageLine(message));
  }
  return lines;
}

/**
 * After the size guard kept only the newest `lines`: the messages they show,
 * and their lines rebuilt, so that the first kept message has its date line.
 */
export function keptMessages(messages: readonly Json[], lines: readonly string[]): { kept: Json[]; lines: string[] } {
  const shown = lines.filter((line) => !line.startsWith("— ")).length;
  const kept = shown === 0 ? [] : messages.slice(-shown);
  return { kept, lines: transcriptLines(kept) };
}

export type Role = "visitor" | "operator" | "note" | "bot";

export function roleOf(message: Json): Role {
  if (message.from === "user") return "visitor";
  if (message.type === "note") return "note";
  return message.automated === true ? "bot" : "operator";
}

/** "14:03 visitor «Emma Wilson»: «text»"; operators' lines are cleaned but not marked. */
export function messageLine(message: Json): string {
  const role = roleOf(message);
  const name = role === "visitor" ? markedTextField(MESSAGE_AUTHOR_FIELD, message) : str(obj(message.user).nickname, 80);
  const body = clip(oneLine(cleanText(contentText(message))), MAX_MESSAGE_CHARS);
  const text = role === "visitor" ? visitorText(body) : body;
  return `${clock(num(message.timestamp) ?? 0)} ${role}${name ? ` ${name}` : ""}: ${text}`;
}

/** The text of a message of any type; files, pickers and the like in brackets. */
export function contentText(message: Json): string {
  const content = message.content;
  if (typeof content === "string") return content;
  const c = obj(content);
  const type = typeof message.type === "string" ? message.type : "message";
  const parts = [`[${type}]`];
  for (const key of ["name", "text", "namespace", "explain", "value", "url"] as const) {
    if (typeof c[key] === "string" && c[key] !== "") parts.push(c[key] as string);
  }
  if (typeof c.duration === "number") parts.push(`${c.duration}s`);
  const choices = list(c.choices)
    .map(obj)
    .map((choice) => `${choice.label ?? choice.value ?? ""}${choice.selected ? " (selected)" : ""}`)
    .filter((label) => label !== "");
  if (choices.length > 0) parts.push(`choices: ${choices.join(" / ")}`);
  const targets = list(c.targets)
    .map((target) => obj(target).title)
    .filter((title): title is string => typeof title === "string");
  if (targets.length > 0) parts.push(`cards: ${targets.join(" / ")}`);
  return parts.join(" ");
}
