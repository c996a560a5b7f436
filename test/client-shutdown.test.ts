import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CrispClient, CrispNetworkError, type CrispClientOptions, type CrispRequest, type RetryClock } from "../src/client/index.js";
import { until } from "./helpers/until.js";
import { VirtualClock } from "./helpers/virtual-clock.js";

// close(): what happens to the requests still in flight, and to those that
// come after. The grace is the client's clock's wait: with the virtual clock
// it is over at once, so a hung request meets the end of the grace without
// the test waiting for it. What is checked is the order of events (the
// caller's error, the connection's end, close() resolving), never a duration.

let server: Server;
let origin: string;
/** What the bare server does with each request; it records every arrival first. */
let answer: (request: IncomingMessage, response: ServerResponse) => void;
let arrivals = 0;
const sockets = new Set<Socket>();
/** The calls settling and close() resolving, in order. */
const events: string[] = [];
/** Connections the server saw end. */
let connectionsEnded = 0;
const opened: CrispClient[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    arrivals += 1;
    answer(request, response);
  });
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => (connectionsEnded += 1));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((c) => c.close()));
  server.closeAllConnections();
  await until(() => [...sockets].every((socket) => socket.destroyed), "the test's connections to end");
  sockets.clear();
  arrivals = 0;
  connectionsEnded = 0;
  events.length = 0;
});

function clientFor(clock: RetryClock, options: Partial<CrispClientOptions> = {}): CrispClient {
  const client = new CrispClient({
    baseUrl: `${origin}/v1`,
    identifier: "shutdown-identifier",
    key: "shutdown-key",
    tier: "plugin",
    timeoutMs: 120_000,
    clock,
    ...options,
  });
  opened.push(client);
  return client;
}

const getThing: CrispRequest = { method: "GET", path: "/website/{website_id}", pathParams: { website_id: "w1" } };
const never = () => undefined;
const ok = (_request: IncomingMessage, response: ServerResponse) => {
  const body = '{"error":false,"data":{"ok":true}}';
  response.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  response.end(body);
};

/** The call's outcome, recorded among the events when it settles. */
function settle(call: Promise<unknown>, name: string): Promise<unknown> {
  return call.then(
    (value) => {
      events.push(`${name} answered`);
      return value;
    },
    (error: unknown) => {
      events.push(`${name} failed`);
      return error;
    },
  );
}

describe("close() and a request still in flight after its grace", () => {
  it("the hung request is ended: its caller gets an aborted error, its connection is closed, then close() resolves", async () => {
    answer = never;
    const clock = new VirtualClock();
    const client = clientFor(clock);
    const call = settle(client.request(getThing), "the hung call");
    await until(() => arrivals === 1, "the request to arrive");
    await client.close(5_000).then(() => events.push("close() resolved"));
    const error = (await call) as CrispNetworkError;
    expect(error).toBeInstanceOf(CrispNetworkError);
    expect({ kind: error.kind, attempts: error.attempts }).toEqual({ kind: "aborted", attempts: 1 });
    expect((error.cause as Error).message).toBe("The Crisp client closed before Crisp answered");
    expect(events).toEqual(["the hung call failed", "close() resolved"]);
    await until(() => connectionsEnded === 1, "the hung request's connection to end");
    // The grace was waited on the client's clock, and nothing was sent again.
    expect(clock.waits).toEqual([5_000]);
    expect(arrivals).toBe(1);
  });

  it("a request answered within the grace is not ended, and close() does not wait the rest of the grace", async () => {
    let release = () => undefined as void;
    answer = (request, response) => {
      release = () => ok(request, response);
    };
    // A grace that never runs out on its own: close() resolves only because the agent closed in time.
    const waits: number[] = [];
    const clock: RetryClock = {
      now: () => 0,
      random: () => 0.5,
      sleep: (ms, signal) =>
        new Promise((resolve) => {
          waits.push(ms);
          signal?.addEventListener("abort", () => resolve(false), { once: true });
        }),
    };
    const client = clientFor(clock);
    const call = settle(client.request(getThing), "the call");
    await until(() => arrivals === 1, "the request to arrive");
    const closing = client.close(60_000).then(() => events.push("close() resolved"));
    release();
    expect(await call).toEqual({ ok: true });
    await closing;
    expect(events).toEqual(["the call answered", "close() resolved"]);
    expect(waits).toEqual([60_000]);
  });
});

describe("nothing is sent once the client is closing", () => {
  it("a GET waiting to retry when close() begins ends as aborted, without a second request", async () => {
    answer = (_request, response) => {
      response.writeHead(503, { "content-length": 0 });
      response.end();
    };
    const clock = new VirtualClock();
    const client = clientFor(clock);
    let closing: Promise<void> | undefined;
    const sleep = clock.sleep;
    clock.sleep = (ms, signal) => {
      // The retry's wait: close() begins during it.
      closing ??= client.close();
      return sleep(ms, signal);
    };
    const error = (await settle(client.request(getThing), "the call")) as CrispNetworkError;
    expect(error).toBeInstanceOf(CrispNetworkError);
    expect({ kind: error.kind, attempts: error.attempts }).toEqual({ kind: "aborted", attempts: 2 });
    expect(arrivals).toBe(1);
    await closing;
  });

  it("a request made after close() fails at once as aborted: nothing sent, nothing waited", async () => {
    answer = ok;
    const clock = new VirtualClock();
    const client = clientFor(clock);
    expect(await client.request(getThing)).toEqual({ ok: true });
    await client.close();
    const error = (await settle(client.request(getThing), "the late call")) as CrispNetworkError;
    expect(error).toBeInstanceOf(CrispNetworkError);
    expect({ kind: error.kind, attempts: error.attempts, message: error.message }).toEqual({
      kind: "aborted",
      attempts: 1,
      message: "Request was cancelled (GET /website/w1)",
    });
    expect((error.cause as Error).message).toBe("The Crisp client is closing");
    // Not retried: the only request is the first call's.
    expect(arrivals).toBe(1);
  });
});
