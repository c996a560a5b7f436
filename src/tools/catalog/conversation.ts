import { z } from "zod";
import { operation } from "../operation.js";
import * as c from "./common.js";

// Local schemas for this file's bodies.

// Millisecond timestamps; the bounds also reject a value given in seconds.
const optionalMs = (description: string) => z.number().int().min(1e12).max(1e14).optional().describe(description);
const optionalOrigin = c.origin.optional().describe("Origin: chat, email, or urn:...");
// A string for text and note messages, an object for the other types.
const messageContent = z
  .union([z.string().min(1), z.record(z.string(), z.unknown())])
  .describe("Text for text/note; object for other types, e.g. file {name,url,type}");
const fingerprints = z.array(c.fingerprint).min(1).describe("Message fingerprints");
// Checked before sending, without the long pattern z.email() puts in the JSON Schema.
const point = z.strictObject({ x: z.number(), y: z.number() });
const widgetItem = {
  section_id: z.string().min(1).describe("Widget section ID"),
  item_id: z.string().min(1).describe("Widget item ID"),
};

export const createNewConversation = operation({
  name: "create_new_conversation",
  title: "Create a new conversation",
  description: "Create an empty conversation. Returns {session_id}; set its metas, then send the first message.",
  toolset: "conversations",
  method: "POST",
  path: "/website/{website_id}/conversation",
  params: {
    website_id: c.websiteId,
  },
  tiers: ["user", "plugin"],
  aliases: ["WebsiteConversations.create"],
});

export const checkConversationExists = operation({
  name: "check_conversation_exists",
  title: "Check if conversation exists",
  description: "Check whether a session ID exists. Returns {exists}.",
  toolset: "conversations",
  method: "HEAD",
  path: "/website/{website_id}/conversation/{session_id}",
  params: {
    website_id: c.websiteId,
    session_id: c.sessionId,
  },
  tiers: ["user", "plugin"],
});

export const getConversation = operation({
  name: "get_conversation",
  title: "Get a conversation",
  description: "Get a conversation: state, assignee, unread counts, last message and visitor metas.",
  toolset: "conversations",
  method: "GET",
  path: "/website/{website_id}/conversation/{session_id}",
  params: {
    website_id: c.websiteId,
    session_id: c.sessionId,
  },
  tiers: ["user", "plugin"],
  aliases: ["WebsiteConversations.getOne"],
});

export const removeConversation = operation({
  name: "remove_conversation",
  title: "Remove a conversation",
  description: "Delete a conversation and all its messages for good. To close it, resolve it instead.",
  toolset: "conversations",
  method: "DELETE",
  path: "/website/{website_id}/conversation/{session_id}",
  params: {
    website_id: c.websiteId,
    session_id: c.sessionId,
  },
  tiers: ["user", "plugin"],
  aliases: ["WebsiteConversations.deleteOne"],
});

export const initiateConversationWithExistingSession = operation({
  name: "initiate_conversation_with_existing_session",
  title: "Initiate a conversation with existing session",
  description: "Start the conversation of an existing session (e.g. a visitor's) so messages can be sent in it.",
  toolset: "conversations",
  method: "POST",
  path: "/website/{website_id}/conversation/{session_id}/initiate",
  params: {
    website_id: c.websiteId,
    session_id: c.sessionId,
  },
  tiers: ["user", "plugin"],
  aliases: ["WebsiteConversations.initiateOne"],
});

// The executor sends the timestamps as strings, as the API expects.
export const getMessagesInConversation = operation({
  name: "get_messages_in_conversation",
  title: "Get messages in conversation",
  description:
    "Read messages, latest batch by default. Use at most one timestamp_*; page back with timestamp_before = oldest message's timestamp.",
  toolset: "messages",
  method: "GET",
  path: "/website/{website_id}/conversation/{session_id}/messages",
  params: {
    website_id: c.websiteId,
    session_id: c.sessionId,
    timestamp_before: optionalMs("Before this ms timestamp"),
    timestamp_after: optionalMs("After this ms timestamp"),
    timestamp_around: optionalMs("Around this ms timestamp"),
  },
  tiers: ["user", "plugin"],
  query: ["timestamp_before", "timestamp_after", "timestamp_around"],
});

