// Field proposals ("MAX Fields Rebuild"): what M.A.X. proposed for a trade, kept until a human applies
// it. The proposed -> applied move is a compare-and-set, so a proposal is applied once.
import { and, desc, eq } from "drizzle-orm";
import type { FieldPlan } from "../domain/index.js";
import type { AuditRepository } from "./audit.js";
import { inTransaction, type Scope, type StoreContext } from "./context.js";
import { StoreError } from "./errors.js";
import { fieldProposals } from "./schema.js";

export type ProposalStatus = "proposed" | "applied";
type Row = typeof fieldProposals.$inferSelect;
export type FieldProposal = Omit<Row, "proposal" | "status"> & {
  proposal: FieldPlan;
  status: ProposalStatus;
};

// The proposal column only ever holds what create() wrote: a FieldPlan.
const toProposal = (row: Row): FieldProposal => ({
  ...row,
  proposal: row.proposal as FieldPlan,
  status: row.status as ProposalStatus,
});

export function fieldProposalRepository(ctx: StoreContext, audit: AuditRepository) {
  const { db, clock } = ctx;
  const get = (tenantId: number, id: number): FieldProposal | undefined => {
    const row = db
      .select()
      .from(fieldProposals)
      .where(and(eq(fieldProposals.tenantId, tenantId), eq(fieldProposals.id, id)))
      .get();
    return row && toProposal(row);
  };

  return {
    create(scope: Scope, plan: FieldPlan): FieldProposal {
      return inTransaction(ctx, () => {
        const row = toProposal(
          db
            .insert(fieldProposals)
            .values({
              tenantId: scope.tenantId,
              trade: plan.trade,
              proposal: plan,
              status: "proposed",
              createdAt: clock(),
            })
            .returning()
            .get(),
        );
        audit.record(scope, {
          action: "field_proposal.create",
          entity: "field_proposal",
          entityId: row.id,
          after: row,
        });
        return row;
      });
    },

    get,

    list(tenantId: number, filter: { status?: ProposalStatus; limit?: number } = {}): FieldProposal[] {
      const conditions = [eq(fieldProposals.tenantId, tenantId)];
      if (filter.status) conditions.push(eq(fieldProposals.status, filter.status));
      return db
        .select()
        .from(fieldProposals)
        .where(and(...conditions))
        .orderBy(desc(fieldProposals.id))
        .limit(filter.limit ?? 20)
        .all()
        .map(toProposal);
    },

    /** Marks a proposal applied if it still is only proposed; refuses an unknown or applied one. */
    markApplied(scope: Scope, id: number): FieldProposal {
      return inTransaction(ctx, () => {
        const before = get(scope.tenantId, id);
        if (!before) throw new StoreError("NOT_FOUND", `Proposition de champs n°${id} introuvable.`, { id });
        const row = db
          .update(fieldProposals)
          .set({ status: "applied", appliedAt: clock() })
          .where(
            and(
              eq(fieldProposals.tenantId, scope.tenantId),
              eq(fieldProposals.id, id),
              eq(fieldProposals.status, "proposed"),
            ),
          )
          .returning()
          .get();
        if (!row) throw new StoreError("CONFLICT", `La proposition de champs n°${id} est déjà appliquée.`);
        const after = toProposal(row);
        audit.record(scope, {
          action: "field_proposal.applied",
          entity: "field_proposal",
          entityId: id,
          before: { status: before.status },
          after: { status: after.status, appliedAt: after.appliedAt },
        });
        return after;
      });
    },
  };
}

export type FieldProposalRepository = ReturnType<typeof fieldProposalRepository>;
