// Context cost: what the tool list costs every conversation, in cl100k_base
// tokens of the tools/list answer, for the configurations users run.
import { spawnFloor, spawnOurs, startReady } from "../lib/servers.mjs";
import { countTokens, toolListTokens } from "../lib/tokens.mjs";

const CONFIGURATIONS = [
  { key: "default", label: "default", env: {}, websiteId: false },
  { key: "defaultWebsite", label: "default + CRISP_WEBSITE_ID", env: {}, websiteId: true },
  { key: "defaultReadOnly", label: "default, read-only", env: { CRISP_READ_ONLY: "true" }, websiteId: false },
  { key: "all", label: "all", env: { CRISP_TOOLSETS: "all" }, websiteId: false },
  { key: "allWebsite", label: "all + CRISP_WEBSITE_ID", env: { CRISP_TOOLSETS: "all" }, websiteId: true },
  { key: "allReadOnly", label: "all, read-only", env: { CRISP_TOOLSETS: "all", CRISP_READ_ONLY: "true" }, websiteId: false },
];

export async function measureContextCost(sandbox, { largest = 5 } = {}) {
  const lists = {};
  const configurations = {};
  for (const config of CONFIGURATIONS) {
    const { server, tools } = await startReady(() => spawnOurs(sandbox, config.env, { websiteId: config.websiteId }));
    await server.close();
    lists[config.key] = tools;
    const tokens = toolListTokens(tools);
    configurations[config.key] = {
      label: config.label,
      tools: tools.length,
      tokens,
      tokensPerTool: Math.round(tokens / Math.max(1, tools.length)),
    };
  }

  const floor = await startReady(() => spawnFloor(sandbox));
  await floor.server.close();

  const inDefault = new Set(lists.default.map((t) => t.name));
  const perTool = lists.all
    .map((tool) => ({ name: tool.name, tokens: countTokens(JSON.stringify(tool)), inDefault: inDefault.has(tool.name) }))
    .sort((a, b) => b.tokens - a.tokens);
  const largestDefault = perTool.filter((t) => t.inDefault).slice(0, largest);

  return {
    configurations,
    floor: { tools: floor.tools.length, tokens: toolListTokens(floor.tools) },
    largest: perTool.slice(0, largest),
    largestDefault,
    defaultTools: [...inDefault],
  };
}
