import { invalidData, notFound } from "./envelope.js";
import { newUuid, sessionIdFor } from "./ids.js";
import { excerptOf, isPlainObject, type JsonObject } from "./objects.js";
import type { StoreContext } from "./store-context.js";
import type {
  Conversation,
  ConversationMeta,
  ConversationState,
  Device,
  Message,
  MessageAuthor,
  MessageSender,
} from "./types.js";

export const CONVERSATION_STATES: readonly ConversationState[] = ["pending", "unresolved", "resolved"];
export const MESSAGE_TYPES = ["text", "note", "file", "animation", "audio", "picker", "field", "carousel", "event"] as const;
/** Crisp answers the latest messages in batches of this many. */
export const MESSAGE_BATCH = 20;

export interface ConversationFilter {
  resolved?: boolean;
  notResolved?: boolean;
  unread?: boolean;
  assignedTo?: string;
  unassigned?: boolean;
  /** Case-insensitive text found in the nickname, email or last message. */
  text?: string;
}

export interface NewMessage {
  type: string;
  from: MessageSender;
  origin?: string;
  content: unknown;
  user?: Partial<MessageAuthor>;
  mentions?: string[];
}

interface ConversationRecord {
  conversation: Conversation;
  /** Oldest first, timestamps strictly increasing. */
  messages: Message[];
}

const META_FIELDS = ["nickname", "email", "phone", "ip", "subject", "avatar", "segments", "data", "device"] as const;

export class ConversationStore {
  private readonly records = new Map<string, ConversationRecord>();

  constructor(
    private readonly context: StoreContext,
    /** Links a conversation to a people profile when their emails match. */
    private readonly peopleIdForEmail: (email: string) => string | undefined,
  ) {}

  /** Adds a finished conversation (the seed), without events. */
  load(conversation: Conversation, messages: Message[]): void {
    this.records.set(conversation.session_id, { conversation, messages });
  }

  has(sessionId: string): boolean {
    return this.records.has(sessionId);
  }

  get(sessionId: string): Conversation | undefined {
    return this.records.get(sessionId)?.conversation;
  }

  /** The conversation, or a Crisp 404. */
  require(sessionId: string): Conversation {
    return this.record(sessionId).conversation;
  }

  /** All conversations matching the filter, most recent activity first. */
  list(filter: ConversationFilter = {}): Conversation[] {
    const text = filter.text?.toLowerCase();
    const found: Conversation[] = [];
    for (const { conversation } of this.records.values()) {
      if (filter.resolved && conversation.state !== "resolved") continue;
      if (filter.notResolved && conversation.state === "resolved") continue;
      if (filter.unread && conversation.unread.operator === 0) continue;
      if (filter.assignedTo !== undefined && conversation.assigned?.user_id !== filter.assignedTo) continue;
      if (filter.unassigned && conversation.assigned) continue;
      if (text && !matchesText(conversation, text)) continue;
      found.push(conversation);
    }
    return found.sort((a, b) => b.updated_at - a.updated_at);
  }

  /** Conversations of one person, by people_id or by the email in their metas. */
  forPerson(peopleId: string, email: string): Conversation[] {
    const lowerEmail = email.toLowerCase();
    return this.list().filter(
      (conversation) => conversation.people_id === peopleId || conversation.meta.email?.toLowerCase() === lowerEmail,
    );
  }

  create(meta: Partial<ConversationMeta> = {}): Conversation {
    const now = this.context.now();
    const sessionId = sessionIdFor(newUuid());
    const conversation: Conversation = {
      session_id: sessionId,
      website_id: this.context.websiteId,
      state: "pending",
      is_verified: false,
      is_blocked: false,
      availability: "online",
      last_message: "",
      unread: { operator: 0, visitor: 0 },
      meta: { ...blankMeta(sessionId), ...meta },
      created_at: now,
      updated_at: now,
    };
    this.linkPeople(conversation);
    this.records.set(sessionId, { conversation, messages: [] });
    return conversation;
  }

