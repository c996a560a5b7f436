import type { Operation } from "../../tools/operation.js";
import { emptyReply, success } from "../envelope.js";
import { newUuid, sessionIdFor, stableUuid } from "../ids.js";
import type { Handler, HandlerContext } from "./context.js";
import { pageNumber } from "./inputs.js";

// Every catalog route without a stateful handler still answers like Crisp
// would, so any tool can be tried in the sandbox: lists are empty, reads give
// a small plausible object, creations give a fresh id, other writes succeed.

/** A few reads whose real answer has a well-known shape. */
const PLAUSIBLE_READS: Readonly<Record<string, (context: HandlerContext) => unknown>> = {
  get_website_settings: ({ state }) => ({
    website_id: state.websiteId,
    name: state.website.name,
    domain: state.website.domain,
    contact: { email: "support@acme-shop.example", phone: "+1 503 555 0100" },
    chatbox: { color_theme: "blue", locale: "en", welcome_message: "Hi! How can we help with your order?" },
  }),
  count_visitors: () => ({ count: 7, active: 3 }),
  count_blocked_visitors: () => ({ count: 0 }),
  count_blocked_visitors_in_rule: ({ params }) => ({ rule: params.rule, count: 0 }),
  get_people_statistics: ({ state }) => ({ total: state.people.list().length }),
  get_people_subscription_status: () => ({ email: true }),
  get_conversation_participants: () => ({ participants: [] }),
  get_block_status_for_conversation: ({ state, params }) => ({
    blocked: state.conversations.require(params.session_id!).is_blocked,
  }),
  get_verify_status_for_conversation: ({ state, params }) => ({
    verified: state.conversations.require(params.session_id!).is_verified,
  }),
  get_verify_settings: () => ({ enabled: false }),
  get_verify_key: () => ({ secret: "sandbox-verify-secret" }),
  get_connect_account: () => ({ plugin_id: stableUuid("plugin:sandbox") }),
  // The sandbox's own RTM endpoint (src/sandbox/rtm.ts).
  get_plugin_connect_endpoints: ({ state }) => ({ socket: { app: state.rtmEndpoint ?? "wss://relay.sandbox.invalid/" } }),
  get_website_connect_endpoints: ({ state }) => ({
    socket: { app: state.rtmEndpoint ?? "wss://relay.sandbox.invalid/", stream: "wss://stream.sandbox.invalid/" },
  }),
  get_plan_subscription_for_website: ({ state }) => ({
    website_id: state.websiteId,
    plan: { id: stableUuid("plan:essentials"), name: "Essentials", price: 95, currency: "USD" },
  }),
};

export function createGenericHandler(operations: readonly Operation[]): Handler {
  const createdIdField = createdIdFields(operations);
  return (context) => {
    const { operation, params } = context;
    switch (operation.method) {
      case "HEAD":
        return emptyReply(200);
      case "GET": {
        if (isList(operation)) {
          pageNumber(params); // still refuse a malformed page number
          return success([]);
        }
        const plausible = PLAUSIBLE_READS[operation.name];
        return success(plausible ? plausible(context) : echoParams(params));
      }
      case "POST": {
        const field = createdIdField.get(operation.name);
        return field ? success({ [field]: freshId(field) }, "added") : success({}, "dispatched");
      }
      case "DELETE":
        return success({}, "deleted");
      default:
        return success({}, "updated");
    }
  };
}

function isList(operation: Operation): boolean {
  return operation.path.endsWith("/{page_number}") || operation.name.startsWith("list_");
}

/**
 * A POST creates something when the catalog also has a route one level
 * deeper that names it, e.g. POST /website/{website_id}/inbox and
 * GET /website/{website_id}/inbox/{inbox_id}: it answers {inbox_id}.
 */
function createdIdFields(operations: readonly Operation[]): Map<string, string> {
  const fields = new Map<string, string>();
  for (const operation of operations) {
    if (operation.method !== "POST") continue;
    const prefix = `${operation.path}/{`;
    const child = operations.find((candidate) => candidate.path.startsWith(prefix) && !candidate.path.startsWith(`${prefix}page_number}`));
    const placeholder = child && /^\{([a-z_]+)\}/.exec(child.path.slice(operation.path.length + 1));
    if (placeholder) fields.set(operation.name, placeholder[1]!);
  }
  return fields;
}

function freshId(field: string): string {
  return field === "session_id" ? sessionIdFor(newUuid()) : newUuid();
}

function echoParams(params: Readonly<Record<string, string>>): Record<string, string> {
  const { page_number: _page, ...rest } = params;
  return rest;
}
