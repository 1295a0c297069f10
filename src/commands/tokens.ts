// `max tokens`: the tenant's balance, allowance, usage and forecast; `--add-pack` credits a pack.
import { PACK_SIZE, periodOf } from "../domain/index.js";
import { type CommandContext, intFlag, parseFlags, printJson } from "./io.js";
import { requireTenant } from "./tenant-flag.js";

export function tokensCommand({ io, args, openStore }: CommandContext): number {
  const flags = parseFlags(args, {
    tenant: { type: "string" },
    "add-pack": { type: "boolean" },
    packs: { type: "string" },
  });
  const packs = intFlag("packs", flags.packs, 1, 100);
  const store = openStore();
  try {
    const tenant = requireTenant(store, flags.tenant);
    if (flags["add-pack"] || packs) store.ledger.addPacks({ tenantId: tenant.id, actor: "cli" }, packs ?? 1);
    const s = store.ledger.summary(tenant.id);
    // What the model cost this period, apart from the tenant's tokens (prompt and completion tokens).
    const since = periodOf(store.clock(), tenant.timezone).start;
    const llm = store.llmUsage.totals(tenant.id, since);
    // What came back this period: a failed send or action is refunded, and shown here.
    const refunds = store.ledger
      .entries(tenant.id, 500)
      .filter((e) => e.kind === "refund" && e.createdAt >= since)
      .map((e) => ({ amount: e.amount, note: e.note, at: e.createdAt.toISOString() }));
    if (flags.json) {
      printJson(io, {
        plan: s.plan,
        balance: s.balance,
        allowance: s.allowance,
        usedThisPeriod: s.usedThisPeriod,
        forecastExhaustion: s.forecastExhaustion,
        period: s.period,
        dailyRate: s.dailyRate,
        refunds,
        llm,
      });
      return 0;
    }
    if (flags["add-pack"] || packs) io.stdout(`Pack crédité : +${PACK_SIZE * (packs ?? 1)} jetons.\n`);
    io.stdout(
      `${tenant.slug} (plan ${s.plan}) : ${s.balance} jetons, ${s.usedThisPeriod}/${s.allowance} utilisés en ${s.period}, ` +
        `épuisement prévu : ${s.forecastExhaustion ?? "pas avant un an au rythme actuel"}\n`,
    );
    if (refunds.length > 0) {
      const total = refunds.reduce((sum, r) => sum + r.amount, 0);
      const lines = refunds
        .slice(0, 5)
        .map((r) => `  +${r.amount} le ${r.at.slice(0, 10)} : ${r.note ?? "remboursement"}`);
      io.stdout(
        `Remboursé ce mois : ${total} jetons (${refunds.length} remboursement(s))\n${lines.join("\n")}\n`,
      );
    }
    if (llm.turns > 0) {
      io.stdout(
        `Modèle de langage ce mois : ${llm.turns} tours, ${llm.inputTokens} jetons d'entrée et ${llm.outputTokens} de sortie (hors budget).\n`,
      );
    }
    return 0;
  } finally {
    store.close();
  }
}
