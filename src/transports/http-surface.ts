import type { IncomingHttpHeaders } from "node:http";
import { listedTools, type ServerSettings } from "../server.js";
import { ALL_TOOLSETS } from "../tools/toolsets.js";

// A request may narrow the tool surface the operator configured, never widen it:
// X-MCP-Toolsets picks toolsets within the configured tools, X-MCP-Read-Only
// turns read-only on (its policy then also stops writes through call_crisp_method).

export interface RequestSurface {
  settings: ServerSettings;
  restrictTo?: ReadonlySet<string>;
}

export type SurfaceOutcome = { ok: true; surface: RequestSurface } | { ok: false; message: string };

const narrowed = new Map<string, ReadonlySet<string>>();

export function requestSurface(base: ServerSettings, headers: IncomingHttpHeaders): SurfaceOutcome {
  const readOnlyHeader = headerText(headers["x-mcp-read-only"]);
  let readOnly = base.readOnly;
  if (readOnlyHeader !== undefined) {
    const value = readOnlyHeader.toLowerCase();
    if (!["true", "false", "1", "0", "yes", "no"].includes(value)) {
      return { ok: false, message: "Bad Request: X-MCP-Read-Only must be true or false" };
    }
    // "false" cannot lift the server's read-only: narrowing only.
    readOnly ||= value === "true" || value === "1" || value === "yes";
  }
  const settings = readOnly === base.readOnly ? base : { ...base, readOnly };

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

/** The configured tools that are also in the requested toolsets; cached, as requests repeat their headers. */
function restriction(settings: ServerSettings, toolsets: string[]): ReadonlySet<string> {
  const key = JSON.stringify([toolsets, settings.toolsets, settings.tools, settings.excludeTools, settings.readOnly, settings.websiteId ?? null]);
  let names = narrowed.get(key);
  if (!names) {
    const requested = new Set(listedTools({ ...settings, toolsets, tools: [] }).map((t) => t.name));
    names = new Set(listedTools(settings).map((t) => t.name).filter((n) => requested.has(n)));
    if (narrowed.size >= 64) narrowed.clear();
    narrowed.set(key, names);
  }
  return names;
}

function headerText(value: string | string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  return (Array.isArray(value) ? value.join(",") : value).trim();
}
