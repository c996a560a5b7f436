// A JSON-RPC-over-stdio client, one line per message, as MCP clients speak to
// a stdio server. The same client talks to our server and to the floor, and it
// does as little as possible (no schema validation of answers), so what is
// timed is the server, not the client.
import { spawn } from "node:child_process";
import { performance } from "node:perf_hooks";

const PROTOCOL_VERSION = "2025-06-18";
const REQUEST_TIMEOUT_MS = 20_000;

/**
 * Spawns `node [nodeArgs] <script>` with exactly `env` (plus PATH) and returns
 * a client for it. `startedAt` is taken right before the spawn.
 */
export function spawnRpc(script, env, nodeArgs = []) {
  const startedAt = performance.now();
  const child = spawn(process.execPath, [...nodeArgs, script], {
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  const pending = new Map();
  let nextId = 1;
  let buffer = "";
  let stderr = "";
  let exited = false;

  const exit = new Promise((resolve) => {
    child.once("exit", (code, signal) => {
      exited = true;
      for (const { reject, timer } of pending.values()) {
        clearTimeout(timer);
        reject(new Error(`${script} exited (${code ?? signal}) before answering: ${stderr.slice(-500)}`));
      }
      pending.clear();
      resolve(code ?? signal);
    });
  });
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  child.stdin.on("error", () => undefined); // the child may be gone; its exit reports why
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (chunk) => {
    buffer += chunk;
    let newline;
    while ((newline = buffer.indexOf("\n")) !== -1) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      if (line.trim() !== "") onLine(line);
    }
  });

  function onLine(line) {
    const at = performance.now();
    let message;
    try {
      message = JSON.parse(line);
    } catch {
      // stdout must carry only JSON-RPC: fail every waiting request rather than guess.
      const error = new Error(`${script} wrote a line that is not JSON-RPC: ${line.slice(0, 200)}`);
      for (const { reject, timer } of pending.values()) {
        clearTimeout(timer);
        reject(error);
      }
      pending.clear();
      return;
    }
    if (message.id === undefined || !pending.has(message.id)) return; // notifications, or requests we do not serve
    const { resolve, reject, timer } = pending.get(message.id);
    clearTimeout(timer);
    pending.delete(message.id);
    if (message.error) reject(new Error(`${message.error.code}: ${message.error.message}`));
    else resolve({ result: message.result, at, bytes: line.length });
  }

  /** Sends a request; resolves with {result, at (ms, performance clock), bytes}. */
  function request(method, params = {}) {
    if (exited) return Promise.reject(new Error(`${script} has exited: ${stderr.slice(-500)}`));
    const id = nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`${method} got no answer in ${REQUEST_TIMEOUT_MS} ms`));
      }, REQUEST_TIMEOUT_MS);
      pending.set(id, { resolve, reject, timer });
      child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", id, method, params })}\n`);
    });
  }

  function notify(method, params) {
    child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", method, ...(params ? { params } : {}) })}\n`);
  }

  /** The MCP handshake: initialize, then the initialized notification. */
  async function initialize() {
    const answer = await request("initialize", {
      protocolVersion: PROTOCOL_VERSION,
      capabilities: {},
      clientInfo: { name: "crisp-mcp-bench", version: "0" },
    });
    notify("notifications/initialized");
    return answer;
  }

  /** Ends the session the way MCP clients do (stdin closed), and kills it if it lingers. */
  async function close(graceMs = 3000) {
    if (exited) return exit;
    child.stdin.end();
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    const code = await exit;
    clearTimeout(timer);
    return code;
  }

  return {
    pid: child.pid,
    startedAt,
    request,
    notify,
    initialize,
    close,
    stderr: () => stderr,
  };
}
