import { MESSAGE_TYPES } from "../conversation-store.js";
import { invalidData, success } from "../envelope.js";
import { isPlainObject } from "../objects.js";
import type { MessageAuthor } from "../types.js";
import type { Handler } from "./context.js";
import { bodyObject, oneOf, optionalTimestamp, positiveInteger } from "./inputs.js";

// Messages of one conversation: the paged transcript, sending, and one message by fingerprint.

const SENDERS = ["user", "operator"] as const;
const TEXT_TYPES = new Set(["text", "note"]);

const getMessages: Handler = ({ state, params, query }) => {
  const before = optionalTimestamp(query, "timestamp_before");
  const after = optionalTimestamp(query, "timestamp_after");
  return success(
    state.conversations.messages(params.session_id!, {
      ...(before !== undefined ? { before } : {}),
      ...(after !== undefined ? { after } : {}),
    }),
  );
};

const sendMessage: Handler = ({ state, params, body }) => {
  const input = bodyObject(body);
  const type = oneOf(input.type, MESSAGE_TYPES, "type");
  const from = oneOf(input.from, SENDERS, "from");
  const origin = input.origin === undefined ? "chat" : input.origin;
  if (typeof origin !== "string" || origin === "") throw invalidData("origin must be a string such as chat or email");
  checkContent(type, input.content);
  if (input.user !== undefined && !isPlainObject(input.user)) throw invalidData("user must be an object");
  const user = (input.user ?? {}) as Partial<MessageAuthor>;
  const author: Partial<MessageAuthor> =
    from === "operator" && !user.nickname ? { ...user, nickname: state.website.name } : user;
  const mentions = Array.isArray(input.mentions) ? input.mentions.filter((item): item is string => typeof item === "string") : [];
  const message = state.conversations.append(params.session_id!, {
    type,
    from,
    origin,
    content: input.content,
    user: author,
    mentions,
  });
  return success({ fingerprint: message.fingerprint }, "dispatched");
};

const getMessage: Handler = ({ state, params }) =>
  success(state.conversations.message(params.session_id!, fingerprintOf(params)));

const updateMessage: Handler = ({ state, params, body }) => {
  const input = bodyObject(body);
  if (input.content === undefined) throw invalidData("content is required");
  const fingerprint = fingerprintOf(params);
  checkContent(state.conversations.message(params.session_id!, fingerprint).type, input.content);
  state.conversations.updateMessage(params.session_id!, fingerprint, input.content);
  return success({}, "updated");
};

const removeMessage: Handler = ({ state, params }) => {
  state.conversations.removeMessage(params.session_id!, fingerprintOf(params));
  return success({}, "deleted");
};

function fingerprintOf(params: Readonly<Record<string, string>>): number {
  return positiveInteger(params.fingerprint ?? "", "fingerprint");
}

function checkContent(type: string, content: unknown): void {
  if (TEXT_TYPES.has(type)) {
    if (typeof content !== "string" || content.trim() === "") throw invalidData(`content must be a non-empty string for ${type} messages`);
  } else if (!isPlainObject(content)) {
    throw invalidData(`content must be an object for ${type} messages`);
  }
}

export const messageHandlers: Readonly<Record<string, Handler>> = {
  get_messages_in_conversation: getMessages,
  send_message_in_conversation: sendMessage,
  get_message_in_conversation: getMessage,
  update_message_in_conversation: updateMessage,
  remove_message_in_conversation: removeMessage,
};
