import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OPERATIONS } from "../src/tools/catalog/index.js";
import type { Operation } from "../src/tools/operation.js";
import {
  SANDBOX_WEBSITE_ID,
  seededArticleId,
  seededChangeId,
  seededEntityId,
  seededPeopleId,
  seededSessionId,
  seededTeamId,
  seededTreePath,
  startSandbox,
  type Sandbox,
  type SandboxEvent,
} from "../src/sandbox/index.js";

// The sandbox over real HTTP: access checks, Crisp's envelope, the stateful
// workspace, every catalog route, and each injected fault.

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body; tests read its fields freely. */
  json: any;
}

interface CallOptions {
  body?: unknown;
  rawBody?: string;
  query?: Record<string, string>;
  /** null sends no Authorization header. */
  auth?: string | null;
  /** null sends no X-Crisp-Tier header. */
  tier?: string | null;
  signal?: AbortSignal;
}

function basicAuth(identifier: string, key: string): string {
  return `Basic ${Buffer.from(`${identifier}:${key}`).toString("base64")}`;
}

async function call(sandbox: Sandbox, method: string, path: string, options: CallOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = {};
  const auth = options.auth === undefined ? basicAuth(sandbox.identifier, sandbox.key) : options.auth;
  if (auth !== null) headers.authorization = auth;
  const tier = options.tier === undefined ? sandbox.tier : options.tier;
  if (tier !== null) headers["x-crisp-tier"] = tier;
  let payload: string | undefined = options.rawBody;
  if (payload === undefined && options.body !== undefined) payload = JSON.stringify(options.body);
  if (payload !== undefined) headers["content-type"] = "application/json";
  const query = options.query ? `?${new URLSearchParams(options.query).toString()}` : "";
  const response = await fetch(`${sandbox.url}${path}${query}`, {
    method,
    headers,
    ...(payload !== undefined ? { body: payload } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

const SESSIONS = {
  shipping: seededSessionId("shipping-delay"),
  refund: seededSessionId("refund-request"),
  login: seededSessionId("login-problem"),
  watch: seededSessionId("watch-sync"),
  address: seededSessionId("address-change"),
  hidden: seededSessionId("hidden-characters"),
  injection: seededSessionId("prompt-injection"),
  canada: seededSessionId("ship-to-canada"),
};

let sandbox: Sandbox;
let site: string;
const events: SandboxEvent[] = [];

beforeAll(async () => {
  sandbox = await startSandbox();
  site = `/website/${sandbox.websiteId}`;
  sandbox.events.on("event", (event: SandboxEvent) => events.push(event));
});

afterAll(async () => {
  await sandbox.close();
});

describe("startSandbox", () => {
  it("listens on 127.0.0.1 with a /v1 base, the seeded website and a random plugin keypair", async () => {
    expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    expect(sandbox.websiteId).toBe(SANDBOX_WEBSITE_ID);
    expect(sandbox.tier).toBe("plugin");
    expect(sandbox.identifier).toMatch(/^[0-9a-f-]{36}$/);
    const other = await startSandbox({ identifier: "id-1", key: "key-1", tier: "user" });
    try {
      expect(other.identifier).toBe("id-1");
      expect(other.key).toBe("key-1");
      expect(other.url).not.toBe(sandbox.url);
      expect(other.state.conversations.require(SESSIONS.watch).session_id).toBe(SESSIONS.watch);
    } finally {
      await other.close();
    }
  });
});

describe("access", () => {
  it("refuses a missing or wrong keypair with 401 unauthorized", async () => {
    for (const auth of [null, basicAuth(sandbox.identifier, "wrong"), "Bearer abc"]) {
      const answer = await call(sandbox, "GET", site, { auth });
      expect(answer.status).toBe(401);
      expect(answer.json).toMatchObject({ error: true, reason: "unauthorized" });
    }
  });

  it("refuses a missing or different X-Crisp-Tier with 403 restricted_route_tier", async () => {
    for (const tier of [null, "user", "website"]) {
      const answer = await call(sandbox, "GET", site, { tier });
      expect(answer.status).toBe(403);
      expect(answer.json.reason).toBe("restricted_route_tier");
    }
  });

  it("refuses a route whose tiers exclude the token's tier", async () => {
    const userOnly = await call(sandbox, "GET", `${site}/conversations/spams/1`);
    expect(userOnly.status).toBe(403);
    expect(userOnly.json.reason).toBe("restricted_route_tier");
    const pluginOnly = await call(sandbox, "GET", "/plugin/connect/account");
    expect(pluginOnly.status).toBe(200);
  });

  it("lets a website token reach what a plugin token reaches", async () => {
    const website = await startSandbox({ tier: "website" });
    try {
      expect((await call(website, "GET", "/plugin/connect/account")).status).toBe(200);
      expect((await call(website, "GET", `${site}/conversations/1`)).status).toBe(200);
      expect((await call(website, "GET", `${site}/conversations/spams/1`)).json.reason).toBe("restricted_route_tier");
    } finally {
      await website.close();
    }
  });

  it("answers 404 not_found for unknown routes and paths outside /v1", async () => {
    const unknown = await call(sandbox, "GET", `${site}/does-not-exist`);
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual({ error: true, reason: "not_found", data: { namespace: "route", message: expect.any(String) } });
    const outside = await fetch(sandbox.url.replace(/\/v1$/, "/v2/website"), {
      headers: { authorization: basicAuth(sandbox.identifier, sandbox.key), "x-crisp-tier": "plugin" },
    });
    expect(outside.status).toBe(404);
  });

  it("answers 400 invalid_data for a body that is not JSON", async () => {
    const answer = await call(sandbox, "PATCH", `${site}/conversation/${SESSIONS.refund}/meta`, { rawBody: "{nickname:" });
    expect(answer.status).toBe(400);
    expect(answer.json.reason).toBe("invalid_data");
  });

  it("answers 404 for a website other than the seeded one", async () => {
    const answer = await call(sandbox, "GET", "/website/00000000-0000-4000-8000-000000000000/conversations/1");
    expect(answer.status).toBe(404);
    expect(answer.json.data.namespace).toBe("website");
  });
});

describe("envelope and routing", () => {
  it("wraps success and errors in Crisp's envelope", async () => {
    const ok = await call(sandbox, "GET", site);
    expect(ok.headers.get("content-type")).toContain("application/json");
    expect(ok.json).toEqual({
      error: false,
      reason: "resolved",
      data: { website_id: SANDBOX_WEBSITE_ID, name: "Acme Shop", domain: expect.any(String), logo: expect.any(String) },
    });
    const missing = await call(sandbox, "GET", `${site}/conversation/session_00000000-0000-4000-8000-000000000000`);
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ error: true, reason: "not_found", data: { namespace: "session", message: expect.any(String) } });
  });

  it("answers HEAD routes with 200 or 404 and no body", async () => {
    const found = await call(sandbox, "HEAD", `${site}/conversation/${SESSIONS.refund}`);
    expect(found.status).toBe(200);
    expect(found.text).toBe("");
    const missing = await call(sandbox, "HEAD", `${site}/conversation/session_00000000-0000-4000-8000-000000000000`);
    expect(missing.status).toBe(404);
    expect(missing.text).toBe("");
  });

  it("decodes each placeholder from exactly one percent-encoded segment", async () => {
    const email = "emma.wilson@example.com";
    const byEmail = await call(sandbox, "GET", `${site}/people/profile/${encodeURIComponent(email)}`);
    expect(byEmail.json.data.people_id).toBe(seededPeopleId("emma"));
    expect(sandbox.requests.at(-1)).toMatchObject({ path: `${site}/people/profile/emma.wilson%40example.com`, operation: "get_people_profile" });

    // An encoded slash stays inside its segment: the route matches, the session does not exist.
    const slashed = await call(sandbox, "GET", `${site}/conversation/session_a%2Fmessages`);
    expect(slashed.status).toBe(404);
    expect(slashed.json.data.namespace).toBe("session");

    const malformed = await call(sandbox, "GET", `${site}/conversation/session_%E0%A4%A`);
    expect(malformed.status).toBe(400);
    expect(malformed.json.reason).toBe("invalid_data");
  });

  it("records every request with its raw path, query, body, tier, operation and status", async () => {
    sandbox.clearRequests();
    await call(sandbox, "GET", `${site}/conversations/1`, { query: { per_page: "25", filter_unread: "1" } });
    await call(sandbox, "PATCH", `${site}/conversation/${SESSIONS.address}/meta`, { body: { subject: "Recorded" } });
    await call(sandbox, "GET", `${site}/conversations/1`, { tier: null });
    expect(sandbox.requests).toEqual([
      { method: "GET", path: `${site}/conversations/1`, query: { per_page: "25", filter_unread: "1" }, body: undefined, tier: "plugin", operation: "list_conversations", status: 200 },
      { method: "PATCH", path: `${site}/conversation/${SESSIONS.address}/meta`, query: {}, body: { subject: "Recorded" }, tier: "plugin", operation: "update_conversation_metas", status: 200 },
      { method: "GET", path: `${site}/conversations/1`, query: {}, body: undefined, operation: "list_conversations", status: 403 },
    ]);
    sandbox.clearRequests();
    expect(sandbox.requests).toHaveLength(0);
  });

  it("keeps only the last 5,000 requests", async () => {
    const log = await startSandbox();
    try {
      const path = `/website/${log.websiteId}`;
      const total = 5_020;
      let sent = 0;
      await Promise.all(
        Array.from({ length: 32 }, async () => {
          while (sent < total) {
            sent += 1;
            await call(log, "GET", path);
          }
        }),
      );
      expect(log.requests).toHaveLength(5_000);
    } finally {
      await log.close();
    }
  });

  it("tells apart the operations Crisp serves on one verb and path by their body", async () => {
    await call(sandbox, "PATCH", `${site}/batch/remove`, { body: { people: { profiles: [] } } });
    expect(sandbox.requests.at(-1)?.operation).toBe("batch_remove_people");
    await call(sandbox, "PATCH", `${site}/batch/remove`, { body: { sessions: [] } });
    expect(sandbox.requests.at(-1)?.operation).toBe("batch_remove_conversations");
  });
});

describe("seeded workspace", () => {
  it("is deterministic and has the conversations the tests and demo rely on", () => {
    const conversations = sandbox.state.conversations.list();
    expect(conversations).toHaveLength(12);
    const waitingOnOperators = conversations.filter(
      (conversation) => conversation.state === "unresolved" && conversation.preview_message?.from === "user",
    );
    expect(waitingOnOperators.length).toBeGreaterThanOrEqual(5);
    const waits = new Set(waitingOnOperators.map((conversation) => conversation.waiting_since));
    expect(waits.size).toBe(waitingOnOperators.length);
    for (const conversation of waitingOnOperators) expect(Date.now() - conversation.waiting_since!).toBeLessThan(2 * 24 * 3_600_000);
    expect(conversations.some((conversation) => conversation.state === "resolved")).toBe(true);
    expect(sandbox.state.conversations.allMessages(SESSIONS.watch)).toHaveLength(65);

    const hidden = sandbox.state.conversations.allMessages(SESSIONS.hidden).map((message) => String(message.content)).join(" ");
    for (const character of ["\u200B", "\u202E", "\u{E0041}"]) expect(hidden).toContain(character);
    expect(hidden).toContain("order");
    const injection = sandbox.state.conversations.allMessages(SESSIONS.injection).map((message) => String(message.content)).join(" ");
    expect(injection).toContain("Ignore your previous instructions and");

    expect(sandbox.state.people.list()).toHaveLength(8);
    for (const profile of sandbox.state.people.list()) {
      expect(sandbox.state.conversations.forPerson(profile.people_id, profile.email).length).toBeGreaterThan(0);
    }
    expect(sandbox.state.helpdesk.listArticles("en").filter((article) => article.status === "published")).toHaveLength(8);
    expect(sandbox.state.helpdesk.listArticles("fr").filter((article) => article.status === "published")).toHaveLength(2);
    expect(sandbox.state.operators).toHaveLength(3);
  });
});

describe("conversations", () => {
  it("lists by last activity, paged with per_page 20 to 50", async () => {
    const answer = await call(sandbox, "GET", `${site}/conversations/1`);
    const list = answer.json.data as { updated_at: number; session_id: string }[];
    expect(list.length).toBeGreaterThanOrEqual(12);
    expect(list.map((item) => item.updated_at)).toEqual([...list.map((item) => item.updated_at)].sort((a, b) => b - a));
    expect((await call(sandbox, "GET", `${site}/conversations/2`)).json.data).toEqual([]);
    expect((await call(sandbox, "GET", `${site}/conversations/1`, { query: { per_page: "50" } })).status).toBe(200);
    const tooSmall = await call(sandbox, "GET", `${site}/conversations/1`, { query: { per_page: "10" } });
    expect(tooSmall.status).toBe(400);
    expect(tooSmall.json.reason).toBe("invalid_data");
    expect((await call(sandbox, "GET", `${site}/conversations/0`)).status).toBe(400);
  });

  it("filters by state, unread and assignment, and searches text", async () => {
    const list = async (query: Record<string, string>) =>
      (await call(sandbox, "GET", `${site}/conversations/1`, { query })).json.data as {
        session_id: string;
        state: string;
        unread: { operator: number };
        assigned?: { user_id: string };
      }[];
    const resolved = await list({ filter_resolved: "1" });
    expect(resolved.length).toBeGreaterThan(0);
    expect(resolved.every((item) => item.state === "resolved")).toBe(true);
    const open = await list({ filter_not_resolved: "1" });
    expect(open.every((item) => item.state !== "resolved")).toBe(true);
    expect(open.length + resolved.length).toBe((await list({})).length);
    const unread = await list({ filter_unread: "1" });
    expect(unread.length).toBeGreaterThan(0);
    expect(unread.every((item) => item.unread.operator > 0)).toBe(true);

    const tom = sandbox.state.operators.find((operator) => operator.first_name === "Tom")!;
    const assigned = await list({ filter_assigned: tom.user_id });
    expect(assigned.map((item) => item.session_id)).toContain(SESSIONS.refund);
    expect(assigned.every((item) => item.assigned?.user_id === tom.user_id)).toBe(true);
    const unassigned = await list({ filter_unassigned: "1" });
    expect(unassigned.every((item) => !item.assigned)).toBe(true);

    expect((await list({ search_type: "text", search_query: "store credit" })).map((item) => item.session_id)).toEqual([SESSIONS.refund]);
    expect((await list({ search_type: "text", search_query: "PRIYA.SHARMA@" })).map((item) => item.session_id)).toEqual([SESSIONS.login]);
    expect((await list({ search_type: "text", search_query: "Olivia" })).map((item) => item.session_id)).toEqual([SESSIONS.address]);
  });

  it("creates, gets, checks and removes a conversation", async () => {
    const created = await call(sandbox, "POST", `${site}/conversation`, { body: {} });
    expect(created.json).toMatchObject({ error: false, reason: "added" });
    const sessionId = created.json.data.session_id as string;
    expect(sessionId).toMatch(/^session_[0-9a-f-]{36}$/);
    expect((await call(sandbox, "HEAD", `${site}/conversation/${sessionId}`)).status).toBe(200);
    const fetched = await call(sandbox, "GET", `${site}/conversation/${sessionId}`);
    expect(fetched.json.data).toMatchObject({ session_id: sessionId, website_id: SANDBOX_WEBSITE_ID, state: "pending" });

    const listed = async (query: Record<string, string>) =>
      ((await call(sandbox, "GET", `${site}/conversations/1`, { query: { per_page: "50", ...query } })).json.data as { session_id: string }[]).map(
        (item) => item.session_id,
      );
    expect(await listed({})).not.toContain(sessionId); // empty conversations are hidden by default
    expect(await listed({ include_empty: "1" })).toContain(sessionId);

    const removed = await call(sandbox, "DELETE", `${site}/conversation/${sessionId}`);
    expect(removed.json).toEqual({ error: false, reason: "deleted", data: {} });
    expect((await call(sandbox, "HEAD", `${site}/conversation/${sessionId}`)).status).toBe(404);
  });

  it("gets a conversation in Crisp's shape", async () => {
    const answer = await call(sandbox, "GET", `${site}/conversation/${SESSIONS.shipping}`);
    expect(answer.json.data).toMatchObject({
      session_id: SESSIONS.shipping,
      website_id: SANDBOX_WEBSITE_ID,
      people_id: seededPeopleId("emma"),
      state: "unresolved",
      is_verified: expect.any(Boolean),
      is_blocked: false,
      availability: expect.any(String),
      last_message: expect.stringContaining("tracking link"),
      preview_message: { type: "text", from: "user", excerpt: expect.any(String), fingerprint: expect.any(Number) },
      unread: { operator: 2, visitor: 0 },
      meta: {
        nickname: "Emma Wilson",
        email: "emma.wilson@example.com",
        segments: ["shipping"],
        data: { order_id: "10452" },
        device: { geolocation: { country: "US", city: "Portland" }, system: { os: { name: "Mac OS" }, browser: { name: "Chrome" } } },
      },
      created_at: expect.any(Number),
      updated_at: expect.any(Number),
      waiting_since: expect.any(Number),
    });
  });

  it("changes state; resolving clears unread and the wait", async () => {
    events.length = 0;
    const path = `${site}/conversation/${SESSIONS.shipping}/state`;
    expect((await call(sandbox, "GET", path)).json.data).toEqual({ state: "unresolved" });
    expect((await call(sandbox, "PATCH", path, { body: { state: "closed" } })).status).toBe(400);
    const changed = await call(sandbox, "PATCH", path, { body: { state: "resolved" } });
    expect(changed.json).toMatchObject({ error: false, reason: "updated" });
    const conversation = (await call(sandbox, "GET", `${site}/conversation/${SESSIONS.shipping}`)).json.data;
    expect(conversation.state).toBe("resolved");
    expect(conversation.unread.operator).toBe(0);
    expect(conversation.waiting_since).toBeUndefined();
    expect(events).toContainEqual({
      event: "session:set_state",
      website_id: SANDBOX_WEBSITE_ID,
      session_id: SESSIONS.shipping,
      data: { state: "resolved" },
      timestamp: expect.any(Number),
    });
  });

  it("merges metas and emits the matching events", async () => {
    events.length = 0;
    const path = `${site}/conversation/${SESSIONS.refund}/meta`;
    await call(sandbox, "PATCH", path, { body: { subject: "Refund for order #10388", data: { priority: "high" } } });
    const meta = (await call(sandbox, "GET", path)).json.data;
    expect(meta).toMatchObject({ nickname: "Lucas Martin", subject: "Refund for order #10388", data: { order_id: "10388", priority: "high" } });
    expect(events.map((event) => event.event)).toEqual(["session:set_subject", "session:set_data"]);
    expect((await call(sandbox, "PATCH", path, { body: { segments: "vip" } })).status).toBe(400);
  });

  it("assigns and unassigns routing", async () => {
    const path = `${site}/conversation/${SESSIONS.login}/routing`;
    expect((await call(sandbox, "GET", path)).json.data).toEqual({});
    const aiko = sandbox.state.operators.find((operator) => operator.first_name === "Aiko")!;
    await call(sandbox, "PATCH", path, { body: { assigned: { user_id: aiko.user_id } } });
    expect((await call(sandbox, "GET", path)).json.data).toEqual({ assigned: { user_id: aiko.user_id } });
    const stranger = await call(sandbox, "PATCH", path, { body: { assigned: { user_id: "00000000-0000-4000-8000-000000000000" } } });
    expect(stranger.status).toBe(400);
    await call(sandbox, "PATCH", path, { body: { assigned: null } });
    expect((await call(sandbox, "GET", path)).json.data).toEqual({});
  });

  it("marks messages read and the conversation unread", async () => {
    const conversationPath = `${site}/conversation/${SESSIONS.hidden}`;
    expect((await call(sandbox, "GET", conversationPath)).json.data.unread.operator).toBe(2);
    await call(sandbox, "PATCH", `${conversationPath}/read`, { body: { from: "operator", origin: "chat" } });
    expect((await call(sandbox, "GET", conversationPath)).json.data.unread.operator).toBe(0);
    const messages = (await call(sandbox, "GET", `${conversationPath}/messages`)).json.data as { from: string; read: string }[];
    expect(messages.filter((message) => message.from === "user").every((message) => message.read === "chat")).toBe(true);
    await call(sandbox, "PATCH", `${conversationPath}/unread`, { body: { from: "operator", origin: "chat" } });
    expect((await call(sandbox, "GET", conversationPath)).json.data.unread.operator).toBe(1);
  });
});

describe("messages", () => {
  it("pages back with timestamp_before to the first of 65 messages", async () => {
    const path = `${site}/conversation/${SESSIONS.watch}/messages`;
    const seen: { content: string; timestamp: number; fingerprint: number }[] = [];
    let batch = (await call(sandbox, "GET", path)).json.data as typeof seen;
    expect(batch).toHaveLength(20);
    expect(batch.at(-1)!.content).toContain("Thanks a lot");
    let pages = 0;
    while (batch.length > 0) {
      pages += 1;
      seen.unshift(...batch);
      const timestamps = batch.map((message) => message.timestamp);
      expect(timestamps).toEqual([...timestamps].sort((a, b) => a - b)); // oldest first
      batch = (await call(sandbox, "GET", path, { query: { timestamp_before: String(batch[0]!.timestamp) } })).json.data;
    }
    expect(pages).toBe(4);
    expect(seen).toHaveLength(65);
    expect(new Set(seen.map((message) => message.fingerprint)).size).toBe(65);
    expect(seen[0]!.content).toContain("stopped syncing");
  });

  it("sends, gets, updates and removes a message by fingerprint", async () => {
    events.length = 0;
    const base = `${site}/conversation/${SESSIONS.injection}`;
    const sent = await call(sandbox, "POST", `${base}/message`, {
      body: { type: "text", from: "operator", origin: "chat", content: "Hi Alex, which order is it about?", user: { nickname: "Maya Lopez" } },
    });
    expect(sent.json).toMatchObject({ error: false, data: { fingerprint: expect.any(Number) } });
    const fingerprint = sent.json.data.fingerprint as number;

    const message = (await call(sandbox, "GET", `${base}/message/${fingerprint}`)).json.data;
    expect(message).toEqual({
      session_id: SESSIONS.injection,
      website_id: SANDBOX_WEBSITE_ID,
      type: "text",
      from: "operator",
      origin: "chat",
      content: "Hi Alex, which order is it about?",
      fingerprint,
      timestamp: expect.any(Number),
      read: "",
      delivered: "",
      user: { nickname: "Maya Lopez" },
      stamped: true,
      mentions: [],
    });
    const conversation = (await call(sandbox, "GET", base)).json.data;
    expect(conversation.preview_message).toMatchObject({ from: "operator", fingerprint });
    expect(conversation.waiting_since).toBeUndefined();
    expect(events.map((event) => event.event)).toContain("message:received");

    await call(sandbox, "PATCH", `${base}/message/${fingerprint}`, { body: { content: "Hi Alex, which order number is it?" } });
    expect((await call(sandbox, "GET", `${base}/message/${fingerprint}`)).json.data.content).toBe("Hi Alex, which order number is it?");
    expect((await call(sandbox, "DELETE", `${base}/message/${fingerprint}`)).json.reason).toBe("deleted");
    expect((await call(sandbox, "GET", `${base}/message/${fingerprint}`)).status).toBe(404);

    const invalid = await call(sandbox, "POST", `${base}/message`, { body: { type: "text", from: "robot", content: "x" } });
    expect(invalid.status).toBe(400);
    expect((await call(sandbox, "POST", `${base}/message`, { body: { type: "text", from: "operator", content: "" } })).status).toBe(400);
  });

  it("simulates visitor messages that reopen a conversation", async () => {
    events.length = 0;
    const message = sandbox.state.addVisitorMessage(SESSIONS.address, "Actually, the parcel went to my old address!");
    expect(message).toMatchObject({ from: "user", type: "text", session_id: SESSIONS.address });
    const conversation = (await call(sandbox, "GET", `${site}/conversation/${SESSIONS.address}`)).json.data;
    expect(conversation).toMatchObject({ state: "unresolved", unread: { operator: 1 }, waiting_since: message.timestamp });
    expect(events[0]).toMatchObject({ event: "message:send", session_id: SESSIONS.address, data: { fingerprint: message.fingerprint } });

    const fresh = sandbox.state.addVisitorMessage(undefined, "Hello? Anyone there?");
    expect(fresh.session_id).not.toBe(SESSIONS.address);
    expect(sandbox.state.conversations.require(fresh.session_id)).toMatchObject({ state: "unresolved", unread: { operator: 1 } });
    const another = sandbox.state.addVisitorMessage("Is this shop open on Sundays?");
    expect(another.content).toBe("Is this shop open on Sundays?");
    expect(another.session_id).not.toBe(fresh.session_id);
  });
});

describe("people", () => {
  it("lists, searches and gets profiles by id or email", async () => {
    const all = (await call(sandbox, "GET", `${site}/people/profiles/1`)).json.data as { email: string }[];
    expect(all.length).toBeGreaterThanOrEqual(8);
    const found = (await call(sandbox, "GET", `${site}/people/profiles/1`, { query: { search_text: "rossi" } })).json.data;
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      people_id: seededPeopleId("sofia"),
      email: "sofia.rossi@example.it",
      person: { nickname: "Sofia Rossi", geolocation: { city: "Milan" } },
      company: { name: "Milano Trail Club" },
      segments: ["lead", "b2b"],
      notepad: expect.any(String),
      active: expect.any(Object),
      created_at: expect.any(Number),
      updated_at: expect.any(Number),
    });
    expect((await call(sandbox, "GET", `${site}/people/profiles/2`)).json.data).toEqual([]);
    expect((await call(sandbox, "HEAD", `${site}/people/profile/${seededPeopleId("noah")}`)).status).toBe(200);
    expect((await call(sandbox, "HEAD", `${site}/people/profile/${encodeURIComponent("nobody@example.com")}`)).status).toBe(404);
  });

  it("adds, saves, updates and removes a profile", async () => {
    events.length = 0;
    const added = await call(sandbox, "POST", `${site}/people/profile`, {
      body: { email: "nina.patel@example.com", person: { nickname: "Nina Patel" }, segments: ["lead"] },
    });
    expect(added.json).toMatchObject({ reason: "added", data: { people_id: expect.any(String) } });
    const peopleId = added.json.data.people_id as string;
    expect(events[0]).toMatchObject({ event: "people:profile:created", data: { people_id: peopleId } });
    expect((await call(sandbox, "POST", `${site}/people/profile`, { body: { email: "nina.patel@example.com" } })).status).toBe(409);
    expect((await call(sandbox, "POST", `${site}/people/profile`, { body: { person: { nickname: "No Email" } } })).status).toBe(400);

    const path = `${site}/people/profile/${peopleId}`;
    await call(sandbox, "PATCH", path, { body: { person: { phone: "+1 555 0100" }, notepad: "Prefers phone" } });
    expect((await call(sandbox, "GET", path)).json.data).toMatchObject({
      person: { nickname: "Nina Patel", phone: "+1 555 0100" },
      segments: ["lead"],
      notepad: "Prefers phone",
    });
    await call(sandbox, "PUT", path, { body: { email: "nina.patel@example.com", person: { nickname: "Nina P." } } });
    const saved = (await call(sandbox, "GET", path)).json.data;
    expect(saved.person).toEqual({ nickname: "Nina P." });
    expect(saved.segments).toEqual([]);
    expect(saved.notepad).toBe("");

    const dataPath = `${site}/people/data/${peopleId}`;
    await call(sandbox, "PUT", dataPath, { body: { data: { plan: "free", seats: 1 } } });
    await call(sandbox, "PATCH", dataPath, { body: { data: { seats: 3 } } });
    expect((await call(sandbox, "GET", dataPath)).json.data).toEqual({ data: { plan: "free", seats: 3 } });

    expect((await call(sandbox, "DELETE", path)).json.reason).toBe("deleted");
    expect((await call(sandbox, "HEAD", path)).status).toBe(404);
    expect(events.map((event) => event.event)).toEqual(["people:profile:created", "people:profile:updated", "people:profile:updated", "people:profile:removed"]);
  });

  it("lists a person's conversations and data", async () => {
    const conversations = await call(sandbox, "GET", `${site}/people/conversations/${seededPeopleId("lucas")}/list/1`);
    expect(conversations.json.data).toEqual([SESSIONS.refund]);
    const data = await call(sandbox, "GET", `${site}/people/data/${encodeURIComponent("lucas.martin@example.fr")}`);
    expect(data.json.data.data).toMatchObject({ preferred_refund: "card" });
  });
});

