import { createServer, request as rawRequest, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { connect as netConnect } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { CrispClient } from "../src/client/index.js";
import { startHttpServer, type RunningHttpServer } from "../src/transports/http.js";
import { HostGuard, parseHost, readBody, type BodyOutcome } from "../src/transports/http-guard.js";
import { serverSettings } from "./helpers/harness.js";

// Which Host and Origin may reach /mcp (DNS rebinding), and how much body a
// request may send: HostGuard's decisions one by one, then the same rules and
// the body limit over real HTTP against startHttpServer.

const TOKEN = "guard-token-0123456789abcdef";

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!().catch(() => undefined);
});

describe("HostGuard: Host", () => {
  it("by default serves this machine's names on any port, and nothing else", () => {
    const guard = new HostGuard([]);
    for (const host of ["localhost", "localhost:8787", "127.0.0.1:1", "[::1]", "[::1]:8787", "LOCALHOST:80", "localhost.", "localhost.:8787"]) {
      expect(guard.hostAllowed(host), host).toBe(true);
    }
    for (const host of ["evil.example", "localhost.evil.example", "127.0.0.2", "[::2]", "0.0.0.0", "::1"]) {
      expect(guard.hostAllowed(host), host).toBe(false);
    }
  });

  it("an entry with a port serves only that port; one without serves any", () => {
    const guard = new HostGuard(["mcp.example.com:8443", "api.example.com", "[2001:db8::1]:9000"]);
    expect(guard.hostAllowed("mcp.example.com:8443")).toBe(true);
    expect(guard.hostAllowed("MCP.Example.com:8443")).toBe(true);
    expect(guard.hostAllowed("mcp.example.com:443")).toBe(false);
    expect(guard.hostAllowed("mcp.example.com:84430")).toBe(false);
    expect(guard.hostAllowed("mcp.example.com")).toBe(false);
    expect(guard.hostAllowed("api.example.com")).toBe(true);
    expect(guard.hostAllowed("api.example.com:1234")).toBe(true);
    expect(guard.hostAllowed("[2001:db8::1]:9000")).toBe(true);
    expect(guard.hostAllowed("[2001:db8::1]:9001")).toBe(false);
    expect(guard.hostAllowed("[2001:DB8::1]:9000")).toBe(true);
    expect(guard.hostAllowed("[2001:db8::1]")).toBe(false);
    // A list replaces the loopback names.
    expect(guard.hostAllowed("localhost")).toBe(false);
  });

  it("refuses a missing or malformed Host", () => {
    const guard = new HostGuard([]);
    for (const host of [undefined, "", " ", "localhost:", "localhost:port", "localhost:123456", "user@localhost", "localhost/x", "local host", "[::1", "::1]", "localhost:80:80", "[localhost]"]) {
      expect(guard.hostAllowed(host), String(host)).toBe(false);
    }
  });

  it('"*" serves any Host and any Origin, even a malformed or missing one', () => {
    for (const guard of [new HostGuard(["*"]), new HostGuard(["mcp.example.com", "*"])]) {
      expect(guard.hostAllowed("evil.example")).toBe(true);
      expect(guard.hostAllowed(undefined)).toBe(true);
      expect(guard.hostAllowed("not a host")).toBe(true);
      expect(guard.originAllowed("https://evil.example")).toBe(true);
      expect(guard.originAllowed("null")).toBe(true);
    }
  });

  it("a malformed entry is refused when the guard is built, naming it", () => {
    expect(() => new HostGuard(["mcp.example.com/path"])).toThrow('"mcp.example.com/path" is not a host name or host:port');
    expect(() => new HostGuard(["a b"])).toThrow(/"a b"/);
    expect(() => new HostGuard(["user@mcp.example.com"])).toThrow(/"user@mcp.example.com"/);
  });

  it("parseHost lowercases, drops a final dot, and keeps the port apart", () => {
    expect(parseHost(" Example.COM.:8080 ")).toEqual({ name: "example.com", port: "8080" });
    expect(parseHost("[::1]")).toEqual({ name: "[::1]", port: undefined });
    expect(parseHost("x:")).toBeUndefined();
  });
});

