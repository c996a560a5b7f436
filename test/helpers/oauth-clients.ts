import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

// Third-party MCP clients (mcp-remote, the MCP Inspector's CLI) run as a person
// runs them, headless: pinned in test/oauth-clients, installed there by the test
// itself, started in a process group of their own with a fake browser that only
// records the URL it is asked to open.

/** The pinned install folder: its package-lock.json fixes every version. */
export const CLIENTS_DIR = fileURLToPath(new URL("../oauth-clients/", import.meta.url));
const MODULES = join(CLIENTS_DIR, "node_modules");

/** The Inspector needs Node >= 22.19: the `node` package ships one. */
export const NODE22 = join(MODULES, "node", "bin", "node");
export const MCP_REMOTE_CLIENT = join(MODULES, "mcp-remote", "dist", "client.js");
export const INSPECTOR = join(MODULES, "@modelcontextprotocol", "inspector", "clients", "launcher", "build", "index.js");

/**
 * Runs `npm ci` in test/oauth-clients when node_modules is missing or older
 * than the lock, then checks the files the tests start are there. Throws,
 * never skips: a missing client is a failure.
 */
export async function ensureClientsInstalled(): Promise<void> {
  await ensurePinnedInstall(CLIENTS_DIR, [NODE22, MCP_REMOTE_CLIENT, INSPECTOR]);
}

/**
 * `npm ci` in a folder of pinned third-party tools when its node_modules is
 * missing or older than its lock; then checks the files a test starts exist.
 */
export async function ensurePinnedInstall(dir: string, files: readonly string[]): Promise<void> {
  const lock = join(dir, "package-lock.json");
  const installed = join(dir, "node_modules", ".package-lock.json");
  if (!existsSync(lock)) throw new Error(`${lock} is missing: it pins the tools the test runs`);
  if (!existsSync(installed) || statSync(installed).mtimeMs < statSync(lock).mtimeMs) {
    const npm = "npm";
    const args = ["ci", "--prefix", dir, "--no-audit", "--no-fund"];
    const { code, output } = await run(npm, args, { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: "1" }).catch((error: Error) => {
      throw new Error(`could not run ${npm} ${args.join(" ")}: ${error.message}`);
    });
    if (code !== 0) throw new Error(`npm ci --prefix ${dir} failed (exit ${code}):\n${output.slice(-4000)}`);
  }
  for (const file of files) {
    if (!existsSync(file)) throw new Error(`${file} is missing after installing ${dir}: delete its node_modules and run the test again`);
  }
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (output += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (output += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}

/** Variables by which `open` (through xdg-open) would find a desktop and its real browser. */
const DESKTOP_VARIABLES = [
  "DISPLAY",
  "WAYLAND_DISPLAY",
  "XDG_CURRENT_DESKTOP",
  "XDG_SESSION_DESKTOP",
  "DESKTOP_SESSION",
  "KDE_FULL_SESSION",
  "GNOME_DESKTOP_SESSION_ID",
  "MATE_DESKTOP_SESSION_ID",
  "DBUS_SESSION_BUS_ADDRESS",
];

/** This process's environment with no desktop and $BROWSER set: xdg-open then runs `$BROWSER <url>`. */
export function headlessEnv(browser: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of DESKTOP_VARIABLES) delete env[name];
  return { ...env, BROWSER: browser, ...extra };
}

export interface Workspace {
  dir: string;
  /** The fake browser: a script that appends the URL it is given to a file. */
  browser: string;
  /** The first URL the client asked the browser to open; fails at once if the client exited without. */
  openedUrl(timeoutMs: number, client: ClientProcess): Promise<string>;
  /** Every URL asked for so far. */
  opened(): Promise<string[]>;
  remove(): Promise<void>;
}

/** A fresh temp dir with the fake browser in it. */
export async function workspace(prefix: string): Promise<Workspace> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  // xdg-open splits $BROWSER on ':' (a list of browsers): the path must hold none.
  if (dir.includes(":")) throw new Error(`temp dir ${dir} contains ':', which $BROWSER cannot hold`);
  const record = join(dir, "opened.txt");
  const browser = join(dir, "fake-browser.sh");
  await writeFile(record, "");
  await writeFile(browser, `#!/bin/sh\nprintf '%s\\n' "$1" >> '${record}'\n`);
  await chmod(browser, 0o755);
  const opened = async () => (await readFile(record, "utf8")).split("\n").filter(Boolean);
  return {
    dir,
    browser,
    opened,
    async openedUrl(timeoutMs, client) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const exited = client.exitStatus(); // read before the file: a URL asked for just before exiting still counts
        const [first] = await opened();
        if (first) return first;
        if (exited) throw new Error(`the client exited (${exited}) without asking a browser to open a URL`);
        if (Date.now() > deadline) throw new Error(`the client asked no browser to open a URL within ${timeoutMs}ms`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

export interface ClientProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** "code N" or "signal S" once the process exited, else undefined. */
  exitStatus(): string | undefined;
  /** Resolves with the exit code, or rejects with the output once `timeoutMs` passed. */
  exit(timeoutMs: number): Promise<number | null>;
  /** Ends the client and anything it started (its process group). */
  stop(): Promise<void>;
}

/**
 * Starts a client detached, in its own process group. stdin is /dev/null, or
 * with `stdin: "open"` a pipe held open and never written (mcp-remote's client
 * shuts down when its stdin ends).
 */
export function startClient(command: string, args: string[], env: NodeJS.ProcessEnv, options: { stdin?: "null" | "open" } = {}): ClientProcess {
  const child = spawn(command, args, { env, detached: true, stdio: [options.stdin === "open" ? "pipe" : "ignore", "pipe", "pipe"] });
  child.stdin?.on("error", () => undefined);
  let out = "";
  let err = "";
  child.stdout!.setEncoding("utf8").on("data", (d: string) => (out += d));
  child.stderr!.setEncoding("utf8").on("data", (d: string) => (err += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on("error", (error) => {
      err += `\n[spawn failed: ${error.message}]`;
      resolve({ code: null, signal: null });
    });
    child.on("close", (code, signal) => resolve({ code, signal }));
  });
  const running = () => child.exitCode === null && child.signalCode === null && child.pid !== undefined;
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // already gone
    }
  };
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    exitStatus: () => (child.exitCode !== null ? `code ${child.exitCode}` : child.signalCode !== null ? `signal ${child.signalCode}` : undefined),
    async exit(timeoutMs) {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`the client did not exit within ${timeoutMs}ms\n--- stdout ---\n${out}\n--- stderr ---\n${err}`)),
          timeoutMs,
        );
      });
      try {
        return (await Promise.race([exited, late])).code;
      } finally {
        clearTimeout(timer);
      }
    },
    async stop() {
      // The group too: a client may leave helpers behind (xdg-open, the browser shim).
      if (child.pid !== undefined) signalGroup("SIGTERM");
      if (running()) {
        const kill = setTimeout(() => signalGroup("SIGKILL"), 3_000);
        await exited;
        clearTimeout(kill);
      }
      if (child.pid !== undefined) signalGroup("SIGKILL");
    },
  };
}

/** A port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
