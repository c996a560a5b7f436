import type { EventEmitter } from "node:events";
import { ConversationStore } from "./conversation-store.js";
import { HelpdeskStore } from "./helpdesk-store.js";
import { FingerprintSequence } from "./ids.js";
import { PeopleStore } from "./people-store.js";
import { HELPDESK_BASE_URL, seedWorkspace } from "./seed.js";
import type { StoreContext } from "./store-context.js";
import type { Message, Operator, SandboxEvent, Website } from "./types.js";

/**
 * The simulated workspace: one website with its operators, conversations,
 * people and helpdesk. Handlers and tests change it through the stores; every
 * change that Crisp would push over RTM is emitted as an "event".
 */
export class SandboxState {
  readonly website: Website;
  readonly operators: readonly Operator[];
  readonly conversations: ConversationStore;
  readonly people: PeopleStore;
  readonly helpdesk: HelpdeskStore;
  readonly startedAt: number;
  /** The RTM socket URL the connect-endpoints routes give out, once the sandbox listens. */
  rtmEndpoint?: string;

  constructor(events: EventEmitter, startedAt = Date.now()) {
    this.startedAt = startedAt;
    const fingerprints = new FingerprintSequence();
    const workspace = seedWorkspace(startedAt, fingerprints);
    this.website = workspace.website;
    this.operators = workspace.operators;

    const websiteId = workspace.website.website_id;
    const context: StoreContext = {
      websiteId,
      fingerprints,
      now: () => Date.now(),
      emit: (event, data, sessionId) => {
        const payload: SandboxEvent = {
          event,
          website_id: websiteId,
          ...(sessionId !== undefined ? { session_id: sessionId } : {}),
          data,
          timestamp: Date.now(),
        };
        events.emit("event", payload);
      },
    };

    this.people = new PeopleStore(context);
    this.conversations = new ConversationStore(context, (email) => this.people.peopleIdForEmail(email));
    this.helpdesk = new HelpdeskStore(context, HELPDESK_BASE_URL);

    for (const { profile, data } of workspace.people) this.people.load(profile, data);
    for (const { conversation, messages } of workspace.conversations) this.conversations.load(conversation, messages);
    for (const locale of workspace.locales) this.helpdesk.loadLocale(locale);
    for (const article of workspace.articles) this.helpdesk.loadArticle(article);
  }

  get websiteId(): string {
    return this.website.website_id;
  }

  operator(userId: string): Operator | undefined {
    return this.operators.find((candidate) => candidate.user_id === userId);
  }

  /**
   * A visitor writes in the chatbox: the conversation becomes unresolved and
   * unread for operators, and "message:send" is emitted. Without a session id
   * a new conversation is started.
   */
  addVisitorMessage(text: string): Message;
  addVisitorMessage(sessionId: string | undefined, text: string): Message;
  addVisitorMessage(first: string | undefined, second?: string): Message {
    const [sessionId, text] = second === undefined ? [undefined, first ?? ""] : [first, second];
    const target = sessionId ?? this.conversations.create().session_id;
    const message = this.conversations.append(target, { type: "text", from: "user", origin: "chat", content: text });
    return structuredClone(message);
  }
}