  remove(sessionId: string): void {
    this.record(sessionId);
    this.records.delete(sessionId);
    this.context.emit("session:removed", { session_id: sessionId }, sessionId);
  }

  /**
   * A batch of up to 20 messages, oldest first: the latest ones, the ones just
   * before `before`, or the ones just after `after`.
   */
  messages(sessionId: string, window: { before?: number; after?: number } = {}): Message[] {
    const { messages } = this.record(sessionId);
    if (window.after !== undefined) {
      const after = window.after;
      return messages.filter((message) => message.timestamp > after).slice(0, MESSAGE_BATCH);
    }
    const before = window.before;
    const older = before === undefined ? messages : messages.filter((message) => message.timestamp < before);
    return older.slice(-MESSAGE_BATCH);
  }

  allMessages(sessionId: string): readonly Message[] {
    return this.record(sessionId).messages;
  }

  message(sessionId: string, fingerprint: number): Message {
    const found = this.record(sessionId).messages.find((message) => message.fingerprint === fingerprint);
    if (!found) throw notFound("message", `no message with fingerprint ${fingerprint} in this conversation`);
    return found;
  }

  append(sessionId: string, input: NewMessage): Message {
    const record = this.record(sessionId);
    const { conversation, messages } = record;
    const last = messages[messages.length - 1];
    // Paging by timestamp needs every message of a conversation at its own instant.
    const timestamp = Math.max(this.context.now(), (last?.timestamp ?? 0) + 1);
    const isNote = input.type === "note";
    const message: Message = {
      session_id: sessionId,
      website_id: this.context.websiteId,
      type: input.type,
      from: input.from,
      origin: input.origin ?? "chat",
      content: input.content,
      fingerprint: this.context.fingerprints.take(),
      timestamp,
      read: "",
      delivered: "",
      user: {
        nickname: input.user?.nickname ?? (input.from === "user" ? conversation.meta.nickname : "Operator"),
        ...(input.user?.user_id !== undefined ? { user_id: input.user.user_id } : {}),
        ...(input.user?.avatar !== undefined ? { avatar: input.user.avatar } : {}),
      },
      stamped: true,
      mentions: input.mentions ?? [],
    };
    messages.push(message);

    const previousState = conversation.state;
    if (input.from === "user") {
      conversation.state = "unresolved";
      conversation.unread.operator += 1;
      conversation.waiting_since ??= timestamp;
    } else if (!isNote) {
      if (conversation.state === "pending") conversation.state = "unresolved";
      conversation.unread.visitor += 1;
      delete conversation.waiting_since;
    }
    conversation.last_message = excerptOf(message.type, message.content);
    conversation.preview_message = {
      type: message.type,
      from: message.from,
      excerpt: conversation.last_message,
      fingerprint: message.fingerprint,
    };
    conversation.updated_at = timestamp;

    this.context.emit(input.from === "user" ? "message:send" : "message:received", message, sessionId);
    if (conversation.state !== previousState) {
      this.context.emit("session:set_state", { state: conversation.state }, sessionId);
    }
    return message;
  }

  updateMessage(sessionId: string, fingerprint: number, content: unknown): Message {
    const message = this.message(sessionId, fingerprint);
    message.content = content;
    this.context.emit("message:updated", message, sessionId);
    return message;
  }

  removeMessage(sessionId: string, fingerprint: number): void {
    const record = this.record(sessionId);
    const index = record.messages.findIndex((message) => message.fingerprint === fingerprint);
    if (index < 0) throw notFound("message", `no message with fingerprint ${fingerprint} in this conversation`);
    record.messages.splice(index, 1);
    this.context.emit("message:removed", { fingerprint }, sessionId);
  }

