// Derives the emulator's request (and, for tests, response) schemas from the installed `stripe`
// package's own type definitions, read with the TypeScript compiler API. The repo's `typescript`
// is v7 (the Go compiler, no JS API), so this uses typescript@5 under the npm alias `typescript5`.
//   npm run stripe:schema   rewrites stripe-emulator/schema/requests.generated.json
// Node only: the emulator itself reads the generated JSON and never loads the compiler.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve as resolvePath } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript5";
import { REQUEST_SPECS, RESPONSE_TYPES, type TypeRef } from "./endpoints.ts";
import type { Prop, Schema, SchemaBundle } from "./types.ts";

const here = dirname(fileURLToPath(import.meta.url));
export const GENERATED_PATH = join(here, "requests.generated.json");

function stripeRoot(): string {
  const require = createRequire(import.meta.url);
  // The package's exports hide package.json: climb from its CommonJS entry (cjs/stripe.cjs.node.js).
  return dirname(dirname(require.resolve("stripe")));
}

/** e.g. "stripe@23.1.0 (API 2026-10-28.endive)". Read from files so this never loads the schemas it writes. */
export function stripeSource(): string {
  const root = stripeRoot();
  const version = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string }).version;
  const api = /ApiVersion = '([^']+)'/.exec(readFileSync(join(root, "esm", "apiVersion.js"), "utf8"))?.[1] ?? "unknown";
  return `stripe@${version} (API ${api})`;
}

/** Converts the compiler's view of stripe's types into Schema, naming interfaces as definitions. */
export class StripeTypes {
  private readonly program: ts.Program;
  private readonly checker: ts.TypeChecker;
  private readonly resources: string;
  /** Named definitions, converted lazily (responses) or all at once (requests). */
  private readonly defs = new Map<string, Schema>();
  private readonly pending = new Map<string, ts.Type>();
  private readonly nameOfSymbol = new Map<ts.Symbol, string>();

  constructor(files: string[]) {
    this.resources = join(stripeRoot(), "esm", "resources");
    const roots = [...new Set(files)].map((file) => join(this.resources, `${file}.d.ts`));
    this.program = ts.createProgram(roots, {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      types: [],
    });
    this.checker = this.program.getTypeChecker();
  }

  /** The type declared as `name` (dotted through namespaces) in resources/<file>.d.ts. */
  typeOf(ref: TypeRef): ts.Type {
    const source = this.program.getSourceFile(join(this.resources, `${ref.file}.d.ts`));
    if (!source) throw new Error(`stripe types: no file resources/${ref.file}.d.ts`);
    let symbol = this.checker.getSymbolAtLocation(source);
    for (const part of ref.name.split(".")) {
      const found: ts.Symbol | undefined = symbol ? this.checker.getExportsOfModule(symbol).find((s) => s.name === part) : undefined;
      if (!found) throw new Error(`stripe types: no ${ref.name} in resources/${ref.file}.d.ts`);
      symbol = found;
    }
    if (!symbol) throw new Error(`stripe types: no ${ref.name}`);
    return this.checker.getDeclaredTypeOfSymbol(symbol);
  }

  /** Schema of a type; interfaces become `{ t: "ref" }` resolved through `definition`. */
  schemaOf(type: ts.Type): Schema {
    return this.convert(type, 0);
  }

  definition = (name: string): Schema => {
    const done = this.defs.get(name);
    if (done) return done;
    const type = this.pending.get(name);
    if (!type) throw new Error(`stripe types: unknown definition ${name}`);
    const schema = this.convertObject(type, 0);
    this.defs.set(name, schema);
    return schema;
  };

  /** Every definition reachable from `roots`, converted (for the checked-in request file). */
  closure(roots: Schema[], extra: Record<string, Schema> = {}): Record<string, Schema> {
    const seen = new Set<string>();
    const lookup = (name: string): Schema => extra[name] ?? this.definition(name);
    const visit = (schema: Schema): void => {
      switch (schema.t) {
        case "ref":
          if (seen.has(schema.ref)) return;
          seen.add(schema.ref);
          visit(lookup(schema.ref));
          return;
        case "array":
          visit(schema.items);
          return;
        case "union":
          schema.of.forEach(visit);
          return;
        case "object":
          Object.values(schema.props).forEach(([, s]) => visit(s));
          if (schema.extra) visit(schema.extra);
          return;
        default:
          return;
      }
    };
    roots.forEach(visit);
    return Object.fromEntries([...seen].sort().map((name) => [name, lookup(name)]));
  }

