import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seededPeopleId, startSandbox, type Sandbox } from "../src/sandbox/index.js";
import { FAULT_CASES } from "./helpers/fault-cases.js";
import { envFor, killSpawned, resultText, spawnBin, type SpawnedServer } from "./helpers/spawn-bin.js";

// The whole fault suite, run through the spawned bin with a distinctive
// keypair: neither half of it, nor its Basic-auth base64, ever shows up in a
// tool result, an error text, or the server's stderr (debug logging on).

const IDENTIFIER = "ident-SECRETVALUE-5f1c8a2e-9d4b";
const KEY = "key-SECRETVALUE-c07e3b96d41a8f25e1d9";
const WRONG_KEY = "key-WRONGSECRET-77aa19c3e5f0b2d4";

function forms(secret: string): string[] {
  const base64 = Buffer.from(secret).toString("base64");
  return [secret, base64, base64.replace(/=+$/, ""), Buffer.from(secret).toString("base64url"), encodeURIComponent(secret)];
}
const FORBIDDEN = [
  ...forms(IDENTIFIER),
  ...forms(KEY),
  ...forms(`${IDENTIFIER}:${KEY}`),
  ...forms(WRONG_KEY),
  ...forms(`${IDENTIFIER}:${WRONG_KEY}`),
  // distinctive fragments, in case something prints a cut or reformatted value
  "SECRETVALUE",
  "WRONGSECRET",
  "c07e3b96d41a8f25e1d9",
];

let sandbox: Sandbox;
let server: SpawnedServer;
const results: string[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({ identifier: IDENTIFIER, key: KEY });
  server = spawnBin(
    envFor(sandbox, { CRISP_TOOLSETS: "all", CRISP_TIMEOUT_MS: "300", CRISP_MCP_LOG_LEVEL: "debug" }),
  );
  await server.initialize();
});
afterAll(async () => {
  killSpawned();
  await sandbox.close();
});

function expectNoSecret(text: string, where: string): void {
  for (const secret of FORBIDDEN) expect(text.includes(secret), `${where} contains ${secret}`).toBe(false);
}

describe("no credential in any output, over the whole fault suite", () => {
  const profilePath = () => `/website/${sandbox.websiteId}/people/profile/${seededPeopleId("emma")}`;

  it.each(FAULT_CASES)("$name on a read, a write, and a call through call_crisp_method", async (c) => {
    sandbox.faults.add({ ...c.rule, method: "GET", path: profilePath() });
    sandbox.faults.add({ ...c.rule, method: "PATCH", path: profilePath() });
    sandbox.faults.add({ ...c.rule, method: "POST", path: `/website/${sandbox.websiteId}/people/profile` });
    const answers = await Promise.all([
      server.callTool("get_people_profile", { people_id: seededPeopleId("emma") }),
      server.callTool("update_people_profile", { people_id: seededPeopleId("emma"), notepad: "secret test" }),
      server.callTool("call_crisp_method", {
        method: "add_new_people_profile",
        arguments: { email: "secrets@example.com" },
      }),
    ]);
    sandbox.faults.clear();
    for (const answer of answers) {
      expect(answer.result, JSON.stringify(answer)).toBeDefined();
      const text = resultText(answer);
      if (c.readError) expect(answer.result.isError).toBe(true);
      results.push(text);
      expectNoSecret(JSON.stringify(answer), `the answer to a call under ${c.name}`);
    }
  });

  it("bad arguments, unknown tools and unknown methods", async () => {
    const answers = await Promise.all([
      server.callTool("get_people_profile", { people_id: "../../v1" }),
      server.callTool("no_such_tool", {}),
      server.callTool("call_crisp_method", { method: "get_credentials", arguments: {} }),
      server.request("tools/list"),
    ]);
    for (const answer of answers) expectNoSecret(JSON.stringify(answer), "an answer");
  });

  it("a wrong key: Crisp's 401 is explained without showing the key", async () => {
    const wrong = spawnBin(
      envFor(sandbox, { CRISP_KEY: WRONG_KEY, CRISP_TIMEOUT_MS: "300", CRISP_MCP_LOG_LEVEL: "debug" }),
    );
    await wrong.initialize();
    const answer = await wrong.callTool("call_crisp_method", { method: "get_website" });
    expect(answer.result.isError).toBe(true);
    expect(resultText(answer)).toMatch(/401.*CRISP_KEY/s);
    wrong.child.stdin.end();
    expect((await wrong.exited).code).toBe(0);
    for (const line of wrong.lines) expectNoSecret(line, "stdout of the wrong-key server");
    expectNoSecret(wrong.stderr(), "stderr of the wrong-key server");
  });

  it("nothing on stdout or stderr of the whole run carries the keypair", async () => {
    expect(results.length).toBe(FAULT_CASES.length * 3);
    server.child.stdin.end();
    expect((await server.exited).code).toBe(0);
    expect(server.lines.length).toBeGreaterThan(FAULT_CASES.length * 3);
    for (const line of server.lines) expectNoSecret(line, "stdout");
    // Debug logging was on, so stderr did say things; none of them was the keypair.
    expect(server.stderr()).toMatch(/crisp-mcp (info|debug)/);
    expectNoSecret(server.stderr(), "stderr");
  });
});
