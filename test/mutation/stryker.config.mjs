// `npm run mutate` (scripts/mutate.mjs) runs Stryker with this file, from the
// project root, under the Node 22 of test/mutation/node_modules/node, once per
// group below (or once, for the files and tests it is given).

/**
 * The modules that decide who may do what, what is sent, and what a user sees,
 * each group with the test files that exercise it. A mutant runs only against its
 * group's tests: three times faster than the whole suite, whose set-up most of them
 * would repeat. A narrower list can only find more survivors, never fewer, and
 * `npm run mutate -- --all-tests` runs the whole suite instead.
 */
export const GROUPS = [
  {
    name: "client",
    mutate: ["src/client/crisp-client.ts", "src/client/retry.ts", "src/client/request-parts.ts"],
    tests: [
      "test/client.test.ts",
      "test/client-retry.test.ts",
      "test/client-limits.test.ts",
      "test/client-secrets.test.ts",
      "test/client-shutdown.test.ts",
      "test/request-parts.test.ts",
      "test/path-safety.test.ts",
    ],
  },
  {
    name: "tools",
    mutate: ["src/tools/invoke.ts", "src/tools/operation.ts", "src/tools/results.ts", "src/tools/confirmation.ts", "src/untrusted/text.ts"],
    tests: [
      "test/invoke-policy.test.ts",
      "test/invoke-arguments.test.ts",
      "test/destructive.test.ts",
      "test/security-policy.test.ts",
      "test/agent-exclusions.test.ts",
      "test/policy-messages.test.ts",
      "test/confirmation-text.test.ts",
      "test/results.test.ts",
      "test/results-bounds.test.ts",
      "test/untrusted-text.test.ts",
      "test/hidden-text.test.ts",
      "test/text-marks.test.ts",
    ],
  },
  {
    name: "http",
    mutate: ["src/transports/http-auth.ts", "src/transports/http-guard.ts"],
    tests: ["test/http-auth.test.ts", "test/http-auth-oauth.test.ts", "test/http-guard.test.ts"],
  },
  {
    name: "webhooks",
    mutate: ["src/events/webhook.ts"],
    tests: ["test/webhook-guard.test.ts", "test/webhooks.test.ts", "test/security-transport.test.ts"],
  },
  {
    name: "settings",
    mutate: ["src/config.ts"],
    tests: ["test/config.test.ts", "test/config-parse.test.ts"],
  },
  {
    name: "events",
    mutate: ["src/events/read.ts", "src/state/memory-event-log.ts"],
    tests: ["test/event-buffer.test.ts", "test/events.test.ts", "test/state-homes.test.ts"],
  },
];

/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  plugins: ["@stryker-mutator/vitest-runner"],
  vitest: { configFile: "test/mutation/vitest.config.ts" },
  mutate: GROUPS.flatMap((group) => group.mutate),
  coverageAnalysis: "perTest",
  concurrency: 2,
  timeoutMS: 60_000,
  reporters: ["clear-text", "progress", "json", "html"],
  // One report per run: scripts/mutate.mjs names it after the group.
  jsonReporter: { fileName: `reports/mutation/${process.env.CRISP_MUTATE_REPORT ?? "mutation"}.json` },
  htmlReporter: { fileName: `reports/mutation/${process.env.CRISP_MUTATE_REPORT ?? "mutation"}.html` },
  tempDirName: ".stryker-tmp",
  ignorePatterns: ["test/conformance/node_modules", "test/mutation/node_modules", "reports", "bench/results*.json", "scratch"],
  cleanTempDir: true,
};
