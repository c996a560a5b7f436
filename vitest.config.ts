import { defineConfig } from "vitest/config";

export default defineConfig({
  // Vite strips types from .ts and .mts only; the bin's CommonJS modules (src/*.cts) need it too.
  oxc: { include: /\.(m?ts|cts|[jt]sx)$/ },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Tests start real servers; two cores on CI.
    maxWorkers: 2,
  },
});
