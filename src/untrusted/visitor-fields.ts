import { put } from "./data.js";
import { cleanText, clip, oneLine, visitorText } from "./text.js";

// Where a visitor's own words sit in Crisp's data. Beyond messages, the chat
// widget lets any anonymous visitor set their nickname, email, phone, address
// and company (name, job title, location), and the conversation's subject,
// segments and custom data; the browser reports the device. Agent tools read
// these fields only through this module, so each one is cleaned and shown
// between « »; the tables below are what the tests enumerate.

type Json = Record<string, unknown>;

/** A visitor-written field: where it sits, and how long it may be shown. */
export interface FieldRule {
  path: readonly string[];
  kind: "text" | "list" | "data";
  max?: number;
}

/** Visitor-written fields of a conversation's `meta`. */
export const CONVERSATION_META_FIELDS = {
  nickname: { path: ["nickname"], kind: "text", max: 80 },
  email: { path: ["email"], kind: "text", max: 160 },
  phone: { path: ["phone"], kind: "text", max: 40 },
  address: { path: ["address"], kind: "text", max: 200 },
  subject: { path: ["subject"], kind: "text", max: 200 },
  segments: { path: ["segments"], kind: "list" },
  data: { path: ["data"], kind: "data" },
} as const satisfies Record<string, FieldRule>;

/** Visitor-written fields of a people profile (the chat widget syncs them). */
export const PROFILE_FIELDS = {
  nickname: { path: ["person", "nickname"], kind: "text", max: 80 },
  email: { path: ["email"], kind: "text", max: 160 },
  phone: { path: ["person", "phone"], kind: "text", max: 40 },
  address: { path: ["person", "address"], kind: "text", max: 200 },
  company: { path: ["company", "name"], kind: "text", max: 120 },
  employer: { path: ["person", "employment", "name"], kind: "text", max: 120 },
  job_title: { path: ["person", "employment", "title"], kind: "text", max: 120 },
  city: { path: ["person", "geolocation", "city"], kind: "text", max: 60 },
  country: { path: ["person", "geolocation", "country"], kind: "text", max: 60 },
  segments: { path: ["segments"], kind: "list" },
} as const satisfies Record<string, FieldRule>;

/** A message's author name (`user.nickname`) is the visitor's when the visitor wrote it. */
export const MESSAGE_AUTHOR_FIELD = { path: ["user", "nickname"], kind: "text", max: 80 } as const satisfies FieldRule;

type Shown<R extends FieldRule> = R["kind"] extends "text"
  ? string
  : R["kind"] extends "list"
    ? string[]
    : Record<string, string | number | boolean>;

type MarkedFields<T extends Record<string, FieldRule>> = { [K in keyof T]?: Shown<T[K]> };

/** Every field of a table, read from `source`, cleaned and marked; absent fields are left out. */
export function markedFields<T extends Record<string, FieldRule>>(table: T, source: unknown): MarkedFields<T> {
  const out: Record<string, unknown> = {};
  for (const [name, rule] of Object.entries(table)) {
    const shown = markedField(rule, source);
    if (shown !== undefined) out[name] = shown;
  }
  return out as MarkedFields<T>;
}

function markedField(rule: FieldRule, source: unknown): string | string[] | Record<string, string | number | boolean> | undefined {
  const value = valueAt(source, rule.path);
  if (rule.kind === "text") return markedText(value, rule.max);
  if (rule.kind === "list") return markedList(value);
  return markedData(value);
}

/** One text field of a table, cleaned and marked. */
export function markedTextField(rule: FieldRule & { kind: "text" }, source: unknown): string | undefined {
  return markedText(valueAt(source, rule.path), rule.max);
}

/** A visitor-written string: cleaned, on one line, clipped, between « ». */
export function markedText(value: unknown, max = 300): string | undefined {
  if (typeof value !== "string") return undefined;
  const text = clip(oneLine(cleanText(value)), max);
  return text === "" ? undefined : visitorText(text);
}

