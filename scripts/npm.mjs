// Runs npm for the repository's scripts: the npm that runs the script when
// there is one (npx sets npm_execpath to npx's CLI, which is not it), else
// the npm on PATH.
import { spawnSync } from "node:child_process";
import { basename } from "node:path";

/** spawnSync of `npm <args>` in cwd; the caller reads the status. */
export function spawnNpm(args, cwd, stdio = "inherit") {
  const npmCli = process.env.npm_execpath;
  if (npmCli && basename(npmCli) === "npm-cli.js") return spawnSync(process.execPath, [npmCli, ...args], { cwd, stdio });
  // npm.cmd runs only through a shell on Windows.
  return spawnSync("npm", args, { cwd, stdio, shell: process.platform === "win32" });
}
