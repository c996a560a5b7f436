// `npm run demo`: a short support-agent session against the embedded sandbox,
// through the real stdio server as an MCP client would start it. A scripted
// agent finds the visitor who waited longest, reads her conversation, looks
// her questions up in the help center, answers with what the articles say,
// and adds a line to her profile's notepad, keeping what was there.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { fileURLToPath } from "node:url";
import { questionsAsked } from "./demo/facts.js";
import { showCall, showResult, textOf, type Out } from "./demo/print.js";
import { startSandbox } from "./sandbox/index.js";

const out: Out = (line = "") => process.stdout.write(`${line}\n`);

/** What the tools mark as visitor text, «like this», without the marks. */
const unmarked = (text: string | undefined) => text?.replace(/[«»]/g, "");

/** "a, b and c". */
const listed = (items: readonly string[]) => (items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`);

/** Spawns the real stdio server, as an MCP client would. */
async function connect(env: Record<string, string>): Promise<Client> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [fileURLToPath(new URL("./cli.js", import.meta.url))],
    env,
    stderr: "ignore",
  });
  const client = new Client({ name: "crisp-mcp-demo", version: "1.0.0" });
  await client.connect(transport);
  return client;
}

/** Calls a tool and shows the call and its result: its text, or the lines `shown` picks out of it. */
type Call = (name: string, args: Record<string, unknown>, shown?: (result: CallToolResult) => string[]) => Promise<CallToolResult>;

function caller(client: Client): Call {
  return async (name, args, shown) => {
    showCall(out, name, args);
    const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
    showResult(out, result, result.isError || !shown ? {} : { lines: shown(result) });
    if (result.isError) throw new Error(`${name} failed: ${textOf(result)}`);
    return result;
  };
}

interface Context {
  data?: Record<string, unknown>;
  visitor: { name?: string; people_id?: string };
  lines: string[];
}

interface Found {
  articles: { title: string; url?: string; content_type?: string; tree_path?: string }[];
}

async function main(): Promise<void> {
  const sandbox = await startSandbox();
  out(`Sandbox: a simulated Crisp workspace at ${sandbox.url} (website ${sandbox.websiteId})`);

  const env = {
    PATH: process.env.PATH ?? "",
    CRISP_API_URL: sandbox.url,
    CRISP_IDENTIFIER: sandbox.identifier,
    CRISP_KEY: sandbox.key,
    CRISP_TIER: sandbox.tier,
    CRISP_WEBSITE_ID: sandbox.websiteId,
  };
  const client = await connect(env);
  const { tools } = await client.listTools();
  out(`Server: crisp-mcp over stdio, ${tools.length} tools listed by default: ${tools.map((t) => t.name).join(", ")}`);
  out();
  const call = caller(client);

  out("1. Who is waiting for an answer?");
  const waiting = await call("list_conversations_awaiting_reply", { limit: 3 });
  const sessionId = (waiting.structuredContent as { conversations: { session_id: string }[] }).conversations[0]?.session_id;
  if (!sessionId) throw new Error("the sandbox has no conversation waiting");

  out("2. Read the longest-waiting conversation: its messages, the visitor's profile and notepad.");
  const context = (await call("get_conversation_context", { session_id: sessionId })).structuredContent as unknown as Context;
  const visitorLines = context.lines.filter((line) => / visitor /.test(line));
  const questions = questionsAsked(visitorLines);
  const firstName = unmarked(context.visitor.name)?.split(" ")[0] ?? "there";
  out(`   Her questions: ${listed(questions.map((q) => q.about))}.`);
  out();

  out("3. Look each question up in the help center and read the best article.");
  const articles = new Map<string, { title: string; url?: string; content: string }>();
  for (const search of new Set(questions.map((q) => q.search))) {
    const found = (await call("search_helpdesk_articles", { query: search, limit: 3 })).structuredContent as unknown as Found;
    const best = found.articles[0];
    if (!best?.tree_path) throw new Error(`the help center has nothing on "${search}"`);
    const read = await call("read_helpdesk_article", { content_type: best.content_type, tree_path: best.tree_path });
    const content = (read.structuredContent as { content?: string }).content ?? "";
    articles.set(search, { title: best.title, ...(best.url ? { url: best.url } : {}), content });
  }

  out("4. Answer every question with what the articles say.");
  const answers = questions.map((question) => {
    const article = articles.get(question.search)!;
    const answer = question.answer(article.content);
    if (!answer) throw new Error(`"${article.title}" does not answer: ${question.topic}`);
    return `${question.topic}: ${answer}`;
  });
  const links = [...new Set([...articles.values()].map((a) => a.url).filter(Boolean))];
  const reply = [
    `Hi ${firstName}, thank you for your patience! Here is what our help center says:`,
    ...answers,
    `Details: ${links.join(" and ")}`,
    "Send us the size list when it is ready and we will prepare your quote.",
  ].join("\n");
  await call("reply_to_conversation", { session_id: sessionId, text: reply });

  // The context showed the notepad cleaned and clipped; the profile has it exactly, newlines and all.
  out("5. Add a line to her profile's notepad, keeping what is there: read it exactly, then write it back with the new line.");
  const peopleId = context.visitor.people_id;
  if (!peopleId) throw new Error("the visitor has no people profile");
  await call("search_crisp_methods", { query: "update people profile", limit: 3 });
  const notepadOf = (profile: CallToolResult) => (JSON.parse(textOf(profile)) as { notepad?: string }).notepad ?? "";
  const notepadLines = (profile: CallToolResult) => ["notepad:", ...notepadOf(profile).split("\n").map((line) => `| ${line}`)];
  const readProfile = { method: "get_people_profile", arguments: { people_id: peopleId } };
  const notepad = notepadOf(await call("call_crisp_method", readProfile, notepadLines));
  const quantity = context.data?.["«quantity»"];
  const added = `${new Date().toISOString().slice(0, 10)}: answered ${listed(questions.map((q) => q.about))} from the help center; quote${quantity !== undefined ? ` for ${String(quantity)} pairs` : ""} once her size list arrives.`;
  await call("call_crisp_method", {
    method: "update_people_profile",
    arguments: { people_id: peopleId, notepad: notepad === "" ? added : `${notepad}\n${added}` },
  });
  await call("call_crisp_method", readProfile, notepadLines);

  // Not resolved: she sends her size list tomorrow and the quote follows; a resolved conversation would drop out of the queue.
  out("6. Left open on purpose: the answer is complete for today, but her size list and the quote are still to come.");
  out();
  await client.close();

  out(`7. The same help-center lookup on a second website, ${sandbox.legacyWebsiteId}, still on the legacy Knowledge Base:`);
  const legacy = await connect({ ...env, CRISP_WEBSITE_ID: sandbox.legacyWebsiteId });
  await caller(legacy)("search_helpdesk_articles", { query: questions[0]?.search ?? "team order", limit: 2 });
  await legacy.close();

  // Straight from the sandbox's memory, not through the server: what the session left behind.
  const conversation = sandbox.state.conversations.require(sessionId);
  const lastMessage = sandbox.state.conversations.allMessages(sessionId).at(-1);
  out("The sandbox after the session (read from its memory, not through the server):");
  out(`  ${sessionId}: ${conversation.state}, last message from the ${lastMessage?.from === "operator" ? "operator" : "visitor"}:`);
  for (const line of String(lastMessage?.content ?? "").split("\n")) out(`  | ${line}`);
  out(`  Notepad of ${unmarked(context.visitor.name) ?? peopleId}:`);
  for (const line of sandbox.state.people.require(peopleId).notepad.split("\n")) out(`  | ${line}`);
  out();

  await sandbox.close();
  out("Done: every call above went through the real stdio server to the sandbox over HTTP.");
}

main().catch((error: unknown) => {
  process.stderr.write(`demo failed: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});
