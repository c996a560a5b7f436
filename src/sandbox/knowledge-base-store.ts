import { CrispRefusal, invalidData, notFound } from "./envelope.js";
import { HistoryLog, type ChangeFile, type HistoryChange, type HistoryFilter, type Revert, type TreeKey } from "./knowledge-base-history.js";
import { mergeMetadata, sameMetadata } from "./knowledge-base-metadata.js";
import {
  CONTENT_TYPES,
  cloneNode,
  contentLines,
  countNodes,
  documentLines,
  entryView,
  joinPath,
  latestUpdate,
  lineEdits,
  locate,
  locateEntity,
  walk,
  type ContentType,
  type Located,
  type NodeType,
  type TreeEntryView,
  type TreeMetadata,
  type TreeNode,
} from "./knowledge-base-tree.js";
import { newUuid } from "./ids.js";
import type { JsonObject } from "./objects.js";
import { titleFromSlug } from "./slug.js";
import type { HelpdeskLocale } from "./types.js";

// The new Knowledge Base (crisp-api 11): per locale, one tree per content
// type; each node has content and metadata; every edit is a history change
// that Cancel can revert. Choices Crisp does not document, made here:
// - Create makes an "entry", unpublished. Missing parent groups are created
//   on the way (published, titled from their slug); a parent that is an entry
//   refuses with invalid_data. Move creates missing parents the same way.
// - An edit that changes nothing (same content, same metadata, same position)
//   records no change.
// - Cancel with action "revert" undoes any kind of change while the entry it
//   touched still exists (content, metadata, create, delete, move, reorder),
//   and records the undo as a new change; groups created on the way stay.

export type { ContentType, TreeKey };

export interface EditAuthor {
  readonly user_id: string;
  readonly email: string;
  readonly name: string;
}

export interface KnowledgeBaseOptions {
  readonly baseUrl: string;
  now(): number;
  /** Who the token acts as: the author of edits made over the API. */
  readonly author: EditAuthor;
  isOperator(userId: string): boolean;
}

export type LocaleStatistics = Record<ContentType, { entries: number; groups: number }>;
export type KnowledgeBaseLocaleView = HelpdeskLocale & { statistics: LocaleStatistics };

export interface PageView {
  entity_id: string;
  title: string;
  tree_path: string;
  url: string;
}

export interface TreeQuery {
  subPath?: readonly string[];
  searchTitle?: string;
  /** Only nodes whose subtree was updated in this range (ms). */
  from?: number;
  to?: number;
}

export interface FeedbackRecord {
  readonly key: TreeKey;
  readonly entityId: string;
  readonly rating: "helpful" | "unhelpful";
  readonly comment?: string;
  readonly session: { session_id: string; nickname: string; email?: string; geolocation?: { country: string; city: string } };
  readonly created_at: number;
}

export interface FeedbackView {
  rating: string;
  comment?: string;
  article: { article_id: string; title: string; url: string };
  session: FeedbackRecord["session"];
  created_at: number;
}

interface LocaleRecord {
  readonly locale: HelpdeskLocale;
  readonly trees: Map<ContentType, TreeNode[]>;
}

export class KnowledgeBaseStore {
  private readonly locales = new Map<string, LocaleRecord>();
  private readonly history = new HistoryLog();
  private readonly feedbacks: FeedbackRecord[] = [];

  constructor(private readonly options: KnowledgeBaseOptions) {}

  // --- seeding -------------------------------------------------------------

  loadLocale(locale: HelpdeskLocale): void {
    this.locales.set(locale.locale, { locale, trees: new Map() });
  }

  /** Appends a seeded node under `parentParts`, which must already exist. */
  loadNode(key: TreeKey, parentParts: readonly string[], node: TreeNode): void {
    const roots = this.roots(key);
    if (parentParts.length === 0) roots.push(node);
    else this.require(key, parentParts).node.children.push(node);
  }

  loadChange(change: HistoryChange, revert: Revert): void {
    this.history.add(change, revert);
  }

  loadFeedback(feedback: FeedbackRecord): void {
    this.feedbacks.push(feedback);
  }

  // --- locales -------------------------------------------------------------

  listLocales(): KnowledgeBaseLocaleView[] {
    return [...this.locales.values()].map((record) => this.localeView(record));
  }

  hasLocale(locale: string): boolean {
    return this.locales.has(locale);
  }

