// The `max` command: parses the sub-command, runs it, and turns every mistake in how it was called
// (bad flag, bad value, unknown tenant, bad configuration) into one line on stderr and exit code 2.

import { type CliIo, type CommandContext, UsageError } from "./commands/io.js";
import { type Config, ConfigError, loadConfig } from "./config.js";
import { createLogger } from "./log.js";
import { openStore, StoreError } from "./store/index.js";

type Command = (context: CommandContext) => number | Promise<number>;

// Each command loads its own modules when it runs: `max leads` need not load the channels' SDKs and
// the model client, which used to take seconds at every start.
const COMMANDS: Record<string, () => Promise<Command>> = {
  start: async () => (await import("./commands/start.js")).startCommand,
  serve: async () => (await import("./commands/serve.js")).serveCommand,
  users: async () => (await import("./commands/users.js")).usersCommand,
  chat: async () => (await import("./commands/chat.js")).chatCommand,
  ask: async () => (await import("./commands/ask.js")).askCommand,
  confirm: async () => (await import("./commands/decide.js")).confirmCommand,
  cancel: async () => (await import("./commands/decide.js")).cancelCommand,
  migrate: async () => (await import("./commands/migrate.js")).migrateCommand,
  seed: async () => (await import("./commands/seed.js")).seedCommand,
  leads: async () => (await import("./commands/leads.js")).leadsCommand,
  tokens: async () => (await import("./commands/tokens.js")).tokensCommand,
  mode: async () => (await import("./commands/mode.js")).modeCommand,
  connect: async () => (await import("./commands/connect.js")).connectCommand,
  scenarios: async () => (await import("./commands/scenarios.js")).scenariosCommand,
  sync: async () => (await import("./commands/sync-espocrm.js")).syncCommand,
};

const HELP = `Usage : max <commande> [options] [--json]
  start                     migre, crée la démo, affiche son résumé et lance le serveur (chat web)
  serve                     le serveur des canaux (Slack, WhatsApp, Bot Framework, chat web)
  migrate                   applique les migrations à la base
  seed --demo               crée les tenants de démonstration (idempotent)
  leads --tenant SLUG [--query Q] [--status S] [--tag T] [--heat H] [--owner ID]
        [--inactive-days N] [--sort relevance|last_activity|created|name|score] [--limit N] [--offset N]
  leads add --tenant SLUG --first-name F [--last-name L] [--company C] [--email E] [--phone +33…]
        [--consent email,whatsapp] [--owner ID]   un lead ; en coaching, lance sa pré-qualification
  tokens --tenant SLUG [--add-pack] [--packs N]
  mode --tenant SLUG [conseil|assiste|auto] [--yes --yes]
                            le mode du compte ; Auto demande deux confirmations (--yes deux fois)
  chat [--tenant SLUG] [--user EMAIL] [--conversation NOM]
                            discuter avec M.A.X. dans le terminal (défaut : demo-coaching)
  ask --tenant SLUG [--user EMAIL] [--mode conseil|assiste|auto] [--conversation NOM] TEXT
                            un tour de conversation avec M.A.X. (--mode vaut pour cet appel seulement)
  confirm --tenant SLUG [--user EMAIL] ID   |   cancel --tenant SLUG [--user EMAIL] ID
  users [link] --tenant SLUG [--email E --slack TEAM:USER | --whatsapp +33… | --botframework ID]
                            les utilisateurs et leurs identités ; link relie une identité
  users web-login --tenant SLUG --email E   un lien de connexion au chat web, valable 24 h et une fois
  connect slack --tenant SLUG --team T…   |   connect whatsapp --tenant SLUG --number +33…
  connect botframework --tenant SLUG --bot ID
  connect email --tenant SLUG --smtp URL --imap URL --from ADRESSE
                            la boîte e-mail du tenant (mots de passe dans les URL, toujours masqués)
  connect espocrm --tenant SLUG --url URL --api-key CLÉ [--hmac-secret S]
        [--admin-user U --admin-password P] [--from ADRESSE]
                            relie le tenant à son EspoCRM (clés toujours masquées), crée les champs
                            manquants avec un administrateur, enregistre les webhooks, importe les leads
  sync espocrm --tenant SLUG
                            une synchronisation avec EspoCRM maintenant, et ce qu'elle a fait
  connect n8n --tenant SLUG --url URL
                            relie le tenant à ses webhooks n8n et affiche sa clé de signature
                            (MAX_N8N_SECRET doit être défini)
  scenarios list [--tenant SLUG]   |   scenarios enroll NOM --tenant SLUG (--lead ID | --status S | --tag T) [--at DATE]
  scenarios export NOM --tenant SLUG [--out FICHIER]
                            les scénarios de relance ; export : le workflow n8n qui les exécute
`;

const USER_ERRORS = new Set(["INVALID_STATUS", "INVALID_FIELD", "INVALID_INPUT", "NOT_FOUND", "CONFLICT"]);

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === "help" || name === "--help" || name === "-h") {
    io.stdout(HELP);
    return 0;
  }
  if (!name) {
    io.stderr("max: précisez une commande (max help pour la liste)\n");
    return 2;
  }
  let config: Config | undefined;
  try {
    const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (!load)
      throw new UsageError(`commande inconnue « ${name} » (commandes : ${Object.keys(COMMANDS).join(", ")})`);
    config = loadConfig(io.env);
    const loaded = config;
    const command = await load();
    return await command({ io, args, config: loaded, openStore: () => openStoreFor(loaded) });
  } catch (error) {
    const isUserError =
      error instanceof UsageError ||
      error instanceof ConfigError ||
      (error instanceof StoreError && USER_ERRORS.has(error.code));
    if (isUserError) {
      io.stderr(`max: ${(error as Error).message.replaceAll("\n", " ")}\n`);
      return 2;
    }
    if (error instanceof StoreError && error.code === "BUSY") {
      io.stderr(`max: ${error.message}\n`);
      return 1;
    }
    // Anything else is our bug or the machine's: the whole story goes to the log, a short line to the user.
    createLogger(config ?? { logLevel: "error" }).error({ err: error, command: name }, "unexpected failure");
    io.stderr(`max: erreur inattendue (${(error as Error).message}) — détails dans le journal ci-dessus\n`);
    return 1;
  }
}

function openStoreFor(config: Config) {
  try {
    return openStore({ path: config.dbPath, busyTimeoutMs: config.busyTimeoutMs });
  } catch (error) {
    const code = (error as { code?: string }).code;
    // A path we cannot create or open is a configuration mistake, not a crash.
    if (!code || !/^(E[A-Z]+|SQLITE_(CANTOPEN|NOTADB|READONLY|PERM))$/.test(code)) throw error;
    throw new ConfigError("MAX_DB_PATH", `un fichier SQLite accessible en écriture (${code})`, config.dbPath);
  }
}
