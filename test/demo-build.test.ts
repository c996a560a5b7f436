import { execFile } from "node:child_process";
import { appendFileSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyProject, PROJECT_ROOT } from "./helpers/project-copy.js";

// `npm run demo` builds only when a source changed since the last build: run on
// a copy of this project (sources, then its built dist/, so dist is the newer),
// the freshness step leaves dist/ untouched; after an edit it rebuilds, and the
// edit is in dist/. The rebuild is the real `npm run build`.

const run = promisify(execFile);

/** Every file of dist/ with its mtime. */
function distTimes(root: string): Map<string, number> {
  const times = new Map<string, number>();
  for (const entry of readdirSync(join(root, "dist"), { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const path = join(entry.parentPath, entry.name);
      times.set(path, statSync(path).mtimeMs);
    }
  }
  return times;
}

describe("npm run demo's freshness step", () => {
  let copy: string;

  beforeAll(() => {
    copy = copyProject("crisp-mcp-demo-build-", { dist: true });
  });
  afterAll(() => {
    rmSync(copy, { recursive: true, force: true });
  });

  it("is what npm run demo runs before the demo", () => {
    const scripts = JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8")).scripts;
    expect(scripts.demo).toBe("node scripts/build-if-stale.mjs && node dist/demo.js");
  });

  it("leaves an up-to-date dist/ alone, and rebuilds after a source is edited", { timeout: 300_000 }, async () => {
    const before = distTimes(copy);
    const fresh = await run(process.execPath, ["scripts/build-if-stale.mjs"], { cwd: copy });
    expect(fresh.stderr).toBe("");
    expect(distTimes(copy)).toEqual(before);

    appendFileSync(join(copy, "src/demo.ts"), 'export const editedAfterBuild = "edited copy";\n');
    const stale = await run(process.execPath, ["scripts/build-if-stale.mjs"], { cwd: copy });
    expect(stale.stderr).toContain("Building first: src/demo.ts changed since the last build.");
    expect(readFileSync(join(copy, "dist/demo.js"), "utf8")).toContain('editedAfterBuild = "edited copy"');

    // Built again, fresh again: a second run does nothing.
    const rebuilt = distTimes(copy);
    const again = await run(process.execPath, ["scripts/build-if-stale.mjs"], { cwd: copy });
    expect(again.stderr).toBe("");
    expect(distTimes(copy)).toEqual(rebuilt);
  });
});
