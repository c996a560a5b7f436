import { emptyReply, success } from "../envelope.js";
import { paginate } from "../objects.js";
import type { Handler } from "./context.js";
import { bodyObject, pageNumber } from "./inputs.js";

// Teams of the main website (crisp-api 10.11).

const PER_PAGE = 20;

const listTeams: Handler = ({ state, params }) => success(paginate(state.teams.list(), pageNumber(params), PER_PAGE));

const createTeam: Handler = ({ state, body }) => success({ team_id: state.teams.create(bodyObject(body)).team_id }, "added");

const checkTeamExists: Handler = ({ state, params }) => emptyReply(state.teams.has(params.team_id!) ? 200 : 404);

const getTeam: Handler = ({ state, params }) => success(state.teams.require(params.team_id!));

const saveTeam: Handler = ({ state, params, body }) => {
  state.teams.save(params.team_id!, bodyObject(body));
  return success({}, "updated");
};

const deleteTeam: Handler = ({ state, params }) => {
  state.teams.remove(params.team_id!);
  return success({}, "deleted");
};

export const teamHandlers: Readonly<Record<string, Handler>> = {
  list_teams: listTeams,
  create_new_team: createTeam,
  check_team_exists: checkTeamExists,
  get_team: getTeam,
  save_team: saveTeam,
  delete_team: deleteTeam,
};