describe("HostGuard: Origin", () => {
  const guard = new HostGuard([]);

  it("a request without Origin (not from a browser) passes; a browser's must name a served host", () => {
    expect(guard.originAllowed(undefined)).toBe(true);
    expect(guard.originAllowed("http://localhost:3000")).toBe(true);
    expect(guard.originAllowed("https://localhost")).toBe(true);
    expect(guard.originAllowed("http://127.0.0.1:8787")).toBe(true);
    expect(guard.originAllowed("http://[::1]:8787")).toBe(true);
    expect(guard.originAllowed("https://evil.example")).toBe(false);
    expect(guard.originAllowed("http://localhost.evil.example")).toBe(false);
  });

  it('refuses "null", opaque and non-web origins', () => {
    for (const origin of ["null", "", "localhost", "file:///etc/passwd", "file://localhost", "chrome-extension://abcdef", "ftp://localhost", "ws://localhost", "data:text/html,x", "javascript:alert(1)"]) {
      expect(guard.originAllowed(origin), origin).toBe(false);
    }
  });

  it("an entry with a port takes an Origin on that port only", () => {
    const ported = new HostGuard(["mcp.example.com:8443"]);
    expect(ported.originAllowed("https://mcp.example.com:8443")).toBe(true);
    expect(ported.originAllowed("https://mcp.example.com")).toBe(false);
    expect(ported.originAllowed("https://mcp.example.com:9443")).toBe(false);
  });
});

/** A token-mode server whose Crisp is never reached: only what the guards let through is answered 200 (tools/list). */
async function serve(options: { allowedHosts?: string[]; maxBodyBytes?: number } = {}): Promise<RunningHttpServer> {
  const crisp = new CrispClient({ baseUrl: "http://127.0.0.1:9/v1", identifier: "unused-ident", key: "unused-key", tier: "plugin", timeoutMs: 1_000 });
  const running = await startHttpServer({
    host: "127.0.0.1",
    port: 0,
    settings: serverSettings({ toolsets: ["catalog"] }),
    auth: { mode: "token", token: TOKEN, client: crisp },
    shutdownGraceMs: 600_000,
    ...options,
  });
  cleanups.push(async () => {
    await running.close();
    await crisp.close();
  });
  return running;
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

function post(url: string, headers: Record<string, string>, body: string, chunked = false): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const all: Record<string, string> = {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      authorization: `Bearer ${TOKEN}`,
      ...(chunked ? {} : { "content-length": String(Buffer.byteLength(body)) }),
      ...headers,
    };
    const req = rawRequest(url, { method: "POST", headers: all }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (text += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on("error", reject);
    if (chunked) {
      const bytes = Buffer.from(body);
      req.write(bytes.subarray(0, 1));
      req.end(bytes.subarray(1));
    } else req.end(body);
  });
}

/** A tools/list request whose body is exactly `size` bytes. */
function listOfSize(size: number): string {
  const empty = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list", params: { _meta: { pad: "" } } });
  const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list", params: { _meta: { pad: "x".repeat(size - empty.length) } } });
  expect(Buffer.byteLength(body)).toBe(size);
  return body;
}

const LIST = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" });

