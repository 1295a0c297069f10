// Adds packs of tokens to the tenant's balance from the Budget IA room. Only for the dashboard's
// button (the model is not offered it), free, and always confirmed on a card, whatever the mode; only
// an owner or an admin may add one. Packs carry over from one period to the next (the ledger's rule).
import { z } from "zod";
import { defineTool } from "../src/agent/tool.js";
import { isManager, jetons, PACK_SIZE } from "../src/domain/index.js";

const MAX_PACKS = 10;
const tokensOf = (packs: number) => packs * PACK_SIZE;
const packWords = (packs: number) => `${packs} pack${packs > 1 ? "s" : ""} de ${jetons(PACK_SIZE)}`;

export const addTokenPack = defineTool({
  name: "add_token_pack",
  description: "Ajoute des packs de jetons au solde du compte.",
  schema: z.object({ packs: z.number().int().min(1).max(MAX_PACKS).default(1) }),
  effect: "write",
  costKey: "crm_change",
  dashboardOnly: true,
  // A purchase, not an action: it costs no token, and a human always confirms it.
  free: true,
  confirmations: () => 1,
  credits: ({ packs }) => tokensOf(packs),
  preview: ({ packs }, { store, tenant }) =>
    `Ajouter ${packWords(packs)} : le solde passera de ${jetons(store.ledger.balance(tenant.id))} à ${jetons(store.ledger.balance(tenant.id) + tokensOf(packs))}`,
  run({ packs }, { store, scope, user }) {
    if (!isManager(user)) {
      return {
        ok: false,
        error: "seul un propriétaire ou un administrateur peut ajouter un pack de jetons.",
      };
    }
    const entry = store.ledger.addPacks(scope, packs);
    return {
      ok: true,
      summary: `${packWords(packs)} ajouté${packs > 1 ? "s" : ""} : nouveau solde ${jetons(entry.balanceAfter)}.`,
      data: { packs, added: entry.amount, balance: entry.balanceAfter },
    };
  },
});
