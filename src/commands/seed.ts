// `max seed --demo`: the demo tenants (idempotent).
import { seedDemo } from "../seed/seed-demo.js";
import { type CommandContext, parseFlags, printJson, UsageError } from "./io.js";

export function seedCommand({ io, args, openStore }: CommandContext): number {
  const flags = parseFlags(args, { demo: { type: "boolean" } });
  if (!flags.demo) throw new UsageError("précisez ce qu'il faut créer : max seed --demo");
  const store = openStore();
  try {
    const results = seedDemo(store);
    if (flags.json) printJson(io, results);
    else {
      for (const r of results) {
        const state = r.created ? "créé" : "déjà présent, inchangé";
        io.stdout(`${r.slug} : ${state} — ${r.leads} leads, ${r.balance} jetons\n`);
      }
    }
    return 0;
  } finally {
    store.close();
  }
}