export const sendMessageInConversation = operation({
  name: "send_message_in_conversation",
  title: "Send a message in conversation",
  description:
    "Send a message to the visitor, or a private note (type note) for operators. Returns {fingerprint}.",
  toolset: "messages",
  method: "POST",
  path: "/website/{website_id}/conversation/{session_id}/message",
  params: {
    website_id: c.websiteId,
    session_id: c.sessionId,
    type: z
      .enum(["text", "note", "file", "animation", "audio", "picker", "field", "carousel", "event"])
      .describe("Message type; note is operator-only"),
    from: c.from,
    origin: c.origin,
    content: messageContent,
    fingerprint: c.fingerprint.optional().describe("Own fingerprint, to deduplicate"),
    user: c.actingUser,
    mentions: z.array(c.userId).optional().describe("Operator user IDs mentioned (notes)"),
    references: z
      .array(z.strictObject({ type: z.string().optional(), name: z.string().optional(), target: z.string().optional() }))
      .optional()
      .describe("References, e.g. {type:url,name,target}"),
    original: z.strictObject({ original_id: z.string() }).optional().describe("Original message it relays"),
    properties: z
      .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
      .optional()
      .describe("Custom message properties"),
    timestamp: optionalMs("Sent time in ms (default now)"),
    stealth: z.boolean().optional().describe("Stealth message"),
    translated: z.boolean().optional().describe("Mark as translated"),
    automated: z.boolean().optional().describe("Mark as sent by automation"),
  },
  openWorld: true,
  tiers: ["user", "plugin"],
  aliases: ["WebsiteConversations.sendMessage"],
});

export const getMessageInConversation = operation({
  name: "get_message_in_conversation",
  title: "Get a message in conversation",
  description: "Get one message by its fingerprint.",
  toolset: "messages",
  method: "GET",
  path: "/website/{website_id}/conversation/{session_id}/message/{fingerprint}",
  params: {
    website_id: c.websiteId,
    session_id: c.sessionId,
    fingerprint: c.fingerprint,
  },
  tiers: ["user", "plugin"],
});

export const updateMessageInConversation = operation({
  name: "update_message_in_conversation",
  title: "Update a message in conversation",
  description: "Edit the content of a sent message; the visitor sees the edit.",
  toolset: "messages",
  method: "PATCH",
  path: "/website/{website_id}/conversation/{session_id}/message/{fingerprint}",
  params: {
    website_id: c.websiteId,
    session_id: c.sessionId,
    fingerprint: c.fingerprint,
    content: messageContent,
  },
  openWorld: true,
  tiers: ["user", "plugin"],
});

export const removeMessageInConversation = operation({
  name: "remove_message_in_conversation",
  title: "Remove a message in conversation",
  description: "Delete one message from the conversation, for both sides.",
  toolset: "messages",
  method: "DELETE",
  path: "/website/{website_id}/conversation/{session_id}/message/{fingerprint}",
  params: {
    website_id: c.websiteId,
    session_id: c.sessionId,
    fingerprint: c.fingerprint,
  },
  tiers: ["user", "plugin"],
});

export const composeMessageInConversation = operation({
  name: "compose_message_in_conversation",
  title: "Compose a message in conversation",
  description: "Show (start) or hide (stop) the typing indicator, optionally with a draft excerpt.",
  toolset: "messages",
  method: "PATCH",
  path: "/website/{website_id}/conversation/{session_id}/compose",
  params: {
    website_id: c.websiteId,
    session_id: c.sessionId,
    type: z.enum(["start", "stop"]).describe("Start or stop typing"),
    from: c.from,
    excerpt: z.string().optional().describe("Draft preview text"),
    stealth: z.boolean().optional().describe("Stealth compose"),
    automated: z.boolean().optional().describe("Typing by automation"),
  },
  tiers: ["user", "plugin"],
});

