// "Emma Wilson (emma.wilson@example.com) is waiting: summarise who she is for
// the team in a note, then reply." A real agent finds the customer's open
// conversation from her email, reads her profile and history, leaves an
// internal note with the summary and answers her.
import { lineValue, sessionIn, unmark } from "./read.mjs";
import { requireOperatorText } from "./verify.mjs";

const EMAIL = "emma.wilson@example.com";

/** The note an agent writes, from the facts it read (the same facts on both paths). */
export function summaryNote({ name, email, segments, notepad, conversations, subject, data, asks }) {
  const pairs = Object.entries(data).map(([k, v]) => `${k}=${v}`).join(", ");
  return [
    `Customer summary: ${name} <${email}>, segments ${segments.join(", ")}.`,
    `Profile notes: ${notepad}`,
    `${conversations} conversation(s) with us; this one: "${subject}" (${pairs}).`,
    `Now asks: ${asks}`,
  ].join("\n");
}

export function replyTo({ name, data }) {
  return `Hi ${name.split(" ")[0]}, I've upgraded order #${data.order_id} to express delivery at no cost so it reaches you before your race, and I'll email you the new tracking link.`;
}

export default {
  key: "summarise-customer",
  title: "Summarise a customer in a note, then reply",
  rawToolsets: ["people", "conversations", "messages"],

  prepare(sandbox) {
    const person = sandbox.state.people.list().find((p) => p.email === EMAIL);
    const open = sandbox.state.conversations.forPerson(person.people_id, EMAIL).filter((c) => c.state !== "resolved");
    return { sessionId: open[0].session_id, notepad: person.notepad, orderId: open[0].meta.data.order_id };
  },

  async playDefault(agent) {
    // No agent tool goes from an email to conversations: the catalog has the method.
    await agent.call("search_crisp_methods", { query: "people conversations" });
    await agent.call("describe_crisp_method", { method: "list_people_conversations" });
    const open = await agent.method("list_people_conversations", { people_id: EMAIL, filter_not_resolved: true });
    const sessionId = sessionIn(JSON.stringify(open), "the customer's open conversations");
    const context = await agent.call("get_conversation_context", { session_id: sessionId });
    const lines = context.split("\n");
    // "Visitor: «Emma Wilson» «emma@…» | «phone» | people_id … | «Portland», «US» | segments «customer», «runner» | …"
    const visitor = (lineValue(context, "Visitor") ?? "").split(" | ");
    const [name] = /«([^»]+)»/.exec(lines.find((l) => l.startsWith("Visitor: ")) ?? "")?.slice(1) ?? ["there"];
    const segments = unmark(visitor.find((part) => part.startsWith("segments ")) ?? "segments ").slice(9).split(", ").filter(Boolean);
    const data = Object.fromEntries(
      [...(lines.find((l) => l.startsWith("Data: ")) ?? "").matchAll(/«([^»]+)»=«([^»]*)»/g)].map((m) => [m[1], m[2]]),
    );
    const visitorLines = lines.filter((l) => /^\d\d:\d\d visitor /.test(l));
    const asks = unmark(visitorLines.at(-1)?.replace(/^[^:]+:[^:]+: /, "") ?? "");
    // "Earlier conversations:" then one "session_… | state | updated | last" line each.
    const from = lines.indexOf("Earlier conversations:");
    const earlier = from === -1 ? 0 : lines.slice(from + 1).filter((l) => l.startsWith("session_")).length;
    const facts = {
      name,
      email: EMAIL,
      segments,
      notepad: lineValue(context, "Notepad") ?? "",
      conversations: 1 + earlier,
      subject: lineValue(context, "Subject") ?? "",
      data,
      asks,
    };
    await agent.call("add_internal_note", { session_id: sessionId, text: summaryNote(facts) });
    const reply = replyTo(facts);
    await agent.call("reply_to_conversation", { session_id: sessionId, text: reply });
    return { sessionId, note: summaryNote(facts), reply };
  },

  async playRaw(agent) {
    const profile = await agent.json("get_people_profile", { people_id: EMAIL });
    const all = await agent.json("list_people_conversations", { people_id: EMAIL });
    const conversations = [];
    for (const sessionId of all) conversations.push(await agent.json("get_conversation", { session_id: sessionId }));
    const current = conversations.find((c) => c.state !== "resolved");
    const messages = await agent.json("get_messages_in_conversation", { session_id: current.session_id });
    const asks = messages.filter((m) => m.from === "user" && m.type === "text").at(-1)?.content ?? "";
    const facts = {
      name: profile.person.nickname,
      email: profile.email,
      segments: profile.segments,
      notepad: profile.notepad,
      conversations: conversations.length,
      subject: current.meta.subject,
      data: current.meta.data,
      asks,
    };
    const note = summaryNote(facts);
    const send = (type, content) =>
      agent.json("send_message_in_conversation", { session_id: current.session_id, type, from: "operator", origin: "chat", content });
    await send("note", note);
    const reply = replyTo(facts);
    await send("text", reply);
    return { sessionId: current.session_id, note, reply };
  },

  verify(sandbox, prepared, outcome) {
    if (outcome.sessionId !== prepared.sessionId) throw new Error(`worked on ${outcome.sessionId}, not the customer's open conversation`);
    requireOperatorText(sandbox, prepared.sessionId, outcome.note, "note");
    requireOperatorText(sandbox, prepared.sessionId, outcome.reply, "text");
    for (const fact of [prepared.notepad, `order_id=${prepared.orderId}`, "Emma Wilson", "express"]) {
      if (!`${outcome.note}\n${outcome.reply}`.includes(fact)) throw new Error(`the note or reply misses "${fact}"`);
    }
    const messages = sandbox.state.conversations.allMessages(prepared.sessionId);
    const noteAt = messages.findIndex((m) => m.content === outcome.note);
    const replyAt = messages.findIndex((m) => m.content === outcome.reply);
    if (!(noteAt < replyAt)) throw new Error("the summary note was not written before the reply");
    return [`summary note, then reply, in ${prepared.sessionId}`];
  },
};
