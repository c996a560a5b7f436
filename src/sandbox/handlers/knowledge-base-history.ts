import { invalidData, success } from "../envelope.js";
import type { HistoryFilter } from "../knowledge-base-history.js";
import { paginate } from "../objects.js";
import type { Handler } from "./context.js";
import { bodyObject, optionalIsoDate, pageNumber } from "./inputs.js";
import { treeKey, treePathFilter } from "./knowledge-base.js";

// The main website's Knowledge Base history (website-wide, newest first) and
// the per-content-type jobs: refresh, feedback, import and export.

const PER_PAGE = 20;
const LOCALE_CODE = /^[a-z]{2,3}(-[a-z0-9]{2,4})?$/i;

const listChanges: Handler = ({ state, params, query }) => {
  const page = pageNumber(params);
  const filter: HistoryFilter = {};
  if (query.filter_locale) filter.locale = query.filter_locale;
  if (query.filter_type) filter.type = query.filter_type;
  if (query.filter_tree_path) filter.treePath = treePathFilter(query.filter_tree_path, "filter_tree_path");
  return success(paginate(state.knowledgeBase.changes(filter), page, PER_PAGE));
};

const resolveChange: Handler = ({ state, params }) => success(state.knowledgeBase.change(params.change_id!));

/** DELETE with {action:"revert"}: answers the id of the change that records the revert. */
const cancelChange: Handler = ({ state, params, body }) => {
  const revert = state.knowledgeBase.cancelChange(params.change_id!, bodyObject(body).action);
  return success({ change_id: revert.change_id }, "deleted");
};

const requestRefresh: Handler = (context) => {
  treeKey(context);
  return success({}, "requested");
};

/** Helpful and unhelpful ratings of the content type's pages, from the same feedback the list shows. */
const mapFeedbackRatings: Handler = (context) => {
  const feedbacks = context.state.knowledgeBase.feedbackList(
    treeKey(context),
    optionalIsoDate(context.query, "filter_date_start"),
    optionalIsoDate(context.query, "filter_date_end"),
  );
  const helpful = feedbacks.filter((feedback) => feedback.rating === "helpful").length;
  return success({ ratings: { helpful, unhelpful: feedbacks.length - helpful } });
};

const listFeedbacks: Handler = (context) => {
  const key = treeKey(context);
  const page = pageNumber(context.params);
  const feedbacks = context.state.knowledgeBase.feedbackList(
    key,
    optionalIsoDate(context.query, "filter_date_start"),
    optionalIsoDate(context.query, "filter_date_end"),
  );
  return success(paginate(feedbacks, page, PER_PAGE));
};

/** Crisp runs the import in the background; the sandbox checks the body and answers at once. */
const importExternal: Handler = (context) => {
  treeKey(context);
  const input = bodyObject(context.body);
  const url = input.helpdesk_url;
  if (typeof url !== "string" || !/^https?:\/\/[^\s/]+/i.test(url)) throw invalidData("helpdesk_url must be the http(s) URL of the helpdesk to import");
  if (input.detect_locales !== undefined && typeof input.detect_locales !== "boolean") throw invalidData("detect_locales must be a boolean");
  const others = input.other_locales;
  if (others !== undefined && (!Array.isArray(others) || others.length > 100 || others.some((locale) => typeof locale !== "string" || !LOCALE_CODE.test(locale)))) {
    throw invalidData("other_locales must be an array of locale codes such as fr or pt-br");
  }
  return success({}, "dispatched");
};

const exportContent: Handler = (context) => {
  treeKey(context);
  return success({}, "dispatched");
};

export const knowledgeBaseHistoryHandlers: Readonly<Record<string, Handler>> = {
  list_helpdesk_history_changes: listChanges,
  resolve_helpdesk_history_change: resolveChange,
  cancel_helpdesk_history_change: cancelChange,
  request_helpdesk_content_refresh: requestRefresh,
  map_helpdesk_locale_feedback_ratings: mapFeedbackRatings,
  list_helpdesk_locale_feedbacks: listFeedbacks,
  import_external_helpdesk_to_locale: importExternal,
  export_helpdesk_locale_articles: exportContent,
};
