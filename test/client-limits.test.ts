import { getEventListeners } from "node:events";
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CrispApiError, CrispClient, CrispNetworkError, CrispRequestError, type CrispClientOptions, type CrispRequest } from "../src/client/index.js";
import { until } from "./helpers/until.js";

// The client against a bare HTTP server that records exactly what arrives
// (headers included, which the sandbox does not keep) and answers as a test
// says: chunked bodies with no Content-Length, declared lengths, endless streams.

interface Arrival {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

type Answer = (request: IncomingMessage, response: ServerResponse) => void;

let server: Server;
let origin: string;
let answer: Answer;
const arrivals: Arrival[] = [];
/** Responses whose connection closed before the server ended them: the client stopped reading. */
let cutShort = 0;
/** Connections the server accepted. */
let connectionsOpened = 0;
const opened: CrispClient[] = [];

const ENVELOPE_OK = '{"error":false,"reason":"resolved","data":{"ok":true}}';

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      arrivals.push({ method: request.method!, url: request.url!, headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
      response.on("close", () => {
        if (!response.writableEnded) cutShort += 1;
      });
      answer(request, response);
    });
  });
  server.on("connection", () => (connectionsOpened += 1));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((c) => c.close()));
  // Each test starts on new connections, so that it counts only its own.
  server.closeAllConnections();
  arrivals.length = 0;
  cutShort = 0;
  connectionsOpened = 0;
});

function clientFor(options: Partial<CrispClientOptions> = {}): CrispClient {
  const client = new CrispClient({
    baseUrl: `${origin}/v1`,
    identifier: "limits-identifier",
    key: "limits-key",
    tier: "plugin",
    timeoutMs: 10_000,
    retry: { baseDelayMs: 1, maxDelayMs: 1 },
    ...options,
  });
  opened.push(client);
  return client;
}

/** A valid envelope of exactly `bytes` bytes (its data a string of x). */
const FRAME = '{"error":false,"reason":"resolved","data":""}';
function envelopeOf(bytes: number): string {
  return `{"error":false,"reason":"resolved","data":"${"x".repeat(bytes - FRAME.length)}"}`;
}

function chunked(body: string): Answer {
  return (_request, response) => {
    response.writeHead(200, { "content-type": "application/json" });
    const bytes = Buffer.from(body);
    const step = 64 * 1024;
    for (let at = 0; at < bytes.length; at += step) response.write(bytes.subarray(at, at + step));
    response.end();
  };
}

function declared(body: string): Answer {
  return (_request, response) => {
    response.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    response.end(body);
  };
}

/** A body that never ends: chunks keep coming as long as the client reads them. */
const endless: Answer = (_request, response) => {
  response.writeHead(200, { "content-type": "application/json" });
  response.write('{"error":false,"reason":"resolved","data":"');
  const chunk = "x".repeat(16 * 1024);
  const pump = () => {
    while (!response.destroyed && response.write(chunk));
    if (!response.destroyed) response.once("drain", pump);
  };
  pump();
};

async function failureOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the call to fail, and it succeeded");
}

const getThing: CrispRequest = { method: "GET", path: "/website/{website_id}", pathParams: { website_id: "w1" } };

