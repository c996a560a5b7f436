import type { IncomingHttpHeaders } from "node:http";
import { BOOLEAN_WORDS, parseBooleanText } from "../boolean-text.js";
import { listedTools, type ServerSettings, type SurfaceNarrowing } from "../server.js";
import type { AuthNarrowing } from "./http-auth.js";
import { CATALOG_TOOLSETS } from "../tools/operation.js";
import { TOOLS } from "../tools/tool-index.js";
import { ALL_TOOLSETS, inToolset } from "../tools/toolsets.js";

// A request may narrow the tool surface the operator configured, never widen it:
// its sign-in may make it read-only or give it a default website (an OAuth
// grant), X-MCP-Toolsets picks toolsets within the configured tools,
// X-MCP-Read-Only turns read-only on (its policy then also stops writes
// through call_crisp_method).
//
// What the catalog tools reach follows the header too. A header that names
// method toolsets (conversations, people...) scopes call_crisp_method,
// describe_crisp_method and search_crisp_methods to those toolsets' methods
// (and to the tools the request lists). A header that names none ("catalog",
// "default") leaves the catalog tools reaching what they reach when configured
// so. A header that narrows nothing changes nothing.

export interface RequestSurface {
  settings: ServerSettings;
  restrictTo?: SurfaceNarrowing;
}

export type SurfaceOutcome = { ok: true; surface: RequestSurface } | { ok: false; message: string };

const narrowed = new Map<string, SurfaceNarrowing | undefined>();

export function requestSurface(configured: ServerSettings, headers: IncomingHttpHeaders, signIn?: AuthNarrowing): SurfaceOutcome {
  const base = narrowedBySignIn(configured, signIn);
  const readOnlyHeader = headerText(headers["x-mcp-read-only"]);
  let readOnly = base.readOnly;
  if (readOnlyHeader !== undefined) {
    const value = parseBooleanText(readOnlyHeader);
    if (value === undefined) return { ok: false, message: `Bad Request: X-MCP-Read-Only must be ${BOOLEAN_WORDS}` };
    // "false" cannot lift the server's read-only: narrowing only.
    readOnly ||= value;
  }
  const settings = readOnly === base.readOnly ? base : { ...base, readOnly, readOnlyBy: "header" as const };

  const toolsetsHeader = headerText(headers["x-mcp-toolsets"]);
  const toolsets = [...new Set((toolsetsHeader ?? "").split(",").map((s) => s.trim().toLowerCase()).filter(Boolean))].sort();
  if (toolsets.length === 0) return { ok: true, surface: { settings } };
  const unknown = toolsets.filter((t) => !ALL_TOOLSETS.includes(t));
  if (unknown.length > 0) {
    return {
      ok: false,
      message: `Bad Request: unknown toolset ${unknown.map((t) => `"${t}"`).join(", ")} in X-MCP-Toolsets; valid toolsets: ${ALL_TOOLSETS.join(", ")}`,
    };
  }
  return { ok: true, surface: { settings, restrictTo: restriction(settings, toolsets) } };
}

/** A sign-in's narrowing: read-only only ever added, a pinned website kept. */
function narrowedBySignIn(settings: ServerSettings, signIn: AuthNarrowing | undefined): ServerSettings {
  if (!signIn) return settings;
  const readOnly = settings.readOnly || signIn.readOnly;
  const websiteId = settings.websiteId ?? signIn.websiteId;
  if (readOnly === settings.readOnly && websiteId === settings.websiteId) return settings;
  return { ...settings, readOnly, websiteId, ...(readOnly && !settings.readOnly ? { readOnlyBy: "sign-in" as const } : {}) };
}

/** The narrowing a header asks for, undefined when it narrows nothing; cached, as requests repeat their headers. */
function restriction(settings: ServerSettings, toolsets: string[]): SurfaceNarrowing | undefined {
  const key = JSON.stringify([
    toolsets,
    settings.toolsets,
    settings.tools,
    settings.excludeTools,
    settings.readOnly,
    settings.websiteId ?? null,
    settings.sandbox ?? false,
  ]);
  if (!narrowed.has(key)) {
    if (narrowed.size >= 64) narrowed.clear();
    narrowed.set(key, narrowing(settings, toolsets));
  }
  return narrowed.get(key);
}

/** The configured tools in the requested toolsets, and what the catalog tools may reach. */
function narrowing(settings: ServerSettings, toolsets: string[]): SurfaceNarrowing | undefined {
  const configured = listedTools(settings);
  const tools = new Set(configured.filter((t) => toolsets.some((set) => inToolset(t, set))).map((t) => t.name));
  if (tools.size === configured.length) return undefined;
  return { tools, methods: reachableMethods(toolsets, tools) };
}

/** The methods of the named method toolsets, plus the listed tools; undefined when the header names none. */
function reachableMethods(toolsets: string[], listed: ReadonlySet<string>): ReadonlySet<string> | undefined {
  const methodToolsets = toolsets.filter((set) => (CATALOG_TOOLSETS as readonly string[]).includes(set));
  if (methodToolsets.length === 0) return undefined;
  const inScope = TOOLS.methods.filter((method) => methodToolsets.includes(method.toolset)).map((method) => method.name);
  return new Set([...inScope, ...listed]);
}

function headerText(value: string | string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  return (Array.isArray(value) ? value.join(",") : value).trim();
}