describe("over HTTP: Host and Origin at /mcp", () => {
  it("a host:port entry serves that port only", async () => {
    const server = await serve({ allowedHosts: ["mcp.example.com:8443"] });
    expect((await post(server.url, { host: "mcp.example.com:8443" }, LIST)).status).toBe(200);
    const otherPort = await post(server.url, { host: "mcp.example.com:9999" }, LIST);
    expect(otherPort.status).toBe(403);
    expect(JSON.parse(otherPort.text).error.message).toBe("Forbidden: this Host is not served (CRISP_MCP_ALLOWED_HOSTS)");
    expect((await post(server.url, { host: "mcp.example.com" }, LIST)).status).toBe(403);
  });

  it('"*" serves any Host', async () => {
    const server = await serve({ allowedHosts: ["*"] });
    expect((await post(server.url, { host: "anything.example:1" }, LIST)).status).toBe(200);
    expect((await post(server.url, { host: "anything.example", origin: "https://app.example" }, LIST)).status).toBe(200);
  });

  it('refuses a malformed Host, Origin "null" and a non-web Origin with 403', async () => {
    const server = await serve();
    expect((await post(server.url, { host: "localhost:port" }, LIST)).status).toBe(403);
    expect((await post(server.url, { host: "user@localhost" }, LIST)).status).toBe(403);
    for (const origin of ["null", "file://", "chrome-extension://abcdef", "ftp://localhost"]) {
      const refused = await post(server.url, { origin }, LIST);
      expect(refused.status, origin).toBe(403);
      expect(JSON.parse(refused.text).error.message, origin).toBe("Forbidden: this Origin is not allowed (CRISP_MCP_ALLOWED_HOSTS)");
    }
    expect((await post(server.url, { origin: "http://localhost:5173" }, LIST)).status).toBe(200);
  });

  it("/healthz skips the Host check, while /mcp refuses that Host", async () => {
    const server = await serve();
    const health = await new Promise<number>((resolve, reject) => {
      rawRequest(server.url.replace(/\/mcp$/, "/healthz"), { headers: { host: "lb-probe.internal" } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
        .on("error", reject)
        .end();
    });
    expect(health).toBe(200);
    expect((await post(server.url, { host: "lb-probe.internal" }, LIST)).status).toBe(403);
  });
});

describe("over HTTP: the body limit at /mcp", () => {
  it("without an override, exactly 1 MiB is read and one byte more is refused with 413", async () => {
    const server = await serve();
    const limit = await post(server.url, {}, listOfSize(1024 * 1024));
    expect(limit.status).toBe(200);
    expect(JSON.parse(limit.text).result.tools.length).toBeGreaterThan(0);
    const over = await post(server.url, {}, listOfSize(1024 * 1024 + 1));
    expect(over.status).toBe(413);
    expect(JSON.parse(over.text).error.message).toBe("Payload Too Large: the request body must not exceed 1048576 bytes");
  });

  it("a configured limit holds to the byte, declared or not", async () => {
    const server = await serve({ maxBodyBytes: 1_000 });
    for (const chunked of [false, true]) {
      expect((await post(server.url, {}, listOfSize(1_000), chunked)).status, `chunked: ${chunked}`).toBe(200);
      const over = await post(server.url, {}, listOfSize(1_001), chunked);
      expect(over.status, `chunked: ${chunked}`).toBe(413);
      expect(over.headers.connection).toBe("close");
    }
  });

  it("a declared length over the limit is answered 413 at once, before any of the body is sent", async () => {
    const server = await serve({ maxBodyBytes: 1_000 });
    // Headers only: were the server to wait for the 1001 bytes, no answer would come.
    const answer = await new Promise<{ status: number }>((resolve, reject) => {
      const headers = { "content-type": "application/json", accept: "application/json", authorization: `Bearer ${TOKEN}`, "content-length": "1001" };
      const req = rawRequest(server.url, { method: "POST", headers }, (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0 });
        req.destroy();
      });
      req.on("error", reject);
      req.flushHeaders();
    });
    expect(answer.status).toBe(413);
  });

  it("an aborted body neither crashes nor hangs the server: it keeps serving, logs no error, and close() finds nothing in flight", async () => {
    const server = await serve();
    const logged = captureStderr();
    const { port } = new URL(server.url);
    const socket = netConnect(Number(port), "127.0.0.1");
    await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
    const continued = new Promise<void>((resolve) => {
      let seen = "";
      socket.on("data", (chunk) => {
        seen += String(chunk);
        if (seen.includes("100 Continue")) resolve();
      });
    });
    socket.write(
      `POST /mcp HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: application/json\r\nAccept: application/json\r\nContent-Length: 5000\r\nExpect: 100-continue\r\n\r\n`,
    );
    // Node answers "100 Continue" as it hands the request to the handler, which then reads the body.
    await continued;
    socket.write('{"jsonrpc":"2.0",');
    socket.destroy();
    expect((await post(server.url, {}, LIST)).status).toBe(200);
    expect(logged()).not.toMatch(/crisp-mcp error/);
    // close() waits up to its grace (10 minutes here) for exchanges in flight: it returns only if the aborted one ended.
    await server.close();
  });
});

