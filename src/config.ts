// The only reader of process.env: every setting is parsed here with zod, and a wrong value stops
// start-up with a message naming the variable and what it accepts.
import { existsSync, readFileSync } from "node:fs";
import { parseEnv } from "node:util";
import { z } from "zod";

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

/** Each setting with the schema that parses it and the sentence that documents what it allows. */
export const SETTINGS = {
  MAX_DB_PATH: {
    schema: z.string().trim().min(1).default("./data/max.db"),
    allowed: "un chemin de fichier SQLite (défaut ./data/max.db ; ':memory:' pour une base jetable)",
  },
  LOG_LEVEL: {
    schema: z.enum(LOG_LEVELS).default("info"),
    allowed: `une valeur parmi ${LOG_LEVELS.join(", ")} (défaut info)`,
  },
  MAX_BUSY_TIMEOUT_MS: {
    schema: z.string().regex(/^\d+$/).transform(Number).pipe(z.number().max(600_000)).default(5000),
    allowed: "un entier de millisecondes entre 0 et 600000 (défaut 5000)",
  },
} as const;

type Settings = typeof SETTINGS;
export type SettingName = keyof Settings;

const envSchema = z.object(
  Object.fromEntries(Object.entries(SETTINGS).map(([name, s]) => [name, s.schema])) as {
    [K in SettingName]: Settings[K]["schema"];
  },
);

export interface Config {
  dbPath: string;
  logLevel: (typeof LOG_LEVELS)[number];
  busyTimeoutMs: number;
}

export class ConfigError extends Error {
  readonly code = "CONFIG_INVALID";
  constructor(
    readonly variable: string,
    readonly allowed: string,
    received: unknown,
  ) {
    super(`Configuration invalide : ${variable}=${JSON.stringify(received)} — attendu : ${allowed}`);
  }
}

/** Reads `.env` (when present) under the real environment, which always wins. */
export function readEnvironment(
  env: NodeJS.ProcessEnv = process.env,
  envFile = ".env",
): Record<string, string> {
  const fromFile = existsSync(envFile) ? parseEnv(readFileSync(envFile, "utf8")) : {};
  const merged: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...fromFile, ...env })) if (typeof v === "string") merged[k] = v;
  return merged;
}

export function parseConfig(env: Record<string, string | undefined>): Config {
  // An empty value means "unset", as in most .env conventions, so defaults apply.
  const known = Object.fromEntries(Object.keys(SETTINGS).map((k) => [k, env[k] === "" ? undefined : env[k]]));
  const parsed = envSchema.safeParse(known);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? "?") as SettingName;
    throw new ConfigError(name, SETTINGS[name]?.allowed ?? (issue?.message || "?"), env[name]);
  }
  const v = parsed.data;
  return { dbPath: v.MAX_DB_PATH, logLevel: v.LOG_LEVEL, busyTimeoutMs: v.MAX_BUSY_TIMEOUT_MS };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, envFile = ".env"): Config {
  return parseConfig(readEnvironment(env, envFile));
}
