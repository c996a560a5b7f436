// Checks on the sandbox's workspace after a play: the work was done, where it
// should have been.

/** The conversation holds a message of `type` from an operator with exactly `text`. */
export function requireOperatorText(sandbox, sessionId, text, type) {
  const found = sandbox.state.conversations
    .allMessages(sessionId)
    .some((m) => m.from === "operator" && m.type === type && m.content === text);
  if (!found) throw new Error(`no ${type} "${text.slice(0, 60)}…" from an operator in ${sessionId}`);
}
