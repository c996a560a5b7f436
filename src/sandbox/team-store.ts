import { invalidData, notFound } from "./envelope.js";
import { newUuid } from "./ids.js";
import type { JsonObject } from "./objects.js";
import type { Team } from "./types.js";

// Teams of operators (crisp-api 10.11). Create and Save take the same body,
// {name?, emoji?, operators?}; Save replaces the whole team, so a field it
// leaves out is cleared ("" or []).

export class TeamStore {
  private readonly teams = new Map<string, Team>();

  constructor(
    private readonly now: () => number,
    private readonly isOperator: (userId: string) => boolean,
  ) {}

  load(team: Team): void {
    this.teams.set(team.team_id, team);
  }

  /** Oldest first. */
  list(): Team[] {
    return [...this.teams.values()].sort((a, b) => a.created_at - b.created_at).map((team) => structuredClone(team));
  }

  has(teamId: string): boolean {
    return this.teams.has(teamId);
  }

  require(teamId: string): Team {
    return structuredClone(this.record(teamId));
  }

  create(body: JsonObject): Team {
    const now = this.now();
    const team: Team = { team_id: newUuid(), ...this.fields(body), created_at: now, updated_at: now };
    this.teams.set(team.team_id, team);
    return structuredClone(team);
  }

  save(teamId: string, body: JsonObject): Team {
    const current = this.record(teamId);
    const saved: Team = { ...current, ...this.fields(body), updated_at: this.now() };
    this.teams.set(teamId, saved);
    return structuredClone(saved);
  }

  remove(teamId: string): void {
    this.record(teamId);
    this.teams.delete(teamId);
  }

  private record(teamId: string): Team {
    const team = this.teams.get(teamId);
    if (!team) throw notFound("team", `no team ${teamId} on this website`);
    return team;
  }

  private fields(body: JsonObject): Pick<Team, "name" | "emoji" | "operators"> {
    for (const field of Object.keys(body)) {
      if (field !== "name" && field !== "emoji" && field !== "operators") throw invalidData(`a team has no field ${field}`);
    }
    const { name = "", emoji = "", operators = [] } = body;
    if (typeof name !== "string" || name.length > 100) throw invalidData("name must be a string of at most 100 characters");
    if (typeof emoji !== "string" || emoji.length > 16) throw invalidData("emoji must be a string of at most 16 characters");
    if (!Array.isArray(operators) || operators.length > 500) throw invalidData("operators must be an array of operator user_ids");
    for (const userId of operators) {
      if (typeof userId !== "string" || !this.isOperator(userId)) throw invalidData(`operators: ${String(userId)} is not an operator of this website`);
    }
    return { name, emoji, operators: [...new Set(operators as string[])] };
  }
}
