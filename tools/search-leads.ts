import { z } from "zod";
import { defineTool } from "../src/agent/tool.js";
import { describeSegment, statusLabel } from "../src/domain/index.js";

export const searchLeads = defineTool({
  name: "search_leads",
  description: "Cherche des leads par texte (nom, entreprise, e-mail, téléphone, notes) et filtres.",
  schema: z.object({
    text: z.string().max(200).optional(),
    status: z.string().optional(),
    tag: z.string().optional(),
    heat: z.enum(["chaud", "tiede", "froid"]).optional(),
    inactiveDays: z.number().int().min(0).max(3650).optional(),
    limit: z.number().int().min(1).max(20).optional(),
  }),
  effect: "read",
  costKey: "read",
  preview: (args) => `Rechercher des leads : ${describeSegment(args)}`,
  run(args, { store, tenant }) {
    const page = store.leads.search(tenant.id, { ...args, limit: args.limit ?? 10 });
    const lines = page.leads.map(
      (l) =>
        `#${l.id} ${l.name}${l.company ? ` (${l.company})` : ""} — ${statusLabel(l.status)}${l.tags.length ? ` [${l.tags.join(", ")}]` : ""}`,
    );
    const total = page.totalExact ? `${page.total}` : `plus de ${page.total}`;
    return {
      ok: true,
      summary: page.total === 0 ? "Aucun lead trouvé." : `${total} lead(s) trouvé(s) :\n${lines.join("\n")}`,
      data: page.leads.map((l) => ({
        id: l.id,
        name: l.name,
        company: l.company,
        status: l.status,
        tags: l.tags,
      })),
    };
  },
});
