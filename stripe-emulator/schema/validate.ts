// Checks values against schemas generated from the `stripe` package's types (see generate.ts).
// Requests: decoded form parameters, refused with the errors Stripe gives (first problem wins).
// Responses: JSON objects the emulator sends, every problem listed (used by tests).
// Pure functions (no I/O), so they run in Node and in workerd.
import { invalidRequest, isObject, StripeApiError, type FormObject, type FormValue } from "../wire.ts";
import type { Resolve, Schema } from "./types.ts";

// ---------------------------------------------------------------------------
// Requests

/**
 * Throws Stripe's 400 for the first parameter the schema refuses: `parameter_unknown`,
 * `parameter_missing`, `parameter_invalid_integer`, `parameter_invalid_empty`, or an
 * `invalid_request_error` without a code for a bad enum value, boolean, string, array or hash.
 */
export function validateParams(schema: Schema, params: FormObject, resolve: Resolve): void {
  checkParam(schema, params, "", resolve);
}

function deref(schema: Schema, resolve: Resolve): Schema {
  let current = schema;
  for (let depth = 0; current.t === "ref"; depth++) {
    if (depth > 50) throw new Error(`Schema reference loop at ${schema.t === "ref" ? schema.ref : "?"}`);
    current = resolve(current.ref);
  }
  return current;
}

/** Whether the SDK's encoding of `null` or `''` (an empty string: "unset") is allowed. */
function allowsEmpty(schema: Schema, resolve: Resolve): boolean {
  const s = deref(schema, resolve);
  if (s.t === "null" || s.t === "any") return true;
  if (s.t === "string") return s.enum ? s.enum.includes("") : false;
  if (s.t === "union") return s.of.some((member) => allowsEmpty(member, resolve));
  return false;
}

function child(path: string, key: string): string {
  return path === "" ? key : `${path}[${key}]`;
}

function describe(value: FormValue): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

function emptyRefused(path: string): StripeApiError {
  return invalidRequest(
    `You passed an empty string for '${path}'. We assume empty values are an attempt to unset a parameter; however '${path}' cannot be unset. You should remove '${path}' from your request or supply a non-empty value.`,
    { param: path, code: "parameter_invalid_empty" },
  );
}

function checkParam(schema: Schema, value: FormValue, path: string, resolve: Resolve): void {
  const s = deref(schema, resolve);
  if (value === "" && allowsEmpty(s, resolve)) return;
  switch (s.t) {
    case "any":
      return;
    case "null":
      throw emptyRefused(path);
    case "string":
      if (typeof value !== "string") throw invalidRequest(`Invalid string: ${describe(value)}`, { param: path });
      if (value === "") throw emptyRefused(path);
      if (s.enum && !s.enum.includes(value)) throw invalidRequest(`Invalid ${path}: must be one of ${oneOf(s.enum)}`, { param: path });
      return;
    case "number":
      if (typeof value !== "string" || !/^-?\d{1,18}$/.test(value)) {
        if (value === "") throw emptyRefused(path);
        throw invalidRequest(`Invalid integer: ${describe(value)}`, { param: path, code: "parameter_invalid_integer" });
      }
      return;
    case "boolean":
      if (value === "") throw emptyRefused(path);
      if (value !== "true" && value !== "false") throw invalidRequest(`Invalid boolean: ${describe(value)}`, { param: path });
      return;
    case "array":
      if (value === "") throw emptyRefused(path);
      if (!Array.isArray(value)) throw invalidRequest(`Invalid array`, { param: path });
      value.forEach((item, index) => checkParam(s.items, item, child(path, String(index)), resolve));
      return;
    case "object":
      checkObjectParam(s, value, path, resolve);
      return;
    case "union":
      checkUnionParam(s.of, value, path, resolve);
      return;
    case "ref":
      return; // deref removed refs
  }
}

function checkObjectParam(s: Extract<Schema, { t: "object" }>, value: FormValue, path: string, resolve: Resolve): void {
  if (value === "") throw emptyRefused(path);
  // `metadata[0]=x` decodes to an array: its indexes were keys.
  const object: FormObject | undefined = Array.isArray(value)
    ? Object.fromEntries(value.map((item, index) => [String(index), item]))
    : isObject(value)
      ? value
      : undefined;
  if (!object) throw invalidRequest("Invalid hash", { param: path });
  // Unknown names first, as Stripe does, so a typo is reported as such rather than as "missing".
  for (const key of Object.keys(object)) {
    if (!(key in s.props) && !s.extra) {
      const name = child(path, key);
      // Like Stripe's "Did you mean ...?", for a renamed one (payment_method_types on endive).
      const near = Object.keys(s.props).find((known) => known.endsWith(`_${key}`));
      const hint = near ? `. Did you mean ${near}?` : "";
      throw invalidRequest(`Received unknown parameter: ${name}${hint}`, { param: name, code: "parameter_unknown" });
    }
  }
  for (const [key, item] of Object.entries(object)) {
    const prop = s.props[key];
    const itemSchema = prop ? prop[1] : s.extra;
    if (!itemSchema) continue;
    if (prop?.[0] && item === "") throw missing(child(path, key));
    checkParam(itemSchema, item, child(path, key), resolve);
  }
  for (const [key, [required]] of Object.entries(s.props)) {
    if (required && object[key] === undefined) throw missing(child(path, key));
  }
}

