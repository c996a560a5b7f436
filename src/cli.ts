#!/usr/bin/env node
// `node dist/cli.js`, as MCP client configurations start the server: the same
// entry as the npm bin (./bin.cts), which reads the command line itself.
import "./bin.cjs";
