import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import ts from "typescript";

// Reads the official wrapper (crisp-api) twice: at run time, to list every
// method its services expose, and through the TypeScript compiler, to read
// each method's parameters and types and make a value for each. The values
// fill every optional field of every body type: a field our schemas refuse or
// drop then shows up as a difference.

const require = createRequire(import.meta.url);
/** node_modules/crisp-api/dist */
export const WRAPPER_DIST = dirname(require.resolve("crisp-api"));
/** The installed wrapper's version (its exports hide package.json from require). */
export const WRAPPER_VERSION = (JSON.parse(readFileSync(join(WRAPPER_DIST, "..", "package.json"), "utf8")) as { version: string })
  .version;

export const WRAPPER_SERVICES = ["website", "plugin", "plan", "media", "bucket"] as const;
export type WrapperService = (typeof WRAPPER_SERVICES)[number];

export interface WrapperMethod {
  service: WrapperService;
  /** The resource class, e.g. WebsiteConversation or PlanSubscriptionService. */
  resource: string;
  /** The method name, e.g. listConversations. */
  method: string;
}

type ResourceClass = { name: string; prototype: object };
type ServiceMap = { __resources?: ResourceClass[] } & Record<string, unknown>;

/**
 * Every REST method of the wrapper, found by walking the resource classes of
 * each service (as the wrapper itself binds them), so that a method added by a
 * future release is listed without any change here.
 */
export function listWrapperMethods(crisp: Record<WrapperService, unknown>): WrapperMethod[] {
  const methods: WrapperMethod[] = [];
  for (const service of WRAPPER_SERVICES) {
    const resources = (crisp[service] as ServiceMap).__resources ?? [];
    if (resources.length === 0) throw new Error(`crisp.${service} lists no resources: has the wrapper changed its layout?`);
    for (const resource of resources) {
      for (const method of Object.getOwnPropertyNames(resource.prototype)) {
        if (method !== "constructor") methods.push({ service, resource: resource.name, method });
      }
    }
  }
  return methods;
}

/** Where a value is being made: enough for a hints table to pick a value that our schemas accept. */
export interface SampleContext {
  /** The wrapper method, e.g. sendMessageInConversation. */
  method: string;
  /** The parameter, then each property down to this value, e.g. ["message", "user", "type"] (an array's items share its path). */
  path: readonly string[];
  /** The interface or type alias that declares the property, e.g. ConversationMessageUser. */
  owner?: string;
  /** What the wrapper's type asks for here. */
  /**
   * What the wrapper's type asks for here: a primitive, an open object, a
   * record's key, or "literal" for a union of literals (where only a hint
   * naming this place should replace the type's first member).
   */
  kind: "string" | "number" | "boolean" | "object" | "unknown" | "key" | "literal";
}

/** Returns a value for a primitive (or an open `object`), or undefined to let the type decide. */
export type Hints = (ctx: SampleContext) => unknown;

export interface WrapperParam {
  name: string;
  optional: boolean;
  type: ts.Type;
}

/** One way to call a method: the positional values, and a label when a parameter's union was split. */
export interface SampledCall {
  label?: string;
  values: unknown[];
  /** Properties left out because `skip` said so, as paths: [param, prop, ...]. */
  skipped: string[][];
}

const SKIP = Symbol("skip");
const MAX_DEPTH = 8;

/** The wrapper's declarations (dist/resources/*.d.ts), read with the TypeScript compiler. */
export class WrapperTypes {
  private readonly checker: ts.TypeChecker;
  private readonly classes = new Map<string, ts.ClassDeclaration>();

  constructor() {
    const dir = join(WRAPPER_DIST, "resources");
    const files = ts.sys.readDirectory(dir, [".d.ts"]);
    const program = ts.createProgram(files, {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      types: [],
      target: ts.ScriptTarget.ES2022,
      lib: ["lib.es2022.d.ts"],
    });
    this.checker = program.getTypeChecker();
    for (const file of files) {
      const source = program.getSourceFile(file);
      if (!source) continue;
      ts.forEachChild(source, (node) => {
        if (ts.isClassDeclaration(node) && node.name) this.classes.set(node.name.text, node);
      });
    }
  }

