#!/usr/bin/env node
// The last step of `npm run build`: make every bin that package.json names
// executable. tsc writes files 0644, and npm sets the bit only when it links a
// bin: `npx crisp-mcp` from a clone whose npx cache already holds the link
// (a second clone at the same path, as CI makes) would run a file the shell
// refuses with "Permission denied".
import { chmodSync, readFileSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { bin } = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const targets = typeof bin === "string" ? [bin] : Object.values(bin ?? {});
// dist/cli.js is what MCP client configurations start; it is a bin in all but name.
for (const target of new Set([...targets, "dist/cli.js"])) {
  const path = join(root, target);
  chmodSync(path, statSync(path).mode | 0o111);
}
