import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import { CrispApiError } from "../src/client/index.js";
import { discoverSocketUrls } from "../src/events/discovery.js";
import { createEventHub } from "../src/events/index.js";
import { startSandbox, type Sandbox } from "../src/sandbox/index.js";
import { createServer } from "../src/server.js";
import { connectInMemory, sandboxClient, serverSettings, textOf } from "./helpers/harness.js";
import { until } from "./helpers/until.js";

// Where the RTM socket is, for user and website tokens, asked of the sandbox
// as of Crisp: the routes each tier tries, in order, and a socket that then
// delivers a visitor's message to wait_for_events.

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!().catch(() => undefined);
});

async function sandboxOf(tier: "user" | "website"): Promise<Sandbox> {
  const sandbox = await startSandbox({ tier });
  cleanups.push(() => sandbox.close());
  return sandbox;
}

function clientOf(sandbox: Sandbox) {
  const client = sandboxClient(sandbox);
  cleanups.push(() => client.close());
  return client;
}

const asked = (sandbox: Sandbox) => sandbox.requests.map((r) => `${r.method} ${r.path} ${r.status}`);

describe("RTM discovery per tier", () => {
  it("a user token asks /user/connect/endpoints, then the website's route when that is refused", async () => {
    const sandbox = await sandboxOf("user");
    const urls = await discoverSocketUrls(clientOf(sandbox), "user", sandbox.websiteId);
    expect(urls).toEqual([sandbox.state.rtmEndpoint]);
    // The sandbox has no user route (404): the website route answers, with the user tier header.
    expect(asked(sandbox)).toEqual([
      "GET /user/connect/endpoints 404",
      `GET /website/${sandbox.websiteId}/connect/endpoints 200`,
    ]);
    expect(sandbox.requests.every((r) => r.tier === "user")).toBe(true);
  });

  it("a user token without a website has nothing to fall back on: the refusal is what it gets", async () => {
    const sandbox = await sandboxOf("user");
    const error = await discoverSocketUrls(clientOf(sandbox), "user", undefined).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CrispApiError);
    expect((error as CrispApiError).status).toBe(404);
    expect(asked(sandbox)).toEqual(["GET /user/connect/endpoints 404"]);
  });

  it("a website token asks the documented /website/{website_id}/connect/endpoints first, and only that when it answers", async () => {
    const sandbox = await sandboxOf("website");
    const urls = await discoverSocketUrls(clientOf(sandbox), "website", sandbox.websiteId);
    expect(urls).toEqual([sandbox.state.rtmEndpoint]);
    expect(asked(sandbox)).toEqual([`GET /website/${sandbox.websiteId}/connect/endpoints 200`]);
  });

  it("a website token falls back to the id-less route on a 403, and stops at once on any other error", async () => {
    const sandbox = await sandboxOf("website");
    const route = `/website/${sandbox.websiteId}/connect/endpoints`;
    sandbox.faults.add({ kind: "status", status: 403, path: route, times: 1 });
    const refused = await discoverSocketUrls(clientOf(sandbox), "website", sandbox.websiteId).catch((e: unknown) => e);
    // The sandbox does not serve the id-less form either: its 404 is the last word.
    expect((refused as CrispApiError).status).toBe(404);
    expect(asked(sandbox)).toEqual([`GET ${route} 403`, "GET /website/connect/endpoints 404"]);

    sandbox.clearRequests();
    sandbox.faults.add({ kind: "status", status: 401, path: route, times: 1 });
    const unauthorized = await discoverSocketUrls(clientOf(sandbox), "website", sandbox.websiteId).catch((e: unknown) => e);
    expect((unauthorized as CrispApiError).status).toBe(401);
    expect(asked(sandbox)).toEqual([`GET ${route} 401`]);
  });

  it.each(["user", "website"] as const)("a %s token's socket delivers a visitor's message to wait_for_events", async (tier) => {
    const sandbox = await sandboxOf(tier);
    const crisp = clientOf(sandbox);
    const hub = createEventHub({
      rtm: {
        client: crisp,
        credentials: { identifier: sandbox.identifier, key: sandbox.key, tier },
        websiteId: sandbox.websiteId,
        backoff: { initialMs: 20, maxMs: 200 },
      },
    });
    cleanups.push(() => hub.close());
    const server = createServer(serverSettings({ toolsets: ["events"], websiteId: sandbox.websiteId }), crisp, { events: hub });
    const mcp = await connectInMemory(server, `discovery-${tier}`);
    cleanups.push(async () => {
      await mcp.close();
      await server.close();
    });
    const wait = async (args: Record<string, unknown>) => {
      const result = (await mcp.callTool({ name: "wait_for_events", arguments: { timeout_seconds: 1, ...args } })) as CallToolResult;
      expect(result.isError, textOf(result)).toBeFalsy();
      return result.structuredContent as { cursor: string; events: { data: { text?: string } }[]; sources: { rtm: string } };
    };

    const { cursor } = await wait({});
    await until(() => sandbox.rtm.authenticatedCount() === 1, `the ${tier} token's socket to authenticate`);
    sandbox.state.addVisitorMessage(undefined, `hello from a ${tier} token`);
    let read = await wait({ cursor, events: ["message:send"] });
    for (let i = 0; i < 20 && read.events.length === 0; i++) read = await wait({ cursor, events: ["message:send"] });
    expect(read.events.map((e) => e.data.text)).toEqual([`«hello from a ${tier} token»`]);
    expect(read.sources.rtm).toMatch(/^live/);
  });
});
