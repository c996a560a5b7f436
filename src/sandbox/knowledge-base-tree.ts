import { invalidData } from "./envelope.js";

// The new Knowledge Base's tree, as plain data and pure functions: one list
// of root nodes per locale and content type, each node a group (a folder) or
// an entry (a page), addressed by its tree path "group/sub-group/entry".

export const CONTENT_TYPES = ["articles", "guides", "references", "news"] as const;
export type ContentType = (typeof CONTENT_TYPES)[number];

export type NodeType = "group" | "entry";

export interface TreeState {
  published: boolean;
  hidden: boolean;
  featured: boolean;
}

export interface TreeMetadata {
  format: string;
  title: string;
  description: string;
  state: TreeState;
  author: { user_id: string };
  color?: string;
  image?: string;
}

export interface TreeNode {
  /** The page entity id: stable for the node's life, moves included. */
  readonly entityId: string;
  type: NodeType;
  slug: string;
  content: string;
  metadata: TreeMetadata;
  children: TreeNode[];
  createdAt: number;
  updatedAt: number;
}

/** A tree entry as Crisp lists it. */
export interface TreeEntryView {
  type: NodeType;
  slug: string;
  title: string;
  state: TreeState;
  children: TreeEntryView[];
}

/** Where a node sits: the list holding it, its index there, and its path. */
export interface Located {
  readonly node: TreeNode;
  readonly siblings: TreeNode[];
  readonly index: number;
  readonly parts: readonly string[];
}

const MAX_PATH_LENGTH = 512;

/**
 * The parts of a tree path. Every part must be non-empty and neither "." nor
 * ".."; "?", "#" and "\" are refused as the catalog refuses them.
 */
export function parseTreePath(text: string, field = "tree_path"): string[] {
  const trimmed = text.replace(/^\/+|\/+$/g, "");
  if (trimmed === "" || trimmed.length > MAX_PATH_LENGTH) throw invalidData(`${field} must be a tree path of 1 to ${MAX_PATH_LENGTH} characters`);
  const parts = trimmed.split("/");
  for (const part of parts) {
    if (part === "" || part === "." || part === ".." || /[?#\\]/.test(part)) {
      throw invalidData(`${field} must be parts joined by "/", none empty, "." or ".." and without ?, # or \\`);
    }
  }
  return parts;
}

export function joinPath(parts: readonly string[]): string {
  return parts.join("/");
}

export function locate(roots: TreeNode[], parts: readonly string[]): Located | undefined {
  let siblings = roots;
  let found: Located | undefined;
  for (let depth = 0; depth < parts.length; depth += 1) {
    const index = siblings.findIndex((node) => node.slug === parts[depth]);
    if (index < 0) return undefined;
    const node = siblings[index]!;
    found = { node, siblings, index, parts: parts.slice(0, depth + 1) };
    siblings = node.children;
  }
  return found;
}

export function locateEntity(roots: TreeNode[], entityId: string): Located | undefined {
  let found: Located | undefined;
  walk(roots, (node, parts, siblings, index) => {
    if (!found && node.entityId === entityId) found = { node, siblings, index, parts };
  });
  return found;
}

/** Depth-first, parents before children, in display order. */
export function walk(
  roots: TreeNode[],
  visit: (node: TreeNode, parts: readonly string[], siblings: TreeNode[], index: number) => void,
  prefix: readonly string[] = [],
): void {
  roots.forEach((node, index) => {
    const parts = [...prefix, node.slug];
    visit(node, parts, roots, index);
    walk(node.children, visit, parts);
  });
}

export function entryView(node: TreeNode): TreeEntryView {
  return {
    type: node.type,
    slug: node.slug,
    title: node.metadata.title,
    state: { ...node.metadata.state },
    children: node.children.map(entryView),
  };
}

/** The newest update time in a node's subtree. */
export function latestUpdate(node: TreeNode): number {
  return node.children.reduce((latest, child) => Math.max(latest, latestUpdate(child)), node.updatedAt);
}

export function countNodes(roots: TreeNode[]): { entries: number; groups: number } {
  const counts = { entries: 0, groups: 0 };
  walk(roots, (node) => {
    if (node.type === "group") counts.groups += 1;
    else counts.entries += 1;
  });
  return counts;
}

/**
 * A node as a text file, for the history's insertion and deletion counts: one
 * front-matter line per metadata field, then the content's lines.
 */
export function documentLines(metadata: TreeMetadata, content: string): string[] {
  const lines = [
    `format: ${metadata.format}`,
    `title: ${metadata.title}`,
    `description: ${metadata.description}`,
    `published: ${metadata.state.published}`,
    `hidden: ${metadata.state.hidden}`,
    `featured: ${metadata.state.featured}`,
    `author: ${metadata.author.user_id}`,
  ];
  if (metadata.color !== undefined) lines.push(`color: ${metadata.color}`);
  if (metadata.image !== undefined) lines.push(`image: ${metadata.image}`);
  return content === "" ? lines : [...lines, ...content.split("\n")];
}

export function contentLines(content: string): string[] {
  return content === "" ? [] : content.split("\n");
}

/** Lines removed and added between two versions, counted as multisets (close to what a diff reports). */
export function lineEdits(before: readonly string[], after: readonly string[]): { insertions: number; deletions: number } {
  const remaining = new Map<string, number>();
  for (const line of before) remaining.set(line, (remaining.get(line) ?? 0) + 1);
  let insertions = 0;
  for (const line of after) {
    const left = remaining.get(line) ?? 0;
    if (left > 0) remaining.set(line, left - 1);
    else insertions += 1;
  }
  let deletions = 0;
  for (const left of remaining.values()) deletions += left;
  return { insertions, deletions };
}

export function cloneNode(node: TreeNode): TreeNode {
  return structuredClone(node);
}