  /** The declared parameters of resource.method, or undefined when the declarations do not have it. */
  params(resource: string, method: string): WrapperParam[] | undefined {
    const cls = this.classes.get(resource);
    const member = cls?.members.find(
      (m): m is ts.MethodDeclaration => ts.isMethodDeclaration(m) && m.name.getText() === method,
    );
    if (!member) return undefined;
    return member.parameters.map((p) => ({
      name: p.name.getText(),
      optional: Boolean(p.questionToken || p.initializer),
      type: this.checker.getTypeAtLocation(p),
    }));
  }

  /**
   * The calls to make for a method: one, or one per member when a parameter
   * is a union of shapes (the message types of sendMessageInConversation, the
   * search options of listConversations): every member is tried.
   */
  calls(method: string, params: readonly WrapperParam[], hints: Hints, skip: ReadonlySet<string>): SampledCall[] {
    const splitAt = params.findIndex((p) => this.shapeMembers(p.type).length > 1);
    const members = splitAt === -1 ? [undefined] : this.shapeMembers(params[splitAt]!.type);
    return members.flatMap((member) => {
      const label = member ? this.labelOf(member) : undefined;
      const call = (nulls: boolean): SampledCall => {
        const skipped: string[][] = [];
        const values = params.map((p, i) => {
          const type = i === splitAt && member ? member : p.type;
          const value = this.sample(type, { method, path: [p.name], kind: "unknown" }, hints, skip, skipped, 0, nulls);
          return value === SKIP ? undefined : value;
        });
        return { label: nulls ? [label, "null"].filter(Boolean).join(", ") : label, values, skipped };
      };
      const plain = call(false);
      // Where a body type allows null (inbox_id: string | null), a second call sends the nulls.
      const withNulls = call(true);
      return JSON.stringify(withNulls.values) === JSON.stringify(plain.values) ? [plain] : [plain, withNulls];
    });
  }

  /** The members of a union of shapes (objects, or objects and a string), or [] for anything else. */
  private shapeMembers(type: ts.Type): ts.Type[] {
    const members = this.definedMembers(type);
    if (members.length < 2) return [];
    if (!members.some((m) => m.flags & ts.TypeFlags.Object)) return [];
    return members;
  }

  private labelOf(type: ts.Type): string {
    return type.aliasSymbol?.name ?? type.getSymbol()?.name ?? this.checker.typeToString(type);
  }

