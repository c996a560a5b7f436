// Logging for a process whose stdout belongs to JSON-RPC: everything goes to
// stderr, and every line passes through the redactor first.

export type LogLevel = "debug" | "info" | "warn" | "error";
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Secret -> how many holders registered it: a tenant's client that closes takes its secrets back out. */
const secrets = new Map<string, number>();

/**
 * Registers a value that must never be printed (keys, identifiers, tokens).
 * Returns a release function: long-lived servers with many tenants would
 * otherwise grow this list, and the cost of every log line, without bound.
 */
export function registerSecret(value: string | undefined): () => void {
  if (!value || value.length < 4) return () => undefined;
  const forms = [value, Buffer.from(value).toString("base64")];
  for (const form of forms) secrets.set(form, (secrets.get(form) ?? 0) + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    for (const form of forms) {
      const count = (secrets.get(form) ?? 1) - 1;
      if (count <= 0) secrets.delete(form);
      else secrets.set(form, count);
    }
  };
}

/** How many distinct secret forms are registered (for tests of the release path). */
export function registeredSecretCount(): number {
  return secrets.size;
}

/** Replaces every registered secret, and any Basic/Bearer credential, in a string. */
export function redact(text: string): string {
  let out = text.replace(/\b(Basic|Bearer)\s+[A-Za-z0-9+/=._~-]+/gi, "$1 [redacted]");
  for (const secret of secrets.keys()) if (out.includes(secret)) out = out.split(secret).join("[redacted]");
  return out;
}

let threshold: LogLevel = (process.env.CRISP_MCP_LOG_LEVEL as LogLevel | undefined) ?? "info";

export function setLogLevel(level: LogLevel): void {
  threshold = level;
}

export function log(level: LogLevel, message: string): void {
  if (ORDER[level] < ORDER[threshold]) return;
  process.stderr.write(`crisp-mcp ${level}: ${redact(message)}\n`);
}
