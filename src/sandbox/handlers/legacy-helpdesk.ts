import { emptyReply, success } from "../envelope.js";
import { paginate } from "../objects.js";
import type { Handler } from "./context.js";
import { helpdeskLocaleHandlers } from "./helpdesk-locales.js";
import { bodyObject, flag, pageNumber } from "./inputs.js";

// The legacy website's knowledge base (the 10.x article routes): locales and
// their articles, with flat counts. Categories, sections and alternates get
// the generic answers.

const PER_PAGE = 20;

const listArticles: Handler = ({ state, params, query }) => {
  let articles = state.helpdesk.listArticles(params.locale!, query.search_title);
  const published = flag(query, "filter_status_published");
  const draft = flag(query, "filter_status_draft");
  if (published !== draft) articles = articles.filter((article) => article.status === (published ? "published" : "draft"));
  const visible = flag(query, "filter_visibility_visible");
  const hidden = flag(query, "filter_visibility_hidden");
  if (visible !== hidden) articles = articles.filter((article) => article.visibility === (visible ? "visible" : "hidden"));
  return success(paginate(articles, pageNumber(params), PER_PAGE));
};

const addArticle: Handler = ({ state, params, body }) =>
  success({ article_id: state.helpdesk.addArticle(params.locale!, bodyObject(body).title).article_id }, "added");

const checkArticleExists: Handler = ({ state, params }) =>
  emptyReply(state.helpdesk.hasArticle(params.locale!, params.article_id!) ? 200 : 404);

const resolveArticle: Handler = ({ state, params }) => success(state.helpdesk.article(params.locale!, params.article_id!));

const saveArticle: Handler = ({ state, params, body }) => {
  state.helpdesk.saveArticle(params.locale!, params.article_id!, bodyObject(body));
  return success({}, "updated");
};

const updateArticle: Handler = ({ state, params, body }) => {
  state.helpdesk.updateArticle(params.locale!, params.article_id!, bodyObject(body));
  return success({}, "updated");
};

const deleteArticle: Handler = ({ state, params }) => {
  state.helpdesk.removeArticle(params.locale!, params.article_id!);
  return success({}, "deleted");
};

const publishArticle: Handler = ({ state, params }) => {
  state.helpdesk.setStatus(params.locale!, params.article_id!, "published");
  return success({}, "updated");
};

const unpublishArticle: Handler = ({ state, params }) => {
  state.helpdesk.setStatus(params.locale!, params.article_id!, "draft");
  return success({}, "updated");
};

export const legacyHelpdeskHandlers: Readonly<Record<string, Handler>> = {
  ...helpdeskLocaleHandlers((state) => state.helpdesk),
  list_helpdesk_locale_articles: listArticles,
  add_new_helpdesk_locale_article: addArticle,
  check_helpdesk_locale_article_exists: checkArticleExists,
  resolve_helpdesk_locale_article: resolveArticle,
  save_helpdesk_locale_article: saveArticle,
  update_helpdesk_locale_article: updateArticle,
  delete_helpdesk_locale_article: deleteArticle,
  publish_helpdesk_locale_article: publishArticle,
  unpublish_helpdesk_locale_article: unpublishArticle,
};
