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
const httpUrl = z.url({ protocol: /^https?$/ });

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
    schema: httpUrl.optional(),
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
  PORT: {
    schema: z.string().regex(/^\d+$/).transform(Number).pipe(z.number().min(0).max(65_535)).default(3000),
    allowed: "un port TCP entre 0 et 65535 (défaut 3000 ; 0 = un port libre)",
  },
  HOST: {
    schema: z.string().trim().min(1).default("127.0.0.1"),
    allowed: "l'adresse d'écoute (défaut 127.0.0.1 ; 0.0.0.0 pour toutes)",
  },
  MAX_PUBLIC_URL: {
    schema: httpUrl.optional(),
    allowed: "l'URL publique de base du serveur, celle que Twilio signe (p. ex. https://max.example.fr)",
  },
  MAX_WEB_DEMO: {
    schema: z.enum(["true", "false"]).optional(),
    allowed:
      "true ou false : le chat web s'ouvre sans compte, comme le coach de démo (défaut : true sans MAX_PUBLIC_URL)",
  },
  SLACK_BOT_TOKEN: { schema: optionalText, allowed: "le jeton du bot Slack (xoxb-…, secret)", secret: true },
  SLACK_SIGNING_SECRET: {
    schema: optionalText,
    allowed: "le secret de signature de l'app Slack",
    secret: true,
  },
  SLACK_API_URL: {
    schema: httpUrl.default("https://slack.com/api/"),
    allowed: "l'URL de l'API Slack (défaut https://slack.com/api/ ; les tests la pointent vers une maquette)",
  },
  TWILIO_ACCOUNT_SID: { schema: optionalText, allowed: "l'identifiant du compte Twilio (AC…)" },
  TWILIO_AUTH_TOKEN: { schema: optionalText, allowed: "le jeton d'authentification Twilio", secret: true },
  TWILIO_WHATSAPP_FROM: {
    schema: optionalText,
    allowed: "le numéro WhatsApp d'envoi, p. ex. whatsapp:+33100000000",
  },
  TWILIO_API_URL: {
    schema: httpUrl.default("https://api.twilio.com"),
    allowed: "l'URL de l'API Twilio (défaut https://api.twilio.com)",
  },
  TWILIO_CONTENT_SIDS: {
    schema: z
      .string()
      .regex(/^[a-z0-9-]+=HX\w+(,[a-z0-9-]+=HX\w+)*$/)
      .optional(),
    allowed: "les modèles WhatsApp approuvés, modele=HX…, séparés par des virgules",
  },
  MICROSOFT_APP_ID: { schema: optionalText, allowed: "l'identifiant de l'app Bot Framework" },
  MICROSOFT_APP_PASSWORD: {
    schema: optionalText,
    allowed: "le mot de passe de l'app Bot Framework",
    secret: true,
  },
  MAX_BOTFRAMEWORK_EMULATOR: {
    schema: z.enum(["true", "false"]).default("false"),
    allowed:
      "true ou false : sans MICROSOFT_APP_ID, ouvre POST /api/messages au seul Bot Framework Emulator local (requêtes et serviceUrl en boucle locale) ; défaut false",
  },
  MAX_SMTP_URL: {
    schema: z.url({ protocol: /^smtps?$/ }).optional(),
    allowed: "l'URL SMTP de la boîte du tenant de démo, smtp://utilisateur:motdepasse@hôte:port (secret)",
    secret: true,
  },
  MAX_IMAP_URL: {
    schema: z.url({ protocol: /^imaps?$/ }).optional(),
    allowed:
      "l'URL IMAP de la boîte du tenant de démo, imap://utilisateur:motdepasse@hôte:port/INBOX (secret)",
    secret: true,
  },
  MAX_MAIL_FROM: {
    schema: z.email().optional(),
    allowed: "l'adresse d'expédition du tenant de démo, p. ex. sophie@demo-coaching.fr",
  },
  MAX_IMAP_POLL_MS: {
    schema: millis(3_600_000, 60_000),
    allowed:
      "un entier de millisecondes entre 1 et 3600000 : relève IMAP de secours quand IDLE se tait (défaut 60000)",
  },
  MAX_CAMPAIGN_RATE: {
    schema: z.string().regex(/^\d+$/).transform(Number).pipe(z.number().min(1).max(1000)).default(5),
    allowed:
      "le nombre d'e-mails de campagne envoyés par seconde et par tenant, entre 1 et 1000 (défaut 5 ; le rythme de la boîte e-mail)",
  },
  MAX_ESPOCRM_POLL_MS: {
    schema: millis(3_600_000, 60_000),
    allowed:
      "un entier de millisecondes entre 1 et 3600000 : relève des leads modifiés dans EspoCRM, filet des webhooks (défaut 60000)",
  },
  MAX_ESPOCRM_TIMEOUT_MS: {
    schema: millis(120_000, 15_000),
    allowed: "un entier de millisecondes entre 1 et 120000 : délai d'un appel à EspoCRM (défaut 15000)",
  },
  MAX_PREQUAL_TIMEOUT_DAYS: {
    schema: z.string().regex(/^\d+$/).transform(Number).pipe(z.number().min(1).max(60)).default(3),
    allowed: "le nombre de jours sans réponse avant motivation « faible », entre 1 et 60 (défaut 3)",
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
  /** Each tenant's EspoCRM is linked by `max connect espocrm`; here, how often and how long it is called. */
  espocrm: { pollMs: number; timeoutMs: number };
  http: { port: number; host: string; publicUrl: string; webDemo: boolean };
  slack: { botToken?: string; signingSecret?: string; apiUrl: string };
  twilio: {
    accountSid?: string;
    authToken?: string;
    whatsappFrom?: string;
    apiUrl: string;
    /** Approved WhatsApp templates: template id -> content SID. */
    contentSids: Record<string, string>;
  };
  /** Without an app id the channel is off, unless `emulator` opens it to the local Emulator. */
  botframework: { appId?: string; appPassword?: string; emulator: boolean };
  /**
   * The demo tenant's mailbox (secrets: the URLs carry passwords), the IMAP fallback poll, COACH-01's
   * wait, and a campaign's pace (mails per second per tenant).
   */
  email: {
    smtpUrl?: string;
    imapUrl?: string;
    from?: string;
    pollMs: number;
    prequalTimeoutDays: number;
    campaignRate: number;
  };
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

const isLoopback = (host: string) => host === "localhost" || host === "::1" || host.startsWith("127.");

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
    espocrm: { pollMs: v.MAX_ESPOCRM_POLL_MS, timeoutMs: v.MAX_ESPOCRM_TIMEOUT_MS },
    http: {
      port: v.PORT,
      host: v.HOST,
      publicUrl: (v.MAX_PUBLIC_URL ?? `http://${v.HOST}:${v.PORT}`).replace(/\/+$/, ""),
      // Without credentials the web chat is the demo owner's: by default only on a loopback address.
      webDemo: v.MAX_WEB_DEMO ? v.MAX_WEB_DEMO === "true" : !v.MAX_PUBLIC_URL && isLoopback(v.HOST),
    },
    slack: { botToken: v.SLACK_BOT_TOKEN, signingSecret: v.SLACK_SIGNING_SECRET, apiUrl: v.SLACK_API_URL },
    twilio: {
      accountSid: v.TWILIO_ACCOUNT_SID,
      authToken: v.TWILIO_AUTH_TOKEN,
      whatsappFrom: v.TWILIO_WHATSAPP_FROM,
      apiUrl: v.TWILIO_API_URL.replace(/\/+$/, ""),
      contentSids: Object.fromEntries(
        (v.TWILIO_CONTENT_SIDS?.split(",") ?? []).map((pair) => pair.split("=")),
      ),
    },
    botframework: {
      appId: v.MICROSOFT_APP_ID,
      appPassword: v.MICROSOFT_APP_PASSWORD,
      emulator: v.MAX_BOTFRAMEWORK_EMULATOR === "true",
    },
    email: {
      smtpUrl: v.MAX_SMTP_URL,
      imapUrl: v.MAX_IMAP_URL,
      from: v.MAX_MAIL_FROM,
      pollMs: v.MAX_IMAP_POLL_MS,
      prequalTimeoutDays: v.MAX_PREQUAL_TIMEOUT_DAYS,
      campaignRate: v.MAX_CAMPAIGN_RATE,
    },
  };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, envFile = ".env"): Config {
  return parseConfig(readEnvironment(env, envFile));
}
