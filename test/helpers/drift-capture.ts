import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One request as it reached the wire: what both the wrapper and our client are compared on. */
export interface CapturedRequest {
  method: string;
  /** The path after /v1, still percent-encoded, without the query. */
  path: string;
  /** The query as decoded key → value pairs (a repeated key gives a list). */
  query: Record<string, string | string[]>;
  /** The JSON body, or undefined when none was sent (or it was empty). */
  body: unknown;
}

export interface CaptureServer {
  /** The origin, http://127.0.0.1:PORT (the wrapper adds /v1/ itself). */
  origin: string;
  /** Every request seen since the last take(), oldest first; the log is emptied. */
  take(): CapturedRequest[];
  close(): Promise<void>;
}

/**
 * A stand-in for api.crisp.chat on 127.0.0.1: it records every request and
 * answers Crisp's success envelope (HEAD: 200 with no body).
 */
export async function startCaptureServer(): Promise<CaptureServer> {
  let log: CapturedRequest[] = [];
  const server = createServer((req, res) => {
    void read(req).then((captured) => {
      // Logged before the answer goes out: the caller reads the log once its call returns.
      log.push(captured);
      answer(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    take() {
      const taken = log;
      log = [];
      return taken;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function read(req: IncomingMessage): Promise<CapturedRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  const raw = req.url ?? "";
  const mark = raw.indexOf("?");
  const fullPath = mark === -1 ? raw : raw.slice(0, mark);
  const query: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(mark === -1 ? "" : raw.slice(mark + 1))) {
    const seen = query[key];
    query[key] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  let body: unknown;
  if (text !== "") {
    try {
      body = JSON.parse(text);
    } catch {
      body = { unparsable_body: text };
    }
  }
  return {
    method: req.method ?? "",
    path: fullPath.startsWith("/v1/") ? fullPath.slice(3) : fullPath,
    query,
    body,
  };
}

function answer(req: IncomingMessage, res: ServerResponse): void {
  if (req.method === "HEAD") {
    res.writeHead(200).end();
  } else {
    const payload = JSON.stringify({ error: false, reason: "ok", data: {} });
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(payload) }).end(payload);
  }
}
