// `npm run mutate` (scripts/mutate.mjs) runs Stryker with this file, from the
// project root, under the Node 22 of test/mutation/node_modules/node.
/** The modules that decide who may do what, what is sent, and what a user sees. */
export const GUARDING_MODULES = [
  "src/client/crisp-client.ts",
  "src/client/retry.ts",
  "src/client/request-parts.ts",
  "src/tools/invoke.ts",
  "src/tools/operation.ts",
  "src/tools/results.ts",
  "src/tools/confirmation.ts",
  "src/untrusted/text.ts",
  "src/transports/http-auth.ts",
  "src/transports/http-guard.ts",
  "src/events/webhook.ts",
  "src/events/read.ts",
  "src/state/memory-event-log.ts",
  "src/config.ts",
];

/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  plugins: ["@stryker-mutator/vitest-runner"],
  vitest: { configFile: "test/mutation/vitest.config.ts" },
  mutate: GUARDING_MODULES,
  coverageAnalysis: "perTest",
  concurrency: 2,
  timeoutMS: 60_000,
  reporters: ["clear-text", "progress", "json", "html"],
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  htmlReporter: { fileName: "reports/mutation/mutation.html" },
  tempDirName: ".stryker-tmp",
  ignorePatterns: ["test/conformance/node_modules", "test/mutation/node_modules", "reports", "bench/results*.json", "scratch"],
  cleanTempDir: true,
};