  private convert(type: ts.Type, depth: number): Schema {
    if (depth > 60) throw new Error(`stripe types: nesting too deep at ${this.checker.typeToString(type)}`);
    const flags = type.flags;
    if (flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return { t: "any" };
    if (flags & ts.TypeFlags.Null) return { t: "null" };
    if (flags & ts.TypeFlags.StringLiteral) return { t: "string", enum: [(type as ts.StringLiteralType).value] };
    if (flags & ts.TypeFlags.String) return { t: "string" };
    if (flags & (ts.TypeFlags.Number | ts.TypeFlags.NumberLiteral)) return { t: "number" };
    if (flags & (ts.TypeFlags.Boolean | ts.TypeFlags.BooleanLiteral)) return { t: "boolean" };
    if (type.isUnion()) return this.convertUnion(type.types, depth);
    if (type.isIntersection()) {
      // OtherString is `string & Record<never, never>`: an open string.
      if (type.types.some((member) => member.flags & ts.TypeFlags.String)) return { t: "string" };
      return this.convertObject(type, depth);
    }
    if (flags & ts.TypeFlags.Object) {
      if (this.checker.isArrayType(type) || this.checker.isTupleType(type)) {
        const items = this.checker.getTypeArguments(type as ts.TypeReference);
        return { t: "array", items: items.length === 1 && items[0] ? this.convert(items[0], depth + 1) : this.convertUnion(items, depth) };
      }
      const symbol = type.getSymbol();
      // Stripe.Decimal is a class the SDK builds from a decimal string on the wire.
      if (symbol?.name === "Decimal") return { t: "string" };
      if (type.getCallSignatures().length > 0) return { t: "any" };
      const name = symbol ? this.definitionName(symbol) : null;
      if (name) {
        if (!this.pending.has(name)) this.pending.set(name, type);
        return { t: "ref", ref: name };
      }
      return this.convertObject(type, depth);
    }
    return { t: "any" };
  }

  private convertUnion(types: readonly ts.Type[], depth: number): Schema {
    const members: Schema[] = [];
    const literals: string[] = [];
    let openString = false;
    let hasNull = false;
    let hasBoolean = false;
    let otherString = false;
    for (const member of types) {
      if (member.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void | ts.TypeFlags.Never)) continue;
      // `'a' | 'b' | OtherString`: the SDK keeps enums open so that values newer than the SDK do
      // not break its types; the API at the pinned version accepts (and sends) only the listed ones.
      if (member.isIntersection() && member.types.some((part) => part.flags & ts.TypeFlags.String)) {
        otherString = true;
        continue;
      }
      const schema = this.convert(member, depth + 1);
      if (schema.t === "string") {
        if (schema.enum) literals.push(...schema.enum);
        else openString = true;
      } else if (schema.t === "null") hasNull = true;
      else if (schema.t === "boolean") hasBoolean = true;
      else if (schema.t === "any") return { t: "any" };
      else members.push(schema);
    }
    if (otherString && literals.length === 0) openString = true;
    const out: Schema[] = [];
    if (hasNull) out.push({ t: "null" });
    if (openString) {
      out.push({ t: "string" });
      // Emptyable<string>: '' stays allowed even though `string` absorbs it.
      if (literals.includes("")) out.push({ t: "string", enum: [""] });
    } else if (literals.length > 0) out.push({ t: "string", enum: [...new Set(literals)].sort() });
    if (hasBoolean) out.push({ t: "boolean" });
    out.push(...members);
    if (out.length === 1 && out[0]) return out[0];
    const tag = this.discriminant(members);
    return tag ? { t: "union", of: out, tag } : { t: "union", of: out };
  }

  /** "type" (events) or "object" when every object member has one literal there. */
  private discriminant(members: Schema[]): string | undefined {
    if (members.length < 2) return undefined;
    for (const tag of ["type", "object"]) {
      const all = members.every((member) => {
        const m = member.t === "ref" ? this.pending.get(member.ref) : undefined;
        const prop = m ? this.checker.getPropertyOfType(m, tag) : undefined;
        const propType = prop ? this.checker.getTypeOfSymbol(prop) : undefined;
        return propType !== undefined && (propType.flags & ts.TypeFlags.StringLiteral) !== 0;
      });
      if (all) return tag;
    }
    return undefined;
  }

  private convertObject(type: ts.Type, depth: number): Schema {
    const props: Record<string, Prop> = {};
    for (const prop of this.checker.getPropertiesOfType(type)) {
      const declaration = prop.valueDeclaration ?? prop.declarations?.[0];
      const propType = declaration ? this.checker.getTypeOfSymbolAtLocation(prop, declaration) : this.checker.getTypeOfSymbol(prop);
      const optional = (prop.flags & ts.SymbolFlags.Optional) !== 0;
      props[prop.name] = [!optional, this.convert(propType, depth + 1)];
    }
    const index = this.checker.getIndexInfoOfType(type, ts.IndexKind.String);
    const sorted = Object.fromEntries(Object.entries(props).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    return index ? { t: "object", props: sorted, extra: this.convert(index.type, depth + 1) } : { t: "object", props: sorted };
  }

  /** "PaymentIntentCreateParams.PaymentMethodOptions.Card", unique across files. */
  private definitionName(symbol: ts.Symbol): string | null {
    const known = this.nameOfSymbol.get(symbol);
    if (known) return known;
    if (!(symbol.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.Class | ts.SymbolFlags.TypeAlias))) return null;
    if (symbol.name.startsWith("__")) return null;
    // Drop the quoted module path the compiler puts first.
    let name = this.checker.getFullyQualifiedName(symbol).replace(/^"[^"]*"\./, "");
    const taken = new Set(this.nameOfSymbol.values());
    if (taken.has(name)) {
      const file = symbol.declarations?.[0]?.getSourceFile().fileName ?? "";
      name = `${file.slice(this.resources.length + 1).replace(/\.d\.ts$/, "")}:${name}`;
    }
    this.nameOfSymbol.set(symbol, name);
    return name;
  }
}

