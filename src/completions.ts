import type { CompleteRequest, CompleteResult } from "@modelcontextprotocol/sdk/types.js";
import type { CrispClient } from "./client/index.js";
import { CrispError } from "./client/index.js";
import { log } from "./log.js";
import { promptArguments, type PromptArgument, type PromptSettings } from "./prompts.js";
import { invalidParams } from "./protocol-errors.js";
import { awaitsReply } from "./tools/agent/awaiting-reply.js";
import { callCrisp } from "./tools/agent/crisp.js";
import { list, obj, str } from "./tools/agent/format.js";
import { isUuid } from "./uuid.js";
import type { Policy, ToolContext, ToolDirectory } from "./tools/types.js";
import { cleanText } from "./untrusted/text.js";

// completion/complete for the prompts' arguments, from the workspace itself:
// session_id from the conversations waiting for a reply, email from people
// profiles, locale from the help center. Values come through the same Crisp
// methods and policy as a tool call (an excluded method completes nothing),
// are checked as the prompt would check them (so visitor-written text that is
// not a clean email never comes back), and filtered by what was typed. A
// failure completes nothing: a completion must never break the prompt.

/** The spec's cap on values in one answer. */
export const MAX_COMPLETIONS = 100;
/** One page of each list: completing must stay as quick as typing. */
const PER_PAGE = 50;

type Candidates = { values: string[]; more: boolean };
type Source = (ctx: ToolContext, websiteId: string, typed: string) => Promise<Candidates>;

const SOURCES: Readonly<Record<string, Source>> = {
  session_id: async (ctx, websiteId) => {
    const page = list(
      await callCrisp(ctx, "list_conversations", { website_id: websiteId, page_number: 1, per_page: PER_PAGE, filter_not_resolved: true }),
    ).map(obj);
    return { values: page.filter(awaitsReply).map((c) => str(c.session_id) ?? ""), more: page.length >= PER_PAGE };
  },
  email: async (ctx, websiteId, typed) => {
    const page = list(
      await callCrisp(ctx, "list_people_profiles", {
        website_id: websiteId,
        page_number: 1,
        per_page: PER_PAGE,
        ...(typed ? { search_text: typed } : {}),
      }),
    ).map(obj);
    return { values: page.map((p) => cleanText(str(p.email) ?? "").trim()), more: page.length >= PER_PAGE };
  },
  locale: async (ctx, websiteId) => {
    const page = list(await callCrisp(ctx, "list_helpdesk_locales", { website_id: websiteId, page_number: 1 })).map(obj);
    return { values: page.map((l) => str(l.locale) ?? ""), more: false };
  },
};

export interface CompletionScope {
  client: CrispClient;
  policy: Policy;
  tools: ToolDirectory;
  prompts: PromptSettings;
  signal: AbortSignal;
}

export async function complete(params: CompleteRequest["params"], scope: CompletionScope): Promise<CompleteResult> {
  if (params.ref.type !== "ref/prompt") {
    throw invalidParams(`This server has no resource templates to complete; it completes prompt arguments (ref/prompt).`);
  }
  const name = params.ref.name;
  const argumentsOfPrompt = promptArguments(name, scope.prompts);
  if (!argumentsOfPrompt) throw invalidParams(`Unknown prompt "${name}": prompts/list shows this server's prompts.`);
  const argument = argumentsOfPrompt.find((candidate) => candidate.name === params.argument.name);
  if (!argument) {
    throw invalidParams(
      `Prompt ${name} has no argument "${params.argument.name}"; its arguments: ${argumentsOfPrompt.map((a) => a.name).join(", ") || "none"}.`,
    );
  }
  const source = SOURCES[argument.name];
  const websiteId = scope.policy.websiteId ?? params.context?.arguments?.website_id;
  if (!source || !websiteId || !isUuid(websiteId)) return none();
  const typed = params.argument.value;
  const ctx: ToolContext = { client: scope.client, policy: scope.policy, tools: scope.tools, signal: scope.signal, progress: async () => undefined };
  let found: Candidates;
  try {
    found = await source(ctx, websiteId, typed);
  } catch (error) {
    if (!(error instanceof CrispError)) log("warn", `completion of ${name}.${argument.name} failed: ${(error as Error)?.message ?? String(error)}`);
    return none();
  }
  return answer(found, argument, typed);
}

/** The candidates the prompt would accept, starting with what was typed, each once, at most 100. */
function answer(found: Candidates, argument: PromptArgument, typed: string): CompleteResult {
  const prefix = typed.toLowerCase();
  const matching = [...new Set(found.values)].filter(
    (value) => value !== "" && !argument.check?.(value) && value.toLowerCase().startsWith(prefix),
  );
  const values = matching.slice(0, MAX_COMPLETIONS);
  const hasMore = matching.length > values.length || found.more;
  // total only when it is known: the whole list was read.
  return { completion: { values, ...(found.more ? {} : { total: matching.length }), hasMore } };
}

function none(): CompleteResult {
  return { completion: { values: [], total: 0, hasMore: false } };
}
