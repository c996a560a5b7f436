import { compact, put } from "../untrusted/data.js";
import { cleanText, visitorText } from "../untrusted/text.js";
import { EVENT_STRUCTURE_FIELDS, isVisitorEvent, MESSAGE_EVENTS } from "../untrusted/visitor-fields.js";

// What an event's data looks like in the buffer: built once when the event
// arrives, so the buffer's memory stays bounded and every reader sees the same
// cleaned view. Every string is cleaned of invisible characters; what a
// visitor wrote (a message from them, and every event their widget or
// browser causes: src/untrusted/visitor-fields.ts decides) is also marked.

/** Longest string kept in an event, in characters. */
const MAX_STRING = 2_000;
/** Longest event data kept, as JSON characters. */
const MAX_DATA = 4_000;
/** Deepest nesting kept; deeper values become "[…]". */
const MAX_DEPTH = 6;
/** Most items kept from one list or object. */
const MAX_ITEMS = 40;

/** Fields that repeat what the event already says at its top level. */
const LIFTED = new Set(["website_id", "session_id"]);

/**
 * The compact view of one event's data. Messages keep what an agent acts on
 * (who wrote, the text, the fingerprint to reply to); other events keep their
 * data, cleaned, cut to size.
 */
export function eventView(name: string, data: unknown): Record<string, unknown> {
  const record = isRecord(data) ? data : { value: data };
  const view = MESSAGE_EVENTS.has(name) && "content" in record ? messageView(record) : genericView(record, isVisitorEvent(name));
  return fitToSize(view);
}

function messageView(message: Record<string, unknown>): Record<string, unknown> {
  const fromVisitor = message.from === "user";
  const user = isRecord(message.user) ? message.user : {};
  const view: Record<string, unknown> = {
    from: fromVisitor ? "visitor" : message.from === "operator" ? "operator" : message.from,
    type: message.type,
    origin: message.origin,
    fingerprint: message.fingerprint,
    author: typeof user.nickname === "string" ? shown(user.nickname, fromVisitor) : undefined,
    timestamp: message.timestamp,
  };
  const content = message.content;
  if (typeof content === "string") view.text = shown(content, fromVisitor);
  else view.content = clean(content, 0, fromVisitor);
  return compactRecord(view);
}

function genericView(record: Record<string, unknown>, fromVisitor: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (LIFTED.has(key)) continue;
    const name = cleanText(key).slice(0, 100);
    const structure = EVENT_STRUCTURE_FIELDS.has(key);
    // A top-level key is the event's own field name, not visitor text; below it, a visitor names keys too.
    put(out, name, clean(value, 0, fromVisitor && !structure));
  }
  return compactRecord(out);
}

/** Text a visitor wrote is marked as such; other text is only cleaned. */
function shown(text: string, fromVisitor: boolean): string {
  const cut = text.length > MAX_STRING ? `${text.slice(0, MAX_STRING)}… [${text.length - MAX_STRING} more characters]` : text;
  return fromVisitor ? visitorText(cut) : cleanText(cut);
}

function clean(value: unknown, depth: number, fromVisitor: boolean): unknown {
  if (typeof value === "string") return shown(value, fromVisitor);
  if (value === null || typeof value !== "object") return value;
  if (depth >= MAX_DEPTH) return "[…]";
  if (Array.isArray(value)) {
    const kept = value.slice(0, MAX_ITEMS).map((item) => clean(item, depth + 1, fromVisitor));
    if (value.length > MAX_ITEMS) kept.push(`[${value.length - MAX_ITEMS} more items]`);
    return kept;
  }
  const out: Record<string, unknown> = {};
  const entries = Object.entries(value);
  for (const [key, inner] of entries.slice(0, MAX_ITEMS)) {
    const name = fromVisitor ? visitorText(cleanText(key).slice(0, 100)) : cleanText(key).slice(0, 100);
    put(out, name, clean(inner, depth + 1, fromVisitor));
  }
  if (entries.length > MAX_ITEMS) out["…"] = `${entries.length - MAX_ITEMS} more fields`;
  return out;
}

/** A view still too large after cutting strings loses its largest fields first. */
function fitToSize(view: Record<string, unknown>): Record<string, unknown> {
  if (JSON.stringify(view).length <= MAX_DATA) return view;
  const out = { ...view };
  const bySize = Object.keys(out).sort((a, b) => JSON.stringify(out[b]).length - JSON.stringify(out[a]).length);
  const dropped: string[] = [];
  for (const key of bySize) {
    if (JSON.stringify(out).length <= MAX_DATA) break;
    delete out[key];
    dropped.push(key);
  }
  out.cut = `left out to stay small: ${dropped.join(", ")}; read the full object with the REST tools`;
  return out;
}

function compactRecord(value: Record<string, unknown>): Record<string, unknown> {
  const kept = compact(value);
  return isRecord(kept) ? kept : {};
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
