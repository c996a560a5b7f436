import { createHash } from "node:crypto";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { Crisp } from "crisp-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { CrispClient } from "../src/client/index.js";
import { createServer } from "../src/server.js";
import { findOperation, OPERATIONS } from "../src/tools/catalog/index.js";
import type { Operation } from "../src/tools/operation.js";
import { startCaptureServer, type CaptureServer, type CapturedRequest } from "./helpers/drift-capture.js";
import { connectInMemory, serverSettings } from "./helpers/harness.js";
import {
  listWrapperMethods,
  WRAPPER_VERSION,
  WrapperTypes,
  type SampleContext,
  type WrapperMethod,
  type WrapperParam,
} from "./helpers/drift-wrapper.js";

// Drift against the official wrapper, crisp-api (a dev dependency, pinned).
// For every method the wrapper has, one set of values, made from the
// wrapper's own TypeScript types with every optional field filled, is given
// to the wrapper and to the matching tool; both requests land on a capture
// server on 127.0.0.1 and must be the same: verb, raw path, query, body.
// A new wrapper method without a tool, a field a tool refuses or drops, or any
// other difference fails here, unless KNOWN_DIFFERENCES explains why the
// wrapper is the one that is wrong (its typed value must then stay refused),
// or RESPONSE_ONLY shows the field is one Crisp reports and no request sends
// (our tools must refuse it by name too).

// ---- names -----------------------------------------------------------------

/** websiteID → website_id, generateBucketURL → generate_bucket_url. */
function snake(name: string): string {
  return name
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase();
}

/** The wrapper has two methods of each of these names; the catalog names them apart. */
const RENAMED: Record<string, string> = {
  "PlanSubscriptionService.listAllActiveSubscriptions": "list_all_active_plan_subscriptions",
  "PluginConnect.getConnectEndpoints": "get_plugin_connect_endpoints",
  "WebsiteConnect.getConnectEndpoints": "get_website_connect_endpoints",
};

const toolNameOf = (m: WrapperMethod): string => RENAMED[`${m.resource}.${m.method}`] ?? snake(m.method);

/**
 * Wrapper parameters whose tool field is not their snake_case name, read from
 * the wrapper's source (the key it gives the value in the path, query or body).
 * Keyed by "method.param", or by "param" for every method.
 */
const PARAM_FIELDS: Record<string, string> = {
  // The Knowledge Base tree methods call the tree path `path`; the catalog's placeholder is {tree_path}.
  path: "tree_path",
  "addHelpdeskRedirection.redirectionPath": "path",
  "addHelpdeskRedirection.redirectionTarget": "target",
  "createNewCampaignTemplate.templateFormat": "format",
  "createNewCampaignTemplate.templateName": "name",
  "createNewCampaign.campaignType": "type",
  "createNewCampaign.campaignName": "name",
  // listPeopleProfiles sends searchField and searchOrder as sort_field and sort_order.
  "listPeopleProfiles.searchField": "sort_field",
  "listPeopleProfiles.searchOrder": "sort_order",
};

/**
 * Object parameters the wrapper sends as the whole body although the tool has
 * a field of the same name (the body's own field): they are spread too.
 */
const SPREAD = new Set([
  "saveConversationParticipants.participants",
  "transmitSignalingOnOngoingCallSession.payload",
  "batchOrderInboxes.orders",
  "forwardPluginPayloadToChannel.payload",
]);

/**
 * Parameters the wrapper takes already encoded for the query string, where
 * the tool takes the value itself and encodes it the same way: the wrapper is
 * given this form of the one value.
 */
const WRAPPER_FORM: Record<string, (value: unknown) => unknown> = {
  // A JSON array of filter conditions, as a string (the tool JSON-encodes the array itself).
  "listPeopleProfiles.searchFilter": (value) => JSON.stringify(value),
};

// ---- values ----------------------------------------------------------------

