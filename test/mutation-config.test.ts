import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "./helpers/project-copy.js";
// @ts-expect-error: a plain ES module of settings, with no types.
import { GROUPS } from "./mutation/stryker.config.mjs";
import { LEFT_OUT } from "./mutation/vitest.config.js";

// `npm run mutate` is not part of CI, so a renamed module or test file would
// break it unseen: every file its groups name must exist, and no test a group
// relies on may be one the mutation runs leave out.

interface Group {
  name: string;
  mutate: string[];
  tests: string[];
}

const groups = GROUPS as Group[];

describe("npm run mutate's groups", () => {
  it("name modules and test files that exist, each module in one group", () => {
    const modules = groups.flatMap((group) => group.mutate);
    expect(new Set(modules).size).toBe(modules.length);
    for (const file of [...modules, ...groups.flatMap((group) => group.tests)]) {
      expect(existsSync(join(PROJECT_ROOT, file)), file).toBe(true);
    }
  });

  it("run no test file that the mutation runs leave out", () => {
    for (const test of groups.flatMap((group) => group.tests)) expect(LEFT_OUT, test).not.toContain(test);
    for (const file of LEFT_OUT) expect(existsSync(join(PROJECT_ROOT, file)), file).toBe(true);
  });
});
