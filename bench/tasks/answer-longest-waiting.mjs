// "Answer the conversation that has waited longest, from the help center."
// A real agent finds the open conversation whose visitor has waited longest,
// reads it, looks up the help center on its subject, reads the best article
// and replies with what the article says.
import { bestMatch, firstParagraph, firstWord, lineValue, sessionIn, treeEntries, unmark } from "./read.mjs";
import { requireOperatorText } from "./verify.mjs";

/** The reply an agent writes from an article: a greeting and the article's text without its headings. */
export function replyFrom(name, markdown) {
  const body = markdown.split(/\n\s*\n/).map((p) => p.trim()).filter((p) => p !== "" && !p.startsWith("#")).join(" ");
  return `Hi ${name}, thanks for waiting. ${body}`;
}

export default {
  key: "answer-longest-waiting",
  title: "Answer the longest-waiting conversation from the help center",
  rawToolsets: ["conversations", "messages", "helpdesk"],

  prepare(sandbox) {
    // What verification checks against, taken from the workspace before the agent starts.
    const waiting = sandbox.state.conversations
      .list({ notResolved: true })
      .filter((c) => c.preview_message?.from === "user" && c.waiting_since !== undefined)
      .sort((a, b) => a.waiting_since - b.waiting_since);
    const teamArticle = sandbox.state.knowledgeBase.content({ locale: "en", contentType: "articles" }, ["orders-shipping", "team-and-bulk-orders"]);
    return { longest: waiting[0].session_id, terms: firstParagraph(teamArticle) };
  },

  async playDefault(agent) {
    const inbox = await agent.call("list_conversations_awaiting_reply", { limit: 1 });
    const sessionId = sessionIn(inbox.split("\n")[1] ?? "", "the first row of the inbox");
    const context = await agent.call("get_conversation_context", { session_id: sessionId });
    const subject = lineValue(context, "Subject");
    const name = firstWord(lineValue(context, "Visitor") ?? "there");
    const found = await agent.call("search_helpdesk_articles", { query: subject });
    // Result lines: "<content_type> <tree_path> | <title> | <url> | <description>".
    const rows = found.split("\n").slice(1).map((line) => {
      const [head, title, , description] = line.split(" | ");
      const [contentType, treePath] = head.split(" ");
      return { contentType, treePath, title, description };
    });
    const article = bestMatch(subject, rows.filter((r) => r.contentType === "articles"), (r) => `${r.title} ${r.description}`);
    const read = await agent.call("read_helpdesk_article", { tree_path: article.treePath, content_type: article.contentType });
    const content = read.split("\n").slice(1).join("\n"); // first line: title | url | knowledge base
    const reply = replyFrom(name, content);
    await agent.call("reply_to_conversation", { session_id: sessionId, text: reply });
    return { sessionId, reply };
  },

  async playRaw(agent) {
    const open = await agent.json("list_conversations", { filter_not_resolved: true });
    const waiting = open
      .filter((c) => c.preview_message?.from === "user" && c.waiting_since !== undefined)
      .sort((a, b) => a.waiting_since - b.waiting_since);
    const conversation = waiting[0];
    const sessionId = conversation.session_id;
    await agent.json("get_messages_in_conversation", { session_id: sessionId });
    const subject = conversation.meta.subject;
    const name = firstWord(unmark(conversation.meta.nickname ?? "there"));
    // No search among raw methods: list the articles' tree and pick by title.
    const tree = await agent.json("list_helpdesk_tree", { locale: "en", content_type: "articles" });
    const article = bestMatch(subject, treeEntries(tree).filter((e) => e.state?.published), (e) => e.title);
    const { content } = await agent.json("resolve_helpdesk_tree_content", {
      locale: "en",
      content_type: "articles",
      tree_path: article.tree_path,
    });
    const reply = replyFrom(name, content);
    await agent.json("send_message_in_conversation", {
      session_id: sessionId,
      type: "text",
      from: "operator",
      origin: "chat",
      content: reply,
    });
    return { sessionId, reply };
  },

  verify(sandbox, prepared, outcome) {
    if (outcome.sessionId !== prepared.longest) {
      throw new Error(`answered ${outcome.sessionId}, but ${prepared.longest} had waited longest`);
    }
    requireOperatorText(sandbox, prepared.longest, outcome.reply, "text");
    if (!outcome.reply.includes(prepared.terms)) throw new Error("the reply does not carry the team-order article's terms");
    return [`reply with the team-order article's terms posted to ${prepared.longest}, the longest waiting`];
  },
};
