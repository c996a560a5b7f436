import { configDefaults, defineConfig } from "vitest/config";
import { suite } from "../../vitest.config.js";

// The suite as Stryker runs it (scripts/mutate.mjs). Left out: the files that
// only run other processes (the built bin, npm, the bench, the conformance
// suite), which cannot see a mutant in src/ and would only slow the first run,
// and the check that dist/ is fresh, which would build Stryker's instrumented copy.
// CRISP_MUTATE_TESTS narrows the run to some test files, for a quick loop.
const only = process.env.CRISP_MUTATE_TESTS?.split(",").filter(Boolean);

export const LEFT_OUT = [
  "test/bench.test.ts",
  "test/bins.test.ts",
  "test/bundle.test.ts",
  "test/conformance.test.ts",
  "test/demo-build.test.ts",
  "test/demo.test.ts",
  "test/fresh-build.test.ts",
  "test/readme-commands.test.ts",
  "test/task-tokens.test.ts",
];

export default defineConfig({
  ...suite,
  test: {
    ...suite.test,
    include: only ?? suite.test.include,
    exclude: [...configDefaults.exclude, ...LEFT_OUT],
  },
});
