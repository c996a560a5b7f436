#!/usr/bin/env node
// The floor: the least an MCP server for this job can be. A bare MCP SDK stdio
// server with one tool that sends the same Crisp request as our get_conversation
// (GET /website/{website_id}/conversation/{session_id}) and returns the data as
// JSON text. Same settings as ours (CRISP_API_URL, CRISP_IDENTIFIER, CRISP_KEY,
// CRISP_TIER, CRISP_WEBSITE_ID), same SDK, zod and undici versions.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { request } from "undici";
import { z } from "zod";

const env = process.env;
const base = (env.CRISP_API_URL ?? "https://api.crisp.chat/v1").replace(/\/+$/, "");
const headers = {
  authorization: `Basic ${Buffer.from(`${env.CRISP_IDENTIFIER}:${env.CRISP_KEY}`).toString("base64")}`,
  "x-crisp-tier": env.CRISP_TIER ?? "plugin",
  accept: "application/json",
};

const server = new McpServer({ name: "floor", version: "0.0.0" });

server.registerTool(
  "get_conversation",
  {
    description: "Get one conversation",
    inputSchema: { session_id: z.string().describe("Conversation session id") },
    annotations: { readOnlyHint: true },
  },
  async ({ session_id }, extra) => {
    const path = `/website/${encodeURIComponent(env.CRISP_WEBSITE_ID ?? "")}/conversation/${encodeURIComponent(session_id)}`;
    const res = await request(`${base}${path}`, { method: "GET", headers, signal: extra.signal });
    const envelope = await res.body.json();
    if (res.statusCode >= 400 || envelope.error) {
      return { isError: true, content: [{ type: "text", text: `Crisp answered ${res.statusCode} ${envelope.reason}` }] };
    }
    return { content: [{ type: "text", text: JSON.stringify(envelope.data) }] };
  },
);

const transport = new StdioServerTransport();
await server.connect(transport);
process.stdin.once("end", () => process.exit(0));
