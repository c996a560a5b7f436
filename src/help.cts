import { settingsHelp } from "./settings.cjs";
import { VERSION } from "./version.cjs";

export const HELP = `crisp-mcp ${VERSION}: the Crisp REST API v1 as MCP tools

Usage:
  crisp-mcp [options]              serve MCP over stdio (what MCP clients start)
  crisp-mcp --sandbox              the same, against the embedded Crisp simulator (no account needed)
  crisp-mcp --transport http       serve stateless Streamable HTTP at POST /mcp (and GET /healthz)
  crisp-mcp --list-tools [options] print the tools this configuration lists, one per line
  crisp-mcp doctor [options]       check this configuration against Crisp, one line per check;
                                   exit 1 when something will fail (--json: one JSON object)
  crisp-mcp --help | --version

Options (each also read from its environment variable; flags win):
${settingsHelp()}

Docs: README.md. Logs go to stderr; stdout carries only JSON-RPC.`;
