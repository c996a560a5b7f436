import { request as rawRequest } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { CrispClient } from "../src/client/index.js";
import { startHttpServer, type RunningHttpServer } from "../src/transports/http.js";
import { authenticate, identify, tokenMatches, type HttpAuthMode } from "../src/transports/http-auth.js";
import { serverSettings } from "./helpers/harness.js";

// Who may call /mcp: the static Bearer token, or in passthrough the caller's
// own Crisp keypair. The decision one header at a time (authenticate), then
// the same refusals over real HTTP, where a refused caller gets a 401 and
// its challenge before any tool or Crisp request runs.

const TOKEN = "auth-token-0123456789abcdef";
const IDENTIFIER = "tenant-identifier-0001";
const KEY = "tenant-key-0123456789abcdef";
const TOKEN_MODE: HttpAuthMode = { mode: "token", token: TOKEN };
const PASSTHROUGH: HttpAuthMode = { mode: "passthrough", defaultTier: "plugin" };

const b64 = (text: string) => Buffer.from(text).toString("base64");
const withAuth = (authorization: string | undefined, extra: Record<string, string> = {}) => ({
  ...(authorization === undefined ? {} : { authorization }),
  ...extra,
});

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!().catch(() => undefined);
});

describe("token mode", () => {
  it("takes exactly `Bearer <token>`, any case of the scheme, spaces or tabs around the token", () => {
    for (const header of [`Bearer ${TOKEN}`, `bearer ${TOKEN}`, `BEARER\t${TOKEN}`, `Bearer   ${TOKEN}  `, `Bearer ${TOKEN}\t`]) {
      expect(authenticate(withAuth(header), TOKEN_MODE), header).toEqual({ ok: true });
    }
  });

  it("refuses junk before or after the token, another scheme, and no token, with 401 and a Bearer challenge", () => {
    const missing = { ok: false, status: 401, message: "Unauthorized: send Authorization: Bearer <token>", challenge: 'Bearer realm="crisp-mcp"' };
    for (const header of [undefined, "", "Bearer", "Bearer ", `Bearer ${TOKEN} junk`, `junk Bearer ${TOKEN}`, `xBearer ${TOKEN}`, `Bearer${TOKEN}`, `Basic ${TOKEN}`, `Token ${TOKEN}`, TOKEN]) {
      expect(authenticate(withAuth(header), TOKEN_MODE), String(header)).toEqual(missing);
    }
  });

  it("refuses a wrong token with invalid_token, even one that only adds or drops a character", () => {
    const invalid = { ok: false, status: 401, message: "Unauthorized: the Bearer token is not valid", challenge: 'Bearer realm="crisp-mcp", error="invalid_token"' };
    for (const token of [`${TOKEN}x`, TOKEN.slice(0, -1), TOKEN.toUpperCase(), "wrong-token-0123456789abcd"]) {
      expect(authenticate(withAuth(`Bearer ${token}`), TOKEN_MODE), token).toEqual(invalid);
    }
  });

  it("without a token (loopback only, as config enforces) lets every caller in", () => {
    expect(authenticate({}, { mode: "token" })).toEqual({ ok: true });
    expect(authenticate(withAuth("Bearer anything"), { mode: "token" })).toEqual({ ok: true });
  });

  it("tokenMatches is true for the same token only", () => {
    expect(tokenMatches(TOKEN, TOKEN)).toBe(true);
    expect(tokenMatches(`${TOKEN} `, TOKEN)).toBe(false);
    expect(tokenMatches("", TOKEN)).toBe(false);
  });

  it("identify without OAuth is the same decision", async () => {
    expect(await identify(withAuth(`Bearer ${TOKEN}`), TOKEN_MODE, undefined)).toEqual({ ok: true });
    expect(await identify(withAuth(`Bearer ${TOKEN} junk`), TOKEN_MODE, undefined)).toMatchObject({ ok: false, status: 401 });
  });
});

