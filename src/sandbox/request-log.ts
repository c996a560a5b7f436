/** One request as the sandbox saw it, for tests that check what a client sent. */
export interface RecordedRequest {
  method: string;
  /** Raw path after the /v1 prefix, still percent-encoded, without the query. */
  path: string;
  query: Record<string, string>;
  /** Parsed JSON body, or undefined when there was none (or it was not JSON). */
  body: unknown;
  /** The X-Crisp-Tier header as sent. */
  tier?: string;
  /** Name of the catalog operation the route matched. */
  operation?: string;
  /** Status answered; 0 when a fault hung or reset the connection. */
  status: number;
}

/** Keeps the most recent requests, in the order they were answered. */
export class RequestLog {
  readonly entries: RecordedRequest[] = [];

  constructor(private readonly limit: number) {}

  add(entry: RecordedRequest): void {
    this.entries.push(entry);
    // shift() drops the oldest in place; splice(0, n) copied the whole log on every request once it was full.
    while (this.entries.length > this.limit) this.entries.shift();
  }

  clear(): void {
    this.entries.length = 0;
  }
}
