import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CrispApiError, CrispClient, type CrispClientOptions } from "../src/client/index.js";
import { redact, registeredSecretCount } from "../src/log.js";

// Which keypair values a client hands to the log redactor, and when: an
// operator's at once; a caller's (HTTP passthrough) at once only when it has
// Crisp's credential shape, otherwise once Crisp accepted it, and only if it
// is one long token; all of them taken back when the client closes.

let server: Server;
let origin: string;
/** The status the bare server answers with. */
let answerStatus = 200;

beforeAll(async () => {
  server = createServer((_request, response) => {
    const body = answerStatus < 300 ? '{"error":false,"data":{}}' : '{"error":true,"reason":"unauthorized"}';
    response.writeHead(answerStatus, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function client(identifier: string, key: string, credentialsFrom?: CrispClientOptions["credentialsFrom"]): CrispClient {
  return new CrispClient({ baseUrl: `${origin}/v1`, identifier, key, tier: "plugin", timeoutMs: 5_000, credentialsFrom, retry: { maxAttempts: 1 } });
}

const hidden = (value: string) => redact(`[${value}]`) === "[[redacted]]";
/** Secret forms registered beyond those at the start of a test: each value counts twice (as it is, and in base64). */
let before = 0;
const added = () => registeredSecretCount() - before;
const request = { method: "GET" as const, path: "/website/{website_id}", pathParams: { website_id: "w1" } };

describe("the keypair and the log redactor", () => {
  beforeEach(() => {
    before = registeredSecretCount();
  });

  it("an operator's keypair is hidden at once, whatever it looks like, and released on close", async () => {
    const crisp = client("operator-words-01", "operator-key-words-01");
    expect([hidden("operator-words-01"), hidden("operator-key-words-01")]).toEqual([true, true]);
    // identifier, key and identifier:key, each as it is and in base64 (the Authorization header's form).
    expect(added()).toBe(6);
    // A success adds nothing for an operator's client: everything joined at once.
    answerStatus = 200;
    await crisp.request(request);
    expect(added()).toBe(6);
    await crisp.close();
    expect([hidden("operator-words-01"), hidden("operator-key-words-01")]).toEqual([false, false]);
    expect(added()).toBe(0);
  });

  it("the default is the operator's", async () => {
    const crisp = client("default-owner-words", "default-owner-key-1");
    expect(hidden("default-owner-words")).toBe(true);
    await crisp.close();
  });

  it("a caller's long tokens are hidden only once Crisp accepted them", async () => {
    const crisp = client("caller-token-aaaa-0001", "caller-token-bbbb-0002", "caller");
    expect([hidden("caller-token-aaaa-0001"), hidden("caller-token-bbbb-0002")]).toEqual([false, false]);
    expect(added()).toBe(0);
    answerStatus = 200;
    await crisp.request(request);
    expect([hidden("caller-token-aaaa-0001"), hidden("caller-token-bbbb-0002")]).toEqual([true, true]);
    expect(added()).toBe(6);
    // A second success adds nothing more.
    await crisp.request(request);
    expect(added()).toBe(6);
    await crisp.close();
    expect([hidden("caller-token-aaaa-0001"), hidden("caller-token-bbbb-0002")]).toEqual([false, false]);
    expect(added()).toBe(0);
  });

  it("a caller's keypair that Crisp refused is never hidden (anyone can send any words)", async () => {
    const crisp = client("refused-token-cccc-01", "refused-token-dddd-02", "caller");
    answerStatus = 401;
    await expect(crisp.request(request)).rejects.toBeInstanceOf(CrispApiError);
    expect([hidden("refused-token-cccc-01"), hidden("refused-token-dddd-02")]).toEqual([false, false]);
    expect(added()).toBe(0);
    await crisp.close();
  });

  it("a caller's short or spaced values stay visible even once accepted", async () => {
    const crisp = client("short", "two plain words here", "caller");
    answerStatus = 200;
    await crisp.request(request);
    expect([hidden("short"), hidden("two plain words here")]).toEqual([false, false]);
    expect(added()).toBe(0);
    await crisp.close();
  });

  it("a caller's credential-shaped values are hidden at once", async () => {
    const identifier = "3f1c2b9a-6d4e-4f7a-9b8c-1e2d3c4b5a69";
    const key = "a".repeat(64);
    const crisp = client(identifier, key, "caller");
    expect([hidden(identifier), hidden(key)]).toEqual([true, true]);
    expect(added()).toBe(6);
    await crisp.close();
    expect([hidden(identifier), hidden(key)]).toEqual([false, false]);
    expect(added()).toBe(0);
  });

  it("a caller's credential-shaped identifier is hidden at once, its plain key once accepted", async () => {
    const identifier = "7a1c2b9a-6d4e-4f7a-9b8c-1e2d3c4b5a70";
    const crisp = client(identifier, "plain-caller-key-00001", "caller");
    expect([hidden(identifier), hidden("plain-caller-key-00001")]).toEqual([true, false]);
    expect(added()).toBe(2);
    answerStatus = 200;
    await crisp.request(request);
    expect(hidden("plain-caller-key-00001")).toBe(true);
    expect(added()).toBe(6);
    await crisp.close();
    expect(added()).toBe(0);
  });

  it("a caller's accepted keypair does not join once the client is closing", async () => {
    const crisp = client("late-token-eeee-0001", "late-token-ffff-0002", "caller");
    answerStatus = 200;
    const call = crisp.request(request);
    const closed = crisp.close();
    await call.catch(() => undefined);
    await closed;
    expect([hidden("late-token-eeee-0001"), hidden("late-token-ffff-0002")]).toEqual([false, false]);
    expect(added()).toBe(0);
  });
});