/** A UUID of its own for each kind of id, so that a path shows which id went where. */
function uuidFor(name: string): string {
  const hex = createHash("sha1").update(name).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const ISO = "2026-01-31T12:00:00Z";
const URL_SAMPLE = "https://example.com/sample.png";

/**
 * Values our schemas accept where the wrapper's type is a bare string or
 * number (or an open object). Keyed by "method.param.path", by
 * "Type.property" (the wrapper type that declares it) or by property name.
 * None needs percent-encoding, so that paths compare byte for byte.
 */
const HINTS: Record<string, unknown> = {
  page_number: 2,
  per_page: 20,
  locale: "en",
  email: "jane@example.com",
  // A Knowledge Base tree path spans segments: the wrapper joins it raw, the tool encodes each part (P17).
  path: "getting-started/install",
  sub_path: "getting-started",
  filter_tree_path: "getting-started/install",
  "HelpdeskTreePathUpdatePath.to": "getting-started/setup",
  from: "operator",
  origin: "chat",
  role: "member",
  timestamp: 1_767_182_400_000,
  timestamp_before: 1_767_182_400_000,
  timestamp_after: 1_767_182_400_000,
  timestamp_around: 1_767_182_400_000,
  filter_assigned: uuidFor("user_id"),
  "ConversationMessageUser.type": "participant",
  "ConversationParticipant.type": "email",
  "ConversationParticipant.target": "jane@example.com",
  "WebsiteCampaignExcerpt.type": "one-shot",
  "WebsiteInbox.operator": "and",
  "listPeopleProfiles.searchOrder": "ascending",
  "listPeopleProfiles.searchOperator": "and",
  "WebsiteRemoveVerify.method": "password",
  "HelpdeskRemoveVerify.method": "password",
  "createNewCampaign.campaignType": "one-shot",
  "requestEmailTranscriptForConversation.to": "operator",
  "initiateNewCallSessionForConversation.mode": "audio",
  // The wrapper types these bodies and queries as a bare `object`: values in the shape the catalog gives.
  "generateAnalytics.query": {
    metric: "conversations",
    type: "count",
    aggregator: "sum",
    split_by: "operator",
    filter: { model: "session", criterion: "state" },
    date: {
      from: "2026-01-01T00:00:00Z",
      to: "2026-01-31T00:00:00Z",
      split: "day",
      timezone: "UTC",
      days: { monday: { hour_from: "09:00", hour_to: "18:00" } },
    },
    if: { metric: "conversations", split_by: "inbox" },
    then: { type: "count", filter: { model: "session" } },
    raw_export: true,
  },
  "assistExistingBrowsingSession.assist": { action: "mouse", mouse: { x: 10, y: 20 }, click: { x: 30, y: 40 }, scroll: { x: 0, y: 50 } },
  "transmitSignalingOnOngoingCallSession.payload": { type: "sdp", payload: { sdp: "v=0" } },
  "reportPluginUsageToBill.usage": { name: "messages", units: 3, price: 0.5 },
  "listPeopleProfiles.searchFilter": [{ model: "people", criterion: "email", operator: "eq", query: ["jane@example.com"] }],
};

/** Whether a table value suits what the type asks for (a hint naming the method's own path always does). */
function fits(value: unknown, kind: SampleContext["kind"]): boolean {
  if (kind === "string" || kind === "key") return typeof value === "string";
  if (kind === "number") return typeof value === "number";
  if (kind === "boolean") return typeof value === "boolean";
  return true;
}

function hint(ctx: SampleContext): unknown {
  const prop = ctx.path[ctx.path.length - 1]!;
  const name = snake(prop);
  const exact = `${ctx.method}.${ctx.path.join(".")}`;
  if (exact in HINTS) return HINTS[exact];
  for (const key of [ctx.owner ? `${ctx.owner}.${prop}` : undefined, name]) {
    if (key !== undefined && key in HINTS && fits(HINTS[key], ctx.kind)) return HINTS[key];
  }
  switch (ctx.kind) {
    case "literal":
      return undefined;
    case "key":
      return "plan";
    case "number":
      return 3;
    case "boolean":
      return true;
    case "object":
      return { plan: "pro" };
    case "unknown":
      return "sample";
    case "string":
      return stringFor(name);
  }
}

function stringFor(name: string): string {
  if (name === "session_id" || name === "sessions") return `session_${uuidFor("session_id")}`;
  if (/(^|_)id$/.test(name) || ["operators", "profiles", "mentions", "teams"].includes(name)) return uuidFor(name);
  if (/email/.test(name)) return "jane@example.com";
  if (/(^|_)locales?$/.test(name)) return "en";
  if (/(^|_)(url|avatar|logo|image|icon|banner|favicon|header|footer|website)$/.test(name)) return URL_SAMPLE;
  if (/date/.test(name)) return ISO;
  return `${name.replace(/_/g, "-")}-sample`;
}

// ---- where the wrapper is wrong ---------------------------------------------

interface KnownDifference {
  /** The wrapper methods (a split call is named "method [Member]"). */
  methods: string[];
  reason: string;
  /** The values that are right on the wire, given to both sides instead of the typed ones. */
  fix: (values: unknown[]) => unknown[];
  /** Our tool must refuse the typed value, naming this field. */
  refuses: string;
}

/** Each entry is a case where the wrapper, not the tool, is wrong (shared notes, fact P21 and the catalog). */
const KNOWN_DIFFERENCES: KnownDifference[] = [
  {
    methods: ["inviteWebsiteOperator"],
    reason: "P21: the wrapper types verify as a boolean; Crisp takes {method, secret} (README, Go)",
    fix: ([website, email, role]) => [website, email, role, { method: "password", secret: "verify-secret" }],
    refuses: "verify",
  },
  {
    methods: ["sendEmailToWebsiteOperators"],
    reason: "P21: WebsiteOperatorEmail names the field userID; the wire name is user_id (README, catalog body)",
    fix: ([website, email]) => {
      const { userID, ...rest } = email as Record<string, unknown>;
      return [website, { ...rest, user_id: userID }];
    },
    refuses: "userID",
  },
  {
    methods: ["savePeopleData", "updatePeopleData"],
    reason: "the wrapper types peopleData as the data record itself; its README example and the catalog send {data: {…}}",
    fix: ([website, people, data]) => [website, people, { data }],
    refuses: "plan",
  },
  {
    methods: ["listAnimationMedias"],
    reason:
      "the wrapper types searchQuery as an object and JSON-encodes it, with no example of one; it is the search terms, a string in Go (catalog query notes), and the wrapper sends a string it is given as is",
    fix: ([page, list]) => [page, list, "thank-you"],
    refuses: "search_query",
  },
  {
    methods: ["saveCampaign", "updateCampaign"],
    reason:
      "WebsiteFilter types query as an object; a filter's query is the list of values to match, as in every other Crisp filter (Go: []interface{})",
    fix: ([website, campaign, item]) => {
      const { recipients, flow } = item as { recipients: { filter: object[] }; flow: { assert_filter: object[] } };
      recipients.filter = recipients.filter.map((filter) => ({ ...filter, query: ["vip"] }));
      flow.assert_filter = flow.assert_filter.map((filter) => ({ ...filter, query: ["vip"] }));
      return [website, campaign, item];
    },
    refuses: "recipients.filter.0.query",
  },
];

/**
 * Properties of the wrapper's types that no request carries: the wrapper
 * reuses a read type as the request type, and these are the fields Crisp
 * fills in (ids, timestamps, counters). The catalog's body for these routes
 * (from Crisp's reference) has none of them. They are left out of the values,
 * and our tools must refuse them by name, not drop them.
 */
const RESPONSE_ONLY: Record<string, string> = {
  "WebsiteInbox.inbox_id": "the inbox's id is in the path (save) or made by Crisp (create)",
  "WebsiteInbox.created_at": "set by Crisp",
  "WebsiteInbox.updated_at": "set by Crisp",
  "WebsiteTeam.team_id": "the team's id is in the path (save) or made by Crisp (create)",
  "WebsiteTeam.created_at": "set by Crisp",
  "WebsiteTeam.updated_at": "set by Crisp",
  "WebsiteCampaignTemplateExcerpt.template_id": "the template's id is in the path",
  "WebsiteCampaignTemplateExcerpt.created_at": "set by Crisp",
  "WebsiteCampaignTemplateExcerpt.updated_at": "set by Crisp",
  "WebsiteCampaignExcerpt.campaign_id": "the campaign's id is in the path",
  "WebsiteCampaignExcerpt.ready": "campaign state, reported by Crisp",
  "WebsiteCampaignExcerpt.dispatched": "campaign state, reported by Crisp",
  "WebsiteCampaignExcerpt.running": "campaign state, reported by Crisp",
  "WebsiteCampaignExcerpt.progress": "campaign progress, reported by Crisp",
  "WebsiteCampaignExcerpt.targets": "a count, reported by Crisp",
  "WebsiteCampaignExcerpt.reached": "a count, reported by Crisp",
  "WebsiteCampaignExcerpt.created_at": "set by Crisp (typed as required: the wrapper asks for it on every save)",
  "WebsiteCampaignExcerpt.updated_at": "set by Crisp (typed as required: the wrapper asks for it on every save)",
  "WebsiteCampaignExcerpt.dispatched_at": "set by Crisp",
  "WebsiteCampaignItem.statistics": "counters, reported by Crisp",
  "ConversationMeta.connection": "the visitor's ISP, detected by Crisp; not in the Update Conversation Metas body",
  "PeopleEvent.timestamp": "set by Crisp; the Add A People Event body is {text, data, color}",
  "WebsiteSettingsUpdate.websiteID": "copied from the read type (camelCase even there); the id is in the path",
};

// ---- the cases -----------------------------------------------------------------

const types = new WrapperTypes();
const METHODS = listWrapperMethods(new Crisp() as unknown as Parameters<typeof listWrapperMethods>[0]);
const SKIP = new Set(Object.keys(RESPONSE_ONLY));

interface Case {
  id: string;
  wrapper: WrapperMethod;
  tool: string;
  params: WrapperParam[];
  values: unknown[];
  /** The same call with the response-only fields kept, when there were any. */
  unskipped?: unknown[];
  skipped: string[][];
  known?: KnownDifference;
  /** Why no values could be made for this method. */
  error?: string;
}

const CASES: Case[] = METHODS.flatMap((wrapper): Case[] => {
  const tool = toolNameOf(wrapper);
  try {
    const params = types.params(wrapper.resource, wrapper.method);
    if (!params) throw new Error(`crisp-api declares no ${wrapper.resource}.${wrapper.method}`);
    const calls = types.calls(wrapper.method, params, hint, SKIP);
    const full = types.calls(wrapper.method, params, hint, new Set());
    return calls.map((call) => {
      const id = call.label && calls.length > 1 ? `${wrapper.method} [${call.label}]` : wrapper.method;
      return {
        id,
        wrapper,
        tool,
        params,
        values: call.values,
        unskipped: call.skipped.length > 0 ? full.find((f) => f.label === call.label)!.values : undefined,
        skipped: call.skipped,
        known: KNOWN_DIFFERENCES.find((k) => k.methods.includes(id) || k.methods.includes(wrapper.method)),
      };
    });
  } catch (error) {
    // A method whose values cannot be made (a new type, a missing hint) fails on its own.
    return [{ id: wrapper.method, wrapper, tool, params: [], values: [], skipped: [], error: (error as Error).message }];
  }
});

/** The tool's arguments for the wrapper's positional values. */
function toolArgs(
  c: Case,
  op: Operation,
  values: readonly unknown[],
  collided?: Set<string>,
): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  const put = (name: string, value: unknown) => {
    if (name in args) {
      // Only where response-only fields are put back: an id both in the path and in the
      // read type (save_inbox's inbox_id) has one field in the tool, the path's.
      if (!collided) throw new Error(`${c.id}: two wrapper values map to ${op.name}.${name}`);
      collided.add(name);
      return;
    }
    args[name] = value;
  };
  c.params.forEach((param, i) => {
    const value = values[i];
    if (value === undefined) return;
    const key = `${c.wrapper.method}.${param.name}`;
    const field = PARAM_FIELDS[key] ?? PARAM_FIELDS[param.name] ?? snake(param.name);
    if (!SPREAD.has(key) && field in op.params) return put(field, flagFor(op, field, value));
    if (isPlainObject(value)) {
      for (const [name, inner] of Object.entries(value)) put(name, flagFor(op, name, inner));
      return;
    }
    throw new Error(`${c.id}: no field of ${op.name} takes the wrapper's ${param.name}`);
  });
  return args;
}

