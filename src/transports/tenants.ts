import { createHmac, randomBytes } from "node:crypto";
import { CrispClient, type RetryPolicy } from "../client/index.js";
import { log } from "../log.js";
import type { TenantCredentials } from "./http-auth.js";

// One CrispClient per tenant in passthrough mode, so tenants never share a
// connection pool or credentials. Bounded, and idle clients are closed.

export interface TenantClientsOptions {
  /** REST base every tenant's client points at. */
  baseUrl: string;
  timeoutMs: number;
  /** Most clients kept at once; the least recently used idle one goes first. */
  maxTenants?: number;
  /** A client unused this long is closed. */
  idleMs?: number;
  /** Open connections per tenant. */
  connectionsPerTenant?: number;
  retry?: Partial<RetryPolicy>;
}

interface Entry {
  client: CrispClient;
  /** Requests using the client now; it is never closed under them. */
  active: number;
  lastUsed: number;
}

export interface TenantLease {
  client: CrispClient;
  /** Short, non-reversible label for logs. */
  label: string;
  release(): void;
}

export class TenantClients {
  private readonly entries = new Map<string, Entry>();
  // Keys are keyed hashes of the credentials, never the credentials; the salt
  // lives only in this process, so a logged label cannot be tested offline.
  private readonly salt = randomBytes(32);
  private readonly maxTenants: number;
  private readonly idleMs: number;
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly options: TenantClientsOptions) {
    this.maxTenants = options.maxTenants ?? 100;
    this.idleMs = options.idleMs ?? 10 * 60_000;
    this.sweeper = setInterval(() => this.sweepIdle(), Math.min(this.idleMs, 60_000));
    this.sweeper.unref();
  }

  get size(): number {
    return this.entries.size;
  }

  acquire(credentials: TenantCredentials): TenantLease {
    const id = createHmac("sha256", this.salt)
      .update(JSON.stringify([credentials.identifier, credentials.key, credentials.tier]))
      .digest("hex");
    let entry = this.entries.get(id);
    if (entry) {
      this.entries.delete(id); // re-inserted below: Map order is recency order
    } else {
      entry = {
        client: new CrispClient({
          baseUrl: this.options.baseUrl,
          identifier: credentials.identifier,
          key: credentials.key,
          tier: credentials.tier,
          timeoutMs: this.options.timeoutMs,
          connections: this.options.connectionsPerTenant ?? 8,
          retry: this.options.retry,
          // Anyone can send a keypair: it must not choose what the log redactor hides.
          credentialsFrom: "caller",
        }),
        active: 0,
        lastUsed: Date.now(),
      };
    }
    this.entries.set(id, entry);
    entry.active++;
    entry.lastUsed = Date.now();
    this.evictOverflow();
    const held = entry;
    let released = false;
    return {
      client: held.client,
      label: id.slice(0, 8),
      release: () => {
        if (released) return;
        released = true;
        held.active--;
        held.lastUsed = Date.now();
      },
    };
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    const clients = [...this.entries.values()].map((e) => e.client);
    this.entries.clear();
    await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
  }

  /** Over the bound, closes the least recently used clients nobody is using (busy ones may overflow briefly). */
  private evictOverflow(): void {
    for (const [id, entry] of this.entries) {
      if (this.entries.size <= this.maxTenants) return;
      if (entry.active === 0) this.drop(id, entry, "over the tenant bound");
    }
  }

  private sweepIdle(): void {
    const cutoff = Date.now() - this.idleMs;
    for (const [id, entry] of this.entries) {
      if (entry.active === 0 && entry.lastUsed <= cutoff) this.drop(id, entry, "idle");
    }
  }

  private drop(id: string, entry: Entry, why: string): void {
    this.entries.delete(id);
    log("debug", `tenant ${id.slice(0, 8)}: client closed (${why})`);
    entry.client.close().catch(() => undefined);
  }
}