describe("what the client sends", () => {
  it("a request with a body says it is JSON, and sends it as JSON", async () => {
    answer = declared(ENVELOPE_OK);
    const body = { email: "ada@example.com", person: { nickname: "Ada" } };
    await clientFor().request({ method: "POST", path: "/website/{website_id}/people/profile", pathParams: { website_id: "w1" }, body });
    expect(arrivals).toHaveLength(1);
    const [sent] = arrivals;
    expect(sent!.method).toBe("POST");
    expect(sent!.url).toBe("/v1/website/w1/people/profile");
    expect(sent!.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(sent!.body)).toEqual(body);
    expect(sent!.headers.accept).toBe("application/json");
    expect(sent!.headers.authorization).toBe(`Basic ${Buffer.from("limits-identifier:limits-key").toString("base64")}`);
    expect(sent!.headers["x-crisp-tier"]).toBe("plugin");
    expect(sent!.headers["user-agent"]).toMatch(/^crisp-mcp\/\d+\.\d+\.\d+/);
  });

  it.each(["PUT", "PATCH", "DELETE"] as const)("a %s with a body is JSON too", async (method) => {
    answer = declared(ENVELOPE_OK);
    await clientFor().request({ ...getThing, method, body: { a: [1, "two"] } });
    expect(arrivals[0]!.headers["content-type"]).toBe("application/json");
    expect(arrivals[0]!.body).toBe('{"a":[1,"two"]}');
  });

  it.each(["GET", "HEAD"] as const)("a %s sends no body and no content type, even when given a body", async (method) => {
    answer = declared(ENVELOPE_OK);
    await clientFor().request({ ...getThing, method, body: { ignored: true } });
    expect(arrivals[0]!.method).toBe(method);
    expect(arrivals[0]!.headers["content-type"]).toBeUndefined();
    expect(arrivals[0]!.body).toBe("");
  });

  it("a DELETE without a body has no content type", async () => {
    answer = declared(ENVELOPE_OK);
    await clientFor().request({ ...getThing, method: "DELETE" });
    expect(arrivals[0]!.headers["content-type"]).toBeUndefined();
    expect(arrivals[0]!.body).toBe("");
  });

  it.each([
    { base: "", url: "/website/w1" },
    { base: "/v1/", url: "/v1/website/w1" },
    { base: "/api/v1//", url: "/api/v1/website/w1" },
    // A dot segment leaves the parsed path ending in two slashes: neither is doubled before the route.
    { base: "/v1//.", url: "/v1/website/w1" },
  ])("a base of $base sends $url", async ({ base, url }) => {
    answer = declared(ENVELOPE_OK);
    await clientFor({ baseUrl: `${origin}${base}` }).request(getThing);
    expect(arrivals[0]!.url).toBe(url);
  });
});

function status(code: number, body = "", headers: Record<string, string> = {}): Answer {
  return (_request, response) => {
    response.writeHead(code, { "content-type": "application/json", "content-length": Buffer.byteLength(body), ...headers });
    response.end(body);
  };
}

