import { createClient, type RedisClientType } from "@redis/client";
import { log } from "../../log.js";
import { SharedStateError } from "../errors.js";

// One connection to Redis (or Valkey) per process, through node-redis. Calls
// fail fast while it is down (no offline queue: a web hook must hear 503 now,
// not hang) and each has a deadline of our own, because node-redis stops
// timing a command once it is written. node-redis reconnects by itself, with
// a backoff capped at 2 s; only the first connection, at start-up, is not
// retried: a wrong URL should stop the server with one line, not hang it.

export type Redis = RedisClientType;

export interface RedisConnectionOptions {
  /** Deadline of one call, in ms. */
  callTimeoutMs?: number;
  /** Deadline of the first connection, in ms. */
  connectTimeoutMs?: number;
}

const DEFAULT_CALL_TIMEOUT = 2_000;
const DEFAULT_CONNECT_TIMEOUT = 5_000;
const MAX_BACKOFF = 2_000;

export class RedisConnection {
  readonly client: Redis;
  /** The URL without user or password, for messages. */
  readonly shownUrl: string;
  readonly callTimeoutMs: number;
  private starting = true;
  private lastError?: string;
  private downSince?: number;

  private constructor(
    private readonly url: string,
    options: RedisConnectionOptions,
  ) {
    this.shownUrl = shownRedisUrl(url);
    this.callTimeoutMs = options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT;
    this.client = this.newClient(options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT, "main") as Redis;
  }

  /** Connects, or throws one line that names the setting. */
  static async open(url: string, options: RedisConnectionOptions = {}): Promise<RedisConnection> {
    const connection = new RedisConnection(url, options);
    try {
      await connection.client.connect();
    } catch (error) {
      await connection.client.destroy();
      throw new SharedStateError(
        `cannot reach Redis at ${connection.shownUrl} (CRISP_MCP_REDIS_URL): ${reason(error)}`,
        "Start Redis, or fix CRISP_MCP_REDIS_URL (redis://host:6379 or rediss:// for TLS), or unset it to keep state in memory.",
      );
    }
    connection.starting = false;
    return connection;
  }

  get up(): boolean {
    return this.client.isReady;
  }

  get detail(): string | undefined {
    if (this.up) return undefined;
    const since = this.downSince === undefined ? "" : ` for ${Math.round((Date.now() - this.downSince) / 1000)}s`;
    return `unreachable${since}${this.lastError ? ` (${this.lastError})` : ""}; reconnecting`;
  }

  /**
   * A second connection, for blocking reads, connected within the connect
   * deadline (node-redis would otherwise retry the first connection forever);
   * once connected it reconnects by itself like the first.
   */
  async second(name: string): Promise<Redis> {
    const client = this.newClient(DEFAULT_CONNECT_TIMEOUT, name) as Redis;
    try {
      await withinDeadline(client.connect(), DEFAULT_CONNECT_TIMEOUT, "no connection");
      return client;
    } catch (error) {
      await client.destroy();
      throw error;
    }
  }

  /** Runs one call within the deadline; every failure becomes a SharedStateError. */
  async call<T>(what: string, run: (client: Redis) => Promise<T>): Promise<T> {
    try {
      return await withinDeadline(run(this.client), this.callTimeoutMs, "no answer");
    } catch (error) {
      throw new SharedStateError(`the shared store (Redis) failed to ${what}: ${reason(error)}`);
    }
  }

  async close(): Promise<void> {
    await this.client.close().catch(() => this.client.destroy());
  }

  private newClient(connectTimeout: number, name: string) {
    const client = createClient({
      url: this.url,
      disableOfflineQueue: true,
      socket: {
        connectTimeout,
        // An Error ends the attempts: only while starting, so start-up fails with one line.
        reconnectStrategy: (retries, cause) => (this.starting ? cause : Math.min(50 * 2 ** retries, MAX_BACKOFF)),
      },
    });
    // Without a listener node-redis's errors would be thrown: they are logged once per outage instead.
    client.on("error", (error: unknown) => {
      const text = reason(error);
      if (this.starting) return;
      if (this.downSince === undefined) {
        this.downSince = Date.now();
        log("warn", `redis (${name}): ${text}; reconnecting (tools that need no shared state keep working)`);
      }
      this.lastError = text;
    });
    client.on("ready", () => {
      if (this.downSince !== undefined && name === "main") {
        log("info", `redis: reconnected to ${this.shownUrl} after ${Math.round((Date.now() - this.downSince) / 1000)}s`);
        this.downSince = undefined;
        this.lastError = undefined;
      }
    });
    return client;
  }
}

/** A Redis call that has not settled by `ms` gave no answer: a DeadlineError. */
export class DeadlineError extends Error {
  override name = "DeadlineError";
}

/** `work`, or a DeadlineError "<what> within <ms>ms" once `ms` has passed. */
export async function withinDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(`${what} within ${ms}ms`)), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** redis://user:password@host:port/db shown as redis://host:port/db. */
export function shownRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname === "/" ? "" : parsed.pathname}`;
  } catch {
    return "an unreadable URL";
  }
}

/** A failure's own words, without anything the URL could have carried. */
function reason(error: unknown): string {
  const text = String((error as Error)?.message ?? error);
  return text.replace(/\b(rediss?):\/\/[^\s@/]*@/g, "$1://").slice(0, 200) || "unknown error";
}
