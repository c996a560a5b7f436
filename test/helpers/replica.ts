import { createHmac } from "node:crypto";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { expect } from "vitest";
import { createEventHub, WEBHOOK_PATH, type EventHub } from "../../src/events/index.js";
import type { Sandbox } from "../../src/sandbox/index.js";
import { redisHome, type StateHome } from "../../src/state/index.js";
import { startHttpServer } from "../../src/transports/http.js";
import { sandboxClient, serverSettings, textOf } from "./harness.js";

// One crisp-mcp replica in the test process, wired as the bin wires one with
// CRISP_MCP_REDIS_URL: its own Redis connections, event hub, RTM source (on
// the sandbox's keypair) and HTTP server on a free port; and an MCP client on
// it. Several of them on one Redis are replicas behind one address.

export const WEBHOOK_SECRET = "whsec-scale-out-0123456789";

export interface Replica {
  name: string;
  base: string;
  hub: EventHub;
  home: StateHome;
  mcp: Client;
  /** wait_for_events; fails the test on an isError. */
  wait(args?: Record<string, unknown>): Promise<WaitResult>;
  /** wait_for_events as it came, isError included. */
  call(args?: Record<string, unknown>): Promise<CallToolResult>;
  postHook(body: string): Promise<{ status: number; json: any }>;
  close(): Promise<void>;
}

/** What wait_for_events returns, as its output schema says. */
export interface WaitResult {
  events: { name: string; session_id?: string; source: string; received_at: string; data: Record<string, any> }[];
  cursor: string;
  timed_out: boolean;
  more?: boolean;
  dropped?: number;
  note?: string;
  sources: { rtm: string; webhooks: string };
}

export interface ReplicaOptions {
  name: string;
  redisUrl: string;
  sandbox: Sandbox;
  /** Turns on the RTM source on the sandbox keypair. */
  rtm?: boolean;
  leaseMs?: number;
  capacity?: number;
}

export async function startReplica(options: ReplicaOptions): Promise<Replica> {
  const { sandbox } = options;
  const home = await redisHome(options.redisUrl);
  const crisp = sandboxClient(sandbox);
  const hub = createEventHub({
    home,
    capacity: options.capacity,
    webhookSecret: WEBHOOK_SECRET,
    ...(options.rtm
      ? {
          rtm: {
            client: crisp,
            credentials: { identifier: sandbox.identifier, key: sandbox.key, tier: sandbox.tier },
            websiteId: sandbox.websiteId,
            backoff: { initialMs: 100, maxMs: 500 },
            leaseMs: options.leaseMs,
          },
        }
      : {}),
  });
  const running = await startHttpServer({
    host: "127.0.0.1",
    port: 0,
    settings: serverSettings({ toolsets: ["events"] }),
    auth: { mode: "token", client: crisp },
    events: hub,
    stateHealth: () => home.health(),
    shutdownGraceMs: 500,
  });
  const mcp = new Client({ name: `replica-test-${options.name}`, version: "0.0.0" });
  await mcp.connect(new StreamableHTTPClientTransport(new URL(running.url)));
  const base = running.url.replace(/\/mcp$/, "");
  let closed = false;
  const call = async (args: Record<string, unknown> = {}) =>
    (await mcp.callTool(
      { name: "wait_for_events", arguments: { website_id: sandbox.websiteId, timeout_seconds: 2, ...args } },
      undefined,
      { timeout: 60_000 },
    )) as CallToolResult;
  return {
    name: options.name,
    base,
    hub,
    home,
    mcp,
    call,
    async wait(args = {}) {
      const result = await call(args);
      expect(result.isError, textOf(result)).toBeFalsy();
      return result.structuredContent as unknown as WaitResult;
    },
    postHook: (body) => postHook(base, body),
    async close() {
      if (closed) return;
      closed = true;
      await mcp.close().catch(() => undefined);
      await running.close();
      await hub.close();
      await home.close();
      await crisp.close();
    },
  };
}

/** A hook as Crisp sends it: its body, signed with the secret over "[timestamp;body]"; the response as it came. */
export function sendHook(base: string, body: string, secret = WEBHOOK_SECRET): Promise<Response> {
  const timestamp = String(Date.now());
  const signature = createHmac("sha256", secret).update(`[${timestamp};${body}]`).digest("hex");
  return fetch(`${base}${WEBHOOK_PATH}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-crisp-request-timestamp": timestamp, "x-crisp-signature": signature },
    body,
  });
}

/** sendHook, with the answer's status and JSON body. */
export async function postHook(base: string, body: string, secret = WEBHOOK_SECRET): Promise<{ status: number; json: any }> {
  const response = await sendHook(base, body, secret);
  return { status: response.status, json: await response.json() };
}

/** A visitor's message as a web hook body; `n` tells the hooks apart. */
export function messageHook(websiteId: string, n: number, sessionId = "session_0b3e9c8e-7d5a-4f0e-9f1a-2c3d4e5f6a7b"): string {
  return JSON.stringify({
    website_id: websiteId,
    event: "message:send",
    data: { website_id: websiteId, session_id: sessionId, type: "text", from: "user", origin: "chat", content: `message ${n}`, fingerprint: 1000 + n, timestamp: Date.now() },
    timestamp: Date.now(),
  });
}

/** The numbers in the texts of message hooks, in the order they came. */
export function numbersOf(result: WaitResult): number[] {
  return result.events.map((e) => Number(/message (\d+)/.exec(String(e.data.text))?.[1]));
}