export const markMessagesReadInConversation = operation({
  name: "mark_messages_read_in_conversation",
  title: "Mark messages as read in conversation",
  description: "Mark messages as read, clearing the unread count.",
  toolset: "messages",
  method: "PATCH",
  path: "/website/{website_id}/conversation/{session_id}/read",
  params: {
    website_id: c.websiteId,
    session_id: c.sessionId,
    from: c.from,
    origin: c.origin,
    fingerprints,
  },
  tiers: ["user", "plugin"],
  aliases: ["WebsiteConversations.acknowledgeMessages"],
});

export const markConversationAsUnread = operation({
  name: "mark_conversation_as_unread",
  title: "Mark conversation as unread",
  description: "Flag the conversation as unread again for one side, to come back to it later.",
  toolset: "messages",
  method: "PATCH",
  path: "/website/{website_id}/conversation/{session_id}/unread",
  params: {
    website_id: c.websiteId,
    session_id: c.sessionId,
    from: c.from,
  },
  tiers: ["user", "plugin"],
});

export const markMessagesDeliveredInConversation = operation({
  name: "mark_messages_delivered_in_conversation",
  title: "Mark messages as delivered in conversation",
  description: "Acknowledge messages as delivered, e.g. from a channel integration relaying them.",
  toolset: "messages",
  method: "PATCH",
  path: "/website/{website_id}/conversation/{session_id}/delivered",
  params: {
    website_id: c.websiteId,
    session_id: c.sessionId,
    from: c.from,
    origin: c.origin,
    fingerprints,
  },
  tiers: ["user", "plugin"],
});

export const updateConversationOpenState = operation({
  name: "update_conversation_open_state",
  title: "Update conversation open state",
  description: "Mark the conversation as opened or closed in the operator's view.",
  toolset: "conversations",
  method: "PATCH",
  path: "/website/{website_id}/conversation/{session_id}/open",
  params: {
    website_id: c.websiteId,
    session_id: c.sessionId,
    opened: z.boolean().describe("True if opened"),
  },
  tiers: ["user", "plugin"],
});

export const getConversationRoutingAssign = operation({
  name: "get_conversation_routing_assign",
  title: "Get conversation routing assign",
  description: "Get the operator the conversation is assigned to, if any.",
  toolset: "conversations",
  method: "GET",
  path: "/website/{website_id}/conversation/{session_id}/routing",
  params: {
    website_id: c.websiteId,
    session_id: c.sessionId,
  },
  tiers: ["user", "plugin"],
  aliases: ["WebsiteConversations.getRouting"],
});

export const assignConversationRouting = operation({
  name: "assign_conversation_routing",
  title: "Assign conversation routing",
  description: "Assign the conversation to an operator, or unassign it with assigned null.",
  toolset: "conversations",
  method: "PATCH",
  path: "/website/{website_id}/conversation/{session_id}/routing",
  params: {
    website_id: c.websiteId,
    session_id: c.sessionId,
    assigned: z.strictObject({ user_id: c.userId }).nullable().describe("{user_id} of the operator, or null"),
    silent: z.boolean().optional().describe("Assign without notifying"),
  },
  tiers: ["user", "plugin"],
  aliases: ["WebsiteConversations.assignRouting"],
});

export const updateConversationInbox = operation({
  name: "update_conversation_inbox",
  title: "Update conversation inbox",
  description: "Move the conversation to another inbox, or out of any inbox with null.",
  toolset: "conversations",
  method: "PATCH",
  path: "/website/{website_id}/conversation/{session_id}/inbox",
  params: {
    website_id: c.websiteId,
    session_id: c.sessionId,
    inbox_id: c.inboxId.nullable().describe("Target inbox ID, or null"),
  },
  tiers: ["user", "plugin"],
});

export const getConversationMetas = operation({
  name: "get_conversation_metas",
  title: "Get conversation metas",
  description: "Get the visitor's details for the conversation: name, email, phone, segments, custom data, device.",
  toolset: "conversations",
  method: "GET",
  path: "/website/{website_id}/conversation/{session_id}/meta",
  params: {
    website_id: c.websiteId,
    session_id: c.sessionId,
  },
  tiers: ["user", "plugin"],
  aliases: ["WebsiteConversations.getMeta"],
});

