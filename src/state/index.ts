import { MemoryEventLog } from "./memory-event-log.js";
import { MemoryState } from "./memory.js";
import type { EventLog, SharedState, StateHealth } from "./types.js";
import type { RedisConnectionOptions } from "./redis/connection.js";

// Where the process keeps what replicas must share: its own memory (one
// process), or Redis (CRISP_MCP_REDIS_URL). Everything else asks a home for
// its key-value state and its event log, and never learns which it has.

export { SharedStateError } from "./errors.js";
export type { AppendGuard, EventLog, SharedState, StateHealth, StreamEntry, StreamHead } from "./types.js";

export interface StateHome {
  readonly kind: "memory" | "redis";
  readonly state: SharedState;
  /** The event log, created on first use with this capacity per stream. */
  eventLog<T>(capacity: number): EventLog<T>;
  health(): StateHealth;
  close(): Promise<void>;
}

export function memoryHome(): StateHome {
  const state = new MemoryState();
  let log: EventLog<unknown> | undefined;
  return {
    kind: "memory",
    state,
    eventLog<T>(capacity: number) {
      log ??= new MemoryEventLog<unknown>({ capacity, state });
      return log as EventLog<T>;
    },
    health: () => ({ home: "memory", up: true }),
    async close() {
      await log?.close();
      await state.close();
    },
  };
}

/** Connects to Redis (loaded only then); throws a SharedStateError naming the setting when it cannot. */
export async function redisHome(url: string, options: RedisConnectionOptions & { idleMs?: number } = {}): Promise<StateHome> {
  const [{ RedisConnection }, { RedisState }, { RedisEventLog }] = await Promise.all([
    import("./redis/connection.js"),
    import("./redis/state.js"),
    import("./redis/event-log.js"),
  ]);
  const connection = await RedisConnection.open(url, options);
  const state = new RedisState(connection);
  let log: EventLog<unknown> | undefined;
  return {
    kind: "redis",
    state,
    eventLog<T>(capacity: number) {
      log ??= new RedisEventLog<unknown>(connection, { capacity, idleMs: options.idleMs });
      return log as EventLog<T>;
    },
    health: () => ({ home: "redis", up: connection.up, ...(connection.detail ? { detail: connection.detail } : {}) }),
    async close() {
      await log?.close();
      await connection.close();
    },
  };
}