  requireLocale(locale: string): KnowledgeBaseLocaleView {
    return this.localeView(this.localeRecord(locale));
  }

  addLocale(locale: string): HelpdeskLocale {
    if (!/^[a-z]{2,3}(-[a-z0-9]{2,4})?$/i.test(locale)) throw invalidData("locale must be a locale code such as en or pt-br");
    if (this.locales.has(locale)) throw new CrispRefusal(409, "locale_exists", "helpdesk", `locale ${locale} already exists`);
    const now = this.options.now();
    const record: HelpdeskLocale = { locale_id: newUuid(), locale, url: `${this.options.baseUrl}/${locale}/`, created_at: now, updated_at: now };
    this.loadLocale(record);
    return record;
  }

  removeLocale(locale: string): void {
    this.localeRecord(locale);
    this.locales.delete(locale);
  }

  // --- reads ---------------------------------------------------------------

  /** Top-level nodes, the children under `subPath`, or every node (any depth) whose title contains `searchTitle`. */
  tree(key: TreeKey, query: TreeQuery = {}): TreeEntryView[] {
    const roots = query.subPath ? this.require(key, query.subPath).node.children : this.roots(key);
    let nodes: TreeNode[] = roots;
    const needle = query.searchTitle?.trim().toLowerCase();
    if (needle) {
      nodes = [];
      walk(roots, (node) => {
        if (node.metadata.title.toLowerCase().includes(needle)) nodes.push(node);
      });
    }
    if (query.from !== undefined || query.to !== undefined) {
      const from = query.from ?? Number.NEGATIVE_INFINITY;
      const to = query.to ?? Number.POSITIVE_INFINITY;
      nodes = nodes.filter((node) => {
        const updated = latestUpdate(node);
        return updated >= from && updated <= to;
      });
    }
    return nodes.map(entryView);
  }

  resolvePath(key: TreeKey, parts: readonly string[]): TreeEntryView {
    return entryView(this.require(key, parts).node);
  }

  content(key: TreeKey, parts: readonly string[]): string {
    return this.require(key, parts).node.content;
  }

  metadata(key: TreeKey, parts: readonly string[]): TreeMetadata {
    return structuredClone(this.require(key, parts).node.metadata);
  }

  /** The public page of any node; an unpublished one gets the URL it will have once published. */
  page(key: TreeKey, parts: readonly string[]): { title: string; url: string } {
    const { node } = this.require(key, parts);
    return { title: node.metadata.title, url: this.pageUrl(key, parts) };
  }

  /** Published, non-hidden entries under published, non-hidden groups, in tree order. */
  pages(key: TreeKey): PageView[] {
    const pages: PageView[] = [];
    const visit = (nodes: TreeNode[], prefix: readonly string[]): void => {
      for (const node of nodes) {
        const { published, hidden } = node.metadata.state;
        if (!published || hidden) continue;
        const parts = [...prefix, node.slug];
        if (node.type === "entry") pages.push(this.pageView(key, node, parts));
        visit(node.children, parts);
      }
    };
    visit(this.roots(key), []);
    return pages;
  }

  pageEntity(key: TreeKey, entityId: string): PageView {
    const page = this.pages(key).find((candidate) => candidate.entity_id === entityId);
    if (!page) throw notFound("page", `no published page ${entityId} in ${key.locale}/${key.contentType}`);
    return page;
  }

  changes(filter: HistoryFilter): HistoryChange[] {
    return this.history.list(filter);
  }

  change(changeId: string): HistoryChange {
    return this.history.get(changeId);
  }

  feedbackList(key: TreeKey, from?: number, to?: number): FeedbackView[] {
    const roots = this.roots(key);
    const views: FeedbackView[] = [];
    for (const feedback of this.feedbacks) {
      if (feedback.key.locale !== key.locale || feedback.key.contentType !== key.contentType) continue;
      if ((from !== undefined && feedback.created_at < from) || (to !== undefined && feedback.created_at > to)) continue;
      const found = locateEntity(roots, feedback.entityId);
      if (!found) continue; // the page is gone
      views.push({
        rating: feedback.rating,
        ...(feedback.comment !== undefined ? { comment: feedback.comment } : {}),
        article: { article_id: feedback.entityId, title: found.node.metadata.title, url: this.pageUrl(key, found.parts) },
        session: structuredClone(feedback.session),
        created_at: feedback.created_at,
      });
    }
    return views.sort((a, b) => b.created_at - a.created_at);
  }

