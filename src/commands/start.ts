// `max start` (npm start): the main job on the embedded defaults. Until the chat server exists it
// migrates the database, seeds the demo tenants and prints their summary.
import { seedDemo } from "../seed/seed-demo.js";
import { type CommandContext, parseFlags, printJson } from "./io.js";

export function startCommand({ io, args, openStore }: CommandContext): number {
  const flags = parseFlags(args, {});
  const store = openStore();
  try {
    seedDemo(store);
    const tenants = store.tenants.list().map((t) => {
      const tokens = store.ledger.summary(t.id);
      const page = store.leads.search(t.id, { limit: 1 });
      return {
        slug: t.slug,
        plan: t.plan,
        vertical: t.vertical,
        mode: t.defaultMode,
        leads: page.total,
        tokens,
      };
    });
    if (flags.json) {
      printJson(io, { database: store.ctx.sqlite.name, tenants });
      return 0;
    }
    io.stdout(`M.A.X. — base ${store.ctx.sqlite.name}\n`);
    for (const t of tenants) {
      io.stdout(
        `  ${t.slug.padEnd(16)} ${t.vertical.padEnd(10)} plan ${t.plan.padEnd(8)} mode ${t.mode.padEnd(7)} ` +
          `${String(t.leads).padStart(4)} leads  ${String(t.tokens.balance).padStart(5)} jetons\n`,
      );
    }
    io.stdout("Essayez : npx max leads --tenant demo-b2b --status devis_envoye\n");
    return 0;
  } finally {
    store.close();
  }
}
