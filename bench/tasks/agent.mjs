// A scripted agent's side of one MCP session: it starts our server with a
// configuration, reads the tool list once, and records every call and what
// the agent reads back, in cl100k_base tokens.
import { spawnOurs, startReady } from "../lib/servers.mjs";
import { countTokens, textOf, toolListTokens } from "../lib/tokens.mjs";

// What the agent reads is a result's text (textOf); structuredContent is
// recorded apart and not added in.

export async function startAgent(sandbox, env) {
  const { server, tools } = await startReady(() => spawnOurs(sandbox, env));
  const listed = new Set(tools.map((t) => t.name));
  const calls = [];

  /** One tools/call; the text the agent reads, or an error if the tool refused. */
  async function call(name, args = {}) {
    if (!listed.has(name)) throw new Error(`${name} is not in this configuration's tool list`);
    const { result } = await server.request("tools/call", { name, arguments: args });
    const text = textOf(result);
    calls.push({
      tool: name === "call_crisp_method" ? `call_crisp_method(${args.method})` : name,
      argumentTokens: countTokens(JSON.stringify({ name, arguments: args })),
      resultTokens: countTokens(text),
      structuredTokens: result.structuredContent ? countTokens(JSON.stringify(result.structuredContent)) : 0,
    });
    if (result.isError) throw new Error(`${name} answered an error: ${text.slice(0, 300)}`);
    return text;
  }

  /** A raw method's JSON answer, parsed. */
  async function json(name, args) {
    return JSON.parse(await call(name, args));
  }

  /** A Crisp method through call_crisp_method, its JSON answer parsed. */
  async function method(name, args) {
    return JSON.parse(await call("call_crisp_method", { method: name, arguments: args }));
  }

  function figures() {
    const sum = (key) => calls.reduce((total, c) => total + c[key], 0);
    const listTokens = toolListTokens(tools);
    const resultTokens = sum("resultTokens");
    return {
      tools: tools.length,
      listed: tools.map((t) => t.name),
      toolListTokens: listTokens,
      resultTokens,
      tokens: listTokens + resultTokens,
      argumentTokens: sum("argumentTokens"),
      structuredTokens: sum("structuredTokens"),
      calls: [...calls],
    };
  }

  return { call, json, method, figures, close: () => server.close() };
}
