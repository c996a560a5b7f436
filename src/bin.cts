#!/usr/bin/env node
// The bin. --help and --version answer from CommonJS before anything else is
// loaded, so they cost about what a bare `node -e 0` does (Node starts its ES
// module loader only for the server); everything else runs ./main.ts.
import { writeSync } from "node:fs";

const argv = process.argv.slice(2);

if (argv.includes("--help") || argv.includes("-h")) {
  // Written straight to fd 1: setting up process.stdout would cost more than the rest.
  writeSync(1, `${(require("./help.cjs") as typeof import("./help.cjs")).HELP}\n`);
} else if (argv.includes("--version") || argv.includes("-v")) {
  writeSync(1, `${(require("./version.cjs") as typeof import("./version.cjs")).VERSION}\n`);
} else {
  void import("./main.js").then(({ run }) => run(argv));
}
