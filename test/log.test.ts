import { describe, expect, it } from "vitest";
import { CrispClient } from "../src/client/index.js";
import { log, redact, registerSecret, registeredSecretCount } from "../src/log.js";

describe("the redactor", () => {
  it("hides registered secrets, their base64, and any Basic or Bearer credential", () => {
    const release = registerSecret("s3cr3t-value-xyz");
    const b64 = Buffer.from("s3cr3t-value-xyz").toString("base64");
    expect(redact(`key=s3cr3t-value-xyz b64=${b64}`)).toBe("key=[redacted] b64=[redacted]");
    expect(redact("Authorization: Basic dXNlcjpwYXNz and Bearer abc.def")).toBe(
      "Authorization: Basic [redacted] and Bearer [redacted]",
    );
    release();
  });

  it("a closed tenant client takes its secrets back out, so many tenants cannot grow the list", async () => {
    const before = registeredSecretCount();
    const clients = Array.from(
      { length: 50 },
      (_, i) =>
        new CrispClient({ baseUrl: "http://127.0.0.1:9/v1", identifier: `tenant-id-${i}`, key: `tenant-key-${i}`, tier: "plugin", timeoutMs: 1000 }),
    );
    expect(registeredSecretCount()).toBe(before + 50 * 6);
    expect(redact("tenant-key-7")).toBe("[redacted]");
    await Promise.all(clients.map((c) => c.close()));
    expect(registeredSecretCount()).toBe(before);
  });

  it("hides the whole base64 of identifier:key, though the identifier's base64 is its first part", async () => {
    const identifier = "3f9d2c4e-8a1b-4c7d-9e2f-5a6b7c8d9e0f";
    const key = "9c1e".repeat(16);
    const client = new CrispClient({ baseUrl: "http://127.0.0.1:9/v1", identifier, key, tier: "plugin", timeoutMs: 1000 });
    const pair = Buffer.from(`${identifier}:${key}`).toString("base64");
    // 36 bytes encode to whole base64 groups, so the identifier's form is a prefix of the pair's.
    expect(pair.startsWith(Buffer.from(identifier).toString("base64"))).toBe(true);
    expect(redact(`credentials ${pair} end`)).toBe("credentials [redacted] end");
    await client.close();
  });

  it("a secret held twice stays hidden until both holders release it", () => {
    const a = registerSecret("shared-secret-1");
    const b = registerSecret("shared-secret-1");
    a();
    expect(redact("shared-secret-1")).toBe("[redacted]");
    a();
    expect(redact("shared-secret-1")).toBe("[redacted]");
    b();
    expect(redact("shared-secret-1")).toBe("shared-secret-1");
  });
});

describe("log lines", () => {
  it("carry no terminal control sequence and stay bounded", () => {
    const written: string[] = [];
    const realWrite = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => (written.push(String(chunk)), true)) as typeof process.stderr.write;
    try {
      log("warn", `\u001b[2J\u001b[31mred\u001b[0m\u0007 ${"z".repeat(50_000)}`);
    } finally {
      process.stderr.write = realWrite;
    }
    const line = written.join("");
    expect(line).toMatch(/^crisp-mcp warn: red z+… \[\d+ more characters\]\n$/);
    expect(line).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/);
    expect(line.length).toBeLessThan(10_100);
  });
});
