// Logging for a process whose stdout belongs to JSON-RPC: everything goes to
// stderr, and every line passes through the redactor first.

export type LogLevel = "debug" | "info" | "warn" | "error";
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Secret -> how many holders registered it: a tenant's client that closes takes its secrets back out. */
const secrets = new Map<string, number>();
/** The secrets, longest first, or undefined after a change: a form inside a longer one (base64 of an identifier inside base64 of identifier:key) must not be replaced first and leave the rest of the longer one readable. */
let longestFirst: string[] | undefined;

/**
 * Registers a value that must never be printed (keys, identifiers, tokens).
 * Returns a release function: long-lived servers with many tenants would
 * otherwise grow this list, and the cost of every log line, without bound.
 */
export function registerSecret(value: string | undefined): () => void {
  if (!value || value.length < 4) return () => undefined;
  const forms = [value, Buffer.from(value).toString("base64")];
  for (const form of forms) secrets.set(form, (secrets.get(form) ?? 0) + 1);
  longestFirst = undefined;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    for (const form of forms) {
      const count = (secrets.get(form) ?? 1) - 1;
      if (count <= 0) secrets.delete(form);
      else secrets.set(form, count);
    }
    longestFirst = undefined;
  };
}

/** Crisp's own credential shapes: a UUID identifier, a 64-hex key, or the two joined by ":". */
const CRISP_IDENTIFIER = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const CRISP_KEY = "[0-9a-f]{64}";
const CRISP_CREDENTIAL = new RegExp(`^(?:${CRISP_IDENTIFIER}|${CRISP_KEY}|${CRISP_IDENTIFIER}:${CRISP_KEY})$`, "i");

/**
 * Whether a value a caller chose looks like a Crisp credential. Such a value
 * may join the redactor before Crisp has accepted it: redacting it can only
 * ever hide a credential-shaped string, never words of a log line.
 */
export function isCredentialShaped(value: string): boolean {
  return CRISP_CREDENTIAL.test(value);
}

/**
 * Whether a caller's value, once Crisp accepted it, may join the redactor:
 * one long token of visible ASCII. A short value or a phrase would blank
 * ordinary words from every later line.
 */
export function isRedactable(value: string): boolean {
  return value.length >= 16 && /^[\x21-\x7E]+$/.test(value);
}

/** How many distinct secret forms are registered (for tests of the release path). */
export function registeredSecretCount(): number {
  return secrets.size;
}

/** Replaces every registered secret, and any Basic/Bearer credential, in a string. */
export function redact(text: string): string {
  let out = text.replace(/\b(Basic|Bearer)\s+[A-Za-z0-9+/=._~-]+/gi, "$1 [redacted]");
  longestFirst ??= [...secrets.keys()].sort((a, b) => b.length - a.length);
  for (const secret of longestFirst) if (out.includes(secret)) out = out.split(secret).join("[redacted]");
  return out;
}

// Set from CRISP_MCP_LOG_LEVEL once the settings are read (src/config.ts validates it).
let threshold: LogLevel = "info";

export function setLogLevel(level: LogLevel): void {
  threshold = level;
}

/** Longest log message: an error quoting megabytes of Crisp's answer does not flood stderr. */
const MAX_LOG_CHARS = 10_000;
/** ANSI sequences and control characters other than tab and newline: a logged text must not drive the operator's terminal. */
const TERMINAL_CONTROL = /\u001B\[[0-?]*[ -/]*[@-~]|[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

/** Text fit for an operator's terminal: credentials redacted, escape sequences and control characters (but tab and newline) removed. */
export function terminalSafe(text: string): string {
  return redact(text).replace(TERMINAL_CONTROL, "");
}

export function log(level: LogLevel, message: string): void {
  if (ORDER[level] < ORDER[threshold]) return;
  const text = terminalSafe(message);
  const shown = text.length > MAX_LOG_CHARS ? `${text.slice(0, MAX_LOG_CHARS)}… [${text.length - MAX_LOG_CHARS} more characters]` : text;
  process.stderr.write(`crisp-mcp ${level}: ${shown}\n`);
}