/** The request schemas for every endpoint in REQUEST_SPECS, as checked into the repo. */
export function generateRequestSchemas(): SchemaBundle {
  const files = Object.values(REQUEST_SPECS).flatMap((spec) => [spec.file, ...(spec.add ?? []).map((a) => a.type.file)]);
  const types = new StripeTypes(files);
  const roots: Record<string, Schema> = {};
  const grafted: Record<string, Schema> = {};
  for (const [name, spec] of Object.entries(REQUEST_SPECS)) {
    let root = types.schemaOf(types.typeOf(spec));
    for (const addition of spec.add ?? []) {
      const value = types.schemaOf(types.typeOf(addition.type));
      root = graft(root, addition.path, addition.prop, () => [false, value], name, types.definition, grafted);
    }
    for (const addition of spec.addValues ?? []) {
      root = graft(
        root,
        addition.path,
        addition.prop,
        (existing) => {
          const current = existing?.[1];
          if (!existing || current?.t !== "string" || !current.enum) throw new Error(`graft: ${name} ${addition.prop} is not an enum`);
          return [existing[0], { t: "string", enum: [...new Set([...current.enum, ...addition.values])].sort() }];
        },
        name,
        (ref) => grafted[ref] ?? types.definition(ref),
        grafted,
      );
    }
    roots[name] = root;
  }
  // Stripe's error codes: the closed part of the enum the SDK types error codes with.
  const codes = types.typeOf({ file: "PaymentIntents", name: "PaymentIntent.LastPaymentError.Code" });
  const errorCodes = codes.isUnion() ? codes.types.flatMap((member) => (member.isStringLiteral() ? [member.value] : [])) : [];
  if (errorCodes.length < 100) throw new Error("stripe types: PaymentIntent.LastPaymentError.Code no longer lists the error codes");
  return {
    source: stripeSource(),
    errorCodes: [...errorCodes].sort(),
    roots,
    defs: types.closure(Object.values(roots), grafted),
  };
}

/** Copies the definitions along `path` (under new names) and adds `prop` at its end. */
function graft(
  schema: Schema,
  path: string[],
  prop: string,
  change: (existing: Prop | undefined) => Prop,
  owner: string,
  resolve: (name: string) => Schema,
  out: Record<string, Schema>,
): Schema {
  const target = schema.t === "ref" ? resolve(schema.ref) : schema;
  if (target.t !== "object") throw new Error(`graft: ${owner} ${path.join(".")} is not an object`);
  const [head, ...rest] = path;
  if (head === undefined) return { ...target, props: { ...target.props, [prop]: change(target.props[prop]) } };
  const existing = target.props[head];
  if (!existing) throw new Error(`graft: ${owner} has no ${head}`);
  const inner = graft(existing[1], rest, prop, change, `${owner}.${head}`, resolve, out);
  const innerName = `${owner}.${head}`;
  out[innerName] = inner;
  const copy: Schema = { ...target, props: { ...target.props, [head]: [existing[0], { t: "ref", ref: innerName }] } };
  return copy;
}

/** Response types (by `object`) converted on demand; for tests that check what the emulator sends. */
export function responseTypes(): { schemaFor(object: string): Schema | undefined; resolve: (name: string) => Schema } {
  const types = new StripeTypes(Object.values(RESPONSE_TYPES).map((ref) => ref.file));
  const cache = new Map<string, Schema>();
  return {
    schemaFor(object) {
      const ref = RESPONSE_TYPES[object];
      if (!ref) return undefined;
      let schema = cache.get(object);
      if (!schema) {
        schema = types.schemaOf(types.typeOf(ref));
        cache.set(object, schema);
      }
      return schema;
    },
    resolve: types.definition,
  };
}

/** JSON with one root or definition per line: reviewable diffs, and merges settle by regenerating. */
export function serialize(bundle: SchemaBundle): string {
  const entries = (record: Record<string, Schema>): string =>
    Object.entries(record)
      .map(([name, schema]) => `    ${JSON.stringify(name)}: ${JSON.stringify(schema)}`)
      .join(",\n");
  return [
    "{",
    `  "source": ${JSON.stringify(bundle.source)},`,
    `  "errorCodes": ${JSON.stringify(bundle.errorCodes)},`,
    `  "roots": {\n${entries(bundle.roots)}\n  },`,
    `  "defs": {\n${entries(bundle.defs)}\n  }`,
    "}",
    "",
  ].join("\n");
}

const isMain = process.argv[1] !== undefined && resolvePath(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const started = Date.now();
  const text = serialize(generateRequestSchemas());
  writeFileSync(GENERATED_PATH, text);
  console.log(`wrote ${GENERATED_PATH} (${Math.round(text.length / 1024)} KiB) in ${Date.now() - started} ms`);
}