/** Everything written to stderr from now on (the real writes still go through). */
function captureStderr(): () => string {
  const chunks: string[] = [];
  const realWrite = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
    chunks.push(String(chunk));
    return realWrite(chunk, ...rest);
  }) as typeof process.stderr.write;
  cleanups.push(async () => {
    process.stderr.write = realWrite;
  });
  return () => chunks.join("");
}

/** A bare node:http server whose every request is read by readBody; each outcome arrives with its request; `started` once the first is being read. */
async function bodyReader(limit: number): Promise<{ port: number; started: Promise<void>; next(): Promise<{ outcome: BodyOutcome; req: IncomingMessage }> }> {
  const waiting: ((read: { outcome: BodyOutcome; req: IncomingMessage }) => void)[] = [];
  let start = () => undefined as void;
  const started = new Promise<void>((resolve) => (start = resolve));
  const server = createServer((req, res) => {
    start();
    void readBody(req, limit).then((outcome) => {
      waiting.shift()?.({ outcome, req });
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  return { port: (server.address() as AddressInfo).port, started, next: () => new Promise((resolve) => waiting.push(resolve)) };
}

function send(port: number, body: string, declared: boolean): void {
  const req = rawRequest({ host: "127.0.0.1", port, method: "POST", headers: declared ? { "content-length": String(Buffer.byteLength(body)) } : {} });
  req.on("error", () => undefined); // the server may close on a refused body
  const bytes = Buffer.from(body);
  req.write(bytes.subarray(0, 3));
  req.end(bytes.subarray(3));
}

/** What readBody leaves on a request it has finished with: nothing that holds the body or would run again. */
const listenersLeft = (req: IncomingMessage) => ["data", "end", "error", "aborted"].map((event) => req.listenerCount(event));

describe("readBody", () => {
  it("gives back the whole body up to the limit, in chunks or declared, and leaves no listener behind", async () => {
    const reader = await bodyReader(10);
    for (const declared of [false, true]) {
      const read = reader.next();
      send(reader.port, "0123456789", declared);
      const { outcome, req } = await read;
      expect(outcome).toEqual({ kind: "ok", body: Buffer.from("0123456789") });
      expect(listenersLeft(req)).toEqual([0, 0, 0, 0]);
    }
  });

  it("over the limit: too_large, the request paused and not read further, and no listener left", async () => {
    const reader = await bodyReader(10);
    const read = reader.next();
    send(reader.port, "0123456789A", false);
    const { outcome, req } = await read;
    expect(outcome).toEqual({ kind: "too_large" });
    expect(req.isPaused()).toBe(true);
    expect(listenersLeft(req)).toEqual([0, 0, 0, 0]);
  });

  it("a client gone mid-body: aborted, and no listener left", async () => {
    const reader = await bodyReader(1_000);
    const read = reader.next();
    const socket = netConnect(reader.port, "127.0.0.1");
    await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
    socket.write("POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 500\r\n\r\n0123");
    // Gone only once the server is reading the body, so the abort is one of the body.
    await reader.started;
    socket.destroy();
    const { outcome, req } = await read;
    expect(outcome).toEqual({ kind: "aborted" });
    expect(listenersLeft(req)).toEqual([0, 0, 0, 0]);
  });
});
