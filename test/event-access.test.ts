import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it, vi } from "vitest";
import { CrispClient } from "../src/client/index.js";
import { createEventHub, type EventHub } from "../src/events/index.js";
import { startSandbox, type Sandbox, type SandboxOptions } from "../src/sandbox/index.js";
import { createServer } from "../src/server.js";
import { connectInMemory, serverSettings, textOf } from "./helpers/harness.js";

// When callers bring their own keypairs (HTTP passthrough), wait_for_events
// shows a website's events only to a keypair Crisp lets read that website
// (GET /website/{website_id}), and remembers a yes for a while per keypair.

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  vi.useRealTimers();
  while (cleanups.length > 0) await cleanups.pop()!().catch(() => undefined);
});

const SECRET_TEXT = "the order number is 4411";

interface Setup {
  sandbox: Sandbox;
  hub: EventHub;
  /** An MCP session whose Crisp client uses this keypair. */
  session(key?: string): Promise<Client>;
}

async function start(options: { verifyAccess?: boolean; sandbox?: SandboxOptions } = {}): Promise<Setup> {
  const sandbox = await startSandbox(options.sandbox);
  cleanups.push(() => sandbox.close());
  const hub = createEventHub({ verifyAccess: options.verifyAccess ?? true });
  cleanups.push(() => hub.close());
  // An event of the website is already kept: a refused caller must not see it.
  await hub.publish({
    name: "message:send",
    websiteId: sandbox.websiteId,
    sessionId: "session_700b1d41-5b3e-4a9e-9c43-0a1f5e0b2a11",
    data: { type: "text", from: "visitor", content: SECRET_TEXT },
    source: "webhook",
  });
  return {
    sandbox,
    hub,
    async session(key = sandbox.key) {
      const crisp = new CrispClient({ baseUrl: sandbox.url, identifier: sandbox.identifier, key, tier: sandbox.tier, timeoutMs: 5_000 });
      cleanups.push(() => crisp.close());
      const server = createServer(serverSettings({ toolsets: ["events"] }), crisp, { events: hub });
      const mcp = await connectInMemory(server, "event-access-test");
      cleanups.push(async () => {
        await mcp.close();
        await server.close();
      });
      return mcp;
    },
  };
}

/** Reads the website's kept events from the oldest: answers at once when access is granted. */
async function readKept(mcp: Client, websiteId: string): Promise<CallToolResult> {
  return (await mcp.callTool({ name: "wait_for_events", arguments: { website_id: websiteId, cursor: "oldest", timeout_seconds: 1 } })) as CallToolResult;
}

const accessChecks = (sandbox: Sandbox) => sandbox.requests.filter((r) => r.method === "GET" && r.path === `/website/${sandbox.websiteId}`);

describe("wait_for_events with callers' own keypairs", () => {
  it("refuses a website that exists but the keypair may not read, and shows none of its events", async () => {
    // The token's scopes leave out the website area: Crisp answers 403 for a website that is there.
    const setup = await start({ sandbox: { outOfScope: ["website"] } });
    const mcp = await setup.session();
    const refused = await readKept(mcp, setup.sandbox.websiteId);
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toMatch(/403/);
    expect(JSON.stringify(refused)).not.toContain(SECRET_TEXT);
    expect(accessChecks(setup.sandbox).map((r) => r.status)).toEqual([403]);
  });

  it("without the check (the server's own keypair), the same website's events are read", async () => {
    const setup = await start({ verifyAccess: false, sandbox: { outOfScope: ["website"] } });
    const read = await readKept(await setup.session(), setup.sandbox.websiteId);
    expect(read.isError, textOf(read)).toBeFalsy();
    expect(JSON.stringify(read.structuredContent)).toContain(SECRET_TEXT);
    expect(accessChecks(setup.sandbox)).toEqual([]);
  });

  it("a keypair Crisp accepts reads the events; its yes is asked once and then remembered", async () => {
    const setup = await start();
    const mcp = await setup.session();
    for (let i = 0; i < 3; i++) {
      const read = await readKept(mcp, setup.sandbox.websiteId);
      expect(read.isError, textOf(read)).toBeFalsy();
      expect(JSON.stringify(read.structuredContent)).toContain(SECRET_TEXT);
    }
    expect(accessChecks(setup.sandbox).map((r) => r.status)).toEqual([200]);
  });

  it("a refusal is not remembered: once Crisp allows the website, the next call reads it", async () => {
    const setup = await start();
    const mcp = await setup.session();
    setup.sandbox.faults.add({ kind: "status", status: 403, method: "GET", path: `/website/${setup.sandbox.websiteId}`, times: 1 });
    const refused = await readKept(mcp, setup.sandbox.websiteId);
    expect(refused.isError).toBe(true);
    const allowed = await readKept(mcp, setup.sandbox.websiteId);
    expect(allowed.isError, textOf(allowed)).toBeFalsy();
    expect(JSON.stringify(allowed.structuredContent)).toContain(SECRET_TEXT);
    expect(accessChecks(setup.sandbox).map((r) => r.status)).toEqual([403, 200]);
  });

  it("a website that becomes forbidden is refused once the remembered yes is 10 minutes old", async () => {
    vi.useFakeTimers({ toFake: ["Date"], shouldAdvanceTime: true });
    const setup = await start();
    const mcp = await setup.session();
    expect((await readKept(mcp, setup.sandbox.websiteId)).isError).toBeFalsy();
    setup.sandbox.faults.add({ kind: "status", status: 403, method: "GET", path: `/website/${setup.sandbox.websiteId}` });

    // Just before the 10 minutes: still the remembered yes, Crisp is not asked.
    vi.setSystemTime(Date.now() + 9 * 60_000 + 50_000);
    expect((await readKept(mcp, setup.sandbox.websiteId)).isError).toBeFalsy();
    expect(accessChecks(setup.sandbox)).toHaveLength(1);

    vi.setSystemTime(Date.now() + 15_000);
    const refused = await readKept(mcp, setup.sandbox.websiteId);
    expect(refused.isError).toBe(true);
    expect(JSON.stringify(refused)).not.toContain(SECRET_TEXT);
    expect(accessChecks(setup.sandbox).map((r) => r.status)).toEqual([200, 403]);
  });

  it("one keypair's yes is not another's: each caller is checked with its own keypair", async () => {
    const setup = await start();
    const allowed = await readKept(await setup.session(), setup.sandbox.websiteId);
    expect(allowed.isError, textOf(allowed)).toBeFalsy();
    const stranger = await readKept(await setup.session("not-the-sandbox-key"), setup.sandbox.websiteId);
    expect(stranger.isError).toBe(true);
    expect(textOf(stranger)).toMatch(/401/);
    expect(JSON.stringify(stranger)).not.toContain(SECRET_TEXT);
    expect(accessChecks(setup.sandbox).map((r) => r.status)).toEqual([200, 401]);
  });
});
