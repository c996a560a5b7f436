import { blankDevice } from "./conversation-store.js";
import { stableUuid, sessionIdFor, type FingerprintSequence } from "./ids.js";
import { excerptOf } from "./objects.js";
import { ARTICLE_SEEDS } from "./seed-helpdesk.js";
import { CONVERSATION_SCRIPTS, type ConversationScript, type OperatorKey } from "./seed-conversations.js";
import { VISITORS, type VisitorSeed } from "./seed-visitors.js";
import type {
  Conversation,
  Device,
  HelpdeskArticle,
  HelpdeskLocale,
  Message,
  Operator,
  PeopleProfile,
  Website,
} from "./types.js";

// The seeded workspace "Acme Shop". Ids are fixed (derived from labels), and
// times are relative to the sandbox start, so every start looks the same and
// recent.

/** The main website, "Acme Shop", on the new Knowledge Base. */
export const SANDBOX_WEBSITE_ID = "8c8a3f5e-2d1b-4e7a-9f3c-5b6d7e8f9a0b";
/** The second website, "Acme Outlet", still on the legacy Knowledge Base. */
export const SANDBOX_LEGACY_WEBSITE_ID = "5f0e7d2a-9b3c-4a1e-8d6f-2c4b7a9e1f30";

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

export const HELPDESK_BASE_URL = "https://help.acme-shop.example";
export const LEGACY_HELPDESK_BASE_URL = "https://help.outlet.acme-shop.example";

export interface Workspace {
  website: Website;
  /** The legacy-Knowledge-Base website, whose helpdesk holds `locales` and `articles`. */
  legacyWebsite: Website;
  operators: Operator[];
  people: { profile: PeopleProfile; data: Record<string, unknown> }[];
  conversations: { conversation: Conversation; messages: Message[] }[];
  locales: HelpdeskLocale[];
  articles: HelpdeskArticle[];
}

export const SEEDED_OPERATORS: Readonly<Record<OperatorKey, Operator>> = {
  maya: operator("maya", "Maya", "Lopez", "owner", "Head of Support", "online"),
  tom: operator("tom", "Tom", "Becker", "member", "Support Specialist", "online"),
  aiko: operator("aiko", "Aiko", "Tanaka", "member", "Technical Support", "away"),
};

/** Fixed session id of a seeded conversation, by its script key (e.g. "watch-sync"). */
export function seededSessionId(scriptKey: string): string {
  return sessionIdFor(stableUuid(`conversation:${scriptKey}`));
}

export function seededPeopleId(visitorKey: string): string {
  return stableUuid(`people:${visitorKey}`);
}

export function seededArticleId(locale: string, slug: string): string {
  return stableUuid(`article:${locale}:${slug}`);
}

export function seedWorkspace(startedAt: number, fingerprints: FingerprintSequence): Workspace {
  const visitors = new Map(VISITORS.map((visitor) => [visitor.key, visitor]));
  const people = VISITORS.filter((visitor) => visitor.profile && visitor.email).map((visitor) => seedProfile(visitor, startedAt));
  const peopleIdByEmail = new Map(people.map(({ profile }) => [profile.email, profile.people_id]));
  const conversations = CONVERSATION_SCRIPTS.map((script) => {
    const visitor = visitors.get(script.visitor);
    if (!visitor) throw new Error(`seed: unknown visitor ${script.visitor}`);
    return seedConversation(script, visitor, startedAt, fingerprints, peopleIdByEmail);
  });
  return {
    website: {
      website_id: SANDBOX_WEBSITE_ID,
      name: "Acme Shop",
      domain: "acme-shop.example",
      logo: "https://acme-shop.example/static/logo.png",
    },
    legacyWebsite: {
      website_id: SANDBOX_LEGACY_WEBSITE_ID,
      name: "Acme Outlet",
      domain: "outlet.acme-shop.example",
      logo: "https://outlet.acme-shop.example/static/logo.png",
    },
    operators: Object.values(SEEDED_OPERATORS),
    people,
    conversations,
    locales: seedLocales(startedAt),
    articles: seedArticles(startedAt),
  };
}

function operator(
  key: string,
  firstName: string,
  lastName: string,
  role: Operator["role"],
  title: string,
  availability: Operator["availability"],
): Operator {
  return {
    user_id: stableUuid(`operator:${key}`),
    email: `${key}@acme-shop.example`,
    avatar: `https://acme-shop.example/static/team/${key}.png`,
    first_name: firstName,
    last_name: lastName,
    role,
    title,
    availability,
  };
}

function seedProfile(visitor: VisitorSeed, startedAt: number): { profile: PeopleProfile; data: Record<string, unknown> } {
  const seed = visitor.profile!;
  const createdAt = startedAt - seed.createdDaysAgo * DAY;
  const profile: PeopleProfile = {
    people_id: seededPeopleId(visitor.key),
    email: visitor.email!,
    person: {
      nickname: visitor.nickname,
      ...(seed.gender ? { gender: seed.gender } : {}),
      ...(visitor.phone ? { phone: visitor.phone } : {}),
      ...(seed.address ? { address: seed.address } : {}),
      ...(seed.description ? { description: seed.description } : {}),
      ...(seed.employment ? { employment: { ...seed.employment } } : {}),
      timezone: visitor.timezone,
      geolocation: { ...visitor.place },
      locales: [...visitor.locales],
    },
    company: seed.company ? { ...seed.company } : {},
    segments: [...seed.segments],
    notepad: seed.notepad,
    active: { now: false, last: startedAt - 10 * MINUTE },
    created_at: createdAt,
    updated_at: createdAt + DAY,
  };
  return { profile, data: { ...seed.data } };
}