  /** A union's members without undefined and null; a non-union as itself. */
  private definedMembers(type: ts.Type): ts.Type[] {
    const all = type.isUnion() && !(type.flags & ts.TypeFlags.Boolean) ? type.types : [type];
    return all.filter((t) => !(t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null | ts.TypeFlags.Void | ts.TypeFlags.Never)));
  }

  private sample(
    type: ts.Type,
    ctx: SampleContext,
    hints: Hints,
    skip: ReadonlySet<string>,
    skipped: string[][],
    depth: number,
    nulls = false,
  ): unknown {
    // Inside a body, null is sent as is; a null positional argument is the wrapper's "not given".
    if (nulls && depth > 0 && type.isUnion() && type.types.some((t) => t.flags & ts.TypeFlags.Null)) return null;
    if (depth > MAX_DEPTH) throw new Error(`${ctx.method}: ${ctx.path.join(".")} nests deeper than ${MAX_DEPTH}`);
    const members = this.definedMembers(type);
    if (members.length === 0) return SKIP;
    // An optional boolean is undefined | false | true: still a boolean.
    if (members.length === 2 && members.every((m) => m.flags & ts.TypeFlags.BooleanLiteral)) {
      return this.primitive(ctx, "boolean", hints);
    }
    if (members.length > 1 && !(type.flags & ts.TypeFlags.Boolean)) {
      // A union of literals: 0 | 1 flags give 1; others their first member, unless a hint says otherwise.
      if (members.every((m) => m.isLiteral() || m.flags & ts.TypeFlags.BooleanLiteral)) {
        const literals = members.map((m) => this.literalOf(m));
        const hinted = hints({ ...ctx, kind: "literal" });
        if (hinted !== undefined) return hinted;
        if (literals.length === 2 && literals.includes(0) && literals.includes(1)) return 1;
        return literals[0];
      }
      // A union of shapes inside a body: the richest one.
      const shapes = members.filter((m) => m.flags & ts.TypeFlags.Object && !this.checker.isArrayType(m));
      if (shapes.length > 0) {
        const richest = shapes.reduce((a, b) =>
          this.checker.getPropertiesOfType(b).length > this.checker.getPropertiesOfType(a).length ? b : a,
        );
        return this.sample(richest, ctx, hints, skip, skipped, depth + 1, nulls);
      }
      // string | number (the message timestamps): the number.
      const number = members.find((m) => m.flags & ts.TypeFlags.Number);
      return this.sample(number ?? members[0]!, ctx, hints, skip, skipped, depth + 1, nulls);
    }
    const one = members.length === 1 ? members[0]! : type;
    const flags = one.flags;
    if (one.isLiteral() || flags & ts.TypeFlags.BooleanLiteral) return this.literalOf(one);
    if (flags & ts.TypeFlags.TemplateLiteral) {
      const template = one as ts.TemplateLiteralType;
      return template.texts.join("example");
    }
    if (flags & ts.TypeFlags.String) return this.primitive(ctx, "string", hints);
    if (flags & ts.TypeFlags.Number) return this.primitive(ctx, "number", hints);
    if (flags & ts.TypeFlags.Boolean) return this.primitive(ctx, "boolean", hints);
    if (flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return this.primitive(ctx, "unknown", hints);
    if (flags & ts.TypeFlags.NonPrimitive) return this.primitive(ctx, "object", hints);
    if (this.checker.isArrayType(one)) {
      const [element] = this.checker.getTypeArguments(one as ts.TypeReference);
      const item = this.sample(element!, ctx, hints, skip, skipped, depth + 1, nulls);
      return item === SKIP ? [] : [item];
    }
    if (flags & (ts.TypeFlags.Object | ts.TypeFlags.Intersection)) {
      const props = this.checker.getPropertiesOfType(one);
      const [index] = this.checker.getIndexInfosOfType(one);
      if (props.length === 0 && index) {
        // Record<string, X> and { [key: string]: X }: one entry.
        const key = hints({ ...ctx, kind: "key" }) ?? "plan";
        const value = this.sample(index.type, ctx, hints, skip, skipped, depth + 1, nulls);
        return value === SKIP ? {} : { [String(key)]: value };
      }
      if (props.length === 0) return this.primitive(ctx, "object", hints);
      const out: Record<string, unknown> = {};
      for (const prop of props) {
        const owner = ownerOf(prop);
        const path = [...ctx.path, prop.name];
        if (owner && skip.has(`${owner}.${prop.name}`)) {
          skipped.push(path);
          continue;
        }
        const propCtx: SampleContext = { method: ctx.method, path, owner, kind: "unknown" };
        const value = this.sample(this.checker.getTypeOfSymbol(prop), propCtx, hints, skip, skipped, depth + 1, nulls);
        if (value !== SKIP) out[prop.name] = value;
      }
      return out;
    }
    throw new Error(`${ctx.method}: no value for ${ctx.path.join(".")} of type ${this.checker.typeToString(one)}`);
  }

  private primitive(ctx: SampleContext, kind: SampleContext["kind"], hints: Hints): unknown {
    const value = hints({ ...ctx, kind });
    if (value === undefined) throw new Error(`no hint for ${ctx.method}: ${ctx.path.join(".")} (${kind}, owner ${ctx.owner ?? "-"})`);
    return value;
  }

  private literalOf(type: ts.Type): string | number | boolean {
    if (type.flags & ts.TypeFlags.BooleanLiteral) return this.checker.typeToString(type) === "true";
    return (type as ts.LiteralType).value as string | number;
  }
}

/** The interface or type alias that declares a property (inherited ones keep their own declarer). */
function ownerOf(symbol: ts.Symbol): string | undefined {
  const parent = symbol.declarations?.[0]?.parent;
  if (!parent) return undefined;
  if (ts.isInterfaceDeclaration(parent)) return parent.name.text;
  if (ts.isTypeLiteralNode(parent) && ts.isTypeAliasDeclaration(parent.parent)) return parent.parent.name.text;
  return undefined;
}
