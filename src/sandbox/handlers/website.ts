import { notFound, success } from "../envelope.js";
import type { Operator } from "../types.js";
import type { Handler } from "./context.js";

// The website itself and its operators (the same team on both websites).

const getWebsite: Handler = ({ site }) => success(site.website);

const listOperators: Handler = ({ state }) =>
  success(state.operators.map((operator) => ({ type: "operator", details: operatorDetails(operator) })));

const getOperator: Handler = ({ state, params }) => {
  const operator = state.operator(params.user_id!);
  if (!operator) throw notFound("operator", `no operator ${params.user_id} on this website`);
  return success(operatorDetails(operator));
};

const availabilityStatus: Handler = ({ state }) =>
  success({ status: state.operators.some((operator) => operator.availability === "online") ? "online" : "offline" });

function operatorDetails(operator: Operator): Operator & { has_token: boolean } {
  return { ...operator, has_token: false };
}

export const websiteHandlers: Readonly<Record<string, Handler>> = {
  get_website: getWebsite,
  list_website_operators: listOperators,
  get_website_operator: getOperator,
  get_website_availability_status: availabilityStatus,
};
