// `max migrate`: applies drizzle/ migrations to the configured database (opening the store does it).
import { type CommandContext, parseFlags, printJson } from "./io.js";

export function migrateCommand({ io, args, openStore }: CommandContext): number {
  const flags = parseFlags(args, {});
  const store = openStore();
  try {
    const applied = store.migrations;
    const result = { database: store.path, migrations: applied };
    if (flags.json) printJson(io, result);
    else io.stdout(`Base ${result.database} à jour (${applied} migrations appliquées).\n`);
    return 0;
  } finally {
    store.close();
  }
}
