import { ConfigError } from "../config.js";

const HOST = "CRISP_MCP_HOST / --host";
const PORT = "CRISP_MCP_PORT / --port";

/**
 * A failed listen as the one line that names the setting to change. Errors
 * that are not about the address (there are few) keep their own message.
 */
export function listenError(error: unknown, host: string, port: number): ConfigError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const where = `cannot listen on ${host.includes(":") && !host.startsWith("[") ? `[${host}]` : host}:${port}`;
  switch (code) {
    case "EADDRINUSE":
      return new ConfigError(`${where}: the port is in use; choose another with ${PORT}, or stop the program that holds it`);
    case "EACCES":
      return new ConfigError(`${where}: permission denied (ports below 1024 need privileges); choose another with ${PORT}`);
    case "EADDRNOTAVAIL":
      return new ConfigError(`${where}: no network interface of this machine has that address; set ${HOST} to one it has, e.g. 127.0.0.1, or 0.0.0.0 for all`);
    case "ENOTFOUND":
    case "EAI_AGAIN":
    case "EAI_FAIL":
    case "EAI_NONAME":
      return new ConfigError(`${where}: "${host}" is not an address or a host name this machine can resolve; set ${HOST}, e.g. 127.0.0.1, or 0.0.0.0 for all`);
    default: {
      const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
      return new ConfigError(`${where}: ${reason} (${HOST}, ${PORT})`);
    }
  }
}
