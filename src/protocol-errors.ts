import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { Protocol } from "@modelcontextprotocol/sdk/shared/protocol.js";
import { CallToolResultSchema, ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { oneLine } from "./untrusted/text.js";

// JSON-RPC errors as a client shows them: one line, one "MCP error <code>:"
// prefix. The SDK's McpError writes the prefix into its message and sends that
// message, so the client, which prefixes again, would show it twice; and a
// request its schema refuses goes out as -32603 with a pretty-printed zod dump.

/** An McpError whose message, as sent, is the sentence alone: the client adds the code. */
export class ProtocolError extends McpError {
  constructor(code: number, message: string) {
    super(code, message);
    this.message = message;
  }
}

/** -32602 with a one-line message: a bad name, argument or parameter in a request. */
export function invalidParams(message: string): ProtocolError {
  return new ProtocolError(ErrorCode.InvalidParams, oneLine(message));
}

type AnyRequestSchema = Parameters<Server["setRequestHandler"]>[0];
type AnyHandler = Parameters<Server["setRequestHandler"]>[1];

/**
 * The SDK's low-level Server, with every request's params checked here: a
 * request its schema refuses gets -32602 naming the field, in one line. The
 * SDK's own handlers (initialize, logging/setLevel) get the same check, as
 * they are registered through this method too. tools/call results are still
 * checked against the result schema, as the SDK's Server does.
 */
export class CheckedServer extends Server {
  override setRequestHandler<T extends AnyRequestSchema>(schema: T, handler: AnyHandler): void {
    const method = methodOf(schema);
    const loose = z.looseObject({ method: z.literal(method) });
    const checked = async (request: unknown, extra: Parameters<AnyHandler>[1]) => {
      const parsed = (schema as unknown as z.ZodType).safeParse(request);
      if (!parsed.success) throw invalidParams(`Invalid ${method} request: ${describeIssues(parsed.error.issues)}`);
      const result = await handler(parsed.data as never, extra);
      if (method === "tools/call" && !CallToolResultSchema.safeParse(result).success) {
        throw new ProtocolError(ErrorCode.InternalError, "the tool's result is not a valid tools/call result");
      }
      return result;
    };
    // Past the Server's tools/call wrapper, which would refuse a bad request with its own dump first.
    Protocol.prototype.setRequestHandler.call(this, loose as never, checked as never);
  }
}

function methodOf(schema: AnyRequestSchema): string {
  const shape = (schema as unknown as { shape?: { method?: { value?: unknown } } }).shape;
  const value = shape?.method?.value;
  if (typeof value !== "string") throw new Error("a request schema without a method literal");
  return value;
}

/** "params.name: expected string, received undefined; params.arguments: ..." on one line. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .slice(0, 4)
    .map((issue) => {
      const where = issue.path.length ? issue.path.map(String).join(".") : "request";
      if (issue.code === "invalid_value" && issue.values.length > 0) {
        return `${where} must be one of ${issue.values.map(String).join(", ")}`;
      }
      if (issue.code === "invalid_type" && issue.message.includes("received undefined")) return `${where} is required`;
      return `${where}: ${issue.message.replace(/^Invalid input: /, "")}`;
    })
    .join("; ");
}
