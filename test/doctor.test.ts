import { spawn } from "node:child_process";
import { createServer, type Server } from "node:net";
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { SANDBOX_LEGACY_WEBSITE_ID, startSandbox, type Sandbox } from "../src/sandbox/index.js";
import { freePort } from "./helpers/oauth-clients.js";
import { startRedis, type TestRedis } from "./helpers/redis.js";
import { BIN, envFor } from "./helpers/spawn-bin.js";

// `crisp-mcp doctor` through the built bin, against sandboxes the tests start:
// what it reports, its exit code, and that no secret reaches its output.

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The stdout line of one check, e.g. line("keypair"). */
  line(check: string): string | undefined;
}

const children = new Set<ReturnType<typeof spawn>>();

function doctor(env: Record<string, string>, args: string[] = []): Promise<Run> {
  const child = spawn(process.execPath, [BIN, "doctor", ...args], {
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk) => (stdout += chunk));
  child.stderr!.on("data", (chunk) => (stderr += chunk));
  return new Promise((resolve) =>
    child.on("close", (code) => {
      children.delete(child);
      const lines = stdout.split("\n");
      resolve({ code, stdout, stderr, line: (check) => lines.find((l) => l.slice(6).startsWith(`${check}:`)) });
    }),
  );
}

afterEach(() => {
  for (const child of children) child.kill("SIGKILL");
  children.clear();
});

// Planted so that the assertions can look for them in every output.
const IDENTIFIER = "doctor-planted-identifier-7f3a21";
const KEY = "doctor-planted-key-9c1e5b2d4a6f08";

function expectNoSecret(run: Run, ...secrets: string[]): void {
  const output = run.stdout + run.stderr;
  for (const secret of [IDENTIFIER, KEY, ...secrets]) expect(output).not.toContain(secret);
  expect(output).not.toContain(Buffer.from(`${IDENTIFIER}:${KEY}`).toString("base64"));
}

