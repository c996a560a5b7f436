import type { IncomingMessage, ServerResponse } from "node:http";
import express, { type Express, type NextFunction, type Request, type Response } from "express";
import { rateLimit } from "express-rate-limit";
import { InvalidTokenError, TooManyRequestsError } from "@modelcontextprotocol/sdk/server/auth/errors.js";
import { authorizationHandler } from "@modelcontextprotocol/sdk/server/auth/handlers/authorize.js";
import { metadataHandler } from "@modelcontextprotocol/sdk/server/auth/handlers/metadata.js";
import { clientRegistrationHandler } from "@modelcontextprotocol/sdk/server/auth/handlers/register.js";
import { revocationHandler } from "@modelcontextprotocol/sdk/server/auth/handlers/revoke.js";
import { tokenHandler } from "@modelcontextprotocol/sdk/server/auth/handlers/token.js";
import type { OAuthMetadata, OAuthProtectedResourceMetadata } from "@modelcontextprotocol/sdk/shared/auth.js";
import { log } from "../log.js";
import { SharedStateError } from "../state/errors.js";
import { MemoryState } from "../state/memory.js";
import type { SharedState } from "../state/types.js";
import { ConsentFlow, type ConsentMode } from "./consent.js";
import { CONSENT_PATH } from "./consent-page.js";
import { READ_SCOPE, SUPPORTED_SCOPES, type Grant } from "./grant.js";
import { CrispOAuthProvider, DEFAULT_LIFETIMES, type Lifetimes } from "./provider.js";
import { Sealer } from "./seal.js";

// The OAuth 2.1 authorization server beside the MCP endpoint, built from the
// SDK's own handlers (authorize, token, register, revoke, metadata) around our
// provider and consent page. They are express handlers, so they run in one
// small express app that the node:http server hands these paths to.
//
// Assembled from the handlers rather than mcpAuthRouter: the router serves the
// protected-resource metadata on one path only, and refuses an http issuer on
// a loopback address other than localhost and 127.0.0.1 ([::1], 127.0.0.2);
// here both metadata documents are ours (the root and /mcp forms of RFC 9728,
// client_secret_basic, RFC 9207's iss parameter).

export interface OAuthServerOptions {
  /** The MCP endpoint as clients reach it, e.g. https://crisp-mcp.example.com/mcp: the tokens' only audience; its origin is the issuer. */
  resource: string;
  /** CRISP_MCP_OAUTH_SECRET: every seal's key. */
  secret: string;
  mode: ConsentMode;
  /** False when the server is read-only: no grant may write. */
  serverWrites: boolean;
  /** The server's CRISP_WEBSITE_ID: the consent page asks for no website then. */
  pinnedWebsite?: string;
  /** The server's CRISP_ALLOW_DESTRUCTIVE, said on the consent page. */
  deletesAllowed: boolean;
  state?: SharedState;
  lifetimes?: Partial<Lifetimes>;
  /** Requests per address and window, per endpoint; tests raise them. */
  rateLimits?: Partial<Record<RateLimited, number>>;
}

type RateLimited = "authorize" | "token" | "register" | "revoke" | "consentFailures";

const RATE_LIMITS: Record<RateLimited, number> = {
  authorize: 300,
  token: 300,
  register: 60,
  revoke: 300,
  // Failed sign-ins (a wrong keypair or secret) per address in the window.
  consentFailures: 30,
};
const WINDOW_MS = 15 * 60_000;

const PROTECTED_RESOURCE_PATH = "/.well-known/oauth-protected-resource";
const SERVER_METADATA_PATH = "/.well-known/oauth-authorization-server";
const ENDPOINTS = ["/authorize", "/token", "/register", "/revoke", CONSENT_PATH];

export type BearerOutcome = { ok: true; grant: Grant } | { ok: false; message: string; challenge: string };

export class OAuthServer {
  readonly issuer: string;
  /** The MCP endpoint's URL: the only audience of the tokens issued here. */
  readonly resource: string;
  readonly resourceMetadataUrl: string;
  private readonly provider: CrispOAuthProvider;
  private readonly app: Express;
  private readonly state: SharedState;
  private readonly ownsState: boolean;
  private readonly paths: Set<string>;
  /** RFC 9728's root form and the form with the resource's path. */
  private readonly resourceMetadataPaths: string[];
  /** What a client should ask for (the MCP spec's scope in a 401 challenge): write only where the server writes. */
  private readonly offeredScope: string;

