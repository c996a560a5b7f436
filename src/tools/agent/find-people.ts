import { z } from "zod";
import * as c from "../catalog/common.js";
import type { ToolContext, ToolDefinition } from "../types.js";
import { READ_ONLY } from "./common.js";
import { callCrisp, callCrispIfFound, mayCall } from "./crisp.js";
import { markedFields, PROFILE_FIELDS } from "../../untrusted/visitor-fields.js";
import { count, defined, isoMinute, list, num, obj, str, type Json } from "./format.js";
import { errorResult } from "../results.js";
import { structuredResult } from "./result.js";

// Contacts by email (an exact lookup) or by free text (Crisp's search).

const EMAIL = /^[^\s@/]+@[^\s@/]+\.[^\s@/]+$/;

const person = z.object({
  people_id: z.string(),
  name: z.string().optional(),
  email: z.string().optional(),
  phone: z.string().optional(),
  company: z.string().optional(),
  segments: z.array(z.string()).optional(),
  location: z.string().optional(),
  last_active: z.string().optional(),
});

const output = z.object({ people: z.array(person), more: z.boolean(), omitted: z.number().optional() });

type Person = z.infer<typeof person>;
type Output = z.infer<typeof output>;

export const findPeople: ToolDefinition = {
  name: "find_people",
  title: "Find people",
  description: "Find contacts (people profiles) by email or by text in their name or email.",
  toolset: "agent",
  params: {
    website_id: c.websiteId,
    query: z.string().trim().min(1).max(200).describe("Email, or text to search"),
    limit: z.number().int().min(1).max(50).default(10).describe("Max rows"),
  },
  outputSchema: output,
  annotations: READ_ONLY,
  crispMethods: { required: ["list_people_profiles"], optional: ["get_people_profile"] },
  async run(args, ctx) {
    // An email copied from another tool's output keeps its « » marks; they are never part of a search.
    const query = (args.query as string).replace(/[«»]/g, "").trim();
    if (query === "") return errorResult("find_people needs words or an email to look for.", "Pass a name, an email or part of one.");
    const limit = args.limit as number;
    let found: Json[] = [];
    let more = false;
    // The exact lookup reads one profile; a server that refuses that read still searches.
    if (EMAIL.test(query) && mayCall(ctx, "get_people_profile")) {
      const profile = await callCrispIfFound(ctx, "get_people_profile", { website_id: args.website_id, people_id: query });
      if (profile !== undefined) found = [obj(profile)];
    }
    if (found.length === 0) ({ found, more } = await search(ctx, args.website_id, query, limit));
    const data: Output = {
      people: found.map(rowOf).filter((row): row is Person => row !== undefined).slice(0, limit),
      more,
    };
    return structuredResult({
      data,
      render,
      cut: { key: "people", noun: ["person", "people"], keep: "first", rest: () => "ask for a smaller limit or a narrower query" },
    });
  },
};

async function search(ctx: ToolContext, websiteId: unknown, text: string, limit: number) {
  const perPage = limit <= 20 ? 20 : 50;
  const page = list(
    await callCrisp(ctx, "list_people_profiles", { website_id: websiteId, page_number: 1, per_page: perPage, search_text: text }),
  ).map(obj);
  return { found: page, more: page.length > limit || page.length >= perPage };
}

function rowOf(profile: Json): Person | undefined {
  const peopleId = str(profile.people_id, 80);
  if (!peopleId) return undefined;
  const known = markedFields(PROFILE_FIELDS, profile);
  const lastActive = num(obj(profile.active).last);
  const location = [known.city, known.country].filter(Boolean).join(", ");
  return defined({
    people_id: peopleId,
    name: known.nickname,
    email: known.email,
    phone: known.phone,
    company: known.company ?? known.employer,
    segments: known.segments,
    location: location || undefined,
    last_active: lastActive !== undefined ? isoMinute(lastActive) : undefined,
  });
}

function render(data: Output): string {
  if (data.people.length === 0) return "No matching people profiles.";
  const head = `${count(data.people.length, "person", "people")}${data.more ? " (more match: narrow the query or raise limit)" : ""}. « » marks visitor text.`;
  const rows = data.people.map((p) =>
    [
      p.people_id,
      `${p.name ?? "?"}${p.email ? ` ${p.email}` : ""}`,
      p.phone,
      p.company,
      p.segments?.join(", "),
      p.location,
      p.last_active ? `active ${p.last_active}` : undefined,
    ]
      .filter(Boolean)
      .join(" | "),
  );
  return [head, ...rows].join("\n");
}