/** A visitor-written list of strings (segments), each marked. */
function markedList(value: unknown, maxItems = 20, maxChars = 80): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const out = value
    .map((item) => markedText(item, maxChars))
    .filter((item): item is string => item !== undefined)
    .slice(0, maxItems);
  return out.length > 0 ? out : undefined;
}

/**
 * Custom data: keys and text values marked (a visitor names the keys too);
 * numbers and booleans as they are; nested values as short marked JSON.
 */
function markedData(value: unknown, maxEntries = 30): Record<string, string | number | boolean> | undefined {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
  const out: Record<string, string | number | boolean> = {};
  for (const [key, raw] of Object.entries(value as Json).slice(0, maxEntries)) {
    const name = markedText(key, 60);
    if (!name) continue;
    let shown: string | number | boolean | undefined;
    if (typeof raw === "number" || typeof raw === "boolean") shown = raw;
    else if (typeof raw === "string") shown = markedText(raw, 200) ?? visitorText("");
    else if (raw !== null && raw !== undefined) shown = markedText(JSON.stringify(raw), 200);
    if (shown !== undefined) put(out, name, shown);
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function valueAt(source: unknown, path: readonly string[]): unknown {
  let value = source;
  for (const key of path) {
    if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
    value = Object.hasOwn(value, key) ? (value as Json)[key] : undefined;
  }
  return value;
}

// Events. A visitor causes most of what Crisp pushes: each session:set_* a
// widget call makes, the sync:* reports of their browser, their typing, their
// profile. The few events only operators, plugins or Crisp itself cause are
// listed; every other event, a new or unknown one included, counts as
// visitor-written, so a name nobody listed cannot slip through unmarked.

/** Events whose text no visitor writes. Messages decide by their `from`. */
const NOT_VISITOR_EVENTS = new Set([
  "session:update_availability",
  "session:update_verify",
  "session:set_state",
  "session:set_block",
  "session:set_opened",
  "session:set_closed",
  "session:set_participants",
  "session:set_mentions",
  "session:set_routing",
  "session:set_inbox",
  "session:removed",
  "message:removed",
  "message:compose:receive",
  "message:acknowledge:read:send",
  "message:acknowledge:read:received",
  "message:acknowledge:unread:send",
  "message:acknowledge:delivered",
  "message:acknowledge:ignored",
  "message:notify:unread:send",
  "message:notify:unread:received",
  "spam:decision",
  "people:profile:removed",
  "people:bind:session",
  "people:import:progress",
  "people:import:done",
  "campaign:progress",
  "campaign:dispatched",
  "campaign:running",
  "browsing:request:rejected",
  "call:request:rejected",
  "status:health:changed",
  "website:update_visitors_count",
  "website:update_operators_availability",
  "website:users:available",
  "media:animation:listed",
  "plugin:settings:saved",
]);

/** Events that carry a message; who wrote it is in the message's `from`. */
export const MESSAGE_EVENTS = new Set(["message:send", "message:received"]);

/**
 * Top-level fields of an event that hold what Crisp wrote (ids, kinds, times),
 * never a visitor's text: shown cleaned, not marked. Nested fields are always
 * the visitor's in a visitor event (a custom data key named "type" included).
 */
export const EVENT_STRUCTURE_FIELDS = new Set([
  "website_id",
  "session_id",
  "people_id",
  "fingerprint",
  "type",
  "from",
  "origin",
  "timestamp",
  "stamped",
  "mentions",
  "user_id",
]);

/** True when the event's text (other than its structure fields) is the visitor's. */
export function isVisitorEvent(name: string): boolean {
  if (name.startsWith("bucket:url:")) return false;
  return !NOT_VISITOR_EVENTS.has(name);
}

/** The events the tests enumerate: all known names, split by who writes their text. */
export function knownNotVisitorEvents(): readonly string[] {
  return [...NOT_VISITOR_EVENTS];
}
