// Crisp wraps every JSON answer in {error, reason, data}. Handlers return a
// Reply; the server turns it into bytes, so no handler writes HTTP itself.

export type Reply =
  | { readonly kind: "data"; readonly status: number; readonly reason: string; readonly data: unknown }
  | { readonly kind: "error"; readonly status: number; readonly reason: string; readonly namespace: string; readonly message: string }
  /** HEAD answers: the status is the whole answer. */
  | { readonly kind: "empty"; readonly status: number };

export function success(data: unknown, reason = "resolved", status = 200): Reply {
  return { kind: "data", status, reason, data };
}

export function failure(status: number, reason: string, namespace: string, message: string): Reply {
  return { kind: "error", status, reason, namespace, message };
}

export function emptyReply(status: number): Reply {
  return { kind: "empty", status };
}

/** A refusal thrown from deep inside a handler; the dispatcher answers it. */
export class CrispRefusal extends Error {
  readonly reply: Reply;
  constructor(status: number, reason: string, namespace: string, message: string) {
    super(message);
    this.reply = failure(status, reason, namespace, message);
  }
}

export const invalidData = (message: string): CrispRefusal => new CrispRefusal(400, "invalid_data", "data", message);

export const notFound = (namespace: string, message: string): CrispRefusal =>
  new CrispRefusal(404, "not_found", namespace, message);

export function encodeReply(reply: Reply): string | undefined {
  switch (reply.kind) {
    case "data":
      return JSON.stringify({ error: false, reason: reply.reason, data: reply.data });
    case "error":
      return JSON.stringify({ error: true, reason: reply.reason, data: { namespace: reply.namespace, message: reply.message } });
    case "empty":
      return undefined;
  }
}