export const updateConversationMetas = operation({
  name: "update_conversation_metas",
  title: "Update conversation metas",
  description: "Set visitor details on the conversation. Only the fields given change.",
  toolset: "conversations",
  method: "PATCH",
  path: "/website/{website_id}/conversation/{session_id}/meta",
  params: {
    website_id: c.websiteId,
    session_id: c.sessionId,
    nickname: z.string().optional().describe("Visitor name"),
    email: c.email("Visitor email").optional().describe("Visitor email"),
    phone: z.string().optional().describe("Phone number"),
    address: z.string().optional().describe("Postal address"),
    subject: z.string().optional().describe("Conversation subject"),
    avatar: z.string().optional().describe("Avatar image URL"),
    ip: z.string().optional().describe("Visitor IP address"),
    origin: optionalOrigin,
    segments: z.array(z.string().min(1)).optional().describe("Segments (tags)"),
    data: z
      .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
      .optional()
      .describe("Custom data, key to value"),
    device: c.openObject("Device: geolocation, system, timezone, locales").optional().describe(
      "Device: geolocation, system, timezone, locales",
    ),
  },
  tiers: ["user", "plugin"],
  aliases: ["WebsiteConversations.updateMeta"],
});

export const getOriginalMessageInConversation = operation({
  name: "get_original_message_in_conversation",
  title: "Get an original message in conversation",
  description: "Get the raw original behind a message (e.g. a full email with headers), by original_id.",
  toolset: "messages",
  method: "GET",
  path: "/website/{website_id}/conversation/{session_id}/original/{original_id}",
  params: {
    website_id: c.websiteId,
    session_id: c.sessionId,
    original_id: c.segment("Original message ID"),
  },
  tiers: ["user", "plugin"],
  aliases: ["WebsiteConversations.getOriginalMessage"],
});

export const listConversationPages = operation({
  name: "list_conversation_pages",
  title: "List conversation pages",
  description: "List the web pages the visitor browsed, with URLs and times.",
  toolset: "conversations",
  method: "GET",
  path: "/website/{website_id}/conversation/{session_id}/pages/{page_number}",
  params: {
    website_id: c.websiteId,
    session_id: c.sessionId,
    page_number: c.page,
  },
  tiers: ["user", "plugin"],
});

export const listConversationEvents = operation({
  name: "list_conversation_events",
  title: "List conversation events",
  description: "List the custom events recorded in the conversation.",
  toolset: "conversations",
  method: "GET",
  path: "/website/{website_id}/conversation/{session_id}/events/{page_number}",
  params: {
    website_id: c.websiteId,
    session_id: c.sessionId,
    page_number: c.page,
  },
  tiers: ["user", "plugin"],
});

export const listConversationFiles = operation({
  name: "list_conversation_files",
  title: "List conversation files",
  description: "List the files shared in the conversation, with their URLs.",
  toolset: "conversations",
  method: "GET",
  path: "/website/{website_id}/conversation/{session_id}/files/{page_number}",
  params: {
    website_id: c.websiteId,
    session_id: c.sessionId,
    page_number: c.page,
  },
  tiers: ["user", "plugin"],
});

export const getConversationState = operation({
  name: "get_conversation_state",
  title: "Get conversation state",
  description: "Get the state: pending, unresolved or resolved.",
  toolset: "conversations",
  method: "GET",
  path: "/website/{website_id}/conversation/{session_id}/state",
  params: {
    website_id: c.websiteId,
    session_id: c.sessionId,
  },
  tiers: ["user", "plugin"],
});

export const changeConversationState = operation({
  name: "change_conversation_state",
  title: "Change conversation state",
  description: "Set the state; resolved closes a handled conversation, unresolved reopens it.",
  toolset: "conversations",
  method: "PATCH",
  path: "/website/{website_id}/conversation/{session_id}/state",
  params: {
    website_id: c.websiteId,
    session_id: c.sessionId,
    state: z.enum(["pending", "unresolved", "resolved"]).describe("New state"),
    user: c.actingUser,
    origin: optionalOrigin,
  },
  tiers: ["user", "plugin"],
  aliases: ["WebsiteConversations.setState"],
});

