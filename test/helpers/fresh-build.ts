// vitest's global set-up: the tests that spawn the built bin (dist/) must never
// run stale code, so `npx vitest` after an edit builds first, as `npm run demo`
// does. scripts/build-if-stale.mjs decides; it does nothing when dist/ is newer
// than every input, which is the case under `npm test`, whose build ran just before.
import { spawnSync } from "node:child_process";
import { PROJECT_ROOT } from "./project-copy.js";

export function setup(): void {
  const build = spawnSync(process.execPath, ["scripts/build-if-stale.mjs"], { cwd: PROJECT_ROOT, stdio: ["ignore", "inherit", "inherit"] });
  if (build.status !== 0) throw new Error(`the build before the tests failed (exit ${build.status}): fix it, or run npm run build to see why`);
}
