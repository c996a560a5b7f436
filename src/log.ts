// Logging for a process whose stdout belongs to JSON-RPC: everything goes to
// stderr, and every line passes through the redactor first.

export type LogLevel = "debug" | "info" | "warn" | "error";
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

const secrets = new Set<string>();

/** Registers a value that must never be printed (keys, identifiers, tokens). */
export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 4) {
    secrets.add(value);
    secrets.add(Buffer.from(value).toString("base64"));
  }
}

/** Replaces every registered secret, and any Basic/Bearer credential, in a string. */
export function redact(text: string): string {
  let out = text.replace(/\b(Basic|Bearer)\s+[A-Za-z0-9+/=._~-]+/gi, "$1 [redacted]");
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join("[redacted]");
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