describe("crisp-mcp doctor", () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ identifier: IDENTIFIER, key: KEY });
  });
  afterAll(() => sandbox.close());

  it("passes on the embedded sandbox", async () => {
    const run = await doctor({}, ["--sandbox"]);
    expect(run.code).toBe(0);
    expect(run.line("keypair")).toMatch(/^ok {4}keypair: accepted for the plugin tier/);
    expect(run.line("website")).toMatch(/^ok {4}website: "Acme Shop"/);
    expect(run.line("knowledge base")).toMatch(/^ok {4}knowledge base: new /);
    expect(run.line("rtm")).toMatch(/^ok {4}rtm: connected and authenticated/);
    expect(run.stdout.trimEnd().split("\n").at(-1)).toMatch(/^verdict: ready/);
  });

  it("checks a configuration for real, with reads only, and prints no secret", async () => {
    sandbox.clearRequests();
    const authenticated = sandbox.rtm.authentications;
    const run = await doctor(envFor(sandbox), ["--toolsets", "all"]);
    expect(run.code).toBe(0);
    for (const toolset of ["conversations", "messages", "people", "operators", "visitors", "inbox", "teams", "plugins"]) {
      expect(run.line(`toolset ${toolset}`)).toMatch(/^ok {4}toolset \w+: readable/);
    }
    // Batch and analytics have no read: they are said to be unprobed, not probed with a write.
    expect(run.line("toolset batch")).toMatch(/^skip {2}toolset batch: no read method/);
    expect(sandbox.rtm.authentications).toBe(authenticated + 1);
    const sent = sandbox.requests;
    expect(sent.map((r) => r.operation)).toEqual(expect.arrayContaining(["get_website", "list_conversations", "get_people_statistics", "list_helpdesk_pages"]));
    expect(sent.filter((r) => r.method !== "GET")).toEqual([]);
    expectNoSecret(run);
  });

  it("fails with a wrong key, and checks nothing else", async () => {
    const wrongKey = "wrong-planted-key-0000ffff1111";
    const run = await doctor(envFor(sandbox, { CRISP_KEY: wrongKey }));
    expect(run.code).toBe(1);
    expect(run.line("keypair")).toMatch(/^fail {2}keypair: Crisp refused this token keypair.*CRISP_IDENTIFIER, CRISP_KEY/);
    expect(run.line("rtm")).toMatch(/^skip {2}rtm: needs an accepted keypair/);
    expect(run.stdout).toMatch(/verdict: NOT READY, 1 check\(s\) fail: keypair/);
    expectNoSecret(run, wrongKey);
  });

  it("fails with the wrong tier", async () => {
    const run = await doctor(envFor(sandbox, { CRISP_TIER: "user" }));
    expect(run.code).toBe(1);
    expect(run.line("keypair")).toMatch(/^fail {2}keypair: .*user tier.*CRISP_TIER is user/);
    expectNoSecret(run);
  });

  it("fails with a website the token does not reach, and says the keypair is fine", async () => {
    const unknown = randomUUID();
    const run = await doctor(envFor(sandbox, { CRISP_WEBSITE_ID: unknown }));
    expect(run.code).toBe(1);
    expect(run.line("keypair")).toMatch(/^ok {4}keypair/);
    expect(run.line("website")).toMatch(new RegExp(`^fail {2}website: this token cannot reach website ${unknown} \\(404 `));
    expect(run.line("toolset people")).toMatch(/^skip {2}toolset people: needs a reachable website/);
  });

  it("without a website says which tools take website_id, and passes", async () => {
    const { CRISP_WEBSITE_ID: _unset, ...env } = envFor(sandbox);
    const run = await doctor(env);
    expect(run.code).toBe(0);
    expect(run.line("website")).toMatch(/^skip {2}website: no CRISP_WEBSITE_ID: \d+ of 14 tools take website_id on each call/);
    expect(run.line("rtm")).toMatch(/^ok /);
  });

  it("reports the legacy Knowledge Base of the legacy website", async () => {
    const run = await doctor(envFor(sandbox, { CRISP_WEBSITE_ID: SANDBOX_LEGACY_WEBSITE_ID }));
    expect(run.line("knowledge base")).toMatch(/^ok {4}knowledge base: legacy \(articles, categories, sections\)/);
    expect(run.code).toBe(0);
  });

  it("names legacy tools listed for a website on the new Knowledge Base", async () => {
    const run = await doctor(envFor(sandbox, { CRISP_TOOLSETS: "helpdesk_legacy", CRISP_READ_ONLY: "true" }));
    expect(run.line("knowledge base")).toMatch(/^warn {2}knowledge base: new .*listed tool\(s\) of the other Knowledge Base will answer 404 on this website: list_helpdesk_locale_articles/);
    expect(run.code).toBe(0);
  });

  it("gives up on a route that does not answer, within CRISP_TIMEOUT_MS, and says to try again", async () => {
    const remove = sandbox.faults.add({ method: "GET", path: /\/people\/stats$/, kind: "hang" });
    try {
      const run = await doctor(envFor(sandbox, { CRISP_TIMEOUT_MS: "200" }));
      expect(run.line("toolset people")).toMatch(/^warn {2}toolset people: could not be checked: get_people_statistics answered timed out; try again/);
      expect(run.line("toolset conversations")).toMatch(/^ok /);
      expect(run.code).toBe(0);
    } finally {
      remove();
    }
  });

  it("rejects a bad setting with the usual one line and exit 2", async () => {
    const run = await doctor(envFor(sandbox), ["--tier", "nope"]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^crisp-mcp: invalid setting CRISP_TIER \/ --tier: /)]);
  });
});

describe("crisp-mcp doctor with a scope-limited plugin token", () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ identifier: IDENTIFIER, key: KEY, outOfScope: ["people", "helpdesk", "helpdesk_legacy"] });
  });
  afterAll(() => sandbox.close());

  it("fails, naming the toolsets and the tools that will fail", async () => {
    const run = await doctor(envFor(sandbox));
    expect(run.code).toBe(1);
    expect(run.line("toolset people")).toMatch(
      /^fail {2}toolset people: get_people_statistics answered 403 not_allowed: the token's scopes do not cover it .*1 tool\(s\) will fail: find_people; 1 will leave a part out: get_conversation_context/,
    );
    expect(run.line("knowledge base")).toMatch(/^fail {2}knowledge base: .*403 .*2 tool\(s\) will fail: search_helpdesk_articles, read_helpdesk_article/);
    expect(run.line("toolset conversations")).toMatch(/^ok /);
    expect(run.stdout).toMatch(/verdict: NOT READY, 2 check\(s\) fail: toolset people, knowledge base/);
    expectNoSecret(run);
  });

  it("says the same as one JSON object with --json", async () => {
    const run = await doctor(envFor(sandbox), ["--json"]);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { verdict: string; checks: { status: string; check: string; detail: string }[] };
    expect(report.verdict).toBe("fail");
    expect(report.checks.find((c) => c.check === "toolset people")).toMatchObject({ status: "fail", detail: expect.stringContaining("find_people") });
    expect(report.checks.find((c) => c.check === "keypair")).toMatchObject({ status: "ok" });
  });
});