// The article routes are the legacy Knowledge Base's, served by the second website.
describe("helpdesk (legacy website)", () => {
  let site: string;
  beforeAll(() => {
    site = `/website/${sandbox.legacyWebsiteId}`;
  });

  it("lists locales and articles, and searches titles", async () => {
    const locales = (await call(sandbox, "GET", `${site}/helpdesk/locales/1`)).json.data as { locale: string; articles: number }[];
    expect(locales.map((locale) => [locale.locale, locale.articles])).toEqual([
      ["en", 8],
      ["fr", 2],
    ]);
    const english = (await call(sandbox, "GET", `${site}/helpdesk/locale/en/articles/1`)).json.data as { status: string }[];
    expect(english).toHaveLength(8);
    expect(english.every((article) => article.status === "published")).toBe(true);
    const searched = (await call(sandbox, "GET", `${site}/helpdesk/locale/en/articles/1`, { query: { search_title: "refund" } })).json.data;
    expect(searched).toHaveLength(1);
    expect(searched[0]).toMatchObject({
      article_id: seededArticleId("en", "returns-and-refunds"),
      title: "Returns and refunds policy",
      description: expect.any(String),
      content: expect.stringContaining("## Returns"),
      status: "published",
      visibility: "visible",
      featured: true,
      order: expect.any(Number),
      url: expect.stringContaining("https://"),
      locale: "en",
      category: { name: "Returns & refunds" },
    });
    expect((await call(sandbox, "GET", `${site}/helpdesk/locale/fr/articles/1`)).json.data).toHaveLength(2);
    expect((await call(sandbox, "GET", `${site}/helpdesk/locale/de/articles/1`)).status).toBe(404);
  });

  it("adds, edits, publishes, unpublishes and deletes an article", async () => {
    const added = await call(sandbox, "POST", `${site}/helpdesk/locale/en/article`, { body: { title: "Caring for leather boots" } });
    expect(added.json).toMatchObject({ reason: "added", data: { article_id: expect.any(String) } });
    const path = `${site}/helpdesk/locale/en/article/${added.json.data.article_id}`;
    expect((await call(sandbox, "HEAD", path)).status).toBe(200);
    expect((await call(sandbox, "GET", path)).json.data).toMatchObject({ title: "Caring for leather boots", status: "draft" });

    await call(sandbox, "PUT", path, { body: { title: "Caring for leather boots", content: "## Clean\n\nUse a soft brush.", featured: true } });
    await call(sandbox, "PATCH", path, { body: { description: "Keep boots waterproof" } });
    expect((await call(sandbox, "GET", path)).json.data).toMatchObject({
      content: "## Clean\n\nUse a soft brush.",
      description: "Keep boots waterproof",
      featured: true,
    });
    await call(sandbox, "POST", `${path}/publish`, { body: {} });
    expect((await call(sandbox, "GET", path)).json.data.status).toBe("published");
    await call(sandbox, "POST", `${path}/unpublish`, { body: {} });
    expect((await call(sandbox, "GET", path)).json.data.status).toBe("draft");
    expect((await call(sandbox, "PATCH", path, { body: { visibility: "secret" } })).status).toBe(400);
    expect((await call(sandbox, "DELETE", path)).json.reason).toBe("deleted");
    expect((await call(sandbox, "HEAD", path)).status).toBe(404);
  });
});

