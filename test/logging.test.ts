import { LoggingMessageNotificationSchema, type LoggingMessageNotification } from "@modelcontextprotocol/sdk/types.js";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createServer } from "../src/server.js";
import { startHttpServer } from "../src/transports/http.js";
import { seededSessionId, startSandbox, type Sandbox } from "../src/sandbox/index.js";
import { connectInMemory, serverSettings, startHarness, textOf, type Harness } from "./helpers/harness.js";
import { envFor, killSpawned, spawnBin, type RpcMessage } from "./helpers/spawn-bin.js";
import { until } from "./helpers/until.js";

// Issue 14, item 10: the server declares `logging`, so it sends
// notifications/message: retries, rate limits, degraded Knowledge Base
// detection and RTM reconnects reach the client's log, at the level the
// client set, never with a credential, and over stdio only as JSON-RPC.

type LogParams = LoggingMessageNotification["params"];

let sandbox: Sandbox;
let harness: Harness;
let messages: LogParams[];

const conversationsPath = () => new RegExp(`^/website/${sandbox.websiteId}/conversations/1$`);

function listen(client: Client, into: LogParams[]): void {
  client.setNotificationHandler(LoggingMessageNotificationSchema, (notification) => {
    into.push(notification.params);
  });
}

function expectNoCredential(text: string): void {
  expect(text).not.toContain(sandbox.key);
  expect(text).not.toContain(sandbox.identifier);
  expect(text).not.toContain(Buffer.from(`${sandbox.identifier}:${sandbox.key}`).toString("base64"));
}

beforeAll(async () => {
  sandbox = await startSandbox();
  harness = await startHarness({ existingSandbox: sandbox, settings: { toolsets: ["default"], websiteId: sandbox.websiteId } });
  listen(harness.mcp, (messages = []));
});
afterAll(async () => {
  killSpawned();
  await harness.close();
  await sandbox.close();
});
afterEach(async () => {
  sandbox.faults.clear();
  messages.length = 0;
  await harness.mcp.setLoggingLevel("info");
});

describe("a tool call's log", () => {
  it("a 429 that is retried is a warning naming the route, the status and the retry", async () => {
    sandbox.faults.add({ method: "GET", path: conversationsPath(), kind: "status", status: 429, retryAfter: 0, times: 1 });
    const result = await harness.call("list_conversations_awaiting_reply", {});
    expect(result.isError, textOf(result)).toBeFalsy();
    const warning = messages.find((m) => m.logger === "crisp-mcp/crisp");
    expect(warning?.level).toBe("warning");
    expect(String(warning?.data)).toMatch(
      new RegExp(`^GET /website/${sandbox.websiteId}/conversations/1: Crisp answered 429 \\(rate limited\\); retrying in 0\\.0s \\(attempt 2 of 3\\)$`),
    );
    for (const message of messages) expectNoCredential(JSON.stringify(message));
  });

  it("a 503 that is retried is an info message", async () => {
    sandbox.faults.add({ method: "GET", path: conversationsPath(), kind: "status", status: 503, times: 1 });
    await harness.call("list_conversations_awaiting_reply", {});
    expect(messages.map((m) => [m.level, m.logger])).toContainEqual(["info", "crisp-mcp/crisp"]);
    expect(String(messages[0]!.data)).toMatch(/Crisp answered 503; retrying in/);
  });

  it("a rate-limited POST says it was not sent twice", async () => {
    const session = seededSessionId("team-order");
    sandbox.faults.add({ method: "POST", path: `/website/${sandbox.websiteId}/conversation/${session}/message`, kind: "status", status: 429, times: 1 });
    const result = await harness.call("reply_to_conversation", { session_id: session, text: "On its way." });
    expect(result.isError).toBe(true);
    expect(messages).toContainEqual(
      expect.objectContaining({ level: "warning", data: expect.stringMatching(/Crisp answered 429 \(rate limited\); not retried: a POST is never sent twice$/) }),
    );
  });

  it("the level the client sets filters what is sent", async () => {
    await harness.mcp.setLoggingLevel("error");
    sandbox.faults.add({ method: "GET", path: conversationsPath(), kind: "status", status: 429, retryAfter: 0, times: 1 });
    await harness.call("list_conversations_awaiting_reply", {});
    expect(messages).toEqual([]);

    await harness.mcp.setLoggingLevel("warning");
    sandbox.faults.add({ method: "GET", path: conversationsPath(), kind: "status", status: 503, times: 1 });
    sandbox.faults.add({ method: "GET", path: conversationsPath(), kind: "status", status: 429, retryAfter: 0, times: 1 });
    await harness.call("list_conversations_awaiting_reply", {});
    expect(messages.map((m) => m.level)).toEqual(["warning"]);
  });

  it("a website on the legacy Knowledge Base is a notice", async () => {
    const legacy = await startHarness({
      existingSandbox: sandbox,
      settings: { toolsets: ["default"], websiteId: sandbox.legacyWebsiteId },
    });
    const seen: LogParams[] = [];
    listen(legacy.mcp, seen);
    try {
      const result = await legacy.call("search_helpdesk_articles", { query: "shipping" });
      expect(result.isError, textOf(result)).toBeFalsy();
      expect(seen).toContainEqual(
        expect.objectContaining({ level: "notice", logger: "crisp-mcp/knowledge-base", data: expect.stringMatching(/legacy Knowledge Base/) }),
      );
    } finally {
      await legacy.close();
    }
  });

  it("a retry is told only to the client whose call met it, even on one shared Crisp client", async () => {
    const settings = serverSettings({ toolsets: ["default"], websiteId: sandbox.websiteId });
    const other = createServer(settings, harness.crisp);
    const otherClient = await connectInMemory(other, "other");
    const otherMessages: LogParams[] = [];
    listen(otherClient, otherMessages);
    try {
      sandbox.faults.add({ method: "GET", path: conversationsPath(), kind: "status", status: 429, retryAfter: 0, times: 1 });
      await harness.call("list_conversations_awaiting_reply", {});
      await otherClient.callTool({ name: "find_people", arguments: { query: "emma" } });
      expect(messages.length).toBeGreaterThan(0);
      expect(otherMessages).toEqual([]);
    } finally {
      await otherClient.close();
      await other.close();
    }
  });
});

