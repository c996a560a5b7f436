// The Crisp shapes the sandbox keeps and answers with. Times are ms since epoch.

export type ConversationState = "pending" | "unresolved" | "resolved";
export type MessageSender = "user" | "operator";

export interface Device {
  geolocation: { country: string; region: string; city: string };
  system: { os: { name: string; version: string }; browser: { name: string; version: string }; useragent: string };
  timezone: number;
  locales: string[];
}

export interface ConversationMeta {
  nickname: string;
  email?: string;
  phone?: string;
  ip?: string;
  subject?: string;
  avatar?: string;
  data: Record<string, unknown>;
  segments: string[];
  device: Device;
}

export interface PreviewMessage {
  type: string;
  from: MessageSender;
  excerpt: string;
  fingerprint: number;
}

export interface Conversation {
  session_id: string;
  website_id: string;
  people_id?: string;
  state: ConversationState;
  is_verified: boolean;
  is_blocked: boolean;
  availability: "online" | "offline";
  last_message: string;
  preview_message?: PreviewMessage;
  unread: { operator: number; visitor: number };
  assigned?: { user_id: string };
  meta: ConversationMeta;
  created_at: number;
  updated_at: number;
  waiting_since?: number;
}

export interface MessageAuthor {
  user_id?: string;
  nickname: string;
  avatar?: string;
}

export interface Message {
  session_id: string;
  website_id: string;
  type: string;
  from: MessageSender;
  origin: string;
  content: unknown;
  fingerprint: number;
  timestamp: number;
  /** Crisp marks read/delivered with the channel name ("chat"), or "" when not yet. */
  read: string;
  delivered: string;
  user: MessageAuthor;
  stamped: boolean;
  mentions: string[];
}

export interface Person {
  nickname: string;
  avatar?: string;
  gender?: string;
  phone?: string;
  address?: string;
  description?: string;
  website?: string;
  timezone?: number;
  geolocation?: { country?: string; region?: string; city?: string };
  locales?: string[];
  employment?: { name?: string; title?: string; role?: string };
}

export interface PeopleProfile {
  people_id: string;
  email: string;
  person: Person;
  company: Record<string, unknown>;
  segments: string[];
  notepad: string;
  active: { now: boolean; last?: number };
  created_at: number;
  updated_at: number;
}

export interface HelpdeskArticle {
  article_id: string;
  title: string;
  description: string;
  content: string;
  status: "published" | "draft";
  visibility: "visible" | "hidden";
  featured: boolean;
  order: number;
  url: string;
  locale: string;
  category?: { category_id: string; name: string };
  created_at: number;
  updated_at: number;
}

export interface HelpdeskLocale {
  locale_id: string;
  locale: string;
  url: string;
  created_at: number;
  updated_at: number;
}

export interface Team {
  team_id: string;
  name: string;
  emoji: string;
  /** Member operators' user ids. */
  operators: string[];
  created_at: number;
  updated_at: number;
}

export interface Website {
  website_id: string;
  name: string;
  domain: string;
  logo: string;
}

/** Which Knowledge Base a website's helpdesk runs on: crisp-api 11's tree store, or the 10.x articles. */
export type KnowledgeBaseKind = "new" | "legacy";

/** A website the sandbox token reaches, with the Knowledge Base it uses. */
export interface Site {
  readonly website: Website;
  readonly knowledgeBase: KnowledgeBaseKind;
  readonly helpdeskUrl: string;
}

export interface Operator {
  user_id: string;
  email: string;
  avatar: string;
  first_name: string;
  last_name: string;
  role: "owner" | "member";
  title: string;
  availability: "online" | "away" | "offline";
}

/** What the RTM API (and `sandbox.events`) reports after a state change. */
export interface SandboxEvent {
  event: string;
  website_id: string;
  session_id?: string;
  data: unknown;
  timestamp: number;
}
