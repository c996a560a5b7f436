import { defineConfig } from "vitest/config";

/** What every run of the suite shares (test/mutation/vitest.config.ts reuses it). */
export const suite = {
  // Vite strips types from .ts and .mts only; the bin's CommonJS modules (src/*.cts) need it too.
  oxc: { include: /\.(m?ts|cts|[jt]sx)$/ },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Tests start real servers; two cores on CI.
    maxWorkers: 2,
  },
};

export default defineConfig({
  ...suite,
  test: {
    ...suite.test,
    // Many tests spawn the built bin: build first when src/ is newer than dist/.
    globalSetup: ["test/helpers/fresh-build.ts"],
  },
});
