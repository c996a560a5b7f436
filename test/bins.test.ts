import { execFile } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyProject, PROJECT_ROOT } from "./helpers/project-copy.js";

// A bin must run as a command straight after `npm run build` on a clone with
// no dist/, with no npm link step in between: `npx crisp-mcp` from a clone at
// a path whose npx cache already holds the link runs the built file as it is
// (CI failed on that with "Permission denied"). The build here is the real one.

const run = promisify(execFile);
const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8")) as { version: string; bin: Record<string, string> };

describe("the built bins", () => {
  let copy: string;

  beforeAll(async () => {
    copy = copyProject("crisp-mcp-bins-");
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