  // --- edits ---------------------------------------------------------------

  create(key: TreeKey, parts: readonly string[]): HistoryChange {
    const roots = this.roots(key);
    if (locate(roots, parts)) throw invalidData(`an entry already exists at tree path ${joinPath(parts)}`);
    this.checkParents(roots, parts.slice(0, -1));
    const files: ChangeFile[] = [];
    const siblings = this.ensureParents(key, parts.slice(0, -1), files);
    const node = this.newNode("entry", parts.at(-1)!, false);
    siblings.push(node);
    files.push(...this.addedFiles(key, node, parts.slice(0, -1)));
    return this.commit(`Create ${label(key, parts)}`, files, { kind: "remove", key, entityId: node.entityId });
  }

  remove(key: TreeKey, parts: readonly string[]): HistoryChange {
    return this.removeLocated(key, this.require(key, parts), `Delete ${label(key, parts)}`);
  }

  move(key: TreeKey, parts: readonly string[], to: readonly string[]): HistoryChange {
    const located = this.require(key, parts);
    return this.moveLocated(key, located, to, undefined, `Move ${label(key, parts)} to ${joinPath(to)}`);
  }

  /** Undefined when the entry is already at that position. */
  reorder(key: TreeKey, parts: readonly string[], position: number): HistoryChange | undefined {
    const located = this.require(key, parts);
    return this.reorderLocated(key, located, position, `Reorder ${label(key, parts)} to position ${position}`);
  }

  /** Undefined when the content is unchanged. */
  saveContent(key: TreeKey, parts: readonly string[], content: string): HistoryChange | undefined {
    return this.setContent(key, this.require(key, parts), content, `Update content of ${label(key, parts)}`);
  }

  /** Undefined when nothing changes. */
  updateMetadata(key: TreeKey, parts: readonly string[], patch: JsonObject): HistoryChange | undefined {
    const located = this.require(key, parts);
    const merged = mergeMetadata(located.node.metadata, patch, (userId) => this.options.isOperator(userId));
    return this.setMetadata(key, located, merged, `Update metadata of ${label(key, parts)}`);
  }

  /** Reverts a change (action "revert") and returns the change that records the revert. */
  cancelChange(changeId: string, action: unknown): HistoryChange {
    if (action !== "revert") throw invalidData('action must be "revert"');
    const { revert, cancelledBy, message } = this.history.revertOf(changeId);
    if (cancelledBy !== undefined) throw invalidData(`change ${changeId} was already cancelled by change ${cancelledBy}`);
    const revertMessage = `Revert "${message}"`;
    const entity = (entityId: string): Located => {
      const roots = this.locales.get(revert.key.locale)?.trees.get(revert.key.contentType);
      const found = roots && locateEntity(roots, entityId);
      if (!found) throw invalidData(`change ${changeId} cannot be cancelled: the entry it changed no longer exists`);
      return found;
    };
    let change: HistoryChange | undefined;
    switch (revert.kind) {
      case "remove":
        change = this.removeLocated(revert.key, entity(revert.entityId), revertMessage);
        break;
      case "restore":
        if (!this.locales.has(revert.key.locale)) throw invalidData(`change ${changeId} cannot be cancelled: locale ${revert.key.locale} no longer exists`);
        change = this.restore(revert.key, revert.parts, revert.index, revert.node, revertMessage);
        break;
      case "move":
        change = this.moveLocated(revert.key, entity(revert.entityId), revert.to, revert.index, revertMessage);
        break;
      case "position":
        change = this.reorderLocated(revert.key, entity(revert.entityId), revert.position, revertMessage);
        break;
      case "content":
        change = this.setContent(revert.key, entity(revert.entityId), revert.content, revertMessage);
        break;
      case "metadata":
        change = this.setMetadata(revert.key, entity(revert.entityId), revert.metadata, revertMessage);
        break;
    }
    if (!change) throw invalidData(`change ${changeId} has nothing left to cancel: the entry already matches`);
    this.history.markCancelled(changeId, change.change_id);
    return change;
  }

  // --- edit primitives -----------------------------------------------------

