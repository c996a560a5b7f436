import { CrispRefusal, invalidData, notFound } from "./envelope.js";
import { newUuid } from "./ids.js";
import { deepMerge, isPlainObject, type JsonObject } from "./objects.js";
import type { StoreContext } from "./store-context.js";
import type { PeopleProfile, Person } from "./types.js";

const EMAIL = /^[^\s@/]+@[^\s@/]+\.[^\s@/]+$/;

interface PersonRecord {
  profile: PeopleProfile;
  data: JsonObject;
}

/** People profiles and their custom data, found by people_id or by email. */
export class PeopleStore {
  private readonly records = new Map<string, PersonRecord>();

  constructor(private readonly context: StoreContext) {}

  load(profile: PeopleProfile, data: JsonObject = {}): void {
    this.records.set(profile.people_id, { profile, data });
  }

  /** Profiles newest-updated first, optionally only those whose name or email contains `text`. */
  list(text?: string): PeopleProfile[] {
    const needle = text?.trim().toLowerCase();
    const profiles = [...this.records.values()].map((record) => record.profile);
    const found = needle
      ? profiles.filter(
          (profile) => profile.email.toLowerCase().includes(needle) || profile.person.nickname.toLowerCase().includes(needle),
        )
      : profiles;
    return found.sort((a, b) => b.updated_at - a.updated_at);
  }

  /** By people_id, or by email as the older wrappers do. */
  find(peopleIdOrEmail: string): PeopleProfile | undefined {
    return this.lookup(peopleIdOrEmail)?.profile;
  }

  require(peopleIdOrEmail: string): PeopleProfile {
    return this.record(peopleIdOrEmail).profile;
  }

  peopleIdForEmail(email: string): string | undefined {
    return this.lookupByEmail(email)?.profile.people_id;
  }

  add(input: JsonObject): PeopleProfile {
    const email = requireEmail(input.email);
    if (this.lookupByEmail(email)) throw new CrispRefusal(409, "people_exists", "people", `a profile with email ${email} already exists`);
    const now = this.context.now();
    const profile = buildProfile(newUuid(), email, input, now, now);
    this.records.set(profile.people_id, { profile, data: {} });
    this.context.emit("people:profile:created", profile);
    return profile;
  }

  /** Full replace: fields left out go back to their defaults. */
  save(peopleIdOrEmail: string, input: JsonObject): PeopleProfile {
    const record = this.record(peopleIdOrEmail);
    const email = requireEmail(input.email ?? record.profile.email);
    this.refuseTakenEmail(email, record);
    record.profile = buildProfile(record.profile.people_id, email, input, record.profile.created_at, this.context.now());
    this.context.emit("people:profile:updated", record.profile);
    return record.profile;
  }

  /** Merge: only the fields given change, nested objects merge. */
  update(peopleIdOrEmail: string, patch: JsonObject): PeopleProfile {
    const record = this.record(peopleIdOrEmail);
    const current = record.profile;
    const email = requireEmail(patch.email ?? current.email);
    this.refuseTakenEmail(email, record);
    const merged = deepMerge(current as unknown as JsonObject, patch);
    record.profile = buildProfile(current.people_id, email, merged, current.created_at, this.context.now());
    this.context.emit("people:profile:updated", record.profile);
    return record.profile;
  }

  remove(peopleIdOrEmail: string): void {
    const record = this.record(peopleIdOrEmail);
    this.records.delete(record.profile.people_id);
    this.context.emit("people:profile:removed", { people_id: record.profile.people_id, email: record.profile.email });
  }

  data(peopleIdOrEmail: string): JsonObject {
    return this.record(peopleIdOrEmail).data;
  }

  saveData(peopleIdOrEmail: string, data: JsonObject): JsonObject {
    const record = this.record(peopleIdOrEmail);
    record.data = { ...data };
    return record.data;
  }

  updateData(peopleIdOrEmail: string, data: JsonObject): JsonObject {
    const record = this.record(peopleIdOrEmail);
    record.data = { ...record.data, ...data };
    return record.data;
  }

  private record(peopleIdOrEmail: string): PersonRecord {
    const record = this.lookup(peopleIdOrEmail);
    if (!record) throw notFound("people", `no people profile matches ${peopleIdOrEmail}`);
    return record;
  }

  private lookup(peopleIdOrEmail: string): PersonRecord | undefined {
    return this.records.get(peopleIdOrEmail) ?? (peopleIdOrEmail.includes("@") ? this.lookupByEmail(peopleIdOrEmail) : undefined);
  }

  private lookupByEmail(email: string): PersonRecord | undefined {
    const wanted = email.toLowerCase();
    for (const record of this.records.values()) if (record.profile.email.toLowerCase() === wanted) return record;
    return undefined;
  }

  private refuseTakenEmail(email: string, owner: PersonRecord): void {
    const holder = this.lookupByEmail(email);
    if (holder && holder !== owner) throw new CrispRefusal(409, "people_exists", "people", `a profile with email ${email} already exists`);
  }
}

function requireEmail(value: unknown): string {
  if (typeof value !== "string" || !EMAIL.test(value)) throw invalidData("email must be a valid email address");
  return value;
}

function buildProfile(peopleId: string, email: string, input: JsonObject, createdAt: number, updatedAt: number): PeopleProfile {
  const person = isPlainObject(input.person) ? (input.person as Partial<Person>) : {};
  if (input.segments !== undefined && !isStringArray(input.segments)) throw invalidData("segments must be an array of strings");
  if (input.notepad !== undefined && typeof input.notepad !== "string") throw invalidData("notepad must be a string");
  return {
    people_id: peopleId,
    email,
    person: { ...person, nickname: typeof person.nickname === "string" && person.nickname ? person.nickname : email.split("@")[0]! },
    company: isPlainObject(input.company) ? input.company : {},
    segments: isStringArray(input.segments) ? input.segments : [],
    notepad: typeof input.notepad === "string" ? input.notepad : "",
    active: isPlainObject(input.active) ? (input.active as PeopleProfile["active"]) : { now: false },
    created_at: createdAt,
    updated_at: updatedAt,
  };
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === "string");
}
