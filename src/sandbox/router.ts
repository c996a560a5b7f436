import type { HttpMethod, Operation } from "../tools/operation.js";

// Routes are compiled once from the catalog: per method and segment count, a
// short list of regexes, most specific first. Matching a request is then a
// map lookup plus a handful of regex tests, which keeps the benchmark honest.
//
// One placeholder spans several segments: {tree_path} (the new Knowledge
// Base), always the last placeholder of its template. The client sends each
// "/"-separated part of a tree path as its own encoded segment, so such a
// route sits in the bucket of its shortest form (one part) and also in a
// short per-method list tried only when no fixed-length route matched.

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
  /** Index in `placeholders` of the one that spans several segments, or -1. */
  readonly multiSegmentIndex: number;
  /** Segment count of the shortest path the route matches. */
  readonly minSegments: number;
}

/** Placeholders that take one or more segments when they are the last placeholder of their template. */
const MULTI_SEGMENT_PLACEHOLDERS: ReadonlySet<string> = new Set(["tree_path"]);

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
  /** Per method, the routes with a multi-segment placeholder, for paths longer than their bucket. */
  private readonly multiSegment = new Map<string, CompiledRoute[]>();

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
      const key = bucketKey(route.method, route.minSegments);
      const bucket = this.table.get(key) ?? [];
      bucket.push(route);
      this.table.set(key, bucket);
      if (route.multiSegmentIndex >= 0) {
        const long = this.multiSegment.get(route.method) ?? [];
        long.push(route);
        this.multiSegment.set(route.method, long);
      }
    }
    // Literal segments beat placeholders when two templates could both match.
    for (const bucket of this.table.values()) bucket.sort(mostSpecificFirst);
    for (const list of this.multiSegment.values()) list.sort(mostSpecificFirst);
  }

  /** Matches a raw (still percent-encoded) path relative to /v1. */
  match(method: string, rawPath: string): MatchResult {
    const segments = segmentCount(rawPath);
    const bucket = this.table.get(bucketKey(method, segments));
    if (bucket) {
      for (const route of bucket) {
        const found = route.pattern.exec(rawPath);
        if (found) return { kind: "matched", route, rawParams: found.slice(1) as string[] };
      }
    }
    const long = this.multiSegment.get(method);
    if (long) {
      for (const route of long) {
        if (segments <= route.minSegments) continue; // its bucket was already tried
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

/**
 * Percent-decodes each captured segment; throws URIError on a malformed
 * escape. A multi-segment capture is decoded part by part and rejoined with
 * "/" (so an encoded %2F inside a part also reads as a separator).
 */
export function decodeParams(route: CompiledRoute, rawParams: readonly string[]): Record<string, string> {
  const params: Record<string, string> = {};
  route.placeholders.forEach((name, index) => {
    const raw = rawParams[index] ?? "";
    params[name] = index === route.multiSegmentIndex ? raw.split("/").map((part) => decodeURIComponent(part)).join("/") : decodeURIComponent(raw);
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
  const segments = first.path.split("/");
  const names = segments.map((segment) => /^\{([a-z_]+)\}$/.exec(segment)?.[1]);
  const lastPlaceholderAt = names.findLastIndex((name) => name !== undefined);
  const placeholders: string[] = [];
  let multiSegmentIndex = -1;
  let literalCount = 0;
  const source = segments
    .map((segment, at) => {
      const name = names[at];
      if (name !== undefined) {
        placeholders.push(name);
        if (at === lastPlaceholderAt && MULTI_SEGMENT_PLACEHOLDERS.has(name)) {
          multiSegmentIndex = placeholders.length - 1;
          return "(.+)";
        }
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
    multiSegmentIndex,
    minSegments: segmentCount(first.path),
  };
}

function mostSpecificFirst(a: CompiledRoute, b: CompiledRoute): number {
  return b.literalCount - a.literalCount;
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
