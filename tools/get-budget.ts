import { z } from "zod";
import { defineTool } from "./tool.js";

export const getBudget = defineTool({
  name: "get_budget",
  description: "Donne le solde de jetons, le plan, l'usage de la période et la date d'épuisement prévue.",
  schema: z.object({}),
  effect: "read",
  costKey: "read",
  preview: () => "Consulter le budget",
  run(_args, { store, tenant }) {
    const s = store.ledger.summary(tenant.id);
    const forecast = s.forecastExhaustion
      ? `épuisement prévu le ${s.forecastExhaustion}`
      : "pas d'épuisement prévu";
    return {
      ok: true,
      summary: `Plan ${s.plan} : ${s.balance} jetons, ${s.usedThisPeriod}/${s.allowance} utilisés en ${s.period}, ${forecast}.`,
      data: s,
    };
  },
});
