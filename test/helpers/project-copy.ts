import { cpSync, mkdtempSync, realpathSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const PROJECT_ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** What `npm run build` reads, besides node_modules. */
const BUILD_INPUTS = ["src", "scripts", "tsconfig.json", "tsconfig.build.json", "package.json", "package-lock.json"];

/**
 * A copy of this project in a new temporary folder, for a test that runs the
 * real build: its sources and build settings, this project's node_modules
 * linked in, and with `dist` its built dist/ copied last (so newer than every
 * source, as right after a build). The caller removes the folder.
 */
export function copyProject(prefix: string, options: { dist?: boolean } = {}): string {
  const copy = mkdtempSync(join(tmpdir(), prefix));
  for (const path of BUILD_INPUTS) cpSync(join(PROJECT_ROOT, path), join(copy, path), { recursive: true });
  if (options.dist) cpSync(join(PROJECT_ROOT, "dist"), join(copy, "dist"), { recursive: true });
  symlinkSync(realpathSync(join(PROJECT_ROOT, "node_modules")), join(copy, "node_modules"), "dir");
  return copy;
}