export const getConversationRelations = operation({
  name: "get_conversation_relations",
  title: "Get conversation relations",
  description: "Get the parent and child conversations linked to this one.",
  toolset: "conversations",
  method: "GET",
  path: "/website/{website_id}/conversation/{session_id}/relations",
  params: {
    website_id: c.websiteId,
    session_id: c.sessionId,
  },
  tiers: ["user", "plugin"],
});

export const getConversationParticipants = operation({
  name: "get_conversation_participants",
  title: "Get conversation participants",
  description: "List the extra email participants copied on the conversation.",
  toolset: "conversations",
  method: "GET",
  path: "/website/{website_id}/conversation/{session_id}/participants",
  params: {
    website_id: c.websiteId,
    session_id: c.sessionId,
  },
  tiers: ["user", "plugin"],
});

export const saveConversationParticipants = operation({
  name: "save_conversation_participants",
  title: "Save conversation participants",
  description: "Replace the list of extra email participants. Full replace; pass [] to remove all.",
  toolset: "conversations",
  method: "PUT",
  path: "/website/{website_id}/conversation/{session_id}/participants",
  params: {
    website_id: c.websiteId,
    session_id: c.sessionId,
    participants: z
      .array(z.strictObject({ type: z.literal("email"), target: c.email("Email address") }))
      .describe("Participants: {type:email,target}"),
    user: c.actingUser,
    origin: optionalOrigin,
  },
  tiers: ["user", "plugin"],
});

export const getBlockStatusForConversation = operation({
  name: "get_block_status_for_conversation",
  title: "Get block status for conversation",
  description: "Get whether incoming messages from this visitor are blocked.",
  toolset: "conversations",
  method: "GET",
  path: "/website/{website_id}/conversation/{session_id}/block",
  params: {
    website_id: c.websiteId,
    session_id: c.sessionId,
  },
  tiers: ["user", "plugin"],
});

export const blockIncomingMessagesForConversation = operation({
  name: "block_incoming_messages_for_conversation",
  title: "Block incoming messages for conversation",
  description: "Block or unblock incoming messages from this visitor, e.g. against abuse.",
  toolset: "conversations",
  method: "PATCH",
  path: "/website/{website_id}/conversation/{session_id}/block",
  params: {
    website_id: c.websiteId,
    session_id: c.sessionId,
    blocked: z.boolean().describe("True to block"),
    user: c.actingUser,
    origin: optionalOrigin,
  },
  tiers: ["user", "plugin"],
  aliases: ["WebsiteConversations.setBlock"],
});

export const getVerifyStatusForConversation = operation({
  name: "get_verify_status_for_conversation",
  title: "Get verify status for conversation",
  description: "Get whether the visitor's identity is verified, and how.",
  toolset: "conversations",
  method: "GET",
  path: "/website/{website_id}/conversation/{session_id}/verify",
  params: {
    website_id: c.websiteId,
    session_id: c.sessionId,
  },
  tiers: ["user", "plugin"],
});

export const updateVerifyStatusForConversation = operation({
  name: "update_verify_status_for_conversation",
  title: "Update verify status for conversation",
  description: "Mark the visitor's identity as verified or not, by hand.",
  toolset: "conversations",
  method: "PATCH",
  path: "/website/{website_id}/conversation/{session_id}/verify",
  params: {
    website_id: c.websiteId,
    session_id: c.sessionId,
    verified: z.boolean().describe("True if verified"),
  },
  tiers: ["user", "plugin"],
});

// identity is email, phone or a urn:* identity.
const identity = z
  .string()
  .regex(/^(email|phone|urn:.+)$/, { message: "must be email, phone or urn:..." })
  .describe("email, phone or urn:...");

export const requestIdentityVerificationForConversation = operation({
  name: "request_identity_verification_for_conversation",
  title: "Request identity verification for conversation",
  description: "Send the visitor a verification link to prove they own an email or phone.",
  toolset: "conversations",
  method: "POST",
  path: "/website/{website_id}/conversation/{session_id}/verify/identity",
  params: {
    website_id: c.websiteId,
    session_id: c.sessionId,
    identity,
    method: z.literal("link").optional().describe("Verification method"),
    recipient: z.string().optional().describe("Email or phone to send to"),
  },
  openWorld: true,
  tiers: ["user", "plugin"],
});

