// `npm run demo`: a short support-agent session against the embedded sandbox,
// through the real stdio server as an MCP client would start it.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { fileURLToPath } from "node:url";
import { startSandbox } from "./sandbox/index.js";

const out = (line = "") => process.stdout.write(`${line}\n`);

function preview(result: CallToolResult, max = 360): string {
  const text = result.content.map((c) => (c.type === "text" ? c.text : `[${c.type}]`)).join(" ");
  return (result.isError ? "ERROR " : "") + (text.length > max ? `${text.slice(0, max)}…` : text);
}

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

async function callOn(client: Client, name: string, args: Record<string, unknown>): Promise<CallToolResult> {
  out(`> ${name} ${JSON.stringify(args)}`);
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
  out(`  ${preview(result)}`);
  out();
  return result;
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

  const call = (name: string, args: Record<string, unknown>) => callOn(client, name, args);
  const has = (name: string) => tools.some((t) => t.name === name);

  // 1. Find the conversations waiting for an answer.
  let sessionId: string | undefined;
  if (has("list_conversations_awaiting_reply")) {
    const waiting = await call("list_conversations_awaiting_reply", { limit: 5 });
    sessionId = (waiting.structuredContent as { conversations?: { session_id: string }[] })?.conversations?.[0]?.session_id;
  } else {
    const listed = await call("list_conversations", { page_number: 1, filter_not_resolved: true });
    sessionId = JSON.parse((listed.content[0] as { text: string }).text)[0]?.session_id;
  }
  if (!sessionId) throw new Error("the sandbox has no conversation waiting");

  // 2. Read it.
  const context = has("get_conversation_context")
    ? await call("get_conversation_context", { session_id: sessionId })
    : await call("get_conversation", { session_id: sessionId });
  // The profile's id, not the email: what a visitor wrote is shown marked « », an id is not.
  const peopleId =
    (context.structuredContent as { visitor?: { people_id?: string } })?.visitor?.people_id ??
    JSON.parse((context.content[0] as { text: string }).text)?.people_id;

  // 3. Look the question up in the help center (the new Knowledge Base here), read the best match, answer with it.
  const subject = (context.structuredContent as { subject?: string })?.subject?.replace(/[«»]/g, "") ?? "order question";
  let text = "Thanks for your patience, and sorry for the wait! I'm looking into this now and will get back to you shortly.";
  if (has("search_helpdesk_articles")) {
    const found = await call("search_helpdesk_articles", { query: subject, limit: 3 });
    const best = (found.structuredContent as { articles?: { title: string; url?: string; content_type?: string; tree_path?: string }[] })
      ?.articles?.[0];
    if (best?.tree_path) {
      const article = await call("read_helpdesk_article", { content_type: best.content_type, tree_path: best.tree_path });
      const content = (article.structuredContent as { content?: string })?.content ?? "";
      const facts = content.split("\n").filter((line) => line.trim() !== "" && !line.startsWith("#")).slice(0, 2).join(" ");
      text = `Thanks for waiting! From our help center (${best.title}): ${facts.replace(/\*\*/g, "")}${best.url ? ` More: ${best.url}` : ""}`;
    }
  }
  if (has("reply_to_conversation")) await call("reply_to_conversation", { session_id: sessionId, text });
  else {
    await call("call_crisp_method", {
      method: "send_message_in_conversation",
      arguments: { session_id: sessionId, type: "text", from: "operator", origin: "chat", content: text },
    });
  }

  // 4. Note what happened on the person's profile, through the catalog tools.
  await call("search_crisp_methods", { query: "update people profile", limit: 3 });
  if (peopleId) {
    await call("call_crisp_method", {
      method: "update_people_profile",
      arguments: { people_id: peopleId, notepad: "Followed up in chat after a long wait (demo)." },
    });
  }

  // 5. Resolve the conversation.
  await call("change_conversation_state", { session_id: sessionId, state: "resolved" });

  await client.close();

  // 6. The same help-center lookup on a website still on the legacy Knowledge Base: the tools find out which one it uses.
  out(`Second website ${sandbox.legacyWebsiteId}, still on the legacy Knowledge Base:`);
  const legacy = await connect({ ...env, CRISP_WEBSITE_ID: sandbox.legacyWebsiteId });
  await callOn(legacy, "search_helpdesk_articles", { query: subject, limit: 2 });
  await legacy.close();

  await sandbox.close();
  out("Done: every call above went through the real stdio server to the sandbox over HTTP.");
}

main().catch((error: unknown) => {
  process.stderr.write(`demo failed: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});
