// Crisp's real-time event names (the RTM API and web hooks carry the same
// ones), and the patterns wait_for_events accepts: an exact name, or a prefix
// ending in "*" such as "message:*".

/** Every event the RTM API is known to push (the Node wrapper's whitelist). */
export const RTM_EVENTS: readonly string[] = [
  "session:update_availability",
  "session:update_verify",
  "session:request:initiated",
  "session:set_email",
  "session:set_phone",
  "session:set_address",
  "session:set_subject",
  "session:set_avatar",
  "session:set_nickname",
  "session:set_origin",
  "session:set_data",
  "session:sync:pages",
  "session:sync:events",
  "session:sync:capabilities",
  "session:sync:geolocation",
  "session:sync:system",
  "session:sync:network",
  "session:sync:timezone",
  "session:sync:locales",
  "session:sync:rating",
  "session:sync:topic",
  "session:set_state",
  "session:set_block",
  "session:set_segments",
  "session:set_opened",
  "session:set_closed",
  "session:set_participants",
  "session:set_mentions",
  "session:set_routing",
  "session:set_inbox",
  "session:removed",
  "session:error",
  "message:updated",
  "message:send",
  "message:received",
  "message:removed",
  "message:compose:send",
  "message:compose:receive",
  "message:acknowledge:read:send",
  "message:acknowledge:read:received",
  "message:acknowledge:unread:send",
  "message:acknowledge:delivered",
  "message:acknowledge:ignored",
  "message:notify:unread:send",
  "message:notify:unread:received",
  "spam:message",
  "spam:decision",
  "people:profile:created",
  "people:profile:updated",
  "people:profile:removed",
  "people:bind:session",
  "people:sync:profile",
  "people:import:progress",
  "people:import:done",
  "campaign:progress",
  "campaign:dispatched",
  "campaign:running",
  "browsing:request:initiated",
  "browsing:request:rejected",
  "call:request:initiated",
  "call:request:rejected",
  "identity:verify:request",
  "status:health:changed",
  "website:update_visitors_count",
  "website:update_operators_availability",
  "website:users:available",
  "bucket:url:upload:generated",
  "bucket:url:avatar:generated",
  "bucket:url:website:generated",
  "bucket:url:campaign:generated",
  "bucket:url:helpdesk:generated",
  "bucket:url:status:generated",
  "bucket:url:processing:generated",
  "bucket:url:crawler:generated",
  "media:animation:listed",
  "email:subscribe",
  "email:track:view",
  "plugin:channel",
  "plugin:event",
  "plugin:settings:saved",
];

/**
 * What the RTM source subscribes to before any call names events: what a
 * support agent reacts to. Typing indicators, read receipts and page syncs are
 * left out: they would flood a bounded buffer.
 */
export const DEFAULT_SUBSCRIPTION: readonly string[] = [
  "message:send",
  "message:received",
  "message:updated",
  "message:removed",
  "session:request:initiated",
  "session:set_state",
  "session:set_email",
  "session:set_nickname",
  "session:set_subject",
  "session:set_data",
  "session:set_segments",
  "session:set_routing",
  "session:set_block",
  "session:removed",
  "people:profile:created",
  "people:profile:updated",
  "people:profile:removed",
  "people:bind:session",
];

/** A name ("message:send") or a prefix pattern ("message:*", "*"). */
export const EVENT_PATTERN = /^(?:\*|[a-z][a-z_]*(?::[a-z_]+)*(?::\*)?)$/;

export function matchesPattern(name: string, pattern: string): boolean {
  if (pattern.endsWith("*")) return name.startsWith(pattern.slice(0, -1));
  return name === pattern;
}

export function matchesAny(name: string, patterns: readonly string[] | undefined): boolean {
  return !patterns || patterns.length === 0 || patterns.some((p) => matchesPattern(name, p));
}

/** The RTM events a list of patterns covers: what the socket must subscribe to. */
export function rtmEventsFor(patterns: readonly string[]): string[] {
  return RTM_EVENTS.filter((name) => matchesAny(name, patterns));
}
