import { notFound } from "./envelope.js";
import type { ContentType, TreeMetadata, TreeNode } from "./knowledge-base-tree.js";

// The new Knowledge Base's edit history: one website-wide log of changes,
// each shaped like a commit that lists the files (tree paths) it touched.
// Beside each public change the log keeps how to undo it, for Cancel.

export type FileChange = "added" | "modified" | "deleted" | "moved";

export interface ChangeFile {
  change: FileChange;
  /** The tree path, within `locale` and `type`. */
  path: string;
  locale: string;
  /** The content type. */
  type: ContentType;
  /** For a move: the tree path before it. */
  from?: string;
  /** For a reorder: the new position among the siblings (0-based). */
  position?: number;
  /** The metadata after the change, when it changed. */
  metadata?: TreeMetadata;
  /** The content after the change, when it changed. */
  content?: string;
}

export interface HistoryChange {
  change_id: string;
  message: string;
  author: { email: string; name: string };
  edits: { insertions: number; deletions: number };
  created_at: number;
  files: ChangeFile[];
}

export interface TreeKey {
  readonly locale: string;
  readonly contentType: ContentType;
}

/** How to undo a change; nodes are found again by entity id, since they may have moved since. */
export type Revert =
  | { readonly kind: "remove"; readonly key: TreeKey; readonly entityId: string }
  | { readonly kind: "restore"; readonly key: TreeKey; readonly parts: readonly string[]; readonly index: number; readonly node: TreeNode }
  | { readonly kind: "move"; readonly key: TreeKey; readonly entityId: string; readonly to: readonly string[]; readonly index: number }
  | { readonly kind: "position"; readonly key: TreeKey; readonly entityId: string; readonly position: number }
  | { readonly kind: "content"; readonly key: TreeKey; readonly entityId: string; readonly content: string }
  | { readonly kind: "metadata"; readonly key: TreeKey; readonly entityId: string; readonly metadata: TreeMetadata };

export interface HistoryFilter {
  locale?: string;
  type?: string;
  treePath?: string;
}

interface LogRecord {
  readonly change: HistoryChange;
  readonly revert: Revert;
  cancelledBy?: string;
}

export class HistoryLog {
  /** Oldest first; listed newest first. */
  private readonly records: LogRecord[] = [];
  private readonly byId = new Map<string, LogRecord>();

  add(change: HistoryChange, revert: Revert): HistoryChange {
    const record: LogRecord = { change, revert };
    this.records.push(record);
    this.byId.set(change.change_id, record);
    return change;
  }

  /** Newest first, only changes with a file matching every filter given. */
  list(filter: HistoryFilter): HistoryChange[] {
    const matches = (file: ChangeFile): boolean =>
      (filter.locale === undefined || file.locale === filter.locale) &&
      (filter.type === undefined || file.type === filter.type) &&
      (filter.treePath === undefined || within(file.path, filter.treePath) || (file.from !== undefined && within(file.from, filter.treePath)));
    const found: HistoryChange[] = [];
    for (let at = this.records.length - 1; at >= 0; at -= 1) {
      const { change } = this.records[at]!;
      if (change.files.some(matches)) found.push(structuredClone(change));
    }
    return found;
  }

  get(changeId: string): HistoryChange {
    return structuredClone(this.record(changeId).change);
  }

  /** The undo of a change, and the change that already cancelled it, if any. */
  revertOf(changeId: string): { revert: Revert; cancelledBy?: string; message: string } {
    const record = this.record(changeId);
    return {
      revert: record.revert,
      message: record.change.message,
      ...(record.cancelledBy !== undefined ? { cancelledBy: record.cancelledBy } : {}),
    };
  }

  markCancelled(changeId: string, by: string): void {
    this.record(changeId).cancelledBy = by;
  }

  private record(changeId: string): LogRecord {
    const record = this.byId.get(changeId);
    if (!record) throw notFound("change", `no history change ${changeId} on this helpdesk`);
    return record;
  }
}

/** The path itself or anything under it. */
function within(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}/`);
}
