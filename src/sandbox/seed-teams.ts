import { stableUuid } from "./ids.js";
import { SEEDED_OPERATORS } from "./seed.js";
import type { Team } from "./types.js";

// Teams of the main website: operators grouped for inbox routing.

const DAY = 24 * 60 * 60_000;

/** Fixed team id of a seeded team: "sales" or "support". */
export function seededTeamId(key: string): string {
  return stableUuid(`team:${key}`);
}

export function seedTeams(startedAt: number): Team[] {
  const { maya, tom, aiko } = SEEDED_OPERATORS;
  return [
    { key: "sales", name: "Sales", emoji: "💰", operators: [maya.user_id, tom.user_id], createdDaysAgo: 200 },
    { key: "support", name: "Support", emoji: "🛟", operators: [maya.user_id, tom.user_id, aiko.user_id], createdDaysAgo: 180 },
  ].map(({ key, createdDaysAgo, ...team }) => ({
    team_id: seededTeamId(key),
    ...team,
    created_at: startedAt - createdDaysAgo * DAY,
    updated_at: startedAt - (createdDaysAgo - 30) * DAY,
  }));
}
