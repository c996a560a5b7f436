import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { beforeAll, describe, expect, it } from "vitest";
import { SETTINGS } from "../src/config.js";

// server.json, the entry for the MCP Registry, checked against the registry's
// published schema. No npm package ships that schema, so it is vendored:
// test/fixtures/server.schema.json is, byte for byte, the file published at
// https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json
// (the registry repository's docs/reference/server-json/server.schema.json at
// the 2025-12-11 release; sha256 pinned below). A newer schema is a deliberate
// change: replace the file, the pin and server.json's $schema together.

const SCHEMA_URL = "https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json";
const SCHEMA_SHA256 = "3fba09590c99f61735d234822279f4223fab9e300c0a81e81c91ab62a4114de0";

const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url));
const schemaBytes = read("test/fixtures/server.schema.json");
const serverJson = JSON.parse(read("server.json").toString("utf8"));
const pkg = JSON.parse(read("package.json").toString("utf8")) as { name: string; version: string };

// ajv-formats is CommonJS: its plugin is module.exports and, the same function, module.exports.default.
const addFormats = (addFormatsModule as unknown as { default: (ajv: Ajv) => Ajv }).default;

let validate: ValidateFunction;
beforeAll(() => {
  // Strict, so an unknown keyword is an error, except the schema's documentation keyword
  // and its "anyOf: required" on a property the other branch defines (valid JSON Schema).
  const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
  ajv.addKeyword("example");
  addFormats(ajv);
  validate = ajv.compile(JSON.parse(schemaBytes.toString("utf8")));
});

function errorsOf(doc: unknown): string[] {
  return validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}`);
}

describe("server.json (MCP Registry)", () => {
  it("uses the vendored schema, unchanged, and names it by its $id", () => {
    expect(createHash("sha256").update(schemaBytes).digest("hex")).toBe(SCHEMA_SHA256);
    expect(JSON.parse(schemaBytes.toString("utf8")).$id).toBe(SCHEMA_URL);
    expect(serverJson.$schema).toBe(SCHEMA_URL);
  });

  it("is valid against the registry's schema", () => {
    expect(errorsOf(serverJson)).toEqual([]);
  });

  it("the validator refuses what the registry refuses", () => {
    // So that a passing validation above means something.
    expect(errorsOf({ ...serverJson, description: "x".repeat(101) })).toContainEqual("/description must NOT have more than 100 characters");
    expect(errorsOf({ ...serverJson, name: "crisp-mcp" }).join()).toMatch(/\/name must match pattern/);
    const { version: _version, ...noVersion } = serverJson;
    expect(errorsOf(noVersion)).toContainEqual("/ must have required property 'version'");
  });

  it("publishes this package at this version", () => {
    expect(serverJson.name).toMatch(/^io\.github\.[A-Za-z0-9-]+\/crisp-mcp$/);
    expect(serverJson.version).toBe(pkg.version);
    expect(serverJson.packages).toHaveLength(1);
    const [npm] = serverJson.packages;
    expect(npm).toMatchObject({ registryType: "npm", identifier: pkg.name, version: pkg.version, transport: { type: "stdio" } });
  });

  it("names real settings, and marks exactly the secret ones secret", () => {
    /** Each setting's env name, and whether it is a secret. */
    const secretByEnv = new Map<string, boolean>(Object.values(SETTINGS).map((spec) => [spec.env, "secret" in spec && spec.secret]));
    const variables: { name: string; isSecret?: boolean }[] = serverJson.packages[0].environmentVariables;
    for (const variable of variables) {
      expect(secretByEnv.has(variable.name), variable.name).toBe(true);
      expect(Boolean(variable.isSecret), variable.name).toBe(secretByEnv.get(variable.name));
    }
    expect(variables.map((v) => v.name)).toEqual(expect.arrayContaining(["CRISP_IDENTIFIER", "CRISP_KEY", "CRISP_TIER", "CRISP_WEBSITE_ID"]));
  });
});