describe("passthrough", () => {
  const refused = {
    ok: false,
    status: 401,
    message: "Unauthorized: send your Crisp token keypair as Authorization: Basic base64(identifier:key)",
    challenge: 'Basic realm="crisp-mcp", charset="UTF-8"',
  };
  const tenant = (tier = "plugin") => ({ ok: true, tenant: { identifier: IDENTIFIER, key: KEY, tier } });

  it("takes the keypair as Basic or Bearer, any case of the scheme, trimmed around the colon", () => {
    const encoded = b64(`${IDENTIFIER}:${KEY}`);
    for (const header of [`Basic ${encoded}`, `basic\t${encoded}`, `BEARER ${encoded}`, `Basic   ${encoded}  `]) {
      expect(authenticate(withAuth(header), PASSTHROUGH), header).toEqual(tenant());
    }
    expect(authenticate(withAuth(`Basic ${b64(` ${IDENTIFIER} : ${KEY} `)}`), PASSTHROUGH)).toEqual(tenant());
    // base64url is read too; a key may hold a colon of its own.
    const withColon = authenticate(withAuth(`Basic ${b64(`${IDENTIFIER}:a:b?>`).replace(/\+/g, "-").replace(/\//g, "_")}`), PASSTHROUGH);
    expect(withColon).toEqual({ ok: true, tenant: { identifier: IDENTIFIER, key: "a:b?>", tier: "plugin" } });
  });

  it("refuses an empty key, an empty identifier, no colon, and no credentials", () => {
    for (const decoded of [`${IDENTIFIER}:`, `${IDENTIFIER}:   `, `:${KEY}`, `  :${KEY}`, IDENTIFIER, ":", ""]) {
      expect(authenticate(withAuth(`Basic ${b64(decoded)}`), PASSTHROUGH), JSON.stringify(decoded)).toEqual(refused);
    }
    expect(authenticate({}, PASSTHROUGH)).toEqual(refused);
  });

  it("refuses junk before or after the keypair, for Basic and for Bearer", () => {
    const encoded = b64(`${IDENTIFIER}:${KEY}`);
    for (const scheme of ["Basic", "Bearer"]) {
      for (const header of [`${scheme} ${encoded} junk`, `${scheme} ${encoded},x`, `junk ${scheme} ${encoded}`, `x${scheme} ${encoded}`, `${scheme}${encoded}`, `${scheme} ${encoded}!`]) {
        expect(authenticate(withAuth(header), PASSTHROUGH), header).toEqual(refused);
      }
    }
    expect(authenticate(withAuth(`Digest ${encoded}`), PASSTHROUGH)).toEqual(refused);
  });

  it("reads the tier from X-Crisp-Tier (any case, trimmed), else the server's default, and refuses another with 400", () => {
    const header = `Basic ${b64(`${IDENTIFIER}:${KEY}`)}`;
    expect(authenticate(withAuth(header, { "x-crisp-tier": " Website " }), PASSTHROUGH)).toEqual(tenant("website"));
    expect(authenticate(withAuth(header, { "x-crisp-tier": "user" }), PASSTHROUGH)).toEqual(tenant("user"));
    expect(authenticate(withAuth(header), { mode: "passthrough", defaultTier: "website" })).toEqual(tenant("website"));
    for (const tier of ["admin", "", "plugins"]) {
      expect(authenticate(withAuth(header, { "x-crisp-tier": tier }), PASSTHROUGH), tier).toEqual({
        ok: false,
        status: 400,
        message: "Bad Request: X-Crisp-Tier must be one of plugin, website, user",
      });
    }
  });
});

/** A passthrough server on a Crisp that must never be reached: every request here is refused first. */
async function passthroughServer(): Promise<RunningHttpServer> {
  const running = await startHttpServer({
    host: "127.0.0.1",
    port: 0,
    settings: serverSettings({ toolsets: ["catalog"] }),
    auth: { mode: "passthrough", apiUrl: "http://127.0.0.1:9/v1", defaultTier: "plugin", timeoutMs: 1_000 },
  });
  cleanups.push(() => running.close());
  return running;
}

async function tokenServer(): Promise<RunningHttpServer> {
  const crisp = new CrispClient({ baseUrl: "http://127.0.0.1:9/v1", identifier: "unused-ident", key: "unused-key", tier: "plugin", timeoutMs: 1_000 });
  const running = await startHttpServer({
    host: "127.0.0.1",
    port: 0,
    settings: serverSettings({ toolsets: ["catalog"] }),
    auth: { mode: "token", token: TOKEN, client: crisp },
  });
  cleanups.push(async () => {
    await running.close();
    await crisp.close();
  });
  return running;
}

const LIST = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" });

function list(url: string, authorization: string): Promise<{ status: number; challenge: string | undefined; text: string }> {
  return new Promise((resolve, reject) => {
    const headers = { "content-type": "application/json", accept: "application/json, text/event-stream", authorization };
    const req = rawRequest(url, { method: "POST", headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (text += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, challenge: res.headers["www-authenticate"], text }));
    });
    req.on("error", reject);
    req.end(LIST);
  });
}

describe("over HTTP", () => {
  it("passthrough: `identifier:` with an empty key is no tenant, and junk around the keypair is refused", async () => {
    const server = await passthroughServer();
    const encoded = b64(`${IDENTIFIER}:${KEY}`);
    for (const authorization of [`Basic ${b64(`${IDENTIFIER}:`)}`, `Bearer ${b64(`${IDENTIFIER}:`)}`, `Basic ${encoded} junk`, `junk Basic ${encoded}`, `Bearer ${encoded} junk`, `junk Bearer ${encoded}`]) {
      const answer = await list(server.url, authorization);
      expect(answer.status, authorization).toBe(401);
      expect(answer.challenge, authorization).toBe('Basic realm="crisp-mcp", charset="UTF-8"');
    }
    // The keypair itself is taken (tools/list needs no Crisp request).
    expect((await list(server.url, `Basic ${encoded}`)).status).toBe(200);
  });

  it("token mode: junk before or after the Bearer token is refused", async () => {
    const server = await tokenServer();
    for (const authorization of [`Bearer ${TOKEN} junk`, `junk Bearer ${TOKEN}`]) {
      const answer = await list(server.url, authorization);
      expect(answer.status, authorization).toBe(401);
      expect(answer.challenge).toBe('Bearer realm="crisp-mcp"');
    }
    expect((await list(server.url, `Bearer ${TOKEN}`)).status).toBe(200);
  });
});