  constructor(options: OAuthServerOptions) {
    const { origin, pathname } = new URL(options.resource);
    this.issuer = `${origin}/`;
    this.resource = `${origin}${pathname}`;
    this.resourceMetadataPaths = [PROTECTED_RESOURCE_PATH, `${PROTECTED_RESOURCE_PATH}${pathname}`];
    this.resourceMetadataUrl = `${origin}${this.resourceMetadataPaths[1]}`;
    this.offeredScope = (options.serverWrites ? SUPPORTED_SCOPES : [READ_SCOPE]).join(" ");
    this.ownsState = options.state === undefined;
    this.state = options.state ?? new MemoryState();
    const lifetimes = { ...DEFAULT_LIFETIMES, ...options.lifetimes };
    const sealer = new Sealer(options.secret, this.issuer);
    // The provider shows the consent page, and the page asks the provider for a code: each needs the other.
    let consent: ConsentFlow | undefined;
    this.provider = new CrispOAuthProvider({
      sealer,
      state: this.state,
      resource: this.resource,
      serverWrites: options.serverWrites,
      lifetimes,
      showConsent: (pending, res) => consent!.show(pending, res),
    });
    consent = new ConsentFlow({
      provider: this.provider,
      sealer,
      mode: options.mode,
      issuer: this.issuer,
      publicOrigin: origin,
      pinnedWebsite: options.pinnedWebsite,
      deletesAllowed: options.deletesAllowed,
      consentSeconds: lifetimes.consentSeconds,
    });
    this.paths = new Set([...this.resourceMetadataPaths, SERVER_METADATA_PATH, ...ENDPOINTS]);
    this.app = this.buildApp(consent, { ...RATE_LIMITS, ...options.rateLimits });
  }

  /** Whether a request path belongs to the authorization server. */
  handles(path: string): boolean {
    return this.paths.has(path);
  }

  /** Serves one of its paths; resolves once the answer is sent. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    return new Promise((resolve) => {
      res.once("finish", resolve);
      res.once("close", resolve);
      this.app(req as Request, res as Response, () => {
        if (!res.headersSent) res.writeHead(404, { "content-type": "application/json" }).end('{"error":"not_found"}');
        resolve();
      });
    });
  }

  /** The challenge of a 401 from /mcp: where to learn how to sign in (RFC 9728). */
  challenge(error?: { code: string; description: string }): string {
    const parts = [
      ...(error ? [`error="${error.code}"`, `error_description="${error.description.replace(/["\\]/g, "")}"`] : []),
      `resource_metadata="${this.resourceMetadataUrl}"`,
      `scope="${this.offeredScope}"`,
    ];
    return `Bearer ${parts.join(", ")}`;
  }

  /** Checks an access token presented to /mcp. */
  async verify(token: string): Promise<BearerOutcome> {
    try {
      const info = await this.provider.verifyAccessToken(token);
      return { ok: true, grant: info.extra!.grant as Grant };
    } catch (error) {
      // The shared store is down: the token may be good, so this is "unavailable" (503), not "unauthorized".
      if (error instanceof SharedStateError) throw error;
      const message = error instanceof InvalidTokenError ? error.message : "The access token could not be checked";
      if (!(error instanceof InvalidTokenError)) log("warn", `oauth: token check failed: ${(error as Error).message}`);
      return { ok: false, message, challenge: this.challenge({ code: "invalid_token", description: message }) };
    }
  }

  async close(): Promise<void> {
    if (this.ownsState) await this.state.close();
  }

