import type { Operation } from "../../tools/operation.js";
import type { Reply } from "../envelope.js";
import type { SandboxState } from "../state.js";
import type { Site } from "../types.js";

/** What the server hands the dispatcher for one matched route. */
export interface RouteRequest {
  readonly state: SandboxState;
  readonly operation: Operation;
  /** Path placeholders, percent-decoded. */
  readonly params: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string>>;
  readonly body: unknown;
}

/** Everything a route handler may look at; it answers with a Reply or throws a CrispRefusal. */
export interface HandlerContext extends RouteRequest {
  /** The website the route names (the main one when the route names none). */
  readonly site: Site;
}

export type Handler = (context: HandlerContext) => Reply;