describe("beside OAuth", () => {
  const OAUTH_SECRET = "oauth-secret-for-auth-tests-0123456789";
  /** Shaped like a token this server's OAuth seals (a compact JWE with no wrapped key). */
  const SEALED_SHAPED = "eyJhbGciOiJkaXIifQ..c2FsdA.Y2lwaGVy.dGFn";

  async function oauthServer(auth: "token" | "passthrough", token?: string): Promise<RunningHttpServer> {
    const crisp = new CrispClient({ baseUrl: "http://127.0.0.1:9/v1", identifier: "unused-ident", key: "unused-key", tier: "plugin", timeoutMs: 1_000 });
    const running = await startHttpServer({
      host: "127.0.0.1",
      port: 0,
      settings: serverSettings({ toolsets: ["catalog"] }),
      auth:
        auth === "token"
          ? { mode: "token", token, client: crisp }
          : { mode: "passthrough", apiUrl: "http://127.0.0.1:9/v1", defaultTier: "plugin", timeoutMs: 1_000 },
      oauth: { secret: OAUTH_SECRET, signinSecret: "signin-secret-0123456789" },
    });
    cleanups.push(async () => {
      await running.close();
      await crisp.close();
    });
    return running;
  }

  it("a static token shaped like a sealed one is still the static token; another sealed-shaped token is checked by OAuth", async () => {
    const server = await oauthServer("token", SEALED_SHAPED);
    expect((await list(server.url, `Bearer ${SEALED_SHAPED}`)).status).toBe(200);
    const forged = await list(server.url, `Bearer ${SEALED_SHAPED.replace("dGFn", "dGFo")}`);
    expect(forged.status).toBe(401);
    expect(forged.challenge).toMatch(/^Bearer .*resource_metadata=/);
    expect(JSON.parse(forged.text).error.message).toMatch(/^Unauthorized: /);
  });

  it("token mode without a static token is not open: callers sign in with OAuth", async () => {
    const server = await oauthServer("token");
    const answer = await list(server.url, "");
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.text).error.message).toBe(`Unauthorized: sign in with OAuth (${server.oauth!.issuer}.well-known/oauth-protected-resource/mcp)`);
    expect(answer.challenge).toMatch(/resource_metadata=/);
    expect((await list(server.url, "Bearer anything-at-all-0123456789")).status).toBe(401);
  });

  it("a static-token refusal says where to sign in; the static token still works", async () => {
    const server = await oauthServer("token", TOKEN);
    expect((await list(server.url, `Bearer ${TOKEN}`)).status).toBe(200);
    const wrong = await list(server.url, `Bearer ${TOKEN} junk`);
    expect(wrong.status).toBe(401);
    expect(JSON.parse(wrong.text).error.message).toMatch(/^Unauthorized: send Authorization: Bearer <token>, or sign in with OAuth \(http:/);
    expect(wrong.challenge).toMatch(/resource_metadata=/);
    expect(wrong.challenge).not.toMatch(/Basic/);
  });

  it("passthrough: a 401 offers both OAuth and Basic; a bad tier stays a 400 of its own", async () => {
    const server = await oauthServer("passthrough");
    const answer = await new Promise<{ status: number; challenges: string[] }>((resolve, reject) => {
      const headers = { "content-type": "application/json", accept: "application/json", authorization: `Basic ${b64(`${IDENTIFIER}:`)}` };
      const req = rawRequest(server.url, { method: "POST", headers }, (res) => {
        res.resume();
        // Node joins repeated WWW-Authenticate headers with ", "; the raw list keeps them apart.
        const challenges = res.rawHeaders.filter((_, i, all) => i % 2 === 1 && all[i - 1]!.toLowerCase() === "www-authenticate");
        resolve({ status: res.statusCode ?? 0, challenges });
      });
      req.on("error", reject);
      req.end(LIST);
    });
    expect(answer.status).toBe(401);
    expect(answer.challenges).toHaveLength(2);
    expect(answer.challenges[0]).toMatch(/^Bearer .*resource_metadata=/);
    expect(answer.challenges[1]).toBe('Basic realm="crisp-mcp", charset="UTF-8"');

    const tier = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const headers = { "content-type": "application/json", accept: "application/json", authorization: `Basic ${b64(`${IDENTIFIER}:${KEY}`)}`, "x-crisp-tier": "admin" };
      const req = rawRequest(server.url, { method: "POST", headers }, (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (d) => (text += d));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on("error", reject);
      req.end(LIST);
    });
    expect(tier.status).toBe(400);
    expect(JSON.parse(tier.text).error.message).toBe("Bad Request: X-Crisp-Tier must be one of plugin, website, user");
    expect((await list(server.url, `Basic ${b64(`${IDENTIFIER}:${KEY}`)}`)).status).toBe(200);
  });
});