function missing(path: string): StripeApiError {
  return invalidRequest(`Missing required param: ${path}.`, { param: path, code: "parameter_missing" });
}

function checkUnionParam(members: Schema[], value: FormValue, path: string, resolve: Resolve): void {
  let firstError: unknown = null;
  // Prefer the error of the member shaped like the value (a hash for a hash...), which is the one
  // the caller most likely meant.
  let shapedError: unknown = null;
  for (const member of members) {
    try {
      checkParam(member, value, path, resolve);
      return;
    } catch (error) {
      if (!(error instanceof StripeApiError)) throw error;
      firstError ??= error;
      if (shapedError === null && sameShape(deref(member, resolve), value)) shapedError = error;
    }
  }
  throw shapedError ?? firstError ?? invalidRequest(`Invalid value for ${path}`, { param: path });
}

function sameShape(schema: Schema, value: FormValue): boolean {
  if (Array.isArray(value)) return schema.t === "array" || (schema.t === "object" && schema.extra !== undefined);
  if (isObject(value)) return schema.t === "object";
  return schema.t === "string" || schema.t === "number" || schema.t === "boolean";
}

function oneOf(values: string[]): string {
  const shown = values.filter((value) => value !== "");
  if (shown.length <= 1) return shown.join("");
  return `${shown.slice(0, -1).join(", ")}, or ${shown.at(-1)}`;
}

// ---------------------------------------------------------------------------
// Responses (JSON): every problem, with a path, for a test to print.

export function checkResponse(schema: Schema, value: unknown, resolve: Resolve, path = "$"): string[] {
  const problems: string[] = [];
  checkJson(schema, value, path, resolve, problems);
  return problems;
}

function checkJson(schema: Schema, value: unknown, path: string, resolve: Resolve, problems: string[]): void {
  const s = deref(schema, resolve);
  switch (s.t) {
    case "any":
      return;
    case "null":
      if (value !== null) problems.push(`${path}: expected null, got ${kind(value)}`);
      return;
    case "string":
      if (typeof value !== "string") problems.push(`${path}: expected string, got ${kind(value)}`);
      else if (s.enum && !s.enum.includes(value)) problems.push(`${path}: ${JSON.stringify(value)} is not one of ${s.enum.join(", ")}`);
      return;
    case "number":
      if (typeof value !== "number" || !Number.isFinite(value)) problems.push(`${path}: expected number, got ${kind(value)}`);
      return;
    case "boolean":
      if (typeof value !== "boolean") problems.push(`${path}: expected boolean, got ${kind(value)}`);
      return;
    case "array":
      if (!Array.isArray(value)) problems.push(`${path}: expected array, got ${kind(value)}`);
      else value.forEach((item, index) => checkJson(s.items, item, `${path}[${index}]`, resolve, problems));
      return;
    case "object": {
      if (typeof value !== "object" || value === null || Array.isArray(value)) {
        problems.push(`${path}: expected object, got ${kind(value)}`);
        return;
      }
      const record = value as Record<string, unknown>;
      for (const [key, item] of Object.entries(record)) {
        const prop = s.props[key];
        if (prop) checkJson(prop[1], item, `${path}.${key}`, resolve, problems);
        else if (s.extra) checkJson(s.extra, item, `${path}.${key}`, resolve, problems);
        else problems.push(`${path}.${key}: not in the type`);
      }
      for (const [key, [required]] of Object.entries(s.props)) {
        if (required && !(key in record)) problems.push(`${path}.${key}: required, missing`);
      }
      return;
    }
    case "union": {
      let members = s.of;
      if (s.tag && typeof value === "object" && value !== null) {
        const tagValue = (value as Record<string, unknown>)[s.tag];
        members = s.of.filter((member) => {
          const m = deref(member, resolve);
          const tagProp = m.t === "object" ? m.props[s.tag ?? ""] : undefined;
          const tagSchema = tagProp ? deref(tagProp[1], resolve) : undefined;
          return tagSchema?.t === "string" && tagSchema.enum?.includes(String(tagValue));
        });
        if (members.length === 0) {
          problems.push(`${path}.${s.tag}: ${JSON.stringify(tagValue)} matches no type`);
          return;
        }
      }
      let best: string[] | null = null;
      for (const member of members) {
        const found: string[] = [];
        checkJson(member, value, path, resolve, found);
        if (found.length === 0) return;
        if (best === null || found.length < best.length) best = found;
      }
      problems.push(...(best ?? [`${path}: matches no member of the union`]));
      return;
    }
    case "ref":
      return;
  }
}

function kind(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value === "string" ? `string ${JSON.stringify(value.slice(0, 40))}` : typeof value;
}