// Tier not documented.
export const redeemIdentityVerificationLinkForConversation = operation({
  name: "redeem_identity_verification_link_for_conversation",
  title: "Redeem identity verification link for conversation",
  description: "Redeem the token from a verification link, verifying the visitor's identity.",
  toolset: "conversations",
  method: "PUT",
  path: "/website/{website_id}/conversation/{session_id}/verify/identity/link",
  params: {
    website_id: c.websiteId,
    session_id: c.sessionId,
    identity,
    token: z.string().min(1).describe("Token from the link"),
    recipient: z.string().optional().describe("Email or phone it was sent to"),
  },
});

export const requestEmailTranscriptForConversation = operation({
  name: "request_email_transcript_for_conversation",
  title: "Request email transcript for conversation",
  description: "Email a transcript of the conversation to the visitor or to the operators.",
  toolset: "conversations",
  method: "POST",
  path: "/website/{website_id}/conversation/{session_id}/transcript",
  params: {
    website_id: c.websiteId,
    session_id: c.sessionId,
    to: z.enum(["user", "operator"]).describe("Recipient side"),
    email: c.email("Send to this address").optional().describe("Send to this address instead"),
  },
  openWorld: true,
  tiers: ["user", "plugin"],
});

export const requestChatboxBindingPurgeForConversation = operation({
  name: "request_chatbox_binding_purge_for_conversation",
  title: "Request chatbox binding purge for conversation",
  description: "Unbind the conversation from the visitor's chatbox, so their next chat starts fresh.",
  toolset: "conversations",
  method: "POST",
  path: "/website/{website_id}/conversation/{session_id}/purge",
  params: {
    website_id: c.websiteId,
    session_id: c.sessionId,
  },
  tiers: ["user", "plugin"],
});

export const requestUserFeedbackForConversation = operation({
  name: "request_user_feedback_for_conversation",
  title: "Request user feedback for conversation",
  description: "Ask the visitor to rate the conversation.",
  toolset: "conversations",
  method: "POST",
  path: "/website/{website_id}/conversation/{session_id}/feedback",
  params: {
    website_id: c.websiteId,
    session_id: c.sessionId,
  },
  openWorld: true,
  tiers: ["user", "plugin"],
});

export const listBrowsingSessionsForConversation = operation({
  name: "list_browsing_sessions_for_conversation",
  title: "List browsing sessions for conversation",
  description: "List the visitor's co-browsing (screen sharing) sessions, with browsing_id.",
  toolset: "conversations",
  method: "GET",
  path: "/website/{website_id}/conversation/{session_id}/browsing",
  params: {
    website_id: c.websiteId,
    session_id: c.sessionId,
  },
  tiers: ["user", "plugin"],
});

export const initiateBrowsingSessionForConversation = operation({
  name: "initiate_browsing_session_for_conversation",
  title: "Initiate browsing session for conversation",
  description: "Ask the visitor to start a co-browsing session, to see their screen.",
  toolset: "conversations",
  method: "POST",
  path: "/website/{website_id}/conversation/{session_id}/browsing",
  params: {
    website_id: c.websiteId,
    session_id: c.sessionId,
  },
  openWorld: true,
  tiers: ["user", "plugin"],
});

export const sendActionToExistingBrowsingSession = operation({
  name: "send_action_to_existing_browsing_session",
  title: "Send action to an existing browsing session",
  description: "Control a co-browsing session, e.g. start or stop it.",
  toolset: "conversations",
  method: "PATCH",
  path: "/website/{website_id}/conversation/{session_id}/browsing/{browsing_id}",
  params: {
    website_id: c.websiteId,
    session_id: c.sessionId,
    browsing_id: c.segment("Browsing session ID"),
    action: z.string().min(1).describe("Action, e.g. start or stop"),
  },
  tiers: ["user", "plugin"],
});

