import { CrispApiError, type CrispClient } from "../client/index.js";
import type { CrispTier } from "../client/types.js";

// Where the RTM socket is: Crisp tells each token through a connect-endpoints
// route. Plugin tokens ask /plugin/connect/endpoints. User tokens ask
// /user/connect/endpoints (what Crisp's own Node library does). Website tokens
// ask the documented /website/{website_id}/connect/endpoints; the id-less form
// the libraries use is tried after it. A route a tier may not use (403/404)
// hands over to the next one.

interface Endpoints {
  socket?: { app?: unknown };
  rescue?: { socket?: { app?: unknown } };
}

/** The socket URLs to try, best first (the rescue endpoint last). Throws when none is offered. */
export async function discoverSocketUrls(
  client: CrispClient,
  tier: CrispTier,
  websiteId: string | undefined,
  signal?: AbortSignal,
): Promise<string[]> {
  const websiteRoute = websiteId ? { path: "/website/{website_id}/connect/endpoints", pathParams: { website_id: websiteId } } : undefined;
  const routes = (
    tier === "plugin"
      ? [{ path: "/plugin/connect/endpoints" }]
      : tier === "user"
        ? [{ path: "/user/connect/endpoints" }, websiteRoute]
        : [websiteRoute, { path: "/website/connect/endpoints" }]
  ).filter((route) => route !== undefined);

  let lastError: unknown;
  for (const route of routes) {
    try {
      const data = await client.request<Endpoints>({ method: "GET", ...route, signal });
      const urls = [data?.socket?.app, data?.rescue?.socket?.app].filter(isSocketUrl);
      if (urls.length > 0) return urls;
      lastError = new Error(`${route.path} named no socket endpoint`);
    } catch (error) {
      lastError = error;
      const routeRefused = error instanceof CrispApiError && (error.status === 403 || error.status === 404);
      if (!routeRefused) throw error;
    }
  }
  throw lastError ?? new Error(`no connect-endpoints route for the ${tier} tier`);
}

function isSocketUrl(value: unknown): value is string {
  if (typeof value !== "string") return false;
  try {
    return ["ws:", "wss:", "http:", "https:"].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}
