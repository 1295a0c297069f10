// What a command needs from the outside world, so tests can run commands in-process.
import { type ParseArgsConfig, parseArgs } from "node:util";
import type { Config } from "../config.js";
import type { Store } from "../store/index.js";

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** What the user types, for `max chat`; absent when nobody can type. */
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
}

export interface CommandContext {
  io: CliIo;
  args: string[];
  config: Config;
  openStore: () => Store;
}

/** A mistake in how the command was called: one line on stderr, exit code 2. */
export class UsageError extends Error {
  readonly code = "USAGE";
}

export function parseFlags<O extends NonNullable<ParseArgsConfig["options"]>>(args: string[], options: O) {
  return parseCommand(args, options, false).values;
}

/** Flags plus positional words (the text of `max ask`, the id of `max confirm`). */
export function parseCommand<O extends NonNullable<ParseArgsConfig["options"]>>(
  args: string[],
  options: O,
  allowPositionals = true,
) {
  try {
    return parseArgs({
      args,
      options: { ...options, json: { type: "boolean" } },
      strict: true,
      allowPositionals,
    });
  } catch (error) {
    throw new UsageError(frenchParseError(error as Error & { code?: string }));
  }
}

function frenchParseError(error: Error & { code?: string }): string {
  const option = /'([^']+)'/.exec(error.message)?.[1] ?? "";
  switch (error.code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
      return `option inconnue ${option}`;
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
      return `valeur manquante ou invalide pour ${option.split(" ")[0]}`;
    case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL":
      return `argument inattendu « ${option} »`;
    default:
      return `arguments invalides : ${error.message.split("\n")[0]}`;
  }
}

export function intFlag(
  name: string,
  value: string | undefined,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^-?\d+$/.test(value) || n < min || n > max) {
    throw new UsageError(`--${name} attend un entier entre ${min} et ${max} (reçu « ${value} »)`);
  }
  return n;
}

export function printJson(io: CliIo, value: unknown): void {
  io.stdout(`${JSON.stringify(value, null, 2)}\n`);
}

/** A flag whose value must be one of a list. */
export function oneOf<T extends string>(
  name: string,
  value: string | undefined,
  allowed: readonly T[],
): T | undefined {
  if (value === undefined || (allowed as readonly string[]).includes(value)) return value as T | undefined;
  throw new UsageError(`--${name} attend ${allowed.join(", ")} (reçu « ${value} »)`);
}