export const assistExistingBrowsingSession = operation({
  name: "assist_existing_browsing_session",
  title: "Assist existing browsing session",
  description: "Guide the visitor in a co-browsing session: move the mouse, click or scroll at {x,y}.",
  toolset: "conversations",
  method: "PATCH",
  path: "/website/{website_id}/conversation/{session_id}/browsing/{browsing_id}/assist",
  params: {
    website_id: c.websiteId,
    session_id: c.sessionId,
    browsing_id: c.segment("Browsing session ID"),
    action: z.string().min(1).describe("e.g. mouse, click or scroll"),
    mouse: point.optional().describe("Mouse position"),
    click: point.optional().describe("Click position"),
    scroll: point.optional().describe("Scroll position"),
  },
  tiers: ["user", "plugin"],
});

export const initiateNewCallSessionForConversation = operation({
  name: "initiate_new_call_session_for_conversation",
  title: "Initiate new call session for conversation",
  description: "Start an audio or video call with the visitor. Returns {call_id}.",
  toolset: "conversations",
  method: "POST",
  path: "/website/{website_id}/conversation/{session_id}/call",
  params: {
    website_id: c.websiteId,
    session_id: c.sessionId,
    mode: z.enum(["audio", "video"]).optional().describe("Call mode (default audio)"),
    user: c.actingUser,
    origin: optionalOrigin,
  },
  openWorld: true,
  tiers: ["user", "plugin"],
});

export const getOngoingCallSessionForConversation = operation({
  name: "get_ongoing_call_session_for_conversation",
  title: "Get ongoing call session for conversation",
  description: "Get the call in progress in the conversation, if any.",
  toolset: "conversations",
  method: "GET",
  path: "/website/{website_id}/conversation/{session_id}/call",
  params: {
    website_id: c.websiteId,
    session_id: c.sessionId,
  },
  tiers: ["user", "plugin"],
});

// DELETE with a JSON body; ends a call, deletes no data.
export const abortOngoingCallSessionForConversation = operation({
  name: "abort_ongoing_call_session_for_conversation",
  title: "Abort ongoing call session for conversation",
  description: "End or cancel the call in progress.",
  toolset: "conversations",
  method: "DELETE",
  path: "/website/{website_id}/conversation/{session_id}/call/{call_id}",
  params: {
    website_id: c.websiteId,
    session_id: c.sessionId,
    call_id: c.segment("Call ID"),
    user: c.actingUser,
    origin: optionalOrigin,
  },
  destructive: false,
  tiers: ["user", "plugin"],
});

export const transmitSignalingOnOngoingCallSession = operation({
  name: "transmit_signaling_on_ongoing_call_session",
  title: "Transmit signaling on ongoing call session",
  description: "Relay WebRTC signaling (e.g. an SDP offer) for the call in progress.",
  toolset: "conversations",
  method: "PATCH",
  path: "/website/{website_id}/conversation/{session_id}/call/{call_id}",
  params: {
    website_id: c.websiteId,
    session_id: c.sessionId,
    call_id: c.segment("Call ID"),
    type: z.string().min(1).describe("Signal type, e.g. sdp"),
    payload: c.openObject("Signaling payload"),
  },
  tiers: ["user", "plugin"],
});

// Added to the Node wrapper in 2026-06; tier not documented.
export const requestToolCallForConversation = operation({
  name: "request_tool_call_for_conversation",
  title: "Request tool call for conversation",
  description: "Request a tool command in the conversation, e.g. list_tools.",
  toolset: "conversations",
  method: "POST",
  path: "/website/{website_id}/conversation/{session_id}/tool",
  params: {
    website_id: c.websiteId,
    session_id: c.sessionId,
    command: z.string().min(1).describe('Command, e.g. "list_tools"'),
    payload: c.openObject("Command arguments").optional().describe("Command arguments"),
  },
});

export const deliverWidgetButtonActionForConversation = operation({
  name: "deliver_widget_button_action_for_conversation",
  title: "Deliver widget button action for conversation",
  description: "Press a button of a plugin's sidebar widget for this conversation.",
  toolset: "conversations",
  method: "POST",
  path: "/website/{website_id}/conversation/{session_id}/widget/{plugin_id}/button",
  params: {
    website_id: c.websiteId,
    session_id: c.sessionId,
    plugin_id: c.pluginId,
    ...widgetItem,
    data: c.openObject("Button data"),
    value: z.string().optional().describe("Button value"),
  },
  tiers: ["user"],
});

