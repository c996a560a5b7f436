import { afterAll, beforeAll, describe, expect, it } from "vitest";
import routes from "./fixtures/crisp-routes.json" with { type: "json" };
import { OPERATIONS } from "../src/tools/catalog/index.js";
import { operationTool } from "../src/tools/operation-tool.js";
import { pathParamNames } from "../src/tools/operation.js";
import { startHarness, textOf, type Harness } from "./helpers/harness.js";
import { sampleArgs } from "./helpers/sample-args.js";

// The fixture is Crisp's route table (from the shared catalog), independent of
// our declarations: this test catches a wrong verb, path, query or body.

const tools = new Map(OPERATIONS.map((op) => [op.name, operationTool(op)]));

// A Knowledge Base tree path spans segments: each part is its own segment, the slashes stay.
const TREE_PATHS = { tree_path: "getting-started/install", sub_path: "getting-started", filter_tree_path: "getting-started/install" };

function queryValue(value: unknown): string {
  if (typeof value === "boolean") return value ? "1" : "0";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

describe("the catalog", () => {
  it("declares exactly Crisp's 264 methods (229 current, 35 legacy), with their verbs, paths and query params", () => {
    expect(routes).toHaveLength(264);
    expect(OPERATIONS).toHaveLength(264);
    expect(new Set(OPERATIONS.map((o) => o.name)).size).toBe(264);
    for (const route of routes) {
      const op = OPERATIONS.find((o) => o.name === route.name);
      expect(op, route.name).toBeDefined();
      expect({ method: op!.method, path: op!.path, query: [...(op!.query ?? [])].sort() }).toEqual({
        method: route.method,
        path: route.path,
        query: [...route.query].sort(),
      });
    }
  });
});

describe("every Crisp method, called through MCP, sends the right request to the sandbox", () => {
  let h: Harness;
  beforeAll(async () => {
    // Methods that return a secret are reachable only when named in CRISP_TOOLS.
    h = await startHarness({ sandbox: { tier: "user" }, settings: { tools: OPERATIONS.filter((op) => op.secret).map((op) => op.name) } });
  });
  afterAll(async () => {
    await h.close();
  });

  it.each(routes)("$name", async (route) => {
    const tool = tools.get(route.name)!;
    const args = sampleArgs(tool, { website_id: h.sandbox.websiteId, ...TREE_PATHS });
    h.sandbox.clearRequests();

    const result = await h.call(route.name, args);
    expect(textOf(result)).not.toMatch(/^Invalid arguments/);
    expect(h.sandbox.requests).toHaveLength(1);
    const sent = h.sandbox.requests[0]!;

    expect(sent.method).toBe(route.method);
    const inPath = pathParamNames(route.path);
    // Sample values need no escaping, so the path Crisp sees is the template filled with them as they are.
    const expectedPath = route.path.replace(/\{([a-z_]+)\}/g, (_m, name: string) => {
      const value = String(args[name]);
      expect(value, name).toMatch(/^[A-Za-z0-9_.~@/-]+$/);
      return value;
    });
    expect(sent.path).toBe(expectedPath);

    const expectedQuery: Record<string, string> = {};
    for (const name of route.query) if (args[name] !== undefined) expectedQuery[name] = queryValue(args[name]);
    expect(sent.query).toEqual(expectedQuery);

    const fields = Object.fromEntries(
      Object.entries(args).filter(([name]) => !inPath.includes(name) && !route.query.includes(name)),
    );
    const op = tool.operation!;
    let expectedBody: unknown;
    if (route.method === "GET" || route.method === "HEAD") expectedBody = undefined;
    else if (op.bodyParam) expectedBody = args[op.bodyParam];
    else if (Object.keys(fields).length > 0) expectedBody = fields;
    else expectedBody = route.method === "DELETE" ? undefined : {};
    expect(sent.body).toEqual(expectedBody === undefined ? undefined : JSON.parse(JSON.stringify(expectedBody)));

    if (route.method === "HEAD" && !result.isError) expect(JSON.parse(textOf(result))).toHaveProperty("exists");
  });
});
