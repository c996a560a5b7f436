import { invalidData } from "./envelope.js";
import type { TreeMetadata, TreeState } from "./knowledge-base-tree.js";
import { isPlainObject, type JsonObject } from "./objects.js";

// Update Helpdesk Tree Metadata is a PATCH: the fields given replace the
// current ones, `state` merges flag by flag, and anything Crisp's
// HelpdeskTreeMetadata does not name is refused with invalid_data.

const METADATA_FIELDS = new Set(["format", "title", "description", "state", "author", "color", "image"]);
const STATE_FLAGS = ["published", "hidden", "featured"] as const;

export function mergeMetadata(current: TreeMetadata, patch: JsonObject, isOperator: (userId: string) => boolean): TreeMetadata {
  for (const field of Object.keys(patch)) {
    if (!METADATA_FIELDS.has(field)) throw invalidData(`metadata has no field ${field}`);
  }
  const merged: TreeMetadata = structuredClone(current);
  if (patch.format !== undefined) merged.format = text(patch.format, "format", 1, 32);
  if (patch.title !== undefined) merged.title = text(patch.title, "title", 1, 500);
  if (patch.description !== undefined) merged.description = text(patch.description, "description", 0, 2000);
  if (patch.color !== undefined) merged.color = text(patch.color, "color", 0, 32);
  if (patch.image !== undefined) merged.image = text(patch.image, "image", 0, 2000);
  if (patch.state !== undefined) merged.state = mergeState(merged.state, patch.state);
  if (patch.author !== undefined) {
    if (!isPlainObject(patch.author)) throw invalidData("author must be an object with a user_id");
    const userId = patch.author.user_id;
    if (userId !== undefined) {
      if (typeof userId !== "string" || !isOperator(userId)) throw invalidData("author.user_id must be the user_id of an operator of this website");
      merged.author = { user_id: userId };
    }
  }
  return merged;
}

function mergeState(current: TreeState, patch: unknown): TreeState {
  if (!isPlainObject(patch)) throw invalidData("state must be an object of published, hidden and featured flags");
  const merged = { ...current };
  for (const [flag, value] of Object.entries(patch)) {
    if (!(STATE_FLAGS as readonly string[]).includes(flag)) throw invalidData(`state has no flag ${flag}`);
    if (typeof value !== "boolean") throw invalidData(`state.${flag} must be a boolean`);
    merged[flag as (typeof STATE_FLAGS)[number]] = value;
  }
  return merged;
}

function text(value: unknown, field: string, min: number, max: number): string {
  if (typeof value !== "string" || value.length < min || value.length > max) {
    throw invalidData(`${field} must be a string of ${min} to ${max} characters`);
  }
  if (min > 0 && value.trim() === "") throw invalidData(`${field} must not be blank`);
  return value;
}

export function sameMetadata(a: TreeMetadata, b: TreeMetadata): boolean {
  return (
    a.format === b.format &&
    a.title === b.title &&
    a.description === b.description &&
    a.color === b.color &&
    a.image === b.image &&
    a.author.user_id === b.author.user_id &&
    STATE_FLAGS.every((flag) => a.state[flag] === b.state[flag])
  );
}
