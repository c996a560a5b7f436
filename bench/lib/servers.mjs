// The two servers the bench compares, spawned as an MCP client would start
// them, both pointed at the sandbox running in the bench process.
import { fileURLToPath } from "node:url";
import { spawnRpc } from "./rpc-client.mjs";

/** The built bin; CRISP_BENCH_BIN points the bench at another build, to compare a change. */
export const OUR_BIN = process.env.CRISP_BENCH_BIN || fileURLToPath(new URL("../../dist/cli.js", import.meta.url));
export const FLOOR_BIN = fileURLToPath(new URL("../floor-server.mjs", import.meta.url));

/** The settings every spawned server gets: the sandbox's URL, keypair, tier and website. */
export function sandboxEnv(sandbox, { websiteId = true } = {}) {
  return {
    CRISP_API_URL: sandbox.url,
    CRISP_IDENTIFIER: sandbox.identifier,
    CRISP_KEY: sandbox.key,
    CRISP_TIER: sandbox.tier,
    ...(websiteId ? { CRISP_WEBSITE_ID: sandbox.websiteId } : {}),
  };
}

export function spawnOurs(sandbox, extraEnv = {}, options) {
  return spawnRpc(OUR_BIN, { ...sandboxEnv(sandbox, options), ...extraEnv });
}

export function spawnFloor(sandbox) {
  return spawnRpc(FLOOR_BIN, sandboxEnv(sandbox));
}

/** Spawned, initialized and listed: a server ready for calls, with its tool list. */
export async function startReady(spawnIt) {
  const server = spawnIt();
  try {
    await server.initialize();
    const { result } = await server.request("tools/list");
    return { server, tools: result.tools };
  } catch (error) {
    await server.close();
    throw error;
  }
}