describe("what the client makes of an answer", () => {
  it.each([
    { body: '{"error":false,"reason":"resolved","data":{"n":1}}', data: { n: 1 } },
    { body: '{"error":false,"reason":"resolved"}', data: {} },
    { body: '{"data":[1,2]}', data: [1, 2] },
    { body: "", data: {} },
    { body: "  \n", data: {} },
  ])("a 200 with $body is $data", async ({ body, data }) => {
    answer = status(200, body);
    expect(await clientFor().request(getThing)).toEqual(data);
  });

  it.each([['[{"error":false}]'], ['{"ok":true}'], ["null"], ['"text"'], ["<html></html>"]])("a 200 with %s is an invalid_response", async (body) => {
    answer = status(200, body);
    const error = (await failureOf(clientFor().request(getThing))) as CrispApiError;
    expect(error).toBeInstanceOf(CrispApiError);
    expect({ status: error.status, reason: error.reason, attempts: error.attempts }).toEqual({ status: 200, reason: "invalid_response", attempts: 1 });
  });

  it("a 200 whose envelope says error is an error with Crisp's reason and message", async () => {
    answer = status(200, '{"error":true,"reason":"route_not_found","data":{"message":"No such route"}}');
    const error = (await failureOf(clientFor().request(getThing))) as CrispApiError;
    expect(error).toBeInstanceOf(CrispApiError);
    expect(error.message).toBe("Crisp answered 200 route_not_found: No such route (GET /website/w1)");
  });

  it("a 200 error envelope without a text reason is a plain error", async () => {
    answer = status(200, '{"error":true,"reason":42,"data":{"message":7}}');
    const error = (await failureOf(clientFor().request(getThing))) as CrispApiError;
    expect(error.message).toBe("Crisp answered 200 error (GET /website/w1)");
  });

  it.each([
    { body: '{"error":true,"reason":"invalid_data","data":{"message":"email is required"}}', reason: "invalid_data", message: "Crisp answered 400 invalid_data: email is required (POST /website/w1)" },
    { body: '{"error":true,"reason":"invalid_data","data":"flat"}', reason: "invalid_data", message: "Crisp answered 400 invalid_data (POST /website/w1)" },
    { body: '{"error":true,"reason":"invalid_data","data":null}', reason: "invalid_data", message: "Crisp answered 400 invalid_data (POST /website/w1)" },
    { body: "", reason: "http_error", message: "Crisp answered 400 http_error (POST /website/w1)" },
    { body: " \n", reason: "http_error", message: "Crisp answered 400 http_error (POST /website/w1)" },
    { body: "Bad Request", reason: "invalid_response", message: "Crisp answered 400 invalid_response (POST /website/w1)" },
    { body: '{"error":true,"reason":["x"]}', reason: "invalid_response", message: "Crisp answered 400 invalid_response (POST /website/w1)" },
  ])("a 400 with $body: $reason", async ({ body, reason, message }) => {
    answer = status(400, body);
    const error = (await failureOf(clientFor().request({ ...getThing, method: "POST", body: {} }))) as CrispApiError;
    expect(error).toBeInstanceOf(CrispApiError);
    expect({ status: error.status, reason: error.reason, message: error.message, attempts: error.attempts }).toEqual({ status: 400, reason, message, attempts: 1 });
  });

  it.each([301, 302, 307, 308])("a %i is not followed nor retried: a redirected error", async (code) => {
    answer = status(code, "", { location: `${origin}/elsewhere` });
    const error = (await failureOf(clientFor().request(getThing))) as CrispApiError;
    expect(error).toBeInstanceOf(CrispApiError);
    expect({ status: error.status, reason: error.reason, attempts: error.attempts }).toEqual({ status: code, reason: "redirected", attempts: 1 });
    expect(arrivals.map((a) => a.url)).toEqual(["/v1/website/w1"]);
  });

  it("a 299 is a success, a 300 is not", async () => {
    answer = status(299, '{"error":false,"data":{"n":299}}');
    expect(await clientFor().request(getThing)).toEqual({ n: 299 });
    answer = status(300, "");
    expect(((await failureOf(clientFor().request(getThing))) as CrispApiError).reason).toBe("redirected");
  });

  it.each([
    { code: 200, exists: true },
    { code: 204, exists: true },
    { code: 404, exists: false },
    { code: 410, exists: false },
  ])("exists() on a $code is $exists", async ({ code, exists }) => {
    answer = status(code);
    expect(await clientFor().exists(getThing)).toBe(exists);
    expect(arrivals.map((a) => a.method)).toEqual(["HEAD"]);
  });

  it.each([401, 403, 400])("exists() on a %i throws the typed error", async (code) => {
    answer = status(code);
    const error = (await failureOf(clientFor().exists(getThing))) as CrispApiError;
    expect(error).toBeInstanceOf(CrispApiError);
    expect(error.status).toBe(code);
  });

  it("a HEAD request answers an empty object", async () => {
    answer = status(200);
    expect(await clientFor().request({ ...getThing, method: "HEAD" })).toEqual({});
  });

  it.each([
    { base: "/v1?x=1", url: "/v1?x=1/website/w1" },
    { base: "/v1?", url: "/v1?/website/w1" },
    { base: "/v1#top", url: "/v1" },
    { base: "/v1#", url: "/v1" },
  ])("a base with a query or fragment ($base) is sent as it was written: $url", async ({ base, url }) => {
    answer = declared(ENVELOPE_OK);
    await clientFor({ baseUrl: `${origin}${base}` }).request(getThing);
    expect(arrivals.map((a) => a.url)).toEqual([url]);
  });

  it("the base URL is kept without its trailing slashes", () => {
    expect(clientFor({ baseUrl: `${origin}/api/v1//` }).baseUrl).toBe(`${origin}/api/v1`);
  });
});

describe("closing", () => {
  it("a hung request does not hold close() past its grace, and close() is the same promise twice", async () => {
    answer = () => undefined; // never answers
    const client = clientFor({ timeoutMs: 120_000 });
    const call = failureOf(client.request(getThing));
    await until(() => arrivals.length === 1, "the request to arrive");
    const closing = client.close(20);
    expect(client.close()).toBe(closing);
    // Resolves after the 20 ms grace, long before the request's two minutes, and ends the hung request.
    await closing;
    const error = (await call) as CrispNetworkError;
    expect(error).toBeInstanceOf(CrispNetworkError);
    expect(error.kind).toBe("aborted");
  }, 20_000);

  it("requests that finish within the grace are answered", async () => {
    let release: () => void = () => undefined;
    answer = (_request, response) => {
      release = () => declared(ENVELOPE_OK)(_request, response);
    };
    const client = clientFor();
    const call = client.request(getThing);
    await until(() => arrivals.length === 1, "the request to arrive");
    const closing = client.close(60_000);
    release();
    expect(await call).toEqual({ ok: true });
    await closing;
  });
});

describe("path segments", () => {
  it("a 512-character id is sent as it is; a 513-character one is refused before anything is sent", async () => {
    answer = declared(ENVELOPE_OK);
    const client = clientFor();
    await client.request({ ...getThing, pathParams: { website_id: "w".repeat(512) } });
    expect(arrivals.map((a) => a.url)).toEqual([`/v1/website/${"w".repeat(512)}`]);
    const error = await failureOf(client.request({ ...getThing, pathParams: { website_id: "w".repeat(513) } }));
    expect(error).toBeInstanceOf(CrispRequestError);
    expect(error.message).toBe("Path parameter website_id is not a valid segment");
    expect(arrivals).toHaveLength(1);
  });
});

