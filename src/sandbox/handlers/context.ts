import type { Operation } from "../../tools/operation.js";
import type { Reply } from "../envelope.js";
import type { SandboxState } from "../state.js";

/** Everything a route handler may look at; it answers with a Reply or throws a CrispRefusal. */
export interface HandlerContext {
  readonly state: SandboxState;
  readonly operation: Operation;
  /** Path placeholders, percent-decoded. */
  readonly params: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string>>;
  readonly body: unknown;
}

export type Handler = (context: HandlerContext) => Reply;
