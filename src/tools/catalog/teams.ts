import { z } from "zod";
import { operation } from "../operation.js";
import * as c from "./common.js";

// Teams: named groups of operators that inboxes can route to (crisp-api 10.11).

const teamId = c.uuid("Team ID");

// Create and Save take the same body; Save replaces the whole team.
const teamFields = {
  name: z.string().min(1).max(100).optional().describe("Team name"),
  emoji: z.string().min(1).max(16).optional().describe("Team emoji"),
  operators: z.array(c.userId).max(500).optional().describe("Member operators' user IDs"),
};

export const listTeams = operation({
  name: "list_teams",
  title: "List teams",
  description: "List the website's teams with their members. Page until an empty list.",
  toolset: "teams",
  method: "GET",
  path: "/website/{website_id}/teams/list/{page_number}",
  params: {
    website_id: c.websiteId,
    page_number: c.page,
  },
});

export const createNewTeam = operation({
  name: "create_new_team",
  title: "Create a new team",
  description: "Create a team of operators; returns {team_id}.",
  toolset: "teams",
  method: "POST",
  path: "/website/{website_id}/team",
  params: {
    website_id: c.websiteId,
    ...teamFields,
  },
});

export const checkTeamExists = operation({
  name: "check_team_exists",
  title: "Check if team exists",
  description: "Check whether a team exists.",
  toolset: "teams",
  method: "HEAD",
  path: "/website/{website_id}/team/{team_id}",
  params: {
    website_id: c.websiteId,
    team_id: teamId,
  },
});

export const getTeam = operation({
  name: "get_team",
  title: "Get team",
  description: "Get a team's name, emoji and member operators.",
  toolset: "teams",
  method: "GET",
  path: "/website/{website_id}/team/{team_id}",
  params: {
    website_id: c.websiteId,
    team_id: teamId,
  },
});

export const saveTeam = operation({
  name: "save_team",
  title: "Save team",
  description: "Replace a team's name, emoji and members; omitted fields are cleared.",
  toolset: "teams",
  method: "PUT",
  path: "/website/{website_id}/team/{team_id}",
  params: {
    website_id: c.websiteId,
    team_id: teamId,
    ...teamFields,
  },
});

export const deleteTeam = operation({
  name: "delete_team",
  title: "Delete team",
  description: "Delete a team; its operators stay on the website.",
  toolset: "teams",
  method: "DELETE",
  path: "/website/{website_id}/team/{team_id}",
  params: {
    website_id: c.websiteId,
    team_id: teamId,
  },
});

export const teamsOperations = [listTeams, createNewTeam, checkTeamExists, getTeam, saveTeam, deleteTeam];
