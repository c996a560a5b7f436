import { afterEach, describe, expect, it } from "vitest";
import { MemoryState } from "../src/state/memory.js";

// The in-memory home of shared state: what OAuth's one-time codes, refresh
// rotation and revocations rely on.

let now = 1_000_000;
const states: MemoryState[] = [];
function state(maxEntries?: number): MemoryState {
  const s = new MemoryState({ now: () => now, ...(maxEntries ? { maxEntries } : {}) });
  states.push(s);
  return s;
}
afterEach(async () => {
  for (const s of states.splice(0)) await s.close();
});

describe("MemoryState", () => {
  it("keeps a value until its deadline, then has nothing", async () => {
    const s = state();
    await s.put("k", "v", 1_000);
    expect(await s.get("k")).toBe("v");
    now += 999;
    expect(await s.get("k")).toBe("v");
    now += 1;
    expect(await s.get("k")).toBeUndefined();
    expect(s.size).toBe(0);
  });

  it("take gives a value once: of two concurrent takers, one gets it", async () => {
    const s = state();
    await s.put("code", "grant", 60_000);
    const [a, b] = await Promise.all([s.take("code"), s.take("code")]);
    expect([a, b].sort()).toEqual(["grant", undefined].sort());
    expect(await s.get("code")).toBeUndefined();
    await s.put("late", "x", 10);
    now += 10;
    expect(await s.take("late")).toBeUndefined();
  });

  it("claim stores only when nothing is there, and again once it expired", async () => {
    const s = state();
    expect(await s.claim("jti", "first", 1_000)).toBe(true);
    expect(await s.claim("jti", "second", 1_000)).toBe(false);
    expect(await s.get("jti")).toBe("first");
    now += 1_000;
    expect(await s.claim("jti", "third", 1_000)).toBe(true);
    expect(await s.get("jti")).toBe("third");
  });

  it("past its bound, drops expired entries first, then those closest to expiry", async () => {
    const s = state(3);
    await s.put("gone", "1", 5);
    await s.put("long", "2", 100_000);
    await s.put("short", "3", 1_000);
    now += 5;
    await s.put("new", "4", 50_000);
    expect(s.size).toBe(3);
    expect(await s.get("long")).toBe("2");
    expect(await s.get("short")).toBe("3");
    await s.put("newer", "5", 50_000);
    expect(s.size).toBe(3);
    expect(await s.get("short")).toBeUndefined();
    expect(await s.get("long")).toBe("2");
    expect(await s.get("new")).toBe("4");
    expect(await s.get("newer")).toBe("5");
  });
});
