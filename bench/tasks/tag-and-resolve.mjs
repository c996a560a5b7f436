// "The broken link in this morning's newsletter is fixed and everyone who
// wrote in about it got an email: tag those conversations newsletter-link and
// resolve them." A real agent finds the open conversations about the link,
// adds the tag to each (keeping the tags they have) and resolves them.
import { SESSION_ID } from "./read.mjs";

const TAG = "newsletter-link";

/** Visitors who wrote in about the link before the agent starts (the same on both paths). */
const WRITERS = [
  { nickname: "Ana Costa", email: "ana.costa@example.pt", segments: ["promotions"], text: "The 'Shop the spring sale' button in today's newsletter opens a 404 page." },
  { nickname: "Ben Carter", email: "ben.carter@example.com", segments: [], text: "Your newsletter link is broken, I just get an error page." },
  { nickname: "Chloé Martin", email: "chloe.martin@example.fr", segments: ["vip"], text: "Hi! The link in the newsletter doesn't work on my phone or laptop." },
];

/** Which open conversations are about the newsletter link: the agent's reading of the visitor's words. */
const aboutTheLink = (text) => /newsletter/i.test(text) && /link|button/i.test(text);

export default {
  key: "tag-and-resolve",
  title: "Tag and resolve a batch of conversations",
  rawToolsets: ["conversations"],

  prepare(sandbox) {
    const sessions = WRITERS.map(({ nickname, email, segments, text }) => {
      const conversation = sandbox.state.conversations.create({ nickname, email, segments: [...segments] });
      sandbox.state.addVisitorMessage(conversation.session_id, text);
      return { sessionId: conversation.session_id, segments };
    });
    const others = sandbox.state.conversations
      .list()
      .filter((c) => !sessions.some((s) => s.sessionId === c.session_id))
      .map((c) => ({ sessionId: c.session_id, state: c.state, segments: [...c.meta.segments] }));
    return { sessions, others };
  },

  async playDefault(agent) {
    const inbox = await agent.call("list_conversations_awaiting_reply", {});
    const targets = inbox.split("\n").slice(1).filter(aboutTheLink).map((row) => SESSION_ID.exec(row)[0]);
    await agent.call("search_crisp_methods", { query: "conversation segments" });
    await agent.call("describe_crisp_method", { method: "update_conversation_metas" });
    for (const sessionId of targets) {
      // Crisp sets segments whole: read the current ones so the tag is added, not swapped in.
      const metas = await agent.method("get_conversation_metas", { session_id: sessionId });
      await agent.method("update_conversation_metas", { session_id: sessionId, segments: [...(metas.segments ?? []), TAG] });
      await agent.call("change_conversation_state", { session_id: sessionId, state: "resolved" });
    }
    return { targets };
  },

  async playRaw(agent) {
    const found = await agent.json("list_conversations", { filter_not_resolved: true, search_query: "newsletter", search_type: "text" });
    const targets = found.filter((c) => aboutTheLink(c.last_message ?? ""));
    for (const conversation of targets) {
      const segments = [...(conversation.meta?.segments ?? []), TAG];
      await agent.json("update_conversation_metas", { session_id: conversation.session_id, segments });
      await agent.json("change_conversation_state", { session_id: conversation.session_id, state: "resolved" });
    }
    return { targets: targets.map((c) => c.session_id) };
  },

  verify(sandbox, prepared, outcome) {
    const { conversations } = sandbox.state;
    if (outcome.targets.length !== prepared.sessions.length) {
      throw new Error(`acted on ${outcome.targets.length} conversations, ${prepared.sessions.length} were about the link`);
    }
    for (const { sessionId, segments } of prepared.sessions) {
      const c = conversations.require(sessionId);
      if (c.state !== "resolved") throw new Error(`${sessionId} is ${c.state}, not resolved`);
      const want = [...segments, TAG];
      if (JSON.stringify(c.meta.segments) !== JSON.stringify(want)) {
        throw new Error(`${sessionId} has segments ${JSON.stringify(c.meta.segments)}, not ${JSON.stringify(want)}`);
      }
    }
    for (const other of prepared.others) {
      const c = conversations.require(other.sessionId);
      if (c.state !== other.state || JSON.stringify(c.meta.segments) !== JSON.stringify(other.segments)) {
        throw new Error(`${other.sessionId} changed, but it is not about the link`);
      }
    }
    return [`${prepared.sessions.length} conversations tagged ${TAG} (their tags kept) and resolved; no other changed`];
  },
};
