// The `max` command: parses the sub-command, runs it, and turns every mistake in how it was called
// (bad flag, bad value, unknown tenant, bad configuration) into one line on stderr and exit code 2.

import { type CliIo, UsageError } from "./commands/io.js";
import { leadsCommand } from "./commands/leads.js";
import { migrateCommand } from "./commands/migrate.js";
import { seedCommand } from "./commands/seed.js";
import { startCommand } from "./commands/start.js";
import { tokensCommand } from "./commands/tokens.js";
import { ConfigError, loadConfig } from "./config.js";
import { openStore, StoreError } from "./store/index.js";

const COMMANDS = {
  start: startCommand,
  migrate: migrateCommand,
  seed: seedCommand,
  leads: leadsCommand,
  tokens: tokensCommand,
} as const;

const HELP = `Usage : max <commande> [options] [--json]
  start                     migre, crée la démo et affiche son résumé
  migrate                   applique les migrations à la base
  seed --demo               crée les tenants de démonstration (idempotent)
  leads --tenant SLUG [--query Q] [--status S] [--tag T] [--heat H] [--owner ID]
        [--inactive-days N] [--sort relevance|last_activity|created|name|score] [--limit N] [--offset N]
  tokens --tenant SLUG [--add-pack] [--packs N]
`;

const USER_ERRORS = new Set(["INVALID_STATUS", "INVALID_FIELD", "INVALID_INPUT", "NOT_FOUND", "CONFLICT"]);

export function runCli(argv: string[], io: CliIo): number {
  const [name, ...args] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    io.stdout(HELP);
    return name ? 0 : 2;
  }
  try {
    const command = COMMANDS[name as keyof typeof COMMANDS];
    if (!command)
      throw new UsageError(`commande inconnue « ${name} » (commandes : ${Object.keys(COMMANDS).join(", ")})`);
    const config = loadConfig(io.env);
    return command({ io, args, openStore: () => openStoreFor(config) });
  } catch (error) {
    const isUserError =
      error instanceof UsageError ||
      error instanceof ConfigError ||
      (error instanceof StoreError && USER_ERRORS.has(error.code));
    if (!isUserError) throw error;
    io.stderr(`max: ${(error as Error).message.replaceAll("\n", " ")}\n`);
    return 2;
  }
}

function openStoreFor(config: ReturnType<typeof loadConfig>) {
  return openStore({ path: config.dbPath, busyTimeoutMs: config.busyTimeoutMs });
}
