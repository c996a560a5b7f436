import { createServer as createRawServer, request as rawRequest, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { connect as netConnect, type AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { seededPeopleId, startSandbox, type Sandbox } from "../src/sandbox/index.js";
import { envFor, killSpawned, resultText, spawnBin, type SpawnedServer } from "./helpers/spawn-bin.js";
import { until } from "./helpers/until.js";

// Graceful shutdown of the spawned bin with calls in flight. The only timing
// checked is a generous upper bound on the exit.

const EXIT_BOUND_MS = 12_000;

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(async () => {
  await sandbox.close();
});
afterEach(() => {
  killSpawned();
  sandbox.faults.clear();
  sandbox.clearRequests();
});

const profilePath = () => `/website/${sandbox.websiteId}/people/profile/${seededPeopleId("emma")}`;

/** A server whose requests may hang for a whole minute: only cancellation ends them early. */
async function startServer(): Promise<SpawnedServer> {
  const server = spawnBin(envFor(sandbox, { CRISP_TOOLSETS: "people", CRISP_TIMEOUT_MS: "60000" }));
  await server.initialize();
  return server;
}

/** The exit code, or "still running" if the process outlives the bound. */
async function exitCode(server: SpawnedServer): Promise<number | null | "still running"> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<"still running">((resolve) => (timer = setTimeout(() => resolve("still running"), EXIT_BOUND_MS)));
  const outcome = await Promise.race([server.exited.then((e) => e.code), bound]);
  clearTimeout(timer);
  return outcome;
}

describe("shutdown with calls in flight", () => {
  it("stdin closed: a call in flight finishes, its answer is written, and the process exits 0", async () => {
    const server = await startServer();
    // Crisp asks to wait a second: the call is in flight when stdin closes.
    sandbox.faults.add({ kind: "status", status: 429, retryAfter: 1, method: "GET", path: profilePath(), times: 1 });
    const answer = server.callTool("get_people_profile", { people_id: seededPeopleId("emma") });
    await until(() => sandbox.requests.length === 1, "1 request(s) at the sandbox");
    server.child.stdin.end();

    const message = await answer;
    expect(message.result.isError).toBeFalsy();
    expect(resultText(message)).toContain(seededPeopleId("emma"));
    expect(await exitCode(server)).toBe(0);
    expect(sandbox.requests).toHaveLength(2);
  });

  it("stdin closed: a hung call is cancelled after the grace, and the process exits 0", async () => {
    const server = await startServer();
    sandbox.faults.add({ kind: "hang", method: "GET", path: profilePath() });
    void server.callTool("get_people_profile", { people_id: seededPeopleId("emma") });
    await until(() => sandbox.requests.length === 1, "1 request(s) at the sandbox");
    server.child.stdin.end();
    expect(await exitCode(server)).toBe(0);
    // Cancelled, not retried: the hung request was the only one.
    expect(sandbox.requests).toHaveLength(1);
  });

  it("SIGTERM: hung reads and writes are cancelled, nothing is sent again, and the process exits 0", async () => {
    const server = await startServer();
    sandbox.faults.add({ kind: "hang", method: "GET", path: profilePath() });
    sandbox.faults.add({ kind: "hang", method: "PATCH", path: profilePath() });
    const calls = [
      ...Array.from({ length: 5 }, () => server.callTool("get_people_profile", { people_id: seededPeopleId("emma") })),
      server.callTool("update_people_profile", { people_id: seededPeopleId("emma"), notepad: "in flight" }),
    ];
    void Promise.allSettled(calls);
    await until(() => sandbox.requests.length === 6, "6 request(s) at the sandbox");
    server.child.kill("SIGTERM");
    expect(await exitCode(server)).toBe(0);
    expect(sandbox.requests.filter((r) => r.method === "PATCH")).toHaveLength(1);
    expect(sandbox.requests).toHaveLength(6);
    for (const line of server.lines) expect(JSON.parse(line).jsonrpc).toBe("2.0");
  });

  it("SIGTERM while idle exits 0", async () => {
    const server = await startServer();
    server.child.kill("SIGTERM");
    expect(await exitCode(server)).toBe(0);
  });

  it("stdin closed right after a burst of calls: every answer reaches stdout before the exit", async () => {
    const server = await startServer();
    const calls = Array.from({ length: 50 }, () =>
      server.callTool("get_people_profile", { people_id: seededPeopleId("emma") }),
    );
    server.child.stdin.end();
    const answers = await Promise.all(calls);
    for (const answer of answers) expect(answer.result.isError).toBeFalsy();
    expect(await exitCode(server)).toBe(0);
  });
});

/**
 * A proxy in front of the sandbox that holds the requests `hold` matches
 * until the test releases them: a Crisp request stays in flight for exactly
 * as long as the test needs, with no timing involved.
 */
async function gate(target: Sandbox, hold: (req: IncomingMessage) => boolean) {
  const held: (() => void)[] = [];
  const server: Server = createRawServer((req, res: ServerResponse) => {
    const forward = () => {
      const upstream = new URL(target.url);
      const proxied = rawRequest(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      proxied.on("error", () => res.destroy());
      req.pipe(proxied);
    };
    if (hold(req)) held.push(forward);
    else forward();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    held: () => held.length,
    release: () => held.splice(0).forEach((forward) => forward()),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Whether a new TCP connection to the port is refused now. */
function refusesConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = netConnect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code === "ECONNREFUSED"));
  });
}

describe("HTTP shutdown with a request in flight", () => {
  const TOKEN = "drain-token-0123456789abcdef";

  it("SIGTERM: the request in flight completes, new connections are refused, and the process exits 0", async () => {
    const crisp = await gate(sandbox, (req) => req.method === "GET" && (req.url ?? "").endsWith(profilePath()));
    try {
      const server = spawnBin(
        envFor(sandbox, { CRISP_API_URL: crisp.url, CRISP_TOOLSETS: "people", CRISP_TIMEOUT_MS: "60000", CRISP_MCP_HTTP_TOKEN: TOKEN }),
        ["--transport", "http", "--port", "0"],
      );
      await until(() => /http:\/\/127\.0\.0\.1:\d+\/mcp/.test(server.stderr()), "the bin to say where it listens");
      const url = /http:\/\/127\.0\.0\.1:\d+\/mcp/.exec(server.stderr())![0];
      const port = Number(new URL(url).port);

      const call = JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "tools/call",
        params: { name: "get_people_profile", arguments: { people_id: seededPeopleId("emma") } },
      });
      const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
        const headers = { "content-type": "application/json", accept: "application/json", authorization: `Bearer ${TOKEN}` };
        const req = rawRequest(url, { method: "POST", headers, agent: false }, (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (d) => (text += d));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
        });
        req.on("error", reject);
        req.end(call);
      });
      await until(() => crisp.held() === 1, "the tool's Crisp request to be in flight");

      server.child.kill("SIGTERM");
      await until(() => refusesConnections(port), "new connections to be refused");
      crisp.release();

      const done = await answer;
      expect(done.status).toBe(200);
      const result = JSON.parse(done.text).result;
      expect(result.isError).toBeFalsy();
      expect(JSON.stringify(result.content)).toContain(seededPeopleId("emma"));
      expect(await exitCode(server)).toBe(0);
      expect(server.stderr()).toMatch(/shutting down: finishing requests in flight/);
      expect(server.stderr()).not.toContain(TOKEN);
    } finally {
      await crisp.close();
    }
  });
});
