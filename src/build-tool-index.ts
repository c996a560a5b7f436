// Run by `npm run build` after tsc: writes dist/tool-index.json, every tool's
// card (listing, policy facts and JSON Schemas), so that a server starts and
// lists its tools without loading their declarations.
import { rmSync, writeFileSync } from "node:fs";
import { buildToolCards } from "./tools/index-build.js";

writeFileSync(new URL("./tool-index.json", import.meta.url), JSON.stringify(await buildToolCards()));
// The file this one replaced; a build over an older dist/ leaves no stale copy.
rmSync(new URL("./tool-schemas.json", import.meta.url), { force: true });
