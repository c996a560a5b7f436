import { emptyReply, invalidData, success } from "../envelope.js";
import { isPlainObject, paginate } from "../objects.js";
import type { Handler } from "./context.js";
import { bodyObject, pageNumber, perPage } from "./inputs.js";

// People profiles (found by people_id or by email), their conversations and custom data.

const PEOPLE_CONVERSATIONS_PER_PAGE = 20;

const listProfiles: Handler = ({ state, params, query }) =>
  success(paginate(state.people.list(query.search_text), pageNumber(params), perPage(query)));

const addProfile: Handler = ({ state, body }) => success({ people_id: state.people.add(bodyObject(body)).people_id }, "added");

const checkProfileExists: Handler = ({ state, params }) => emptyReply(state.people.find(params.people_id!) ? 200 : 404);

const getProfile: Handler = ({ state, params }) => success(state.people.require(params.people_id!));

const saveProfile: Handler = ({ state, params, body }) => {
  state.people.save(params.people_id!, bodyObject(body));
  return success({}, "updated");
};

const updateProfile: Handler = ({ state, params, body }) => {
  state.people.update(params.people_id!, bodyObject(body));
  return success({}, "updated");
};

const removeProfile: Handler = ({ state, params }) => {
  state.people.remove(params.people_id!);
  return success({}, "deleted");
};

/** Crisp answers the session ids of the person's conversations, newest activity first. */
const listPeopleConversations: Handler = ({ state, params }) => {
  const profile = state.people.require(params.people_id!);
  const sessionIds = state.conversations.forPerson(profile.people_id, profile.email).map((item) => item.session_id);
  return success(paginate(sessionIds, pageNumber(params), PEOPLE_CONVERSATIONS_PER_PAGE));
};

const getData: Handler = ({ state, params }) => success({ data: state.people.data(params.people_id!) });

const saveData: Handler = ({ state, params, body }) => {
  state.people.saveData(params.people_id!, dataField(body));
  return success({}, "updated");
};

const updateData: Handler = ({ state, params, body }) => {
  state.people.updateData(params.people_id!, dataField(body));
  return success({}, "updated");
};

function dataField(body: unknown): Record<string, unknown> {
  const { data } = bodyObject(body);
  if (!isPlainObject(data)) throw invalidData("data must be an object of key/value pairs");
  return data;
}

export const peopleHandlers: Readonly<Record<string, Handler>> = {
  list_people_profiles: listProfiles,
  add_new_people_profile: addProfile,
  check_people_profile_exists: checkProfileExists,
  get_people_profile: getProfile,
  save_people_profile: saveProfile,
  update_people_profile: updateProfile,
  remove_people_profile: removeProfile,
  list_people_conversations: listPeopleConversations,
  get_people_data: getData,
  save_people_data: saveData,
  update_people_data: updateData,
};
