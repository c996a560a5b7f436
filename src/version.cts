import { readFileSync } from "node:fs";
import { join } from "node:path";

// Read once from package.json so `--version`, the User-Agent and serverInfo
// can never disagree with the published version. CommonJS, like the bin
// (./bin.cts), so that `crisp-mcp --version` needs no ES module loader.
const pkg = JSON.parse(readFileSync(join(__dirname, "..", "package.json"), "utf8")) as { version: string };

export const VERSION: string = pkg.version;
export const USER_AGENT = `crisp-mcp/${VERSION}`;
