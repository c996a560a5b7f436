import type { ToolAnnotations } from "@modelcontextprotocol/sdk/types.js";
import type { ToolContext } from "../types.js";
import { callCrisp, optional } from "./crisp.js";
import { list, obj, str } from "./format.js";

export const READ_ONLY: ToolAnnotations = { readOnlyHint: true, openWorldHint: false };

/** Operator names by user_id, for assignees; empty when the token may not list operators. */
export async function operatorNames(ctx: ToolContext, websiteId: unknown): Promise<Map<string, string>> {
  const operators = await optional(callCrisp(ctx, "list_website_operators", { website_id: websiteId }));
  const names = new Map<string, string>();
  for (const entry of list(operators)) {
    const details = obj(obj(entry).details ?? entry);
    const id = str(details.user_id);
    const name = str([details.first_name, details.last_name].filter((p) => typeof p === "string").join(" "));
    if (id) names.set(id, name ?? str(details.email) ?? id);
  }
  return names;
}

/** The assignee's name (or user_id when the name is unknown). */
export function assigneeOf(conversation: Record<string, unknown>, names: ReadonlyMap<string, string>): string | undefined {
  const id = str(obj(conversation.assigned).user_id);
  return id ? (names.get(id) ?? id) : undefined;
}
