import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../src/sandbox/index.js";
import { envFor, killSpawned, resultText, spawnBin, type RpcMessage } from "./helpers/spawn-bin.js";

// Hundreds of calls at once over stdio to the built bin: every one answered,
// every one reaching Crisp exactly once, and no answer given to another call.

const READS = 240;
const WRITES = 120;

let sandbox: Sandbox;
const people: { id: string; email: string; nickname: string }[] = [];

beforeAll(async () => {
  sandbox = await startSandbox();
  for (let i = 0; i < READS; i++) {
    const email = `reader-${i}@concurrency.example`;
    const nickname = `Reader Number ${i}`;
    people.push({ id: sandbox.state.people.add({ email, person: { nickname } }).people_id, email, nickname });
  }
});
afterAll(async () => {
  killSpawned();
  await sandbox.close();
});

describe("concurrent calls over stdio", () => {
  it(`${READS} reads and ${WRITES} writes at once: all answered, each sent once, none crossed`, async () => {
    const server = spawnBin(envFor(sandbox, { CRISP_TOOLSETS: "people" }));
    await server.initialize();
    sandbox.clearRequests();

    const reads = people.map((person) =>
      server.callTool("get_people_profile", { people_id: person.id }).then((answer) => ({ person, answer })),
    );
    const writes = Array.from({ length: WRITES }, (_, k) => {
      const email = `writer-${k}@concurrency.example`;
      return server
        .callTool("add_new_people_profile", { email, person: { nickname: `Writer ${k}` } })
        .then((answer) => ({ email, answer }));
    });
    const [readAnswers, writeAnswers] = await Promise.all([Promise.all(reads), Promise.all(writes)]);

    // Every read got its own person back, not a neighbour's.
    for (const { person, answer } of readAnswers) {
      expect(answer.result?.isError, resultText(answer)).toBeFalsy();
      const profile = JSON.parse(resultText(answer)) as { people_id: string; email: string; person: { nickname: string } };
      expect({ id: profile.people_id, email: profile.email, nickname: profile.person.nickname }).toEqual({
        id: person.id,
        email: person.email,
        nickname: person.nickname,
      });
    }
    // Every write got the id of the profile it created.
    for (const { email, answer } of writeAnswers) {
      expect(answer.result?.isError, resultText(answer)).toBeFalsy();
      const { people_id } = JSON.parse(resultText(answer)) as { people_id: string };
      expect(sandbox.state.people.find(email)?.people_id).toBe(people_id);
    }

    // Each call reached Crisp exactly once.
    const gets = sandbox.requests.filter((r) => r.method === "GET").map((r) => r.path);
    expect(gets).toHaveLength(READS);
    expect(new Set(gets).size).toBe(READS);
    for (const person of people) expect(gets).toContain(`/website/${sandbox.websiteId}/people/profile/${person.id}`);
    const posted = sandbox.requests.filter((r) => r.method === "POST").map((r) => (r.body as { email: string }).email);
    expect(posted).toHaveLength(WRITES);
    expect(new Set(posted).size).toBe(WRITES);
    expect(sandbox.requests).toHaveLength(READS + WRITES);

    // One answer per request id, and nothing but JSON-RPC on stdout.
    const messages = server.lines.map((line) => JSON.parse(line) as RpcMessage);
    const ids = messages.filter((m) => m.id !== undefined).map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(1 + READS + WRITES);
    for (const message of messages) expect(message.jsonrpc).toBe("2.0");

    server.child.stdin.end();
    expect((await server.exited).code).toBe(0);
  });
});