  setState(sessionId: string, state: ConversationState): Conversation {
    const { conversation, messages } = this.record(sessionId);
    conversation.state = state;
    if (state === "resolved") {
      // A resolved conversation waits for nobody and owes operators nothing to read.
      for (const message of messages) if (message.from === "user") message.read = message.read || "chat";
      conversation.unread.operator = 0;
      delete conversation.waiting_since;
    }
    conversation.updated_at = this.context.now();
    this.context.emit("session:set_state", { state }, sessionId);
    return conversation;
  }

  updateMeta(sessionId: string, patch: JsonObject): ConversationMeta {
    const { conversation } = this.record(sessionId);
    const meta = conversation.meta;
    for (const field of META_FIELDS) {
      const value = patch[field];
      if (value === undefined) continue;
      switch (field) {
        case "segments":
          if (!Array.isArray(value) || !value.every((item) => typeof item === "string")) {
            throw invalidData("segments must be an array of strings");
          }
          meta.segments = value;
          break;
        case "data":
          if (!isPlainObject(value)) throw invalidData("data must be an object");
          meta.data = { ...meta.data, ...value };
          break;
        case "device":
          if (!isPlainObject(value)) throw invalidData("device must be an object");
          meta.device = { ...meta.device, ...(value as Partial<Device>) };
          break;
        default:
          if (typeof value !== "string") throw invalidData(`${field} must be a string`);
          meta[field] = value;
      }
      this.context.emit(`session:set_${field}`, { [field]: field === "data" ? meta.data : value }, sessionId);
    }
    if (patch.email !== undefined) this.linkPeople(conversation);
    conversation.updated_at = this.context.now();
    return meta;
  }

  assign(sessionId: string, userId: string | null): Conversation {
    const { conversation } = this.record(sessionId);
    if (userId === null) delete conversation.assigned;
    else conversation.assigned = { user_id: userId };
    return conversation;
  }

  /** `reader` read the other side's messages (all, or only the given fingerprints). */
  markRead(sessionId: string, reader: MessageSender, fingerprints?: readonly number[]): void {
    const { conversation, messages } = this.record(sessionId);
    const author: MessageSender = reader === "operator" ? "user" : "operator";
    const wanted = fingerprints ? new Set(fingerprints) : undefined;
    for (const message of messages) {
      if (message.from !== author) continue;
      if (wanted && !wanted.has(message.fingerprint)) continue;
      message.read = message.read || "chat";
    }
    const stillUnread = messages.filter((message) => message.from === author && message.type !== "note" && !message.read).length;
    if (reader === "operator") conversation.unread.operator = stillUnread;
    else conversation.unread.visitor = stillUnread;
  }

  markUnread(sessionId: string, reader: MessageSender): void {
    const { conversation } = this.record(sessionId);
    if (reader === "operator") conversation.unread.operator = Math.max(conversation.unread.operator, 1);
    else conversation.unread.visitor = Math.max(conversation.unread.visitor, 1);
  }

  private record(sessionId: string): ConversationRecord {
    const record = this.records.get(sessionId);
    if (!record) throw notFound("session", `conversation ${sessionId} does not exist`);
    return record;
  }

  private linkPeople(conversation: Conversation): void {
    const peopleId = conversation.meta.email ? this.peopleIdForEmail(conversation.meta.email) : undefined;
    if (peopleId) conversation.people_id = peopleId;
    else delete conversation.people_id;
  }
}

function matchesText(conversation: Conversation, needle: string): boolean {
  const { nickname, email } = conversation.meta;
  return (
    nickname.toLowerCase().includes(needle) ||
    (email?.toLowerCase().includes(needle) ?? false) ||
    conversation.last_message.toLowerCase().includes(needle)
  );
}

export function blankDevice(): Device {
  return {
    geolocation: { country: "", region: "", city: "" },
    system: { os: { name: "", version: "" }, browser: { name: "", version: "" }, useragent: "" },
    timezone: 0,
    locales: [],
  };
}

function blankMeta(sessionId: string): ConversationMeta {
  return {
    nickname: `visitor${sessionId.slice(-4)}`,
    data: {},
    segments: [],
    device: blankDevice(),
  };
}