/**
 * The wrapper types query flags as 0 | 1, our tools as booleans; both send
 * "1" or "0". Only a query field given 0 or 1 whose schema takes a boolean
 * (and not the number) is turned into one.
 */
function flagFor(op: Operation, field: string, value: unknown): unknown {
  if ((value !== 0 && value !== 1) || !op.query?.includes(field)) return value;
  const schema = op.params[field] as z.ZodType;
  return !schema.safeParse(value).success && schema.safeParse(value === 1).success ? value === 1 : value;
}

/** Where a wrapper value's property lands among the tool's arguments, as a dotted path. */
function toolPath(c: Case, op: Operation, path: readonly string[]): string {
  const [param, ...rest] = path;
  const key = `${c.wrapper.method}.${param}`;
  const field = PARAM_FIELDS[key] ?? PARAM_FIELDS[param!] ?? snake(param!);
  return (!SPREAD.has(key) && field in op.params ? [field, ...rest] : rest).join(".");
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const clone = <T>(value: T): T => structuredClone(value);

// ---- the two sides -------------------------------------------------------------

let capture: CaptureServer;
let wrapper: Crisp;
let crisp: CrispClient;
let mcp: Client;
let closeServer: () => Promise<void>;

beforeAll(async () => {
  capture = await startCaptureServer();
  wrapper = new Crisp();
  wrapper.setRestHost(capture.origin);
  wrapper.authenticateTier("plugin", "drift-identifier", "drift-key");
  crisp = new CrispClient({
    baseUrl: `${capture.origin}/v1`,
    identifier: "drift-identifier",
    key: "drift-key",
    tier: "plugin",
    timeoutMs: 5_000,
    retry: { baseDelayMs: 5, maxDelayMs: 20, budgetMs: 200 },
  });
  const server = createServer(
    // Methods that return a secret are reachable only when named in CRISP_TOOLS.
    serverSettings({ toolsets: ["all"], tools: OPERATIONS.filter((op) => op.secret).map((op) => op.name), allowDestructive: true }),
    crisp,
  );
  mcp = await connectInMemory(server, "crisp-mcp-drift");
  closeServer = () => server.close();
});

afterAll(async () => {
  await mcp?.close();
  await closeServer?.();
  await crisp?.close();
  await capture?.close();
});

async function viaWrapper(c: Case, values: unknown[]): Promise<CapturedRequest[]> {
  capture.take();
  const service = (wrapper as unknown as Record<string, Record<string, (...args: unknown[]) => Promise<unknown>>>)[
    c.wrapper.service
  ]!;
  const given = c.params.map((param, i) => {
    const form = WRAPPER_FORM[`${c.wrapper.method}.${param.name}`];
    return form && values[i] !== undefined ? form(values[i]) : values[i];
  });
  await service[c.wrapper.method]!(...clone(given));
  return capture.take();
}

async function viaTool(name: string, args: Record<string, unknown>): Promise<{ result: CallToolResult; sent: CapturedRequest[] }> {
  capture.take();
  const result = (await mcp.callTool({ name, arguments: clone(args) })) as CallToolResult;
  return { result, sent: capture.take() };
}

/**
 * A request as compared: a JSON-encoded query value (a filter list) is read
 * as JSON, because the tool's schema rebuilds objects in its own key order;
 * everything else is compared as sent.
 */
function comparable(request: CapturedRequest): CapturedRequest {
  const query: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(request.query)) {
    query[key] = typeof value === "string" && /^[[{]/.test(value) ? { json: JSON.parse(value) } : value;
  }
  return { ...request, query: query as CapturedRequest["query"] };
}

const textOf = (result: CallToolResult): string =>
  result.content.map((part) => (part.type === "text" ? part.text : "")).join("\n");

// ---- the comparison --------------------------------------------------------------

describe("crisp-api 11.3.0 and the tools send the same requests", () => {
  it("reads crisp-api 11.3.0, whose services have 229 methods", () => {
    expect(WRAPPER_VERSION).toBe("11.3.0");
    expect(METHODS).toHaveLength(229);
  });

  it("has a tool for every wrapper method, and a wrapper method for every current tool", () => {
    const wrapperTools = new Set(METHODS.map(toolNameOf));
    const current = OPERATIONS.filter((op) => op.toolset !== "helpdesk_legacy").map((op) => op.name);
    expect(current.filter((name) => !wrapperTools.has(name))).toEqual([]);
    expect([...wrapperTools].filter((name) => !findOperation(name))).toEqual([]);
  });

  it.each(CASES.map((c) => [c.id, c] as const))("%s", async (_id, c) => {
    if (c.error) throw new Error(c.error);
    const op = findOperation(c.tool);
    if (!op) throw new Error(`no tool ${c.tool} for the wrapper's ${c.wrapper.resource}.${c.wrapper.method}`);
    const values = c.known ? c.known.fix(clone(c.values)) : c.values;

    const theirs = await viaWrapper(c, values);
    const { result, sent: ours } = await viaTool(op.name, toolArgs(c, op, values));

    if (result.isError) throw new Error(`${op.name} refused the wrapper's values: ${textOf(result)}`);
    expect(theirs, "the wrapper sent one request").toHaveLength(1);
    expect(ours, "the tool sent one request").toHaveLength(1);
    expect(comparable(ours[0]!)).toEqual(comparable(theirs[0]!));

    if (c.known) {
      // The typed value stays refused, by name.
      const refused = await viaTool(op.name, toolArgs(c, op, c.values));
      expect(refused.result.isError, `${op.name} accepted the wrapper's mistyped ${c.known.refuses}`).toBe(true);
      expect(textOf(refused.result)).toContain(c.known.refuses);
      expect(refused.sent).toEqual([]);
    }
    if (c.unskipped) {
      // Response-only fields are refused by name, never dropped.
      const collided = new Set<string>();
      const args = toolArgs(c, op, c.known ? c.known.fix(clone(c.unskipped)) : c.unskipped, collided);
      const named = c.skipped.map((path) => toolPath(c, op, path)).filter((path) => !collided.has(path));
      if (named.length > 0) {
        const refused = await viaTool(op.name, args);
        expect(refused.result.isError, `${op.name} accepted response-only fields ${named.join(", ")}`).toBe(true);
        for (const path of named) expect(textOf(refused.result)).toContain(path);
        expect(refused.sent).toEqual([]);
      }
    }
  });
});