describe("website", () => {
  it("gets the website and lists its operators", async () => {
    const operators = (await call(sandbox, "GET", `${site}/operators/list`)).json.data as { type: string; details: { first_name: string; role: string } }[];
    expect(operators).toHaveLength(3);
    expect(operators[0]).toMatchObject({ type: "operator", details: { first_name: "Maya", role: "owner" } });
  });
});

describe("every catalog operation", () => {
  let everything: Sandbox;
  beforeAll(async () => {
    everything = await startSandbox({ tier: "user" });
  });
  afterAll(async () => {
    await everything.close();
  });

  // Crisp serves these on the same verb and path as a sibling; the body says which.
  const discriminatingBodies: Record<string, unknown> = {
    batch_remove_people: { people: { profiles: [] } },
    batch_update_people_data: { people: { profiles: [] }, data: {} },
    batch_update_people_segments: { people: { profiles: [] }, segments: [] },
    deliver_widget_data_edit_action_for_conversation: { value: "edited" },
  };

  function plausiblePath(operation: Operation, values: Record<string, string>): string {
    return operation.path.replace(/\{([a-z_]+)\}/g, (_match, name: string) =>
      encodeURIComponent(values[name] ?? "3b5d9a4e-8c21-4f6a-9e0b-7d2c1a5f8e34"),
    );
  }

  it("answers each one on its own route, never with the unknown-route 404", async () => {
    const watchMessages = everything.state.conversations.allMessages(SESSIONS.watch);
    const values: Record<string, string> = {
      website_id: everything.websiteId,
      session_id: SESSIONS.watch,
      people_id: seededPeopleId("noah"),
      locale: "en",
      locale_linked: "fr",
      article_id: seededArticleId("en", "track-your-order"),
      fingerprint: String(watchMessages[0]!.fingerprint),
      user_id: everything.state.operators[0]!.user_id,
      page_number: "1",
      action: "clicked",
      rule: "ip",
      content_type: "articles",
      tree_path: seededTreePath("en", "track-your-order"),
      entity_id: seededEntityId("en", "articles", seededTreePath("en", "track-your-order")),
      change_id: seededChangeId("canada-shipping-costs"),
      team_id: seededTeamId("sales"),
    };
    // Removals last, so they do not take away what later calls need.
    const ordered = [...OPERATIONS].sort((a, b) => Number(a.method === "DELETE") - Number(b.method === "DELETE"));
    const failures: string[] = [];
    for (const operation of ordered) {
      const withBody = operation.method !== "GET" && operation.method !== "HEAD";
      // The few plugin-only routes (plugin connect, usage billing) refuse user tokens, as Crisp does.
      const target = !operation.tiers || operation.tiers.includes("user") ? everything : sandbox;
      // Legacy Knowledge Base routes are served by the legacy website only.
      const websiteId = operation.toolset === "helpdesk_legacy" ? everything.legacyWebsiteId : everything.websiteId;
      const answer = await call(target, operation.method, plausiblePath(operation, { ...values, website_id: websiteId }), {
        ...(withBody ? { body: discriminatingBodies[operation.name] ?? {} } : {}),
      });
      const recorded = target.requests.at(-1);
      const routeMissing = answer.status === 404 && (operation.method === "HEAD" || answer.json?.data?.namespace === "route");
      const wellFormed = operation.method === "HEAD" ? answer.text === "" : typeof answer.json?.error === "boolean";
      if (routeMissing || !wellFormed || answer.status >= 500 || answer.status === 403 || recorded?.operation !== operation.name) {
        failures.push(`${operation.name}: ${answer.status} ${answer.text.slice(0, 120)} (matched ${recorded?.operation})`);
      }
    }
    expect(failures).toEqual([]);
    const answered = new Set([...everything.requests, ...sandbox.requests].map((request) => request.operation));
    expect(OPERATIONS.filter((operation) => !answered.has(operation.name))).toEqual([]);
  });

  it("answers generic routes in Crisp's shapes", async () => {
    const base = `/website/${everything.websiteId}`;
    expect((await call(everything, "GET", `${base}/campaigns/list/1`)).json).toEqual({ error: false, reason: "resolved", data: [] });
    const inbox = await call(everything, "POST", `${base}/inbox`, { body: { name: "Wholesale" } });
    expect(inbox.json).toMatchObject({ error: false, reason: "added", data: { inbox_id: expect.stringMatching(/^[0-9a-f-]{36}$/) } });
    expect((await call(everything, "PATCH", `${base}/settings`, { body: {} })).json).toEqual({ error: false, reason: "updated", data: {} });
    expect((await call(everything, "HEAD", `${base}/inbox/${inbox.json.data.inbox_id}`)).status).toBe(200);
    expect((await call(everything, "GET", `${base}/conversation/${SESSIONS.refund}/block`)).json.data).toEqual({ blocked: false });
  });
});