describe("crisp-mcp doctor --transport http", () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ identifier: IDENTIFIER, key: KEY });
  });
  afterAll(() => sandbox.close());

  it("passes with a free port, and warns of a missing token", async () => {
    const run = await doctor(envFor(sandbox), ["--transport", "http", "--port", String(await freePort())]);
    expect(run.code).toBe(0);
    expect(run.line("listen")).toMatch(/^ok {4}listen: 127\.0\.0\.1:\d+ is free/);
    expect(run.line("http auth")).toMatch(/^warn {2}http auth: no CRISP_MCP_HTTP_TOKEN/);
  });

  it("names the sign-in and warns of a Host rule that serves anyone, without showing the token", async () => {
    const token = "planted-http-token-3b4c5d6e7f";
    const run = await doctor(envFor(sandbox, { CRISP_MCP_HTTP_TOKEN: token, CRISP_MCP_ALLOWED_HOSTS: "*" }), ["--transport", "http", "--port", "0"]);
    expect(run.line("http auth")).toMatch(/^ok {4}http auth: callers send CRISP_MCP_HTTP_TOKEN$/);
    expect(run.line("allowed hosts")).toMatch(/^warn {2}allowed hosts: \* serves any Host header/);
    expect(run.code).toBe(0);
    expectNoSecret(run, token);
  });

  it("fails when the port is taken", async () => {
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    try {
      const port = (taken.address() as { port: number }).port;
      const run = await doctor(envFor(sandbox), ["--transport", "http", "--port", String(port)]);
      expect(run.code).toBe(1);
      expect(run.line("listen")).toMatch(new RegExp(`^fail {2}listen: cannot listen on 127\\.0\\.0\\.1:${port}: the port is in use`));
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  it("fails when Redis is unreachable, without showing the URL's password", async () => {
    const password = "planted-redis-password-5e6f";
    const run = await doctor(envFor(sandbox, { CRISP_MCP_REDIS_URL: `redis://:${password}@127.0.0.1:${await freePort()}` }), [
      "--transport",
      "http",
      "--port",
      "0",
    ]);
    expect(run.code).toBe(1);
    expect(run.line("redis")).toMatch(/^fail {2}redis: cannot reach Redis at redis:\/\/127\.0\.0\.1:\d+/);
    expectNoSecret(run, password);
  });

  describe("with a Redis running", () => {
    let redis: TestRedis;
    beforeAll(async () => {
      redis = await startRedis();
    });
    afterAll(() => redis.close());

    it("passes the Redis check", async () => {
      const run = await doctor(envFor(sandbox, { CRISP_MCP_REDIS_URL: redis.url }), ["--transport", "http", "--port", "0"]);
      expect(run.line("redis")).toMatch(/^ok {4}redis: reachable/);
      expect(run.code).toBe(0);
    });
  });

  it("skips the keypair in passthrough without one, and still checks the rest", async () => {
    const run = await doctor({ CRISP_API_URL: sandbox.url }, ["--transport", "http", "--http-auth", "passthrough", "--port", "0"]);
    expect(run.line("keypair")).toMatch(/^skip {2}keypair: HTTP passthrough/);
    expect(run.line("http auth")).toMatch(/^ok {4}http auth: passthrough/);
    expect(run.code).toBe(0);
  });
});

it("crisp-mcp --help names the doctor", async () => {
  const child = spawn(process.execPath, [BIN, "--help"], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  await new Promise((resolve) => child.on("close", resolve));
  expect(stdout).toMatch(/crisp-mcp doctor \[options\] +check this configuration against Crisp/);
});
