// A user's own lists of leads in the CRM: a name and the list's filters (the search's query without
// its page). Each user sees only their views; a name is used once per user.
import { and, asc, eq } from "drizzle-orm";
import type { z } from "zod";
import { statusCode, type Vertical } from "../domain/index.js";
import type { AuditRepository } from "./audit.js";
import { inTransaction, type Scope, type StoreContext } from "./context.js";
import { notFound, StoreError } from "./errors.js";
import { type LeadPage, type LeadQuery, leadQuerySchema } from "./lead-search.js";
import { savedViews } from "./schema.js";
import { requireInTenant } from "./tenant-ref.js";
import { parseInput } from "./validate.js";

/** The filters a view keeps: a list query without its page (limit, offset). */
export const savedViewQuerySchema = leadQuerySchema.omit({ limit: true, offset: true });
export type SavedViewQuery = z.output<typeof savedViewQuerySchema>;

export const VIEW_NAME_MAX = 80;

const byName = new Intl.Collator("fr", { sensitivity: "base", numeric: true });
const sameName = new Intl.Collator("fr", { sensitivity: "accent" });

export interface SavedView {
  id: number;
  tenantId: number;
  userId: number;
  name: string;
  query: SavedViewQuery;
  createdAt: Date;
}

const toView = (row: typeof savedViews.$inferSelect): SavedView => ({
  id: row.id,
  tenantId: row.tenantId,
  userId: row.userId,
  name: row.name,
  query: row.query as SavedViewQuery,
  createdAt: row.createdAt,
});

function viewName(name: unknown): string {
  const trimmed = typeof name === "string" ? name.trim().replace(/\s+/g, " ") : "";
  if (!trimmed) throw new StoreError("INVALID_INPUT", "Donnez un nom à la vue.");
  if (trimmed.length > VIEW_NAME_MAX) {
    throw new StoreError("INVALID_INPUT", `Le nom d'une vue fait au plus ${VIEW_NAME_MAX} caractères.`);
  }
  return trimmed;
}

export function savedViewRepository(
  ctx: StoreContext,
  deps: {
    audit: AuditRepository;
    verticalOf: (tenantId: number) => Vertical;
    search: (tenantId: number, query: LeadQuery) => LeadPage;
  },
) {
  const { db } = ctx;
  const viewsOf = (tenantId: number, userId: number): SavedView[] =>
    db
      .select()
      .from(savedViews)
      .where(and(eq(savedViews.tenantId, tenantId), eq(savedViews.userId, userId)))
      .orderBy(asc(savedViews.id))
      .all()
      .map(toView);
  const get = (tenantId: number, userId: number, id: number): SavedView | undefined => {
    const row = db
      .select()
      .from(savedViews)
      .where(and(eq(savedViews.tenantId, tenantId), eq(savedViews.userId, userId), eq(savedViews.id, id)))
      .get();
    return row ? toView(row) : undefined;
  };

  return {
    /** The user's views, by name as a French reader sorts them (« à relancer » before « Bretagne »). */
    list(tenantId: number, userId: number): SavedView[] {
      return viewsOf(tenantId, userId).sort((a, b) => byName.compare(a.name, b.name) || a.id - b.id);
    },

    get,

    /**
     * Saves the list's filters under a name. The filters are checked as a search checks them (a
     * status of the tenant's pipeline, known fields), so a saved view always runs.
     */
    create(scope: Scope, userId: number, name: string, query: LeadQuery): SavedView {
      const title = viewName(name);
      const parsed = parseInput(savedViewQuerySchema, query ?? {});
      // Statuses are kept as codes, whichever way they were given (« Devis envoyé »).
      const vertical = deps.verticalOf(scope.tenantId);
      const filters: SavedViewQuery = parsed.status
        ? { ...parsed, status: parsed.status.map((s) => statusCode(vertical, s) ?? s) }
        : parsed;
      deps.search(scope.tenantId, { ...filters, limit: 1 });
      return inTransaction(ctx, () => {
        requireInTenant(ctx, "Utilisateur", scope.tenantId, userId);
        // « Chauds » and « chauds » are one name; « Pêche » and « Peche » are two.
        const taken = viewsOf(scope.tenantId, userId).find((v) => sameName.compare(v.name, title) === 0);
        if (taken) {
          throw new StoreError(
            "CONFLICT",
            `Vous avez déjà une vue nommée « ${title} ». Choisissez un autre nom.`,
            {
              id: taken.id,
            },
          );
        }
        const row = db
          .insert(savedViews)
          .values({ tenantId: scope.tenantId, userId, name: title, query: filters })
          .returning()
          .get();
        const view = toView(row);
        deps.audit.record(scope, {
          action: "saved_view.create",
          entity: "saved_view",
          entityId: view.id,
          after: view,
        });
        return view;
      });
    },

    /** Deletes one of the user's views; another user's view is not found. */
    remove(scope: Scope, userId: number, id: number): SavedView {
      return inTransaction(ctx, () => {
        const view = get(scope.tenantId, userId, id);
        if (!view) throw notFound("Vue", id);
        db.delete(savedViews)
          .where(
            and(
              eq(savedViews.tenantId, scope.tenantId),
              eq(savedViews.userId, userId),
              eq(savedViews.id, id),
            ),
          )
          .run();
        deps.audit.record(scope, {
          action: "saved_view.remove",
          entity: "saved_view",
          entityId: id,
          before: view,
        });
        return view;
      });
    },
  };
}

export type SavedViewRepository = ReturnType<typeof savedViewRepository>;
