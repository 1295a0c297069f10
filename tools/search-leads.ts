import { z } from "zod";
import { defineTool } from "../src/agent/tool.js";
import { describeSegment, frenchCount, openStatuses, statusLabel } from "../src/domain/index.js";

export const searchLeads = defineTool({
  name: "search_leads",
  description:
    "Cherche des leads (texte, filtres) ; chaleur ou inactivité sans statut : hors gagnés/perdus sauf includeClosed.",
  schema: z.object({
    text: z.string().max(200).optional(),
    status: z.string().optional(),
    tag: z.string().optional(),
    heat: z.enum(["chaud", "tiede", "froid"]).optional(),
    inactiveDays: z.number().int().min(0).max(3650).optional(),
    includeClosed: z.boolean().optional(),
    limit: z.number().int().min(1).max(20).optional(),
    offset: z.number().int().min(0).max(10_000).optional(),
  }),
  effect: "read",
  costKey: "read",
  preview: (args) => `Rechercher des leads : ${describeSegment(args)}`,
  run(args, { store, tenant }) {
    const { includeClosed, ...filters } = args;
    // « chauds », « à relancer », « inactifs »: leads still in play, unless asked otherwise.
    const openOnly =
      !includeClosed &&
      filters.status === undefined &&
      (filters.heat !== undefined || filters.inactiveDays !== undefined);
    const limit = args.limit ?? 10;
    const offset = args.offset ?? 0;
    const page = store.leads.search(tenant.id, {
      ...filters,
      ...(openOnly ? { status: openStatuses(tenant.vertical) } : {}),
      limit,
      offset,
    });
    const lines = page.leads.map(
      (l) =>
        `#${l.id} ${l.name}${l.company ? ` (${l.company})` : ""} — ${statusLabel(l.status)}${l.tags.length ? ` [${l.tags.join(", ")}]` : ""}`,
    );
    const total = page.totalExact ? frenchCount(page.total) : `plus de ${frenchCount(page.total)}`;
    const shown =
      page.leads.length === 0
        ? ""
        : offset + page.leads.length < page.total || offset > 0
          ? ` (${offset + 1} à ${offset + page.leads.length})`
          : "";
    const closed = openOnly ? ", hors gagnés et perdus" : "";
    const summary =
      page.total === 0
        ? `Aucun lead trouvé${closed}.`
        : page.leads.length === 0
          ? `${total} lead${page.total > 1 ? "s" : ""} en tout, plus rien après le n°${offset}.`
          : `${total} lead${page.total > 1 ? "s" : ""}${closed}${shown} :\n${lines.join("\n")}`;
    return {
      ok: true,
      summary,
      data: {
        total: page.total,
        totalExact: page.totalExact,
        offset,
        limit,
        leads: page.leads.map((l) => ({
          id: l.id,
          name: l.name,
          company: l.company,
          status: l.status,
          tags: l.tags,
        })),
      },
    };
  },
});
