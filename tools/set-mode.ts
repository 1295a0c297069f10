// Changes how autonomous M.A.X. is for the tenant. Always confirmed (even from Conseil, which would
// otherwise only suggest it); switching to Auto takes two confirmations in a row, and only an owner
// or admin may decide it.
import { z } from "zod";
import { defineTool } from "../src/agent/tool.js";
import { isManager, MODE_LABELS, MODES } from "../src/domain/index.js";

const CONSEQUENCE = {
  conseil: "je suggère sans jamais agir",
  assiste: "je prépare, vous confirmez chaque action",
  auto: "j'agis sans vous demander, avec annulation et remboursement en cas d'échec",
} as const;

export const setMode = defineTool({
  name: "set_mode",
  description:
    "Change le mode du compte : conseil (suggestions), assiste (confirmation) ou auto (exécution directe).",
  schema: z.object({ mode: z.enum(MODES) }),
  effect: "write",
  costKey: "crm_change",
  // A setting, not an action: switching modes costs nothing.
  free: true,
  confirmations: ({ mode }) => (mode === "auto" ? 2 : 1),
  preview: ({ mode }) => `Passer en mode ${MODE_LABELS[mode]} : ${CONSEQUENCE[mode]}`,
  run({ mode }, { store, scope, user }) {
    if (!isManager(user)) {
      return { ok: false, error: "seul un propriétaire ou un administrateur peut changer le mode." };
    }
    const previous = store.tenants.require(scope.tenantId).defaultMode;
    if (previous === mode) return { ok: false, error: `le compte est déjà en mode ${MODE_LABELS[mode]}.` };
    store.tenants.update(scope, { defaultMode: mode });
    return {
      ok: true,
      summary: `Mode ${MODE_LABELS[mode]} activé : ${CONSEQUENCE[mode]}.`,
      data: { mode, previous },
      undo: { tool: "set_mode", args: { mode: previous } },
    };
  },
});
