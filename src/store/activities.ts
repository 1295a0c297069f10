// The lead's timeline: notes, messages in and out, calls, meetings, status changes. Adding an activity
// moves the lead's last activity forward, which "no activity for N days" relies on, and updates its
// score (a reply from the lead counts there too).
import { and, desc, eq, sql } from "drizzle-orm";
import type { AuditRepository } from "./audit.js";
import { compiled } from "./compiled-query.js";
import { inTransaction, type Scope, type StoreContext } from "./context.js";
import { notFound, StoreError } from "./errors.js";
import type { LeadScores } from "./lead-scores.js";
import { activities, leads } from "./schema.js";

export const ACTIVITY_KINDS = [
  "note",
  "call",
  "email_out",
  "email_in",
  "whatsapp_out",
  "whatsapp_in",
  "meeting",
  "status_change",
  "appointment",
  // A campaign's recipient opened it or clicked one of its links (the first time only).
  "campaign",
] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];
export type Activity = typeof activities.$inferSelect;

export interface NewActivity {
  kind: ActivityKind;
  body?: string;
  meta?: Record<string, unknown>;
  occurredAt?: Date;
}

export function activityRepository(ctx: StoreContext, audit: AuditRepository, scores: LeadScores) {
  const { db, clock } = ctx;
  const ph = sql.placeholder;
  // Every message sent or received adds an activity: both statements are prepared once.
  const touchLead = compiled(
    db
      .update(leads)
      .set({ lastActivityAt: sql`max(coalesce(${leads.lastActivityAt}, 0), ${ph("at")})` })
      .where(and(eq(leads.tenantId, ph("tenantId")), eq(leads.id, ph("leadId"))))
      .prepare(),
  );
  const insert = compiled(
    db
      .insert(activities)
      .values({
        tenantId: ph("tenantId"),
        leadId: ph("leadId"),
        kind: ph("kind"),
        body: ph("body"),
        meta: ph("meta"),
        actor: ph("actor"),
        occurredAt: ph("occurredAt"),
      })
      .returning()
      .prepare(),
  );
  return {
    add(scope: Scope, leadId: number, input: NewActivity): Activity {
      if (!ACTIVITY_KINDS.includes(input.kind)) {
        throw new StoreError(
          "INVALID_INPUT",
          `Type d'activité « ${input.kind} » inconnu : ${ACTIVITY_KINDS.join(", ")}.`,
        );
      }
      const occurredAt = input.occurredAt ?? clock();
      return inTransaction(ctx, () => {
        const touched = touchLead.run({ tenantId: scope.tenantId, leadId, at: occurredAt.getTime() });
        if (touched.changes === 0) throw notFound("Lead", leadId);
        const activity = insert.get({
          tenantId: scope.tenantId,
          leadId,
          kind: input.kind,
          body: input.body ?? "",
          meta: input.meta ?? {},
          actor: scope.actor,
          occurredAt,
        }) as Activity;
        scores.refresh(scope.tenantId, leadId);
        audit.record(scope, { action: "activity.add", entity: "lead", entityId: leadId, after: activity });
        return activity;
      });
    },

    list(tenantId: number, leadId: number, limit = 20): Activity[] {
      return db
        .select()
        .from(activities)
        .where(and(eq(activities.tenantId, tenantId), eq(activities.leadId, leadId)))
        .orderBy(desc(activities.occurredAt), desc(activities.id))
        .limit(limit)
        .all();
    },
  };
}

export type ActivityRepository = ReturnType<typeof activityRepository>;
