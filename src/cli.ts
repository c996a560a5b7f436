#!/usr/bin/env node
// The bin. --help and --version answer before the server is loaded, so they
// cost hardly more than starting node; everything else runs ./main.ts.

const argv = process.argv.slice(2);

if (argv.includes("--help") || argv.includes("-h")) {
  const { HELP } = await import("./help.js");
  process.stdout.write(`${HELP}\n`);
} else if (argv.includes("--version") || argv.includes("-v")) {
  const { VERSION } = await import("./version.js");
  process.stdout.write(`${VERSION}\n`);
} else {
  const { run } = await import("./main.js");
  run(argv);
}
