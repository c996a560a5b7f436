import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { seededSessionId, startSandbox, type Sandbox } from "../src/sandbox/index.js";
import type { ServerSettings } from "../src/server.js";
import { startHttpServer } from "../src/transports/http.js";
import { sandboxClient, serverSettings, startHarness, textOf } from "./helpers/harness.js";
import { freePort } from "./helpers/oauth-clients.js";
import { envFor, killSpawned, resultText, spawnBin } from "./helpers/spawn-bin.js";
import { until } from "./helpers/until.js";

// Issue 14, item 6: a tool the configuration hides is refused with the reason
// and the setting or header behind it, never "Unknown tool ... call_crisp_method
// runs it" (call_crisp_method is refused too, or not listed at all).

let sandbox: Sandbox;
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(async () => {
  await sandbox.close();
});
afterEach(async () => {
  killSpawned();
  while (cleanups.length > 0) await cleanups.pop()!().catch(() => undefined);
});

const session = () => seededSessionId("team-order");

async function harnessWith(settings: Partial<ServerSettings>) {
  const harness = await startHarness({ existingSandbox: sandbox, settings: { websiteId: sandbox.websiteId, ...settings } });
  cleanups.push(() => harness.close());
  return harness;
}

function expectRefusal(result: CallToolResult, because: RegExp): string {
  const text = textOf(result);
  expect(result.isError, text).toBe(true);
  expect(text).toMatch(because);
  expect(text).not.toMatch(/Unknown tool|call_crisp_method runs it/);
  return text;
}

describe("a direct call of a tool the server hides says why", () => {
  it("read-only (CRISP_READ_ONLY): reply_to_conversation and add_internal_note name the setting", async () => {
    const harness = await harnessWith({ readOnly: true, toolsets: ["default"] });
    for (const name of ["reply_to_conversation", "add_internal_note"]) {
      const text = expectRefusal(await harness.call(name, { session_id: session(), text: "hello" }), /writes to Crisp.*read-only mode \(CRISP_READ_ONLY\)/);
      expect(text).toContain(name);
    }
    expect(sandbox.requests.filter((r) => r.method === "POST")).toHaveLength(0);
  });

  it("send_message_in_conversation excluded: the tools that need it are not listed, and a call names the exclusion", async () => {
    for (const toolsets of [["default"], ["agent"], ["all"]]) {
      const harness = await harnessWith({ toolsets, excludeTools: ["send_message_in_conversation"] });
      const listed = (await harness.mcp.listTools()).tools.map((t) => t.name);
      expect(listed).not.toContain("reply_to_conversation");
      expect(listed).not.toContain("add_internal_note");
      expectRefusal(
        await harness.call("reply_to_conversation", { session_id: session(), text: "hello" }),
        /reply_to_conversation needs send_message_in_conversation\. send_message_in_conversation is excluded by CRISP_EXCLUDE_TOOLS/,
      );
    }
  });

  it("an excluded tool itself names CRISP_EXCLUDE_TOOLS", async () => {
    const harness = await harnessWith({ toolsets: ["default"], excludeTools: ["find_people"] });
    expectRefusal(await harness.call("find_people", { query: "emma" }), /find_people is excluded by CRISP_EXCLUDE_TOOLS/);
  });

  it("the website pin names CRISP_WEBSITE_ID", async () => {
    const harness = await harnessWith({ toolsets: ["all"] });
    expectRefusal(await harness.call("list_all_connect_websites", { page_number: 1 }), /pinned to one website \(CRISP_WEBSITE_ID\)/);
  });

  it("a Crisp method left out of the toolsets points to call_crisp_method, which is listed", async () => {
    const harness = await harnessWith({ toolsets: ["default"] });
    const result = await harness.call("get_website", {});
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/get_website is not enabled on this server.*CRISP_TOOLSETS.*call_crisp_method with method "get_website"/s);
  });

  it("without the catalog tools, the same call names the toolset to add, not call_crisp_method", async () => {
    const harness = await harnessWith({ toolsets: ["agent"] });
    const text = textOf(await harness.call("get_website", {}));
    expect(text).toMatch(/add "website" to CRISP_TOOLSETS \(or get_website to CRISP_TOOLS\)/);
    expect(text).not.toMatch(/call_crisp_method/);
  });
});

describe("over HTTP, the request's own narrowing is named", () => {
  async function httpClient(headers: Record<string, string>): Promise<Client> {
    const crisp = sandboxClient(sandbox);
    const running = await startHttpServer({
      host: "127.0.0.1",
      port: 0,
      settings: serverSettings({ toolsets: ["default"], websiteId: sandbox.websiteId }),
      auth: { mode: "token", client: crisp },
    });
    const client = new Client({ name: "policy-messages", version: "0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(running.url), { requestInit: { headers } }));
    cleanups.push(async () => {
      await client.close();
      await running.close();
      await crisp.close();
    });
    return client;
  }

  it("X-MCP-Read-Only: the refusal names the header, not CRISP_READ_ONLY", async () => {
    const client = await httpClient({ "x-mcp-read-only": "true" });
    for (const name of ["reply_to_conversation", "change_conversation_state"]) {
      const result = (await client.callTool({ name, arguments: { session_id: session(), text: "hello" } })) as CallToolResult;
      const text = expectRefusal(result, /this connection asked for read-only mode \(the X-MCP-Read-Only header\)/);
      expect(text).not.toContain("CRISP_READ_ONLY");
    }
  });

  it("X-MCP-Toolsets: a configured tool outside the requested toolsets names the header", async () => {
    const client = await httpClient({ "x-mcp-toolsets": "agent" });
    const result = (await client.callTool({ name: "call_crisp_method", arguments: { method: "get_website" } })) as CallToolResult;
    expectRefusal(result, /call_crisp_method is in the catalog toolset, outside the toolsets this connection asked for \(X-MCP-Toolsets\)/);
  });
});

describe("wait_for_events says what turns web hooks on from where it runs", () => {
  it("over HTTP without CRISP_WEBHOOK_SECRET: the secret, not 'the HTTP transport' it is already on", async () => {
    const port = await freePort();
    const bin = spawnBin(
      envFor(sandbox, { CRISP_TOOLSETS: "default,events" }),
      ["--transport", "http", "--port", String(port)],
    );
    const url = `http://127.0.0.1:${port}/mcp`;
    await until(() => bin.stderr().includes("serving"), "the HTTP server to listen");
    const client = new Client({ name: "policy-messages", version: "0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(url)));
    cleanups.push(() => client.close());
    const result = (await client.callTool({ name: "wait_for_events", arguments: { timeout_seconds: 1 } })) as CallToolResult;
    const webhooks = (result.structuredContent as { sources: { webhooks: string } }).sources.webhooks;
    expect(webhooks).toMatch(/^off: CRISP_WEBHOOK_SECRET is not set on this server/);
    expect(webhooks).not.toMatch(/HTTP transport/);
  });

  it("over stdio: it needs the HTTP transport and the secret", async () => {
    const bin = spawnBin(envFor(sandbox, { CRISP_TOOLSETS: "default,events" }));
    await bin.initialize();
    const answer = await bin.callTool("wait_for_events", { timeout_seconds: 1 });
    expect(resultText(answer)).toMatch(/needs the HTTP transport \(--transport http\) and CRISP_WEBHOOK_SECRET/);
  });
});
