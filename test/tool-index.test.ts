import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../src/sandbox/index.js";
import { OPERATIONS } from "../src/tools/catalog/index.js";
import { buildToolCards } from "../src/tools/index-build.js";
import { TOOL_HOMES, definitionsAt } from "../src/tools/homes.js";
import { shapeJsonSchema, withoutWebsiteId } from "../src/tools/schema.js";
import { TOOLS } from "../src/tools/tool-index.js";
import type { ToolCard } from "../src/tools/types.js";
import { inputSchemaOf } from "../src/tools/invoke.js";
import { listedDefinitions } from "./helpers/definitions.js";
import { serverSettings, startHarness, textOf, type Harness } from "./helpers/harness.js";
import { sampleArgs } from "./helpers/sample-args.js";
import { envFor, killSpawned, resultText, spawnBin } from "./helpers/spawn-bin.js";

// A built server lists its tools from dist/tool-index.json and loads a tool's
// zod schema and code only when the tool is first called. `npm test` builds
// first, so the index checked here is the one the bin reads.

const built = JSON.parse(readFileSync(new URL("../dist/tool-index.json", import.meta.url), "utf8")) as ToolCard[];

describe("the tool index written by npm run build", () => {
  it("holds exactly the cards the declarations give today (rebuild if this fails)", async () => {
    expect(built).toEqual(await buildToolCards());
  });

  it("has every Crisp method of the catalog, once, in the catalog's order", () => {
    expect(built.filter((card) => card.operation).map((card) => card.name)).toEqual(OPERATIONS.map((op) => op.name));
    expect(new Set(built.map((card) => card.name)).size).toBe(built.length);
  });

  it("sends each tool to the home that declares it", async () => {
    for (const home of TOOL_HOMES) {
      const declared = (await definitionsAt(home, TOOLS.methods.length)).map((tool) => tool.name);
      expect(built.filter((card) => JSON.stringify(card.home) === JSON.stringify(home)).map((card) => card.name), JSON.stringify(home)).toEqual(declared);
    }
  });

  it("drops website_id from a listed schema exactly as zod lists the shape without it", async () => {
    for (const card of built.filter((c) => c.takesWebsiteId)) {
      const { website_id: _omitted, ...shape } = (await TOOLS.definition(card)).params;
      expect(withoutWebsiteId(card.inputSchema), card.name).toEqual(shapeJsonSchema(shape));
    }
  });
});

