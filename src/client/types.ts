export type HttpMethod = "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE";
export type CrispTier = "user" | "website" | "plugin";

export interface CrispRequest {
  method: HttpMethod;
  /** Route template relative to the API base, e.g. /website/{website_id}/conversations/{page_number}. */
  path: string;
  pathParams?: Readonly<Record<string, unknown>>;
  query?: Readonly<Record<string, unknown>>;
  body?: unknown;
  signal?: AbortSignal;
}