describe("the response size limit", () => {
  const limit = 64 * 1024;

  it.each([
    { how: "chunked", answer: chunked },
    { how: "with a Content-Length", answer: declared },
  ])("$how: a body of exactly the limit is read, one byte more is refused", async ({ answer: send }) => {
    answer = send(envelopeOf(limit));
    expect(await clientFor({ maxResponseBytes: limit }).request(getThing)).toHaveLength(limit - FRAME.length);
    answer = send(envelopeOf(limit + 1));
    const error = (await failureOf(clientFor({ maxResponseBytes: limit }).request(getThing))) as CrispApiError;
    expect(error).toBeInstanceOf(CrispApiError);
    expect({ status: error.status, reason: error.reason, attempts: error.attempts }).toEqual({ status: 502, reason: "response_too_large", attempts: 1 });
    expect(error.hint).toMatch(/Ask for less/);
  });

  it("a chunked body that never ends is cut at the limit: a typed error, sent once, and the connection dropped", async () => {
    answer = endless;
    const client = clientFor({ maxResponseBytes: limit });
    const error = (await failureOf(client.request(getThing))) as CrispApiError;
    expect(error).toBeInstanceOf(CrispApiError);
    expect(error.reason).toBe("response_too_large");
    expect(error.attempts).toBe(1);
    expect(arrivals).toHaveLength(1);
    await until(() => cutShort === 1, "the client to drop the endless response");
    // The client goes on after it.
    answer = declared(ENVELOPE_OK);
    expect(await client.request(getThing)).toEqual({ ok: true });
  });

  it("a declared length past the limit is not read at all: the connection is dropped", async () => {
    answer = (_request, response) => {
      response.writeHead(200, { "content-type": "application/json", "content-length": 1024 * 1024 * 1024 });
      const chunk = "x".repeat(16 * 1024);
      const pump = () => {
        while (!response.destroyed && response.write(chunk));
        if (!response.destroyed) response.once("drain", pump);
      };
      pump();
    };
    const error = (await failureOf(clientFor({ maxResponseBytes: limit }).request(getThing))) as CrispApiError;
    expect(error.reason).toBe("response_too_large");
    await until(() => cutShort === 1, "the client to drop the oversized response");
  });

  it("a declared length past the limit is refused from the headers, without waiting for a body that may never come", async () => {
    answer = (_request, response) => {
      // Ten times the limit declared, a few bytes sent, then nothing: only the headers can tell.
      response.writeHead(200, { "content-type": "application/json", "content-length": 10 * limit });
      response.write('{"error":false,"data":"');
    };
    const error = await failureOf(clientFor({ maxResponseBytes: limit, timeoutMs: 120_000, retry: { maxAttempts: 1 } }).request(getThing));
    expect(error).toBeInstanceOf(CrispApiError);
    expect((error as CrispApiError).reason).toBe("response_too_large");
    await until(() => cutShort === 1, "the client to drop the response");
  });

  describe("by default (no maxResponseBytes): 16 MiB", () => {
    const SIXTEEN_MIB = 16 * 1024 * 1024;

    it.each([
      { how: "chunked", answer: chunked },
      { how: "with a Content-Length", answer: declared },
    ])("$how: 16 MiB is read, 16 MiB + 1 byte is refused", async ({ answer: send }) => {
      answer = send(envelopeOf(SIXTEEN_MIB));
      expect(await clientFor().request(getThing)).toHaveLength(SIXTEEN_MIB - FRAME.length);
      answer = send(envelopeOf(SIXTEEN_MIB + 1));
      const error = (await failureOf(clientFor().request(getThing))) as CrispApiError;
      expect(error).toBeInstanceOf(CrispApiError);
      expect(error.reason).toBe("response_too_large");
    });
  });
});