  private removeLocated(key: TreeKey, located: Located, message: string): HistoryChange {
    const files: ChangeFile[] = [];
    let deletions = 0;
    walk(
      [located.node],
      (node, parts) => {
        files.push({ change: "deleted", path: joinPath(parts), locale: key.locale, type: key.contentType });
        deletions += documentLines(node.metadata, node.content).length;
      },
      located.parts.slice(0, -1),
    );
    located.siblings.splice(located.index, 1);
    return this.commit(message, files, { kind: "restore", key, parts: located.parts, index: located.index, node: cloneNode(located.node) }, { insertions: 0, deletions });
  }

  private restore(key: TreeKey, parts: readonly string[], index: number, snapshot: TreeNode, message: string): HistoryChange {
    const roots = this.roots(key);
    if (locate(roots, parts)) throw invalidData(`cannot restore ${joinPath(parts)}: an entry exists at that tree path again`);
    this.checkParents(roots, parts.slice(0, -1));
    const files: ChangeFile[] = [];
    const siblings = this.ensureParents(key, parts.slice(0, -1), files);
    const node = cloneNode(snapshot);
    siblings.splice(Math.min(index, siblings.length), 0, node);
    files.push(...this.addedFiles(key, node, parts.slice(0, -1)));
    return this.commit(message, files, { kind: "remove", key, entityId: node.entityId });
  }

  private moveLocated(key: TreeKey, located: Located, to: readonly string[], index: number | undefined, message: string): HistoryChange {
    const from = located.parts;
    const roots = this.roots(key);
    const fromPath = joinPath(from);
    const toPath = joinPath(to);
    if (toPath === fromPath) throw invalidData("path.to is already the entry's tree path");
    if (toPath.startsWith(`${fromPath}/`)) throw invalidData("an entry cannot move under itself");
    if (locate(roots, to)) throw invalidData(`an entry already exists at tree path ${toPath}`);
    this.checkParents(roots, to.slice(0, -1));

    located.siblings.splice(located.index, 1);
    const files: ChangeFile[] = [];
    const siblings = this.ensureParents(key, to.slice(0, -1), files);
    const { node } = located;
    node.slug = to.at(-1)!;
    node.updatedAt = this.options.now();
    siblings.splice(index === undefined ? siblings.length : Math.min(index, siblings.length), 0, node);
    files.push({ change: "moved", path: toPath, from: fromPath, locale: key.locale, type: key.contentType });
    return this.commit(message, files, { kind: "move", key, entityId: node.entityId, to: from, index: located.index }, { insertions: 0, deletions: 0 });
  }

  private reorderLocated(key: TreeKey, located: Located, position: number, message: string): HistoryChange | undefined {
    const target = Math.min(position, located.siblings.length - 1);
    if (target === located.index) return undefined;
    const { node, siblings } = located;
    siblings.splice(located.index, 1);
    siblings.splice(target, 0, node);
    node.updatedAt = this.options.now();
    const path = joinPath(located.parts);
    return this.commit(
      message,
      [{ change: "moved", path, from: path, position: target, locale: key.locale, type: key.contentType }],
      { kind: "position", key, entityId: node.entityId, position: located.index },
      { insertions: 0, deletions: 0 },
    );
  }

  private setContent(key: TreeKey, located: Located, content: string, message: string): HistoryChange | undefined {
    const { node } = located;
    if (node.content === content) return undefined;
    const previous = node.content;
    const edits = lineEdits(contentLines(previous), contentLines(content));
    node.content = content;
    node.updatedAt = this.options.now();
    return this.commit(
      message,
      [{ change: "modified", path: joinPath(located.parts), locale: key.locale, type: key.contentType, content }],
      { kind: "content", key, entityId: node.entityId, content: previous },
      edits,
    );
  }

  private setMetadata(key: TreeKey, located: Located, metadata: TreeMetadata, message: string): HistoryChange | undefined {
    const { node } = located;
    if (sameMetadata(node.metadata, metadata)) return undefined;
    const previous = node.metadata;
    const edits = lineEdits(documentLines(previous, ""), documentLines(metadata, ""));
    node.metadata = structuredClone(metadata);
    node.updatedAt = this.options.now();
    return this.commit(
      message,
      [{ change: "modified", path: joinPath(located.parts), locale: key.locale, type: key.contentType, metadata: structuredClone(metadata) }],
      { kind: "metadata", key, entityId: node.entityId, metadata: previous },
      edits,
    );
  }

