import { emptyReply, success } from "../envelope.js";
import { paginate } from "../objects.js";
import { HELPDESK_BASE_URL } from "../seed.js";
import type { Handler } from "./context.js";
import { bodyObject, flag, pageNumber, requiredString } from "./inputs.js";

// The knowledge base: locales and their articles.

const PER_PAGE = 20;

const checkHelpdeskExists: Handler = () => emptyReply(200);

const resolveHelpdesk: Handler = ({ state }) =>
  success({
    name: `${state.website.name} Help Center`,
    url: HELPDESK_BASE_URL,
    locales: state.helpdesk.listLocales().map((locale) => locale.locale),
  });

const listLocales: Handler = ({ state, params }) => success(paginate(state.helpdesk.listLocales(), pageNumber(params), PER_PAGE));

const addLocale: Handler = ({ state, body }) => {
  const locale = state.helpdesk.addLocale(requiredString(bodyObject(body), "locale"));
  return success({ locale_id: locale.locale_id }, "added");
};

const checkLocaleExists: Handler = ({ state, params }) => emptyReply(state.helpdesk.hasLocale(params.locale!) ? 200 : 404);

const resolveLocale: Handler = ({ state, params }) => success(state.helpdesk.requireLocale(params.locale!));

const deleteLocale: Handler = ({ state, params }) => {
  state.helpdesk.removeLocale(params.locale!);
  return success({}, "deleted");
};

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

export const helpdeskHandlers: Readonly<Record<string, Handler>> = {
  check_helpdesk_exists: checkHelpdeskExists,
  resolve_helpdesk: resolveHelpdesk,
  list_helpdesk_locales: listLocales,
  add_helpdesk_locale: addLocale,
  check_helpdesk_locale_exists: checkLocaleExists,
  resolve_helpdesk_locale: resolveLocale,
  delete_helpdesk_locale: deleteLocale,
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
