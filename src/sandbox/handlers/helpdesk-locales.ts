import { emptyReply, success } from "../envelope.js";
import type { HelpdeskLocale } from "../types.js";
import { paginate } from "../objects.js";
import type { Handler } from "./context.js";
import type { SandboxState } from "../state.js";
import { bodyObject, pageNumber, requiredString } from "./inputs.js";

// The helpdesk-level and locale routes, which both Knowledge Bases serve on
// the same paths; only the store behind them (and so the shape of a locale's
// counts) differs.

const PER_PAGE = 20;

/** What a Knowledge Base store offers for its locales. */
export interface LocaleStore {
  listLocales(): readonly HelpdeskLocale[];
  addLocale(locale: string): HelpdeskLocale;
  hasLocale(locale: string): boolean;
  requireLocale(locale: string): HelpdeskLocale;
  removeLocale(locale: string): void;
}

export function helpdeskLocaleHandlers(storeOf: (state: SandboxState) => LocaleStore): Readonly<Record<string, Handler>> {
  return {
    check_helpdesk_exists: () => emptyReply(200),
    resolve_helpdesk: ({ state, site }) =>
      success({
        name: `${site.website.name} Help Center`,
        url: site.helpdeskUrl,
        locales: storeOf(state).listLocales().map((locale) => locale.locale),
      }),
    list_helpdesk_locales: ({ state, params }) => success(paginate([...storeOf(state).listLocales()], pageNumber(params), PER_PAGE)),
    add_helpdesk_locale: ({ state, body }) => {
      const locale = storeOf(state).addLocale(requiredString(bodyObject(body), "locale"));
      return success({ locale_id: locale.locale_id }, "added");
    },
    check_helpdesk_locale_exists: ({ state, params }) => emptyReply(storeOf(state).hasLocale(params.locale!) ? 200 : 404),
    resolve_helpdesk_locale: ({ state, params }) => success(storeOf(state).requireLocale(params.locale!)),
    delete_helpdesk_locale: ({ state, params }) => {
      storeOf(state).removeLocale(params.locale!);
      return success({}, "deleted");
    },
  };
}