describe("over stateless HTTP", () => {
  it("a call answered on an SSE stream carries its log messages; one answered with plain JSON has nowhere to put them", async () => {
    const settings = serverSettings({ toolsets: ["default"], websiteId: sandbox.websiteId });
    const running = await startHttpServer({ host: "127.0.0.1", port: 0, settings, auth: { mode: "token", client: harness.crisp } });
    const client = new Client({ name: "logging-http", version: "0" });
    const seen: LogParams[] = [];
    try {
      await client.connect(new StreamableHTTPClientTransport(new URL(running.url)));
      listen(client, seen);
      // A progress token asks for a stream (src/transports/http.ts): the log goes with it.
      sandbox.faults.add({ method: "GET", path: conversationsPath(), kind: "status", status: 429, retryAfter: 0, times: 1 });
      await client.callTool({ name: "list_conversations_awaiting_reply", arguments: {} }, undefined, { onprogress: () => undefined });
      expect(seen).toContainEqual(expect.objectContaining({ level: "warning", logger: "crisp-mcp/crisp" }));

      seen.length = 0;
      sandbox.faults.add({ method: "GET", path: conversationsPath(), kind: "status", status: 429, retryAfter: 0, times: 1 });
      const plain = await client.callTool({ name: "list_conversations_awaiting_reply", arguments: {} });
      expect(plain.isError).toBeFalsy();
      expect(seen).toEqual([]);
    } finally {
      await client.close();
      await running.close();
    }
  });
});

describe("the spawned bin over stdio", () => {
  it("an RTM reconnect reaches the client's log as a JSON-RPC notification, and stdout stays JSON-RPC", async () => {
    const bin = spawnBin(envFor(sandbox, { CRISP_TOOLSETS: "default,events" }));
    await bin.initialize();
    await bin.callTool("wait_for_events", { timeout_seconds: 1 });
    await until(() => sandbox.rtm.authenticatedCount() === 1, "the RTM socket to authenticate");
    sandbox.rtm.dropConnections();
    const logged = () =>
      bin.lines
        .map((line) => JSON.parse(line) as RpcMessage)
        .filter((message) => message.method === "notifications/message" && message.params?.logger === "crisp-mcp/rtm");
    await until(() => logged().some((m) => /reconnected/.test(m.params.data)), "an RTM reconnect in the client's log", 30_000);
    expect(logged()[0]!.params.level).toBe("warning");
    expect(logged().at(-1)!.params).toEqual({ level: "info", logger: "crisp-mcp/rtm", data: expect.stringMatching(/^real-time events: reconnected to /) });
    for (const line of bin.lines) {
      expect(JSON.parse(line).jsonrpc).toBe("2.0");
      expectNoCredential(line);
    }
  });
});
