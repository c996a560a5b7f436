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

async function main(): Promise<void> {
  const sandbox = await startSandbox();
  out(`Sandbox: a simulated Crisp workspace at ${sandbox.url} (website ${sandbox.websiteId})`);

  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [fileURLToPath(new URL("./cli.js", import.meta.url))],
    env: {
      PATH: process.env.PATH ?? "",
      CRISP_API_URL: sandbox.url,
      CRISP_IDENTIFIER: sandbox.identifier,
      CRISP_KEY: sandbox.key,
      CRISP_TIER: sandbox.tier,
      CRISP_WEBSITE_ID: sandbox.websiteId,
    },
    stderr: "ignore",
  });
  const client = new Client({ name: "crisp-mcp-demo", version: "1.0.0" });
  await client.connect(transport);
  const { tools } = await client.listTools();
  out(`Server: crisp-mcp over stdio, ${tools.length} tools listed by default: ${tools.map((t) => t.name).join(", ")}`);
  out();

  const call = async (name: string, args: Record<string, unknown>) => {
    out(`> ${name} ${JSON.stringify(args)}`);
    const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
    out(`  ${preview(result)}`);
    out();
    return result;
  };
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
  const email =
    (context.structuredContent as { visitor?: { email?: string } })?.visitor?.email ??
    JSON.parse((context.content[0] as { text: string }).text)?.meta?.email;

  // 3. Answer the visitor.
  // The longest-waiting conversation comes first; this answer fits any of them.
  const text = "Thanks for your patience, and sorry for the wait! I'm looking into this now and will get back to you within the hour.";
  if (has("reply_to_conversation")) await call("reply_to_conversation", { session_id: sessionId, text });
  else {
    await call("call_crisp_method", {
      method: "send_message_in_conversation",
      arguments: { session_id: sessionId, type: "text", from: "operator", origin: "chat", content: text },
    });
  }

  // 4. Note what happened on the person's profile, through the catalog tools.
  await call("search_crisp_methods", { query: "update people profile", limit: 3 });
  if (email) {
    await call("call_crisp_method", {
      method: "update_people_profile",
      arguments: { people_id: email, notepad: "Followed up in chat after a long wait (demo)." },
    });
  }

  // 5. Resolve the conversation.
  await call("change_conversation_state", { session_id: sessionId, state: "resolved" });

  await client.close();
  await sandbox.close();
  out("Done: every call above went through the real stdio server to the sandbox over HTTP.");
}

main().catch((error: unknown) => {
  process.stderr.write(`demo failed: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});
