// `max start` (npm start): the main job on the embedded defaults. It migrates the database, seeds the
// demo tenants, prints their summary and runs the server, whose dashboard opens as the demo coach.
// With --json it only prepares the demo and prints the summary.
import { seedDemo } from "../seed/seed-demo.js";
import { type CommandContext, parseFlags, printJson } from "./io.js";
import { serveCommand } from "./serve.js";

export async function startCommand(context: CommandContext): Promise<number> {
  const flags = parseFlags(context.args, {});
  const prepared = prepareDemo(context, Boolean(flags.json));
  if (flags.json || prepared !== 0) return prepared;
  return serveCommand(
    { ...context, args: [] },
    (url) => `Tableau de bord : ${url}/ — terminal : npx max chat — arrêt : Ctrl-C\n`,
  );
}

function prepareDemo({ io, openStore }: CommandContext, json: boolean): number {
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
    if (json) {
      printJson(io, { database: store.path, tenants });
      return 0;
    }
    io.stdout(`M.A.X. — base ${store.path}\n`);
    for (const t of tenants) {
      io.stdout(
        `  ${t.slug.padEnd(16)} ${t.vertical.padEnd(10)} plan ${t.plan.padEnd(8)} mode ${t.mode.padEnd(7)} ` +
          `${String(t.leads).padStart(4)} leads  ${String(t.tokens.balance).padStart(5)} jetons\n`,
      );
    }
    io.stdout('Essayez aussi : npx max ask --tenant demo-b2b "leads chauds"\n');
    return 0;
  } finally {
    store.close();
  }
}
