// The only reader of process.env: every setting is parsed here with zod, and a wrong value stops
// start-up with a message naming the variable and what it accepts.
import { existsSync, readFileSync } from "node:fs";
import { parseEnv } from "node:util";
import { z } from "zod";

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
const LLM_PROVIDERS = ["openai", "offline"] as const;

const millis = (max: number, fallback: number) =>
  z.string().regex(/^\d+$/).transform(Number).pipe(z.number().min(1).max(max)).default(fallback);
const optionalText = z.string().trim().min(1).optional();

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
  MAX_LLM_PROVIDER: {
    schema: z.enum(LLM_PROVIDERS).optional(),
    allowed: "openai ou offline (défaut : openai si MAX_LLM_MODEL est défini, sinon offline)",
  },
  MAX_LLM_MODEL: {
    schema: optionalText,
    allowed: "le nom du modèle, p. ex. gpt-4o-mini ou llama3.1 (vide : cerveau hors ligne)",
  },
  MAX_LLM_BASE_URL: {
    schema: z.url({ protocol: /^https?$/ }).optional(),
    allowed: "l'URL d'un serveur compatible OpenAI, p. ex. http://localhost:11434/v1 (vide : OpenAI)",
  },
  OPENAI_API_KEY: {
    schema: optionalText,
    allowed: "la clé d'API du serveur de modèle (secret, jamais journalisé)",
    secret: true,
  },
  MAX_LLM_TIMEOUT_MS: {
    schema: millis(600_000, 60_000),
    allowed: "un entier de millisecondes entre 1 et 600000 (défaut 60000)",
  },
  MAX_MEMORY_MESSAGES: {
    schema: z.string().regex(/^\d+$/).transform(Number).pipe(z.number().min(2).max(500)).default(40),
    allowed: "le nombre de messages d'historique rejoués au modèle, entre 2 et 500 (défaut 40)",
  },
  MAX_N8N_SECRET: {
    schema: z.string().min(16).optional(),
    allowed: "au moins 16 caractères ; la clé dont dérive la signature HMAC de chaque tenant vers n8n",
    secret: true,
  },
  MAX_N8N_TIMEOUT_MS: {
    schema: millis(120_000, 10_000),
    allowed: "un entier de millisecondes entre 1 et 120000 (défaut 10000)",
  },
} as const;

type Settings = typeof SETTINGS;
export type SettingName = keyof Settings;

const envSchema = z.object(
  Object.fromEntries(Object.entries(SETTINGS).map(([name, s]) => [name, s.schema])) as {
    [K in SettingName]: Settings[K]["schema"];
  },
);

export interface LlmConfig {
  provider: (typeof LLM_PROVIDERS)[number];
  model?: string;
  baseUrl?: string;
  apiKey?: string;
  timeoutMs: number;
  memoryMessages: number;
}

export interface Config {
  dbPath: string;
  logLevel: (typeof LOG_LEVELS)[number];
  busyTimeoutMs: number;
  llm: LlmConfig;
  n8n: { secret?: string; timeoutMs: number };
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
    const setting = SETTINGS[name];
    // A wrong secret is named, never echoed.
    const received = setting && "secret" in setting ? "(masqué)" : env[name];
    throw new ConfigError(name, setting?.allowed ?? (issue?.message || "?"), received);
  }
  const v = parsed.data;
  const provider = v.MAX_LLM_PROVIDER ?? (v.MAX_LLM_MODEL ? "openai" : "offline");
  if (provider === "openai" && !v.MAX_LLM_MODEL) {
    throw new ConfigError(
      "MAX_LLM_MODEL",
      "un nom de modèle quand MAX_LLM_PROVIDER=openai",
      env.MAX_LLM_MODEL,
    );
  }
  return {
    dbPath: v.MAX_DB_PATH,
    logLevel: v.LOG_LEVEL,
    busyTimeoutMs: v.MAX_BUSY_TIMEOUT_MS,
    llm: {
      provider,
      model: v.MAX_LLM_MODEL,
      baseUrl: v.MAX_LLM_BASE_URL,
      apiKey: v.OPENAI_API_KEY,
      timeoutMs: v.MAX_LLM_TIMEOUT_MS,
      memoryMessages: v.MAX_MEMORY_MESSAGES,
    },
    n8n: { secret: v.MAX_N8N_SECRET, timeoutMs: v.MAX_N8N_TIMEOUT_MS },
  };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, envFile = ".env"): Config {
  return parseConfig(readEnvironment(env, envFile));
}