// Same verb and path as the data edit action; told apart by data vs value.
export const deliverWidgetDataFetchActionForConversation = operation({
  name: "deliver_widget_data_fetch_action_for_conversation",
  title: "Deliver widget data fetch action for conversation",
  description: "Ask a plugin's sidebar widget to fetch data for one of its items.",
  toolset: "conversations",
  method: "POST",
  path: "/website/{website_id}/conversation/{session_id}/widget/{plugin_id}/data",
  params: {
    website_id: c.websiteId,
    session_id: c.sessionId,
    plugin_id: c.pluginId,
    ...widgetItem,
    data: c.openObject("Fetch data"),
  },
  tiers: ["user"],
});

// Same verb and path as the data fetch action; told apart by value vs data.
export const deliverWidgetDataEditActionForConversation = operation({
  name: "deliver_widget_data_edit_action_for_conversation",
  title: "Deliver widget data edit action for conversation",
  description: "Submit a new value for an editable item of a plugin's sidebar widget.",
  toolset: "conversations",
  method: "POST",
  path: "/website/{website_id}/conversation/{session_id}/widget/{plugin_id}/data",
  params: {
    website_id: c.websiteId,
    session_id: c.sessionId,
    plugin_id: c.pluginId,
    ...widgetItem,
    value: z.string().describe("New value"),
  },
  tiers: ["user"],
});

export const scheduleReminderForConversation = operation({
  name: "schedule_reminder_for_conversation",
  title: "Schedule a reminder for conversation",
  description: "Schedule a reminder for operators to follow up on the conversation at a date.",
  toolset: "conversations",
  method: "POST",
  path: "/website/{website_id}/conversation/{session_id}/reminder",
  params: {
    website_id: c.websiteId,
    session_id: c.sessionId,
    date: c.isoDate("When to remind (ISO-8601)"),
    note: z.string().min(1).describe("Reminder note"),
    user: c.actingUser,
    origin: optionalOrigin,
  },
  tiers: ["user", "plugin"],
  aliases: ["WebsiteConversations.scheduleReminder"],
});

export const reportConversation = operation({
  name: "report_conversation",
  title: "Report conversation",
  description: "Report the conversation to Crisp, e.g. as spam.",
  toolset: "conversations",
  method: "POST",
  path: "/website/{website_id}/conversation/{session_id}/report",
  params: {
    website_id: c.websiteId,
    session_id: c.sessionId,
    flag: z.string().min(1).describe('Reason, e.g. "spam"'),
  },
  tiers: ["user", "plugin"],
});

export const conversationOperations = [createNewConversation, checkConversationExists, getConversation, removeConversation, initiateConversationWithExistingSession, getMessagesInConversation, sendMessageInConversation, getMessageInConversation, updateMessageInConversation, removeMessageInConversation, composeMessageInConversation, markMessagesReadInConversation, markConversationAsUnread, markMessagesDeliveredInConversation, updateConversationOpenState, getConversationRoutingAssign, assignConversationRouting, updateConversationInbox, getConversationMetas, updateConversationMetas, getOriginalMessageInConversation, listConversationPages, listConversationEvents, listConversationFiles, getConversationState, changeConversationState, getConversationRelations, getConversationParticipants, saveConversationParticipants, getBlockStatusForConversation, blockIncomingMessagesForConversation, getVerifyStatusForConversation, updateVerifyStatusForConversation, requestIdentityVerificationForConversation, redeemIdentityVerificationLinkForConversation, requestEmailTranscriptForConversation, requestChatboxBindingPurgeForConversation, requestUserFeedbackForConversation, listBrowsingSessionsForConversation, initiateBrowsingSessionForConversation, sendActionToExistingBrowsingSession, assistExistingBrowsingSession, initiateNewCallSessionForConversation, getOngoingCallSessionForConversation, abortOngoingCallSessionForConversation, transmitSignalingOnOngoingCallSession, requestToolCallForConversation, deliverWidgetButtonActionForConversation, deliverWidgetDataFetchActionForConversation, deliverWidgetDataEditActionForConversation, scheduleReminderForConversation, reportConversation];
