import { execFile } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyProject, PROJECT_ROOT } from "./helpers/project-copy.js";

// The tests that spawn the bin run dist/, so `npx vitest` right after an edit
// must build first (vitest's global set-up, test/helpers/fresh-build.ts). On a
// copy of this project built as it is, a source is edited, and a test file that
// spawns the bin then sees the edit, through a plain `vitest run` with no build.

const run = promisify(execFile);
const MARK = "edited after the last build";

/** A test file for the copy: the bin's --help must carry the edit. */
const PROBE = `import { execFileSync } from "node:child_process";
import { expect, it } from "vitest";
it("spawns the bin built from the edited sources", () => {
  const help = execFileSync(process.execPath, ["dist/bin.cjs", "--help"], { encoding: "utf8" });
  expect(help).toContain(${JSON.stringify(MARK)});
});
`;

describe("vitest's global set-up", () => {
  let copy: string;

  beforeAll(() => {
    copy = copyProject("crisp-mcp-fresh-build-", { dist: true });
    cpSync(join(PROJECT_ROOT, "vitest.config.ts"), join(copy, "vitest.config.ts"));
    mkdirSync(join(copy, "test"));
    cpSync(join(PROJECT_ROOT, "test/helpers"), join(copy, "test/helpers"), { recursive: true });
    writeFileSync(join(copy, "test/probe.test.ts"), PROBE);
  });
  afterAll(() => {
    rmSync(copy, { recursive: true, force: true });
  });

  it("builds before the tests when a source is newer than dist/", { timeout: 300_000 }, async () => {
    const help = join(copy, "src/help.cts");
    writeFileSync(help, readFileSync(help, "utf8").replace("Docs: README.md.", `Docs: README.md. ${MARK}.`));
    const vitest = join(copy, "node_modules/vitest/vitest.mjs");
    const result = await run(process.execPath, [vitest, "run", "test/probe.test.ts"], { cwd: copy });
    expect(result.stderr).toContain("Building first: src/help.cts changed since the last build.");
    expect(result.stdout).toMatch(/1 passed/);
  });
});
