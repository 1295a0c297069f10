import { z } from "zod";
import { defineTool } from "../src/agent/tool.js";
import { dayWords, periodWords } from "../src/domain/index.js";

export const getBudget = defineTool({
  name: "get_budget",
  description: "Solde de jetons, plan, usage de la période et épuisement prévu.",
  schema: z.object({}),
  effect: "read",
  costKey: "read",
  preview: () => "Consulter le budget",
  run(_args, { store, tenant }) {
    const s = store.ledger.summary(tenant.id);
    const forecast = s.forecastExhaustion
      ? `épuisement prévu le ${dayWords(s.forecastExhaustion)}`
      : "pas d'épuisement prévu";
    return {
      ok: true,
      summary: `Plan ${s.plan} : ${s.balance} jetons, ${s.usedThisPeriod}/${s.allowance} utilisés en ${periodWords(s.period)}, ${forecast}.`,
      data: s,
    };
  },
});