  /** Refuses before anything changes when a would-be parent is an entry. */
  private checkParents(roots: TreeNode[], parentParts: readonly string[]): void {
    let siblings = roots;
    for (let depth = 0; depth < parentParts.length; depth += 1) {
      const node = siblings.find((candidate) => candidate.slug === parentParts[depth]);
      if (!node) return; // the rest will be created
      if (node.type !== "group") {
        throw invalidData(`${joinPath(parentParts.slice(0, depth + 1))} is an entry, not a group: only groups hold other entries`);
      }
      siblings = node.children;
    }
  }

  /** The children list at `parentParts`, creating missing groups (recorded in `files`). */
  private ensureParents(key: TreeKey, parentParts: readonly string[], files: ChangeFile[]): TreeNode[] {
    let siblings = this.roots(key);
    parentParts.forEach((slug, depth) => {
      let node = siblings.find((candidate) => candidate.slug === slug);
      if (!node) {
        node = this.newNode("group", slug, true);
        siblings.push(node);
        files.push(...this.addedFiles(key, node, parentParts.slice(0, depth)));
      }
      siblings = node.children;
    });
    return siblings;
  }

  private newNode(type: NodeType, slug: string, published: boolean): TreeNode {
    const now = this.options.now();
    return {
      entityId: newUuid(),
      type,
      slug,
      content: "",
      metadata: {
        format: "markdown",
        title: titleFromSlug(slug),
        description: "",
        state: { published, hidden: false, featured: false },
        author: { user_id: this.options.author.user_id },
      },
      children: [],
      createdAt: now,
      updatedAt: now,
    };
  }

  private addedFiles(key: TreeKey, node: TreeNode, parentParts: readonly string[]): ChangeFile[] {
    const files: ChangeFile[] = [];
    walk(
      [node],
      (added, parts) => {
        files.push({
          change: "added",
          path: joinPath(parts),
          locale: key.locale,
          type: key.contentType,
          metadata: structuredClone(added.metadata),
          content: added.content,
        });
      },
      parentParts,
    );
    return files;
  }

  /** Records a change; edits default to the lines of the files added. */
  private commit(message: string, files: ChangeFile[], revert: Revert, edits?: { insertions: number; deletions: number }): HistoryChange {
    const insertions = files.reduce((sum, file) => (file.change === "added" && file.metadata ? sum + documentLines(file.metadata, file.content ?? "").length : sum), 0);
    const { email, name } = this.options.author;
    const change: HistoryChange = {
      change_id: newUuid(),
      message,
      author: { email, name },
      edits: edits ?? { insertions, deletions: 0 },
      created_at: this.options.now(),
      files,
    };
    return structuredClone(this.history.add(change, revert));
  }

  // --- helpers -------------------------------------------------------------

  private roots(key: TreeKey): TreeNode[] {
    const record = this.localeRecord(key.locale);
    let roots = record.trees.get(key.contentType);
    if (!roots) {
      roots = [];
      record.trees.set(key.contentType, roots);
    }
    return roots;
  }

  private require(key: TreeKey, parts: readonly string[]): Located {
    const found = locate(this.roots(key), parts);
    if (!found) throw notFound("tree", `no entry at tree path ${joinPath(parts)} in ${key.locale}/${key.contentType}`);
    return found;
  }

  private localeRecord(locale: string): LocaleRecord {
    const record = this.locales.get(locale);
    if (!record) throw notFound("locale", `helpdesk locale ${locale} does not exist`);
    return record;
  }

  private localeView(record: LocaleRecord): KnowledgeBaseLocaleView {
    const statistics = Object.fromEntries(CONTENT_TYPES.map((type) => [type, countNodes(record.trees.get(type) ?? [])])) as LocaleStatistics;
    return { ...record.locale, statistics };
  }

  private pageView(key: TreeKey, node: TreeNode, parts: readonly string[]): PageView {
    return { entity_id: node.entityId, title: node.metadata.title, tree_path: joinPath(parts), url: this.pageUrl(key, parts) };
  }

  private pageUrl(key: TreeKey, parts: readonly string[]): string {
    return `${this.options.baseUrl}/${key.locale}/${key.contentType}/${parts.map(encodeURIComponent).join("/")}/`;
  }
}

function label(key: TreeKey, parts: readonly string[]): string {
  return `${key.locale}/${key.contentType}/${joinPath(parts)}`;
}