  private buildApp(consent: ConsentFlow, limits: Record<RateLimited, number>): Express {
    const app = express();
    app.disable("x-powered-by");
    const limit = (name: RateLimited, message: string, extra: object = {}) => ({
      windowMs: WINDOW_MS,
      limit: limits[name],
      standardHeaders: true,
      legacyHeaders: false,
      // The address is the connection's; behind a proxy, one budget for all (see the README).
      validate: { xForwardedForHeader: false },
      message: new TooManyRequestsError(message).toResponseObject(),
      ...extra,
    });

    const endpoint = (path: string) => new URL(path, this.issuer).href;
    const clientAuthMethods = ["none", "client_secret_post", "client_secret_basic"];
    const metadata: OAuthMetadata = {
      issuer: this.issuer,
      authorization_endpoint: endpoint("/authorize"),
      token_endpoint: endpoint("/token"),
      registration_endpoint: endpoint("/register"),
      revocation_endpoint: endpoint("/revoke"),
      response_types_supported: ["code"],
      grant_types_supported: ["authorization_code", "refresh_token"],
      code_challenge_methods_supported: ["S256"],
      scopes_supported: [...SUPPORTED_SCOPES],
      token_endpoint_auth_methods_supported: clientAuthMethods,
      revocation_endpoint_auth_methods_supported: clientAuthMethods,
      authorization_response_iss_parameter_supported: true,
    };
    const resourceMetadata: OAuthProtectedResourceMetadata = {
      resource: this.resource,
      authorization_servers: [this.issuer],
      scopes_supported: [...SUPPORTED_SCOPES],
      bearer_methods_supported: ["header"],
      resource_name: "crisp-mcp",
    };
    for (const path of this.resourceMetadataPaths) app.use(path, metadataHandler(resourceMetadata));
    app.use(SERVER_METADATA_PATH, metadataHandler(metadata));

    app.use("/authorize", authorizationHandler({ provider: this.provider, rateLimit: limit("authorize", "Too many authorization requests") }));
    // client_secret_basic: the SDK's handlers read the client's credentials from the body only.
    app.use(["/token", "/revoke"], express.urlencoded({ extended: false, limit: "16kb" }), basicClientCredentials);
    app.use("/token", tokenHandler({ provider: this.provider, rateLimit: limit("token", "Too many token requests") }));
    app.use("/revoke", revocationHandler({ provider: this.provider, rateLimit: limit("revoke", "Too many revocation requests") }));
    app.use(
      "/register",
      clientRegistrationHandler({
        clientsStore: this.provider.clientsStore,
        clientIdGeneration: false,
        rateLimit: limit("register", "Too many client registrations"),
      }),
    );
    app.post(
      CONSENT_PATH,
      rateLimit(limit("consentFailures", "Too many failed sign-ins from this address: wait a few minutes", {
        skipSuccessfulRequests: true,
        handler: (_req: Request, res: Response) => {
          res.status(429).type("text/plain").send("Too many failed sign-ins from this address: wait a few minutes and try again.");
        },
      })),
      express.urlencoded({ extended: false, limit: "16kb" }),
      (req: Request, res: Response, next: NextFunction) => consent.submit(req, res).catch(next),
    );
    app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
      if (error instanceof SharedStateError) {
        log("warn", `oauth: ${error.message}`);
        if (!res.headersSent) {
          res.status(503).set("retry-after", "5").json({ error: "temporarily_unavailable", error_description: "the shared store is unreachable; try again in a few seconds" });
        }
        return;
      }
      log("error", `oauth: ${(error as Error)?.message ?? String(error)}`);
      if (!res.headersSent) res.status(500).json({ error: "server_error", error_description: "Internal Server Error" });
    });
    return app;
  }
}

/** Moves a client_secret_basic Authorization header into the body fields the SDK's client check reads. */
function basicClientCredentials(req: Request, _res: Response, next: NextFunction): void {
  const match = /^Basic[ \t]+([A-Za-z0-9+/=]+)[ \t]*$/i.exec(req.headers.authorization ?? "");
  if (match && typeof req.body === "object" && req.body !== null && req.body.client_id === undefined) {
    const decoded = Buffer.from(match[1]!, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon > 0) {
      // RFC 6749 2.3.1: both parts are form-urlencoded inside the header.
      req.body.client_id = formDecoded(decoded.slice(0, colon));
      req.body.client_secret = formDecoded(decoded.slice(colon + 1));
    }
  }
  next();
}

function formDecoded(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, " "));
  } catch {
    return value;
  }
}
