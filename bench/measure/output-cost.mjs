// Output cost: tokens an agent reads from our agent tools against Crisp's raw
// JSON for the same data. The agent tools come from another issue; until they
// are listed, these measures are reported as not available.
import { request } from "undici";
import { spawnOurs, startReady } from "../lib/servers.mjs";
import { countTokens, textOf } from "../lib/tokens.mjs";

export const TRANSCRIPT_TOOL = "get_conversation_transcript";
export const AWAITING_TOOL = "list_conversations_awaiting_reply";
const TRANSCRIPT_MESSAGES = 60;
const MAX_RAW_PAGES = 10;

export async function measureOutputCost(sandbox, transcriptSessionId) {
  const { server, tools } = await startReady(() => spawnOurs(sandbox));
  try {
    const byName = new Map(tools.map((t) => [t.name, t]));
    const raw = rawCrisp(sandbox);
    return {
      transcript: byName.has(TRANSCRIPT_TOOL)
        ? await transcriptCost(server, byName.get(TRANSCRIPT_TOOL), raw, transcriptSessionId)
        : { available: false, tool: TRANSCRIPT_TOOL },
      awaitingReply: byName.has(AWAITING_TOOL)
        ? await awaitingCost(server, raw)
        : { available: false, tool: AWAITING_TOOL },
    };
  } finally {
    await server.close();
  }
}

async function transcriptCost(server, tool, raw, sessionId) {
  const countParam = messageCountParam(tool);
  const args = { session_id: sessionId, ...(countParam ? { [countParam]: TRANSCRIPT_MESSAGES } : {}) };
  const result = await callTool(server, TRANSCRIPT_TOOL, args);
  // Compare like with like: as many of the latest raw messages as the transcript holds.
  const shown = messagesShown(result.structuredContent) ?? (countParam ? TRANSCRIPT_MESSAGES : undefined);
  const all = await raw.messages(sessionId);
  const same = all.slice(-(shown ?? all.length));
  return measured(TRANSCRIPT_TOOL, args, result, JSON.stringify(same), { messages: same.length });
}

async function awaitingCost(server, raw) {
  const result = await callTool(server, AWAITING_TOOL, {});
  const text = `${textOf(result)}\n${JSON.stringify(result.structuredContent ?? {})}`;
  const ids = new Set(text.match(/session_[0-9a-f-]{36}/g) ?? []);
  const conversations = (await raw.conversations()).filter((c) => ids.has(c.session_id));
  return measured(AWAITING_TOOL, {}, result, JSON.stringify(conversations), { conversations: conversations.length });
}

function measured(tool, args, result, rawJson, extra) {
  const tokens = countTokens(textOf(result));
  const rawTokens = countTokens(rawJson);
  return {
    available: true,
    tool,
    arguments: args,
    isError: Boolean(result.isError),
    tokens,
    structuredTokens: result.structuredContent ? countTokens(JSON.stringify(result.structuredContent)) : undefined,
    rawTokens,
    ratio: rawTokens > 0 ? tokens / rawTokens : undefined,
    ...extra,
  };
}

async function callTool(server, name, args) {
  const { result } = await server.request("tools/call", { name, arguments: args });
  if (result.isError) throw new Error(`${name} answered an error: ${textOf(result).slice(0, 300)}`);
  return result;
}

/** The integer argument that bounds how many messages a transcript holds, whatever its final name. */
function messageCountParam(tool) {
  const properties = tool.inputSchema?.properties ?? {};
  const candidates = Object.entries(properties).filter(([, schema]) => schema.type === "integer" || schema.type === "number");
  const named = candidates.find(([name]) => /last|limit|max|count|messages/i.test(name));
  return named?.[0];
}

/** How many messages a structured transcript holds: its `messages` count, or the length of its `messages` list. */
function messagesShown(structured) {
  const messages = structured?.messages;
  if (typeof messages === "number") return messages;
  if (Array.isArray(messages)) return messages.length;
  return undefined;
}

/** Crisp's raw answers, read from the sandbox over HTTP the way Crisp serves them. */
function rawCrisp(sandbox) {
  const headers = {
    authorization: `Basic ${Buffer.from(`${sandbox.identifier}:${sandbox.key}`).toString("base64")}`,
    "x-crisp-tier": sandbox.tier,
    accept: "application/json",
  };
  const get = async (path) => {
    const res = await request(`${sandbox.url}${path}`, { headers });
    const body = await res.body.json();
    if (res.statusCode !== 200 || body.error) throw new Error(`GET ${path} answered ${res.statusCode} ${body.reason}`);
    return body.data;
  };
  const site = `/website/${sandbox.websiteId}`;
  return {
    /** Every message, oldest first, paged back with timestamp_before as Crisp requires. */
    async messages(sessionId) {
      let messages = [];
      let before;
      for (let page = 0; page < MAX_RAW_PAGES; page++) {
        const query = before === undefined ? "" : `?timestamp_before=${before}`;
        const batch = await get(`${site}/conversation/${encodeURIComponent(sessionId)}/messages${query}`);
        if (batch.length === 0) break;
        messages = [...batch, ...messages];
        before = batch[0].timestamp;
      }
      return messages;
    },
    /** Conversation list pages until an empty one. */
    async conversations() {
      const all = [];
      for (let page = 1; page <= MAX_RAW_PAGES; page++) {
        const batch = await get(`${site}/conversations/${page}`);
        if (batch.length === 0) break;
        all.push(...batch);
      }
      return all;
    },
  };
}
