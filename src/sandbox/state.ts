import type { EventEmitter } from "node:events";
import { ConversationStore } from "./conversation-store.js";
import { HelpdeskStore } from "./helpdesk-store.js";
import { FingerprintSequence } from "./ids.js";
import { KnowledgeBaseStore } from "./knowledge-base-store.js";
import { PeopleStore } from "./people-store.js";
import { HELPDESK_BASE_URL, LEGACY_HELPDESK_BASE_URL, SEEDED_OPERATORS, seedWorkspace } from "./seed.js";
import { seedKnowledgeBase } from "./seed-knowledge-base.js";
import { seedTeams } from "./seed-teams.js";
import type { StoreContext } from "./store-context.js";
import { TeamStore } from "./team-store.js";
import type { Message, Operator, SandboxEvent, Site, Website } from "./types.js";

/**
 * The simulated workspace: two websites sharing one team of operators. The
 * main website has the conversations, people, teams and a helpdesk on the
 * new Knowledge Base; the legacy website has only a helpdesk, on the legacy
 * Knowledge Base (articles). Handlers and tests change it through the
 * stores; every change that Crisp would push over RTM is emitted as an
 * "event".
 */
export class SandboxState {
  readonly website: Website;
  readonly legacyWebsite: Website;
  readonly operators: readonly Operator[];
  readonly conversations: ConversationStore;
  readonly people: PeopleStore;
  /** The legacy website's Knowledge Base: locales and articles. */
  readonly helpdesk: HelpdeskStore;
  /** The main website's Knowledge Base: trees of groups and entries, with history. */
  readonly knowledgeBase: KnowledgeBaseStore;
  readonly teams: TeamStore;
  readonly startedAt: number;
  /** The RTM socket URL the connect-endpoints routes give out, once the sandbox listens. */
  rtmEndpoint?: string;
  private readonly sites: ReadonlyMap<string, Site>;

  constructor(events: EventEmitter, startedAt = Date.now()) {
    this.startedAt = startedAt;
    const fingerprints = new FingerprintSequence();
    const workspace = seedWorkspace(startedAt, fingerprints);
    this.website = workspace.website;
    this.legacyWebsite = workspace.legacyWebsite;
    this.operators = workspace.operators;
    this.sites = new Map<string, Site>([
      [this.website.website_id, { website: this.website, knowledgeBase: "new", helpdeskUrl: HELPDESK_BASE_URL }],
      [this.legacyWebsite.website_id, { website: this.legacyWebsite, knowledgeBase: "legacy", helpdeskUrl: LEGACY_HELPDESK_BASE_URL }],
    ]);

    const context = (websiteId: string): StoreContext => ({
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
    });
    const main = context(this.website.website_id);
    const isOperator = (userId: string): boolean => this.operator(userId) !== undefined;

    this.people = new PeopleStore(main);
    this.conversations = new ConversationStore(main, (email) => this.people.peopleIdForEmail(email));
    this.helpdesk = new HelpdeskStore(context(this.legacyWebsite.website_id), LEGACY_HELPDESK_BASE_URL);
    const owner = SEEDED_OPERATORS.maya;
    this.knowledgeBase = new KnowledgeBaseStore({
      baseUrl: HELPDESK_BASE_URL,
      now: () => Date.now(),
      author: { user_id: owner.user_id, email: owner.email, name: `${owner.first_name} ${owner.last_name}` },
      isOperator,
    });
    this.teams = new TeamStore(() => Date.now(), isOperator);

    for (const { profile, data } of workspace.people) this.people.load(profile, data);
    for (const { conversation, messages } of workspace.conversations) this.conversations.load(conversation, messages);
    for (const locale of workspace.locales) this.helpdesk.loadLocale(locale);
    for (const article of workspace.articles) this.helpdesk.loadArticle(article);

    const knowledgeBase = seedKnowledgeBase(startedAt);
    for (const locale of knowledgeBase.locales) this.knowledgeBase.loadLocale(locale);
    for (const { key, parent, node } of knowledgeBase.nodes) this.knowledgeBase.loadNode(key, parent, node);
    for (const { change, revert } of knowledgeBase.changes) this.knowledgeBase.loadChange(change, revert);
    for (const feedback of knowledgeBase.feedbacks) this.knowledgeBase.loadFeedback(feedback);
    for (const team of seedTeams(startedAt)) this.teams.load(team);
  }

  get websiteId(): string {
    return this.website.website_id;
  }

  get legacyWebsiteId(): string {
    return this.legacyWebsite.website_id;
  }

  /** The website with this id, if the sandbox token reaches it. */
  site(websiteId: string): Site | undefined {
    return this.sites.get(websiteId);
  }

  /** The main website's site. */
  get mainSite(): Site {
    return this.sites.get(this.website.website_id)!;
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
