import { randomBytes } from "node:crypto";
import type { Request, Response } from "express";
import type { CrispTier } from "../client/types.js";
import { isUuid } from "../uuid.js";
import { tokenMatches } from "../transports/http-auth.js";
import { consentPage, CONSENT_PATH, messagePage, pageHeaders, type ConsentFields, type ConsentView } from "./consent-page.js";
import type { CrispKeypair, Grant } from "./grant.js";
import type { KeypairVerdict } from "./keypair-check.js";
import type { CrispOAuthProvider, PendingAuthorization } from "./provider.js";
import type { Sealer } from "./seal.js";

// The consent page's two steps. GET /authorize (through the SDK's handler,
// which checked the client and its redirect URI) shows the form with the
// request sealed in it; POST /consent checks the form came from that page
// (a CSRF token in the form, the same in a SameSite=Strict cookie and in the
// sealed request), checks what the person typed, and only then issues a code.
// Nothing secret ever goes in a URL: the code is random, the keypair stays in
// the sealed grant.

export type ConsentMode =
  /** The person brings their own Crisp keypair, checked with Crisp before anything is issued. */
  | { kind: "passthrough"; defaultTier: CrispTier; check(keypair: CrispKeypair): Promise<KeypairVerdict> }
  /** The person proves they belong to the team with the deployment's sign-in secret. */
  | { kind: "token"; signinSecret: string };

export interface ConsentOptions {
  provider: CrispOAuthProvider;
  sealer: Sealer;
  mode: ConsentMode;
  /** The issuer, sent back with the code (RFC 9207). */
  issuer: string;
  /** Where the page is served from: a form posted from elsewhere is refused. */
  publicOrigin: string;
  /** Set when the server pins a website: the page then asks for none. */
  pinnedWebsite?: string;
  /** CRISP_ALLOW_DESTRUCTIVE, said on the page. */
  deletesAllowed: boolean;
  consentSeconds: number;
}

interface SealedRequest {
  cid: string;
  cn?: string;
  ru: string;
  ch: string;
  st?: string;
  wo: boolean;
  csrf: string;
  rid: string;
}

const TIERS: readonly CrispTier[] = ["plugin", "website", "user"];

export class ConsentFlow {
  constructor(private readonly options: ConsentOptions) {}

  /** The provider's authorize step: shows the form for a request the SDK accepted. */
  show = async ({ client, params, writeOffered }: PendingAuthorization, res: Response): Promise<void> => {
    const request: SealedRequest = {
      cid: client.client_id,
      ...(client.client_name ? { cn: client.client_name } : {}),
      ru: params.redirectUri,
      ch: params.codeChallenge,
      ...(params.state !== undefined ? { st: params.state } : {}),
      wo: writeOffered,
      csrf: randomBytes(24).toString("base64url"),
      rid: randomBytes(9).toString("base64url"),
    };
    const sealed = await this.options.sealer.seal("consent", { ...request }, this.options.consentSeconds);
    res.setHeader("set-cookie", this.cookie(request.rid, request.csrf, this.options.consentSeconds));
    this.render(res, 200, request, sealed);
  };

  /** POST /consent */
  submit = async (req: Request, res: Response): Promise<void> => {
    const form = formOf(req.body);
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== this.options.publicOrigin) {
      return this.stop(res, 403, "This form was not sent from this server's page. Go back to your app and connect again.");
    }
    const opened = await this.options.sealer.open("consent", form.request ?? "");
    if (!opened.ok) {
      return this.stop(
        res,
        400,
        opened.reason === "expired"
          ? "This sign-in page has expired. Go back to your app and connect again."
          : "This sign-in request is not valid. Go back to your app and connect again.",
      );
    }
    const request = opened.claims as unknown as SealedRequest;
    const cookie = cookiesOf(req.headers.cookie)[cookieName(request.rid)];
    if (!form.csrf_token || !cookie || !tokenMatches(form.csrf_token, request.csrf) || !tokenMatches(cookie, request.csrf)) {
      return this.stop(res, 403, "This form could not be verified as sent from this page (CSRF check). Go back to your app and connect again.");
    }
    if (form.decision === "deny") {
      return this.redirect(res, request, { error: "access_denied", error_description: "The person declined the request" });
    }
    const write = request.wo && form.access === "write";
    const values = { access: form.access, identifier: form.identifier, tier: form.tier, website_id: form.website_id };
    const again = (status: number, message: string, field?: string) =>
      this.render(res, status, request, form.request!, { message, ...(field ? { field } : {}) }, values);