function seedDevice(visitor: VisitorSeed): Device {
  const device = blankDevice();
  device.geolocation = { ...visitor.place };
  device.system = {
    os: { name: visitor.os[0], version: visitor.os[1] },
    browser: { name: visitor.browser[0], version: visitor.browser[1] },
    useragent: `Mozilla/5.0 (${visitor.os[0]} ${visitor.os[1]}) ${visitor.browser[0].replace(/\s+/g, "")}/${visitor.browser[1]}`,
  };
  device.timezone = visitor.timezone;
  device.locales = [...visitor.locales];
  return device;
}

function seedConversation(
  script: ConversationScript,
  visitor: VisitorSeed,
  startedAt: number,
  fingerprints: FingerprintSequence,
  peopleIdByEmail: ReadonlyMap<string, string>,
): { conversation: Conversation; messages: Message[] } {
  const sessionId = seededSessionId(script.key);
  const lastAt = startedAt - script.lastMessageMinutesAgo * MINUTE;
  const count = script.lines.length;
  // Trailing visitor lines nobody has answered yet: unread, and the wait starts at the first.
  let trailingVisitor = 0;
  while (trailingVisitor < count && script.lines[count - 1 - trailingVisitor]![0] === "visitor") trailingVisitor += 1;
  const open = script.state !== "resolved";

  const messages = script.lines.map(([author, text], index): Message => {
    // A few seconds of jitter, always less than the gap, so times look typed yet stay ordered.
    const jitter = ((index * 37) % 50) * 1000;
    const timestamp = lastAt - (count - 1 - index) * script.gapMinutes * MINUTE - (index === count - 1 ? 0 : jitter);
    const fromVisitor = author === "visitor";
    const operator = fromVisitor ? undefined : SEEDED_OPERATORS[author];
    const awaitingReply = open && index >= count - trailingVisitor;
    return {
      session_id: sessionId,
      website_id: SANDBOX_WEBSITE_ID,
      type: "text",
      from: fromVisitor ? "user" : "operator",
      origin: "chat",
      content: text,
      fingerprint: fingerprints.take(),
      timestamp,
      read: fromVisitor && awaitingReply ? "" : "chat",
      delivered: "chat",
      user: operator
        ? { user_id: operator.user_id, nickname: `${operator.first_name} ${operator.last_name}`, avatar: operator.avatar }
        : { nickname: visitor.nickname },
      stamped: true,
      mentions: [],
    };
  });

  const first = messages[0]!;
  const last = messages[messages.length - 1]!;
  const peopleId = visitor.email ? peopleIdByEmail.get(visitor.email) : undefined;
  const waitingSince = open && trailingVisitor > 0 ? messages[count - trailingVisitor]!.timestamp : undefined;
  const conversation: Conversation = {
    session_id: sessionId,
    website_id: SANDBOX_WEBSITE_ID,
    ...(peopleId ? { people_id: peopleId } : {}),
    state: script.state,
    is_verified: Boolean(peopleId),
    is_blocked: false,
    availability: open ? "online" : "offline",
    last_message: excerptOf(last.type, last.content),
    preview_message: { type: last.type, from: last.from, excerpt: excerptOf(last.type, last.content), fingerprint: last.fingerprint },
    unread: { operator: open ? trailingVisitor : 0, visitor: 0 },
    ...(script.assignedTo ? { assigned: { user_id: SEEDED_OPERATORS[script.assignedTo].user_id } } : {}),
    meta: {
      nickname: visitor.nickname,
      ...(visitor.email ? { email: visitor.email } : {}),
      ...(visitor.phone ? { phone: visitor.phone } : {}),
      ip: visitor.ip,
      ...(script.subject ? { subject: script.subject } : {}),
      data: { ...(script.data ?? {}) },
      segments: [...script.segments],
      device: seedDevice(visitor),
    },
    created_at: first.timestamp - 30_000,
    updated_at: last.timestamp,
    ...(waitingSince !== undefined ? { waiting_since: waitingSince } : {}),
  };
  return { conversation, messages };
}

function seedLocales(startedAt: number): HelpdeskLocale[] {
  return ["en", "fr"].map((locale) => ({
    locale_id: stableUuid(`locale:${locale}`),
    locale,
    url: `${LEGACY_HELPDESK_BASE_URL}/${locale}/`,
    created_at: startedAt - 400 * DAY,
    updated_at: startedAt - 3 * DAY,
  }));
}

function seedArticles(startedAt: number): HelpdeskArticle[] {
  const orderInLocale = new Map<string, number>();
  return ARTICLE_SEEDS.map((seed, index) => {
    const order = (orderInLocale.get(seed.locale) ?? 0) + 1;
    orderInLocale.set(seed.locale, order);
    const createdAt = startedAt - (300 - index * 20) * DAY;
    return {
      article_id: seededArticleId(seed.locale, seed.slug),
      title: seed.title,
      description: seed.description,
      content: seed.content,
      status: "published",
      visibility: "visible",
      featured: seed.featured ?? false,
      order,
      url: `${LEGACY_HELPDESK_BASE_URL}/${seed.locale}/article/${seed.slug}/`,
      locale: seed.locale,
      category: { category_id: stableUuid(`category:${seed.locale}:${seed.category}`), name: seed.category },
      created_at: createdAt,
      updated_at: createdAt + 7 * DAY,
    };
  });
}
