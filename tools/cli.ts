// Argument parsing for the command-line tools: node:util parseArgs, strict (an unknown option or a
// missing value is an error, not ignored), with --help and one shape of error for every tool.
import { parseArgs, type ParseArgsOptionsConfig } from "node:util";

export interface Command<O extends ParseArgsOptionsConfig> {
  /** The help text: how to call it, then what each argument means. */
  usage: string;
  options: O;
  /** How many positional arguments it takes, and what one is called in errors. */
  positionals: { name: string; min: number; max: number };
}

/** Wrong arguments: the message says which, in the user's terms. */
export class UsageError extends Error {}

type Parsed<O extends ParseArgsOptionsConfig> = ReturnType<
  typeof parseArgs<{ options: O & { help: { type: "boolean"; short: "h" } }; allowPositionals: true; strict: true }>
>;

function asksForHelp(parsed: { values: object }): boolean {
  return (parsed.values as { help?: boolean }).help === true;
}

/** Parses `argv` for `command`, throwing a UsageError for anything it does not take. */
export function readArgs<O extends ParseArgsOptionsConfig>(command: Command<O>, argv: string[]): Parsed<O> {
  let parsed: Parsed<O>;
  try {
    parsed = parseArgs({
      args: argv,
      options: { ...command.options, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
      strict: true,
    }) as Parsed<O>;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (asksForHelp(parsed)) return parsed;
  const { name, min, max } = command.positionals;
  const count = parsed.positionals.length;
  if (count < min)
    throw new UsageError(min === 1 && max === 1 ? `Missing the ${name}.` : `Give at least ${min === 1 ? "one" : min} ${name}${min === 1 ? "" : "s"}.`);
  if (count > max) {
    throw new UsageError(
      max === 0 ? `Unexpected argument '${parsed.positionals[0]}'.` : `Too many arguments: takes ${max === 1 ? `one ${name}` : `at most ${max} ${name}s`}.`,
    );
  }
  return parsed;
}

/**
 * `readArgs` for a tool's own process: --help prints the usage and exits 0; wrong arguments print
 * what is wrong and the usage, and exit 2 (nothing was done).
 */
export function parseCommand<O extends ParseArgsOptionsConfig>(command: Command<O>, argv: string[] = process.argv.slice(2)): Parsed<O> {
  try {
    const parsed = readArgs(command, argv);
    if (asksForHelp(parsed)) {
      console.log(command.usage);
      process.exit(0);
    }
    return parsed;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    exitWithUsage(command, error.message);
  }
}

/** For checks parseArgs cannot make (a value's format): the same error shape and exit code. */
export function exitWithUsage(command: Command<ParseArgsOptionsConfig>, message: string): never {
  console.error(`error: ${message}\n\n${command.usage}`);
  process.exit(2);
}