    const grant = await this.grantFor(form, write);
    if (!grant.ok) return again(grant.status, grant.message, grant.field);
    const code = await this.options.provider.issueCode({ clientId: request.cid, redirectUri: request.ru, codeChallenge: request.ch }, grant.grant);
    this.redirect(res, request, { code });
  };

  private async grantFor(
    form: Form,
    write: boolean,
  ): Promise<{ ok: true; grant: Grant } | { ok: false; status: number; message: string; field?: string }> {
    const mode = this.options.mode;
    if (mode.kind === "token") {
      if (!form.signin_secret) return { ok: false, status: 400, message: "Enter the sign-in secret.", field: "signin_secret" };
      if (!tokenMatches(form.signin_secret, mode.signinSecret)) {
        return { ok: false, status: 403, message: "This sign-in secret is not the one this server expects.", field: "signin_secret" };
      }
      return { ok: true, grant: { write } };
    }
    const identifier = (form.identifier ?? "").trim();
    const key = (form.key ?? "").trim();
    const tier = (form.tier ?? mode.defaultTier).trim().toLowerCase() as CrispTier;
    const websiteId = this.options.pinnedWebsite ? undefined : (form.website_id ?? "").trim() || undefined;
    if (!identifier) return { ok: false, status: 400, message: "Enter the token identifier.", field: "identifier" };
    if (!key) return { ok: false, status: 400, message: "Enter the token key.", field: "key" };
    if (!TIERS.includes(tier)) return { ok: false, status: 400, message: `Choose a tier: ${TIERS.join(", ")}.`, field: "tier" };
    if (websiteId !== undefined && !isUuid(websiteId)) {
      return { ok: false, status: 400, message: "The website ID is a UUID, like 8c8a3f5e-2d1b-4e7a-9f3c-5b6d7e8f9a0b.", field: "website_id" };
    }
    const keypair: CrispKeypair = { identifier, key, tier, ...(websiteId ? { websiteId } : {}) };
    const verdict = await mode.check(keypair);
    if (!verdict.ok) return { ok: false, status: verdict.status, message: verdict.message, field: verdict.field };
    return { ok: true, grant: { write, crisp: keypair } };
  }

  private render(
    res: Response,
    status: number,
    request: SealedRequest,
    sealed: string,
    error?: ConsentView["error"],
    values?: ConsentView["values"],
  ): void {
    const mode = this.options.mode;
    const fields: ConsentFields =
      mode.kind === "token"
        ? { kind: "token" }
        : { kind: "passthrough", tiers: TIERS, defaultTier: mode.defaultTier, websiteField: !this.options.pinnedWebsite };
    const html = consentPage({
      ...(request.cn ? { clientName: request.cn } : {}),
      redirectUri: request.ru,
      request: sealed,
      csrfToken: request.csrf,
      writeOffered: request.wo,
      deletesAllowed: this.options.deletesAllowed,
      fields,
      ...(error ? { error } : {}),
      ...(values ? { values } : {}),
    });
    res.status(status).set(pageHeaders([new URL(request.ru).origin])).send(html);
  }

  private stop(res: Response, status: number, message: string): void {
    res.status(status).set(pageHeaders()).send(messagePage("Cannot connect this app", message));
  }

  /** Ends the consent, either way: its cookie goes, the client gets the answer. */
  private redirect(res: Response, request: SealedRequest, params: Record<string, string>): void {
    res.setHeader("set-cookie", this.cookie(request.rid, "", 0));
    const target = new URL(request.ru);
    for (const [name, value] of Object.entries(params)) target.searchParams.set(name, value);
    if (request.st !== undefined) target.searchParams.set("state", request.st);
    target.searchParams.set("iss", this.options.issuer);
    res.setHeader("cache-control", "no-store");
    res.redirect(302, target.href);
  }

  private cookie(rid: string, value: string, maxAgeSeconds: number): string {
    const secure = this.options.publicOrigin.startsWith("https:") ? "; Secure" : "";
    return `${cookieName(rid)}=${value}; Max-Age=${maxAgeSeconds}; Path=${CONSENT_PATH}; HttpOnly; SameSite=Strict${secure}`;
  }
}

interface Form {
  request?: string;
  csrf_token?: string;
  decision?: string;
  access?: string;
  identifier?: string;
  key?: string;
  tier?: string;
  website_id?: string;
  signin_secret?: string;
}

/** The posted fields, each a string or absent (a repeated field is refused by taking none). */
function formOf(body: unknown): Form {
  const form: Record<string, string> = Object.create(null);
  if (typeof body !== "object" || body === null) return form;
  for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
    if (typeof value === "string") form[name] = value;
  }
  return form;
}

function cookieName(rid: string): string {
  return `crisp_mcp_consent_${rid.replace(/[^A-Za-z0-9_-]/g, "")}`;
}

function cookiesOf(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = Object.create(null);
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0) cookies[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return cookies;
}
