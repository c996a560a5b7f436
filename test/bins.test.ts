import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// A bin must run as a command straight after `npm run build` on a clone with
// no dist/, with no npm link step in between: `npx crisp-mcp` from a clone at
// a path whose npx cache already holds the link runs the built file as it is
// (CI failed on that with "Permission denied"). The build here is the real one.

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const COPIED = ["src", "scripts", "tsconfig.json", "tsconfig.build.json", "package.json", "package-lock.json"];
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string; bin: Record<string, string> };

describe("the built bins", () => {
  let copy: string;

  beforeAll(async () => {
    copy = mkdtempSync(join(tmpdir(), "crisp-mcp-bins-"));
    for (const path of COPIED) cpSync(join(ROOT, path), join(copy, path), { recursive: true });
    symlinkSync(realpathSync(join(ROOT, "node_modules")), join(copy, "node_modules"), "dir");
    await run("npm", ["run", "build", "--silent"], { cwd: copy });
  }, 300_000);
  afterAll(() => {
    rmSync(copy, { recursive: true, force: true });
  });

  // dist/cli.js is what MCP client configurations start, so it runs as a command too.
  const commands = [...Object.values(pkg.bin), "dist/cli.js"];

  it.each(commands)("%s runs as a command, by its own shebang", async (path) => {
    const { stdout } = await run(join(copy, path), ["--version"], { cwd: copy });
    expect(stdout.trim()).toBe(pkg.version);
  });

  it("package.json names the bin this test runs", () => {
    expect(pkg.bin).toEqual({ "crisp-mcp": "dist/bin.cjs" });
  });
});
