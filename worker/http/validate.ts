// Input at the HTTP boundary: every form, JSON body and query string a route reads goes through a
// valibot schema (worker/http/inputs.ts) in hono's validator. A schema bounds and shapes the
// input and calls the domain's own parsers; what only the domain can judge (a lookup, an email
// address, a help request) is still judged there, so its messages stay beside its form.
import type { Context, MiddlewareHandler } from "hono";
import { validator } from "hono/validator";
import * as v from "valibot";
import { PortalError } from "../domain/errors";
import type { AppEnv } from "../env";

type Target = "form" | "json" | "query" | "param";

/** Answers input the schema refuses (the form again with its message, or the API's own error). */
export type OnInvalid = (c: Context<AppEnv>, issues: v.BaseIssue<unknown>[]) => Response | Promise<Response>;

/**
 * The validator for one target. Without `onInvalid`, refused input is a PortalError("validation"):
 * a 422 page saying nothing was changed, or the staff API's {"error": "validation", details}.
 */
export function valid<T extends Target, S extends v.GenericSchema>(
  target: T,
  schema: S,
  onInvalid?: OnInvalid,
): MiddlewareHandler<AppEnv, string, { out: { [K in T]: v.InferOutput<S> } }> {
  return validator(target, async (value, c: Context<AppEnv>) => {
    const result = v.safeParse(schema, value);
    if (result.success) return result.output;
    if (onInvalid) return onInvalid(c, result.issues);
    throw new PortalError("validation", "input refused by its schema", { fieldErrors: fieldErrors(result.issues) });
  }) as never;
}

/** Each refused field with the schema's words for it ("an amount like 1,000.00"). */
export function fieldErrors(issues: v.BaseIssue<unknown>[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    const key = v.getDotPath(issue) ?? "body";
    errors[key] ??= issue.message;
  }
  return errors;
}