describe("a built server loads a tool's code on its first call", () => {
  let sandbox: Sandbox;
  let dir: string;
  const REGISTER = fileURLToPath(new URL("./fixtures/module-log/register.mjs", import.meta.url));

  beforeAll(async () => {
    sandbox = await startSandbox();
    dir = mkdtempSync(join(tmpdir(), "crisp-mcp-modules-"));
  });
  afterEach(() => killSpawned());
  afterAll(async () => {
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Our own modules the server has loaded so far, as paths under dist/. */
  const loadedModules = (file: string) =>
    readFileSync(file, "utf8")
      .split("\n")
      .filter((url) => url.includes("/dist/"))
      .map((url) => url.slice(url.indexOf("/dist/") + "/dist/".length));

  const TOOL_CODE = /^tools\/(agent|meta|events)\/|^tools\/catalog\/(?!parts\.js)/;

  it.each([
    ["the default tools", {}],
    ["every toolset", { CRISP_TOOLSETS: "all" }],
  ])("with %s: start and tools/list load no tool's code; each call loads only its own home", async (_label, extra) => {
    const log = join(dir, `modules-${Object.keys(extra).length}.log`);
    const server = spawnBin({ ...envFor(sandbox, extra), NODE_OPTIONS: `--import=${REGISTER}`, CRISP_TEST_MODULE_LOG: log });
    await server.initialize();
    const listed = await server.request("tools/list");
    expect(listed.result.tools.length).toBeGreaterThan(10);
    expect(loadedModules(log).filter((path) => TOOL_CODE.test(path))).toEqual([]);
    // The index itself must not be what loads the declarations.
    expect(loadedModules(log)).not.toContain("tools/index-build.js");

    const first = await server.callTool("change_conversation_state", { session_id: "session_not-a-uuid", state: "resolved" });
    expect(first.result.isError).toBe(true);
    expect(first.result.content[0].text).toMatch(/^Invalid arguments for change_conversation_state: session_id/);
    const afterMethod = loadedModules(log).filter((path) => TOOL_CODE.test(path));
    expect(afterMethod).toContain("tools/catalog/conversation.js");
    expect(afterMethod.filter((path) => path.startsWith("tools/catalog/") && path !== "tools/catalog/common.js" && path !== "tools/catalog/conversation.js")).toEqual([]);
    expect(afterMethod.filter((path) => /^tools\/(agent|meta|events)\//.test(path))).toEqual([]);

    const search = await server.callTool("search_crisp_methods", { query: "helpdesk article" });
    expect(search.result.isError).toBeFalsy();
    expect(loadedModules(log)).toContain("tools/meta/catalog-tools.js");
    expect(loadedModules(log)).not.toContain("tools/catalog/helpdesk.js");
  });
});

describe("validation on the lazy path", () => {
  // The built bin (cards from the index, schema loaded on first call) must
  // refuse exactly what the declarations refuse, with the same words.
  let sandbox: Sandbox;
  let h: Harness;
  beforeAll(async () => {
    sandbox = await startSandbox();
    h = await startHarness({ existingSandbox: sandbox, settings: { toolsets: ["all"], allowDestructive: false } });
  });
  afterEach(() => killSpawned());
  afterAll(async () => {
    await h.close();
    await sandbox.close();
  });

  /** Wrong values for one field: a wrong type, a wrong number, an overlong string, and no value at all. */
  const WRONG_VALUES: readonly unknown[] = [{ not: "this" }, -1.5, "x".repeat(5_000), undefined];

  it("every tool of the built server refuses the invalid arguments its declaration refuses, with the same message", async () => {
    // No pin, as the harness: website_id is an argument like the others.
    const { CRISP_WEBSITE_ID: _pin, ...env } = envFor(sandbox, { CRISP_TOOLSETS: "all" });
    const server = spawnBin(env);
    await server.initialize();
    const listed: string[] = (await server.request("tools/list")).result.tools.map((t: { name: string }) => t.name);
    const tools = (await listedDefinitions(serverSettings({ toolsets: ["all"] }))).filter((tool) => listed.includes(tool.name));
    expect(tools.map((t) => t.name).sort()).toEqual([...listed].sort());

    let compared = 0;
    for (const tool of tools) {
      const valid = sampleArgs(tool, { website_id: sandbox.websiteId });
      // An unknown field is refused by every tool: validation is strict on this path too.
      expect(inputSchemaOf(tool).safeParse({ ...valid, zz_unknown_field: 1 }).success, tool.name).toBe(false);
      const cases: Record<string, unknown>[] = [{ ...valid, zz_unknown_field: 1 }];
      for (const field of Object.keys(tool.params)) {
        for (const wrong of WRONG_VALUES) {
          const args = { ...valid, [field]: wrong };
          if (wrong === undefined) delete args[field];
          cases.push(args);
        }
      }
      for (const args of cases) {
        // Only arguments the declaration refuses: nothing is sent to Crisp.
        if (inputSchemaOf(tool).safeParse(args).success) continue;
        const expected = textOf(await h.call(tool.name, args));
        expect(expected, tool.name).toMatch(new RegExp(`^Invalid arguments for ${tool.name}: `));
        const answer = await server.callTool(tool.name, args);
        expect(answer.result.isError, `${tool.name} ${JSON.stringify(args).slice(0, 200)}`).toBe(true);
        expect(resultText(answer), tool.name).toBe(expected);
        compared++;
      }
    }
    // Every tool met at least its unknown field.
    expect(compared).toBeGreaterThanOrEqual(tools.length);
    expect(sandbox.requests.length).toBe(0);
  });
});
