import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { seededSessionId } from "../src/sandbox/index.js";
import { ARTICLE_SEEDS } from "../src/sandbox/seed-helpdesk.js";
import { VISITORS } from "../src/sandbox/seed-visitors.js";

// The built demo (`node dist/demo.js`, what `npm run demo` runs), spawned: it
// shows the messages it read, answers with the help center's facts, keeps the
// notepad's old text, leaves open the conversation whose quote is still to
// come, and no step shows a bare {}. Its closing lines are read from the
// sandbox's memory, not through the server, so they say what really changed.

const DEMO = fileURLToPath(new URL("../dist/demo.js", import.meta.url));
const run = promisify(execFile);
const SOFIA = seededSessionId("team-order");

/** The "  | " lines that follow the line starting with `heading`. */
function blockAfter(lines: string[], heading: string): string[] {
  const start = lines.findIndex((line) => line.trimStart().startsWith(heading));
  expect(start, `a line starting with ${heading}`).toBeGreaterThanOrEqual(0);
  const block: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith("  | ")) break;
    block.push(line.slice(4));
  }
  return block;
}

describe("npm run demo", () => {
  let stdout: string;
  let lines: string[];

  beforeAll(async () => {
    const result = await run(process.execPath, [DEMO], { env: { PATH: process.env.PATH ?? "" } });
    stdout = result.stdout;
    lines = stdout.split("\n");
  }, 60_000);

  it("runs every step without error: the new Knowledge Base, the catalog tools, then a legacy Knowledge Base", () => {
    // A failed step would print ERROR (and the demo stops there with exit code 1, which execFile rejects).
    expect(stdout).not.toMatch(/^\s+ERROR /m);
    expect(stdout).toMatch(/> search_helpdesk_articles .*\n {2}\d+ results? \(en, new Knowledge Base\)/);
    expect(stdout).toMatch(/> call_crisp_method \{"method":"update_people_profile","arguments":\{"people_id":"[0-9a-f-]{36}"/);
    expect(stdout).toMatch(/still on the legacy Knowledge Base:\n> search_helpdesk_articles .*\n {2}\d+ results? \(en, legacy Knowledge Base\)/);
  });

  it("shows the messages it read, as the tool gave them", () => {
    expect(stdout).toMatch(/\n {2}\d\d:\d\d visitor «Sofia Rossi»: «Hello! We are a running club in Milan .*Do you offer a team discount\?»\n/);
    expect(stdout).toMatch(/\n {2}\d\d:\d\d operator Maya Lopez: Hi Sofia, we do!/);
    expect(stdout).toMatch(/\n {2}\d\d:\d\d visitor «Sofia Rossi»: «I'll send the size list tomorrow\. .*What would delivery cost\?»\n/);
    // And the articles it read.
    expect(stdout).toContain("> read_helpdesk_article");
    expect(stdout).toContain("| Europe | 4-7 business days, €9 | 2-3 business days, €24 |");
  });

  it("answers Sofia with the facts of the help-center articles, and the sandbox has that reply", () => {
    const team = ARTICLE_SEEDS.find((seed) => seed.slug === "team-and-bulk-orders")!.content.replace(/\*\*/g, "");
    const shipping = ARTICLE_SEEDS.find((seed) => seed.slug === "shipping-times-and-costs")!.content;
    const discount = "Clubs, schools and companies get 15% off orders of 25 pairs or more, and 20% from 100 pairs.";
    const invoice = "We invoice organisations with their VAT number and ship to one address or to each member.";
    // The facts are the seed's own sentences and table cells.
    expect(team).toContain(discount);
    expect(team).toContain(invoice);
    expect(shipping).toContain("| Europe | 4-7 business days, €9 | 2-3 business days, €24 |");

    const reply = blockAfter(lines, `${SOFIA}: `).join("\n");
    expect(reply).toMatch(/^Hi Sofia,/);
    expect(reply).toContain(discount);
    expect(reply).toContain(invoice);
    expect(reply).toContain("4-7 business days, €9");
    expect(reply).toContain("2-3 business days, €24");
    expect(reply).not.toMatch(/get back to you/i);
    // The reply shown at the call is the one the sandbox holds.
    expect(blockAfter(lines, "text:").join("\n")).toBe(reply);
  });

  it("appends to the notepad: the old text stays, the new line follows", () => {
    const original = VISITORS.find((visitor) => visitor.key === "sofia")!.profile!.notepad;
    expect(original).toBe("Team order lead: about 40 pairs of Ridge Runner 2.");
    const notepad = blockAfter(lines, "Notepad of Sofia Rossi:");
    expect(notepad).toHaveLength(2);
    expect(notepad[0]).toBe(original);
    expect(notepad[1]).toMatch(/^\d{4}-\d\d-\d\d: answered the team discount, a VAT invoice and delivery to Italy from the help center;/);
  });

  it("leaves the conversation open: the quote follows her size list", () => {
    expect(stdout).not.toContain("> change_conversation_state");
    expect(stdout).toContain(`${SOFIA}: unresolved, last message from the operator:`);
  });

  it("no step shows a bare {}", () => {
    const results = lines.filter((line) => line.startsWith("  ") && !line.startsWith("  | "));
    expect(results.filter((line) => line.trim() === "{}")).toEqual([]);
    // Every call shows something under it.
    lines.forEach((line, index) => {
      if (line.startsWith("> ")) expect(lines[index + 1]?.trim(), line).not.toBe("");
    });
  });
});
