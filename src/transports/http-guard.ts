import type { IncomingMessage } from "node:http";

// Guards in front of the MCP endpoint: which Host and Origin may reach it
// (DNS rebinding: a web page that resolves its own name to 127.0.0.1 still
// sends its own name as Host), and how much body a request may send.

/** Served when CRISP_MCP_ALLOWED_HOSTS is empty: this machine's names, any port. */
export const LOOPBACK_HOSTS: readonly string[] = ["localhost", "127.0.0.1", "[::1]"];

interface HostRule {
  name: string;
  /** Undefined: any port. */
  port?: string;
}

/** "name", "name:port", "[v6]" or "[v6]:port", lowercased; undefined when malformed. */
export function parseHost(value: string): HostRule | undefined {
  const match = /^(\[[0-9a-f:.]+\]|[^:[\]\s/@]+)(?::(\d{1,5}))?$/i.exec(value.trim());
  if (!match) return undefined;
  return { name: match[1]!.toLowerCase().replace(/\.$/, ""), port: match[2] };
}

export class HostGuard {
  private readonly anyHost: boolean;
  private readonly rules: HostRule[];

  /** Entries are "name" (any port), "name:port", or "*" (any Host: only behind a proxy that checks it). */
  constructor(allowed: readonly string[]) {
    const entries = allowed.length > 0 ? allowed : LOOPBACK_HOSTS;
    this.anyHost = entries.includes("*");
    // "*" parses as a name as well; it is never looked up, anyHost answers first.
    this.rules = entries.map((entry) => {
      const rule = parseHost(entry);
      if (!rule) throw new Error(`"${entry}" is not a host name or host:port`);
      return rule;
    });
  }

  hostAllowed(host: string | undefined): boolean {
    if (this.anyHost) return true;
    return host !== undefined && this.matches(parseHost(host));
  }

  /** Requests without Origin (not from a browser) pass; a browser's Origin must name a served host. */
  originAllowed(origin: string | undefined): boolean {
    if (origin === undefined) return true;
    if (this.anyHost) return true;
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      return false; // "null" and other opaque origins
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") return false;
    return this.matches(parseHost(url.host));
  }

  /** A malformed host (undefined) matches no rule. */
  private matches(host: HostRule | undefined): boolean {
    return host !== undefined && this.rules.some((rule) => rule.name === host.name && (rule.port === undefined || rule.port === host.port));
  }
}

export type BodyOutcome = { kind: "ok"; body: Buffer } | { kind: "too_large" } | { kind: "aborted" };

/** Reads a request body up to `limit` bytes; a declared or actual larger body is refused without buffering it. */
export function readBody(req: IncomingMessage, limit: number): Promise<BodyOutcome> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve({ kind: "too_large" });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (outcome: BodyOutcome) => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onAbort);
      resolve(outcome);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.pause();
        finish({ kind: "too_large" });
      } else {
        chunks.push(chunk);
      }
    };
    const onEnd = () => finish({ kind: "ok", body: Buffer.concat(chunks) });
    const onAbort = () => finish({ kind: "aborted" });
    req.on("data", onData);
    req.on("end", onEnd);
    // A client gone mid-body: Node destroys the request with an "aborted" error, emitted to these listeners.
    req.on("error", onAbort);
  });
}
