import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { log } from "../log.js";

/**
 * Serves one MCP session over stdin/stdout. Resolves when the session ends:
 * stdin closed by the client, or SIGTERM/SIGINT. stdout carries only JSON-RPC.
 */
export async function serveStdio(server: Server): Promise<void> {
  const transport = new StdioServerTransport();
  const ended = new Promise<void>((resolve) => {
    const finish = (why: string) => {
      log("debug", `stdio session ending (${why})`);
      resolve();
    };
    process.stdin.once("end", () => finish("stdin closed"));
    process.stdin.once("close", () => finish("stdin closed"));
    process.once("SIGTERM", () => finish("SIGTERM"));
    process.once("SIGINT", () => finish("SIGINT"));
    server.onclose = () => finish("transport closed");
  });
  await server.connect(transport);
  await ended;
  await server.close().catch(() => undefined);
}