describe("what else the client sends", () => {
  it("a base with a query is sent as written, and still carries the method, the keypair, the tier and the body", async () => {
    answer = declared(ENVELOPE_OK);
    const body = { email: "ada@example.com" };
    await clientFor({ baseUrl: `${origin}/v1?x=1` }).request({ ...getThing, method: "POST", body });
    expect(arrivals).toHaveLength(1);
    const [sent] = arrivals;
    expect({ method: sent!.method, url: sent!.url, body: sent!.body }).toEqual({ method: "POST", url: "/v1?x=1/website/w1", body: JSON.stringify(body) });
    expect(sent!.headers.authorization).toBe(`Basic ${Buffer.from("limits-identifier:limits-key").toString("base64")}`);
    expect(sent!.headers["x-crisp-tier"]).toBe("plugin");
    expect(sent!.headers["content-type"]).toBe("application/json");
  });

  it("credentials written in the base are not sent: the keypair's Authorization is", async () => {
    answer = declared(ENVELOPE_OK);
    await clientFor({ baseUrl: `${origin.replace("http://", "http://base-user:base-password@")}/v1` }).request(getThing);
    expect(arrivals.map((a) => a.url)).toEqual(["/v1/website/w1"]);
    expect(arrivals[0]!.headers.authorization).toBe(`Basic ${Buffer.from("limits-identifier:limits-key").toString("base64")}`);
  });

  it("with connections: 1, concurrent calls share one connection", async () => {
    answer = declared(ENVELOPE_OK);
    const client = clientFor({ connections: 1 });
    const answers = await Promise.all([1, 2, 3].map(() => client.request(getThing)));
    expect(answers).toEqual([{ ok: true }, { ok: true }, { ok: true }]);
    expect(arrivals).toHaveLength(3);
    expect(connectionsOpened).toBe(1);
  });

  it("by default, 64 concurrent calls are spread over 64 connections, and a 65th waits for one of them", async () => {
    answer = declared(ENVELOPE_OK);
    const client = clientFor();
    const calls = Array.from({ length: 65 }, () => client.request(getThing));
    expect(await Promise.all(calls)).toHaveLength(65);
    expect(arrivals).toHaveLength(65);
    expect(connectionsOpened).toBe(64);
  });
});

describe("HEAD", () => {
  it("a HEAD's body is never read: a Content-Length past maxResponseBytes is no error", async () => {
    answer = (_request, response) => {
      // The length of the body a GET would get; a HEAD gets none.
      response.writeHead(200, { "content-type": "application/json", "content-length": 1024 * 1024 });
      response.end();
    };
    const client = clientFor({ maxResponseBytes: 1024 });
    expect(await client.exists(getThing)).toBe(true);
    expect(await client.request({ ...getThing, method: "HEAD" })).toEqual({});
    expect(arrivals.map((a) => a.method)).toEqual(["HEAD", "HEAD"]);
  });

  it("a HEAD refused with an empty body is an http_error, not an invalid response", async () => {
    answer = status(401);
    const error = (await failureOf(clientFor().exists(getThing))) as CrispApiError;
    expect({ status: error.status, reason: error.reason }).toEqual({ status: 401, reason: "http_error" });
  });
});

describe("what an attempt leaves behind", () => {
  it("the caller's signal keeps no listener of a finished call, answered or failed", async () => {
    const controller = new AbortController();
    answer = declared(ENVELOPE_OK);
    const client = clientFor({ retry: { maxAttempts: 1 } });
    await client.request({ ...getThing, signal: controller.signal });
    answer = status(500);
    await failureOf(client.request({ ...getThing, signal: controller.signal }));
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });

  it("a finished call keeps no timer for its deadline", async () => {
    answer = declared(ENVELOPE_OK);
    const client = clientFor({ timeoutMs: 3_600_000 });
    await client.request(getThing);
    const timers = () => process.getActiveResourcesInfo().filter((resource) => resource === "Timeout").length;
    const before = timers();
    await client.request(getThing);
    expect(timers()).toBe(before);
  });
});

describe("the cause a failed call carries", () => {
  it("a cancelled call's cause is the caller's own reason; a timeout's is an AbortError", async () => {
    answer = () => undefined; // never answers
    const controller = new AbortController();
    const call = failureOf(clientFor({ timeoutMs: 120_000 }).request({ ...getThing, signal: controller.signal }));
    await until(() => arrivals.length === 1, "the request to arrive");
    const reason = new Error("the user gave up");
    controller.abort(reason);
    const cancelled = (await call) as CrispNetworkError;
    expect(cancelled.kind).toBe("aborted");
    expect(cancelled.cause).toBe(reason);

    const timedOut = (await failureOf(clientFor({ timeoutMs: 50, retry: { maxAttempts: 1 } }).request(getThing))) as CrispNetworkError;
    expect(timedOut.kind).toBe("timeout");
    expect(timedOut.cause).toBeInstanceOf(DOMException);
    expect({ name: (timedOut.cause as DOMException).name, message: (timedOut.cause as DOMException).message }).toEqual({
      name: "AbortError",
      message: "This operation was aborted",
    });
  });
});
