import { CONVERSATION_STATES, type ConversationFilter } from "../conversation-store.js";
import { emptyReply, invalidData, success } from "../envelope.js";
import { isPlainObject, paginate } from "../objects.js";
import type { Handler } from "./context.js";
import { bodyObject, flag, oneOf, pageNumber, perPage } from "./inputs.js";

// Conversation-level routes: listing, lifecycle, state, metas, routing, read marks.

const SENDERS = ["user", "operator"] as const;

const listConversations: Handler = ({ state, params, query }) => {
  const page = pageNumber(params);
  const size = perPage(query);
  const filter: ConversationFilter = {
    resolved: flag(query, "filter_resolved"),
    notResolved: flag(query, "filter_not_resolved"),
    unread: flag(query, "filter_unread"),
    unassigned: flag(query, "filter_unassigned"),
    ...(query.filter_assigned ? { assignedTo: query.filter_assigned } : {}),
  };
  const searchType = query.search_type ?? "text";
  const searchQuery = query.search_query?.trim();
  if (searchQuery && searchType === "text") filter.text = searchQuery;
  let found = state.conversations.list(filter);
  if (searchQuery && searchType === "segment") found = found.filter((item) => item.meta.segments.includes(searchQuery));
  // Crisp leaves out conversations without any message unless asked.
  if (!flag(query, "include_empty")) {
    found = found.filter((item) => state.conversations.allMessages(item.session_id).length > 0);
  }
  return success(paginate(found, page, size));
};

const createConversation: Handler = ({ state }) =>
  success({ session_id: state.conversations.create().session_id }, "added");

const checkConversationExists: Handler = ({ state, params }) =>
  emptyReply(state.conversations.has(params.session_id!) ? 200 : 404);

const getConversation: Handler = ({ state, params }) => success(state.conversations.require(params.session_id!));

const removeConversation: Handler = ({ state, params }) => {
  state.conversations.remove(params.session_id!);
  return success({}, "deleted");
};

const getState: Handler = ({ state, params }) => success({ state: state.conversations.require(params.session_id!).state });

const changeState: Handler = ({ state, params, body }) => {
  const next = oneOf(bodyObject(body).state, CONVERSATION_STATES, "state");
  state.conversations.setState(params.session_id!, next);
  return success({}, "updated");
};

const getMetas: Handler = ({ state, params }) => success(state.conversations.require(params.session_id!).meta);

const updateMetas: Handler = ({ state, params, body }) => {
  state.conversations.updateMeta(params.session_id!, bodyObject(body));
  return success({}, "updated");
};

const getRouting: Handler = ({ state, params }) => {
  const { assigned } = state.conversations.require(params.session_id!);
  return success(assigned ? { assigned } : {});
};

const assignRouting: Handler = ({ state, params, body }) => {
  const { assigned } = bodyObject(body);
  if (assigned === null) {
    state.conversations.assign(params.session_id!, null);
    return success({}, "updated");
  }
  if (!isPlainObject(assigned) || typeof assigned.user_id !== "string") {
    throw invalidData("assigned must be {user_id} or null");
  }
  if (!state.operator(assigned.user_id)) throw invalidData(`assigned.user_id ${assigned.user_id} is not an operator of this website`);
  state.conversations.assign(params.session_id!, assigned.user_id);
  return success({}, "updated");
};

const markRead: Handler = ({ state, params, body }) => {
  const input = bodyObject(body);
  const reader = input.from === undefined ? "operator" : oneOf(input.from, SENDERS, "from");
  let fingerprints: number[] | undefined;
  if (input.fingerprints !== undefined) {
    if (!Array.isArray(input.fingerprints) || !input.fingerprints.every((item) => Number.isInteger(item))) {
      throw invalidData("fingerprints must be an array of integers");
    }
    fingerprints = input.fingerprints as number[];
  }
  state.conversations.markRead(params.session_id!, reader, fingerprints);
  return success({}, "updated");
};

const markUnread: Handler = ({ state, params, body }) => {
  const input = bodyObject(body);
  const reader = input.from === undefined ? "operator" : oneOf(input.from, SENDERS, "from");
  state.conversations.markUnread(params.session_id!, reader);
  return success({}, "updated");
};

export const conversationHandlers: Readonly<Record<string, Handler>> = {
  list_conversations: listConversations,
  create_new_conversation: createConversation,
  check_conversation_exists: checkConversationExists,
  get_conversation: getConversation,
  remove_conversation: removeConversation,
  get_conversation_state: getState,
  change_conversation_state: changeState,
  get_conversation_metas: getMetas,
  update_conversation_metas: updateMetas,
  get_conversation_routing_assign: getRouting,
  assign_conversation_routing: assignRouting,
  mark_messages_read_in_conversation: markRead,
  mark_conversation_as_unread: markUnread,
};
