import { invalidData, success } from "../envelope.js";
import { CONTENT_TYPES, joinPath, parseTreePath } from "../knowledge-base-tree.js";
import type { TreeKey, TreeQuery } from "../knowledge-base-store.js";
import { isPlainObject, paginate } from "../objects.js";
import type { Handler, HandlerContext } from "./context.js";
import { helpdeskLocaleHandlers } from "./helpdesk-locales.js";
import { bodyObject, oneOf, optionalIsoDate, pageNumber } from "./inputs.js";

// The main website's Knowledge Base (crisp-api 11): the helpdesk-level and
// locale routes, then pages, tree paths, content and metadata per locale and
// content type. The history and the per-content-type jobs (refresh,
// feedback, import, export) are in knowledge-base-history.ts.

const PER_PAGE = 20;
const UPDATE_ACTIONS = ["move", "reorder"] as const;

/** The locale and content type of a route; an unknown content type is invalid_data, an unknown locale not_found. */
export function treeKey({ state, params }: HandlerContext): TreeKey {
  const contentType = oneOf(params.content_type, CONTENT_TYPES, "content_type");
  state.knowledgeBase.requireLocale(params.locale!);
  return { locale: params.locale!, contentType };
}

function treePath({ params }: HandlerContext): string[] {
  return parseTreePath(params.tree_path ?? "");
}

// --- pages -------------------------------------------------------------------

const listPages: Handler = (context) => {
  const key = treeKey(context);
  return success(paginate(context.state.knowledgeBase.pages(key), pageNumber(context.params), PER_PAGE));
};

const resolvePageEntity: Handler = (context) => success(context.state.knowledgeBase.pageEntity(treeKey(context), context.params.entity_id!));

const resolveTreePage: Handler = (context) => success(context.state.knowledgeBase.page(treeKey(context), treePath(context)));

// --- tree --------------------------------------------------------------------

// The date filters apply to update times: a group counts as updated when anything under it was.
const listTree: Handler = (context) => {
  const { query } = context;
  const key = treeKey(context);
  const page = pageNumber(context.params);
  const filter: TreeQuery = {};
  if (query.sub_path) filter.subPath = parseTreePath(query.sub_path, "sub_path");
  if (query.search_title) filter.searchTitle = query.search_title;
  const from = optionalIsoDate(query, "filter_date_start");
  const to = optionalIsoDate(query, "filter_date_end");
  if (from !== undefined) filter.from = from;
  if (to !== undefined) filter.to = to;
  return success(paginate(context.state.knowledgeBase.tree(key, filter), page, PER_PAGE));
};

const createTreePath: Handler = (context) => {
  context.state.knowledgeBase.create(treeKey(context), treePath(context));
  return success({}, "added");
};

const resolveTreePath: Handler = (context) => success(context.state.knowledgeBase.resolvePath(treeKey(context), treePath(context)));

/** {action:"move", path:{to}} moves (and renames) the entry; {action:"reorder", position} reorders it among its siblings. */
const updateTreePath: Handler = (context) => {
  const key = treeKey(context);
  const parts = treePath(context);
  const input = bodyObject(context.body);
  const action = oneOf(input.action, UPDATE_ACTIONS, "action");
  if (action === "move") {
    const target = input.path;
    if (!isPlainObject(target) || typeof target.to !== "string") throw invalidData('a "move" needs path.to, the new tree path');
    context.state.knowledgeBase.move(key, parts, parseTreePath(target.to, "path.to"));
  } else {
    const { position } = input;
    if (typeof position !== "number" || !Number.isInteger(position) || position < 0 || position > 65535) {
      throw invalidData('a "reorder" needs position, an integer from 0 to 65535');
    }
    context.state.knowledgeBase.reorder(key, parts, position);
  }
  return success({}, "updated");
};

const deleteTreePath: Handler = (context) => {
  context.state.knowledgeBase.remove(treeKey(context), treePath(context));
  return success({}, "deleted");
};

// --- content and metadata ----------------------------------------------------

const resolveTreeContent: Handler = (context) => success({ content: context.state.knowledgeBase.content(treeKey(context), treePath(context)) });

const saveTreeContent: Handler = (context) => {
  const key = treeKey(context);
  const parts = treePath(context);
  const { content } = bodyObject(context.body);
  if (typeof content !== "string") throw invalidData("content must be a string (markdown)");
  if (content.length > 500_000) throw invalidData("content must be at most 500000 characters");
  context.state.knowledgeBase.saveContent(key, parts, content);
  return success({}, "updated");
};

const resolveTreeMetadata: Handler = (context) => success(context.state.knowledgeBase.metadata(treeKey(context), treePath(context)));

const updateTreeMetadata: Handler = (context) => {
  const key = treeKey(context);
  const parts = treePath(context);
  context.state.knowledgeBase.updateMetadata(key, parts, bodyObject(context.body));
  return success({}, "updated");
};

export const knowledgeBaseHandlers: Readonly<Record<string, Handler>> = {
  ...helpdeskLocaleHandlers((state) => state.knowledgeBase),
  list_helpdesk_pages: listPages,
  resolve_helpdesk_page_entity: resolvePageEntity,
  list_helpdesk_tree: listTree,
  create_helpdesk_tree_path: createTreePath,
  resolve_helpdesk_tree_path: resolveTreePath,
  update_helpdesk_tree_path: updateTreePath,
  delete_helpdesk_tree_path: deleteTreePath,
  resolve_helpdesk_tree_content: resolveTreeContent,
  save_helpdesk_tree_content: saveTreeContent,
  resolve_helpdesk_tree_metadata: resolveTreeMetadata,
  update_helpdesk_tree_metadata: updateTreeMetadata,
  resolve_helpdesk_tree_page: resolveTreePage,
};

/** A tree path as a filter value, normalised the way paths are stored. */
export function treePathFilter(text: string, field: string): string {
  return joinPath(parseTreePath(text, field));
}
