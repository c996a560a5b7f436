import type { HttpMethod, Operation } from "../tools/operation.js";

// Routes are compiled once from the catalog: per method and segment count, a
// short list of regexes, most specific first. Matching a request is then a
// map lookup plus a handful of regex tests, which keeps the benchmark honest.

export type MatchResult =
  | { readonly kind: "matched"; readonly route: CompiledRoute; readonly rawParams: readonly string[] }
  | { readonly kind: "unknown" };

export interface CompiledRoute {
  readonly method: HttpMethod;
  readonly template: string;
  readonly placeholders: readonly string[];
  /** Several operations when Crisp serves them on one verb+path (told apart by the body). */
  readonly operations: readonly Operation[];
  readonly pattern: RegExp;
  readonly literalCount: number;
}

// Crisp serves these on the same verb and path as a sibling; a body key tells
// which one was meant. The sibling without an entry here is the default.
const BODY_DISCRIMINATORS: Readonly<Record<string, string>> = {
  batch_remove_people: "people",
  batch_update_people_data: "people",
  batch_update_people_segments: "people",
  deliver_widget_data_edit_action_for_conversation: "value",
};

export class Router {
  private readonly table = new Map<string, CompiledRoute[]>();

  constructor(operations: readonly Operation[]) {
    const byTemplate = new Map<string, Operation[]>();
    for (const op of operations) {
      const key = `${op.method} ${op.path}`;
      const siblings = byTemplate.get(key);
      if (siblings) siblings.push(op);
      else byTemplate.set(key, [op]);
    }
    for (const siblings of byTemplate.values()) {
      const route = compile(siblings);
      const key = bucketKey(route.method, segmentCount(route.template));
      const bucket = this.table.get(key) ?? [];
      bucket.push(route);
      this.table.set(key, bucket);
    }
    // Literal segments beat placeholders when two templates could both match.
    for (const bucket of this.table.values()) bucket.sort((a, b) => b.literalCount - a.literalCount);
  }

  /** Matches a raw (still percent-encoded) path relative to /v1. */
  match(method: string, rawPath: string): MatchResult {
    const bucket = this.table.get(bucketKey(method, segmentCount(rawPath)));
    if (bucket) {
      for (const route of bucket) {
        const found = route.pattern.exec(rawPath);
        if (found) return { kind: "matched", route, rawParams: found.slice(1) as string[] };
      }
    }
    return { kind: "unknown" };
  }

  /** All compiled routes, for tests and diagnostics. */
  routes(): CompiledRoute[] {
    return [...this.table.values()].flat();
  }
}

/** Percent-decodes each captured segment; throws URIError on a malformed escape. */
export function decodeParams(route: CompiledRoute, rawParams: readonly string[]): Record<string, string> {
  const params: Record<string, string> = {};
  route.placeholders.forEach((name, index) => {
    params[name] = decodeURIComponent(rawParams[index] ?? "");
  });
  return params;
}

/** Picks the operation a request meant when several share one verb and path. */
export function chooseOperation(route: CompiledRoute, body: unknown): Operation {
  const [first] = route.operations;
  if (route.operations.length === 1 || !first) return first!;
  const keys = body !== null && typeof body === "object" ? Object.keys(body) : [];
  const discriminated = route.operations.find((op) => {
    const key = BODY_DISCRIMINATORS[op.name];
    return key !== undefined && keys.includes(key);
  });
  return discriminated ?? route.operations.find((op) => !(op.name in BODY_DISCRIMINATORS)) ?? first;
}

function compile(siblings: Operation[]): CompiledRoute {
  const first = siblings[0]!;
  const placeholders: string[] = [];
  let literalCount = 0;
  const source = first.path
    .split("/")
    .map((segment) => {
      const placeholder = /^\{([a-z_]+)\}$/.exec(segment);
      if (placeholder) {
        placeholders.push(placeholder[1]!);
        return "([^/]+)";
      }
      if (segment !== "") literalCount += 1;
      return escapeRegExp(segment);
    })
    .join("/");
  return {
    method: first.method,
    template: first.path,
    placeholders,
    operations: siblings,
    pattern: new RegExp(`^${source}$`),
    literalCount,
  };
}

function bucketKey(method: string, segments: number): string {
  return `${method} ${segments}`;
}

function segmentCount(path: string): number {
  let count = 0;
  for (let i = 0; i < path.length; i += 1) if (path.charCodeAt(i) === 47 /* "/" */) count += 1;
  return count;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