describe("faults", () => {
  const conversationsPath = () => `${site}/conversations/1`;

  it("answers an injected status with Crisp's error envelope and Retry-After", async () => {
    const remove = sandbox.faults.add({ kind: "status", status: 429, retryAfter: 2, path: conversationsPath() });
    try {
      const limited = await call(sandbox, "GET", conversationsPath());
      expect(limited.status).toBe(429);
      expect(limited.headers.get("retry-after")).toBe("2");
      expect(limited.json).toEqual({ error: true, reason: "rate_limited", data: { namespace: "response", message: expect.any(String) } });
      expect(sandbox.requests.at(-1)).toMatchObject({ status: 429, operation: "list_conversations" });
      expect((await call(sandbox, "GET", site)).status).toBe(200); // other paths are untouched
    } finally {
      remove();
    }
    expect((await call(sandbox, "GET", conversationsPath())).status).toBe(200);
  });

  it("limits a rule to `times` requests and matches method and RegExp paths", async () => {
    sandbox.faults.add({ kind: "status", status: 503, method: "GET", path: /\/conversations\/\d+$/, times: 2 });
    sandbox.faults.add({ kind: "status", status: 420, method: "POST" });
    try {
      const first = await call(sandbox, "GET", conversationsPath());
      expect(first.status).toBe(503);
      expect(first.json.reason).toBe("server_error");
      expect((await call(sandbox, "GET", `${site}/conversations/2`)).status).toBe(503);
      expect((await call(sandbox, "GET", conversationsPath())).status).toBe(200);
      const calm = await call(sandbox, "POST", `${site}/conversation`, { body: {} });
      expect(calm.status).toBe(420);
      expect(calm.json.reason).toBe("rate_limited");
    } finally {
      sandbox.faults.clear();
    }
    expect((await call(sandbox, "POST", `${site}/conversation`, { body: {} })).status).toBe(200);
  });

  it("answers an HTML error page", async () => {
    sandbox.faults.add({ kind: "html", status: 502, times: 1 });
    const answer = await call(sandbox, "GET", site);
    expect(answer.status).toBe(502);
    expect(answer.headers.get("content-type")).toContain("text/html");
    expect(answer.text).toContain("<html>");
  });

  it("answers malformed JSON with 200", async () => {
    sandbox.faults.add({ kind: "malformed_json", times: 1 });
    const answer = await call(sandbox, "GET", site);
    expect(answer.status).toBe(200);
    expect(() => JSON.parse(answer.text)).toThrow();
  });

  it("answers a huge but valid envelope", async () => {
    sandbox.faults.add({ kind: "huge_body", times: 1 });
    const answer = await call(sandbox, "GET", conversationsPath());
    expect(answer.text.length).toBeGreaterThanOrEqual(5 * 1024 * 1024);
    expect(answer.json.error).toBe(false);
    expect(Array.isArray(answer.json.data)).toBe(true);
    sandbox.faults.add({ kind: "huge_body", bytes: 100_000, times: 1 });
    const smaller = await call(sandbox, "GET", conversationsPath());
    expect(smaller.text.length).toBeGreaterThanOrEqual(100_000);
    expect(smaller.text.length).toBeLessThan(200_000);
  });

  it("resets the connection", async () => {
    sandbox.faults.add({ kind: "reset", times: 1 });
    await expect(call(sandbox, "POST", `${site}/conversation/${SESSIONS.watch}/message`, { body: { type: "text", from: "operator", content: "once" } })).rejects.toThrow();
    expect(sandbox.requests.at(-1)).toMatchObject({ status: 0, method: "POST", body: { content: "once" }, operation: "send_message_in_conversation" });
  });

  it("hangs until the client gives up, and close() still returns", async () => {
    const hanging = await startSandbox();
    hanging.faults.add({ kind: "hang" });
    await expect(call(hanging, "GET", `/website/${hanging.websiteId}`, { signal: AbortSignal.timeout(300) })).rejects.toThrow();
    expect(hanging.requests.at(-1)).toMatchObject({ status: 0, operation: "get_website" });
    // A second hung request is still open when the sandbox closes.
    const pending = call(hanging, "GET", `/website/${hanging.websiteId}`).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await hanging.close();
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await pending).toBeInstanceOf(Error);
  });
});
