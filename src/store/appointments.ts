// Appointments (discovery calls) that the anti no-show scenario follows.
import { and, asc, eq, gte } from "drizzle-orm";
import type { ActivityRepository } from "./activities.js";
import type { AuditRepository } from "./audit.js";
import { inTransaction, type Scope, type StoreContext } from "./context.js";
import { notFound, StoreError } from "./errors.js";
import { appointments } from "./schema.js";
import { requireInTenant } from "./tenant-ref.js";

export const APPOINTMENT_STATUSES = ["planned", "done", "no_show", "cancelled"] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];
export type Appointment = typeof appointments.$inferSelect;

export function appointmentRepository(
  ctx: StoreContext,
  deps: { audit: AuditRepository; activities: ActivityRepository },
) {
  const { db, clock } = ctx;
  const get = (tenantId: number, id: number): Appointment | undefined =>
    db
      .select()
      .from(appointments)
      .where(and(eq(appointments.tenantId, tenantId), eq(appointments.id, id)))
      .get();

  const change = (scope: Scope, id: number, action: string, values: Partial<Appointment>, note: string) =>
    inTransaction(ctx, () => {
      const before = get(scope.tenantId, id);
      if (!before) throw notFound("Rendez-vous", id);
      const after = db
        .update(appointments)
        .set({ ...values, updatedAt: clock() })
        .where(and(eq(appointments.tenantId, scope.tenantId), eq(appointments.id, id)))
        .returning()
        .get();
      deps.activities.add(scope, after.leadId, {
        kind: "appointment",
        body: note,
        meta: { appointmentId: id },
      });
      deps.audit.record(scope, { action, entity: "appointment", entityId: id, before, after });
      return after;
    });

  return {
    create(
      scope: Scope,
      input: { leadId: number; startsAt: Date; durationMin?: number; location?: string | null },
    ): Appointment {
      return inTransaction(ctx, () => {
        requireInTenant(ctx, "Lead", scope.tenantId, input.leadId);
        const appointment = db
          .insert(appointments)
          .values({ ...input, tenantId: scope.tenantId, status: "planned" })
          .returning()
          .get();
        deps.activities.add(scope, input.leadId, {
          kind: "appointment",
          body: `Rendez-vous planifié le ${input.startsAt.toISOString()}`,
          meta: { appointmentId: appointment.id },
        });
        deps.audit.record(scope, {
          action: "appointment.create",
          entity: "appointment",
          entityId: appointment.id,
          after: appointment,
        });
        return appointment;
      });
    },

    get,

    upcoming(tenantId: number, from: Date, limit = 50): Appointment[] {
      return db
        .select()
        .from(appointments)
        .where(
          and(
            eq(appointments.tenantId, tenantId),
            eq(appointments.status, "planned"),
            gte(appointments.startsAt, from),
          ),
        )
        .orderBy(asc(appointments.startsAt))
        .limit(limit)
        .all();
    },

    setStatus(scope: Scope, id: number, status: AppointmentStatus): Appointment {
      if (!APPOINTMENT_STATUSES.includes(status)) {
        throw new StoreError(
          "INVALID_INPUT",
          `Statut de rendez-vous inconnu : ${status}. Permis : ${APPOINTMENT_STATUSES.join(", ")}.`,
        );
      }
      return change(scope, id, "appointment.status", { status }, `Rendez-vous : ${status}`);
    },

    reschedule(scope: Scope, id: number, startsAt: Date): Appointment {
      return change(
        scope,
        id,
        "appointment.reschedule",
        { startsAt, status: "planned" },
        `Rendez-vous déplacé au ${startsAt.toISOString()}`,
      );
    },
  };
}

export type AppointmentRepository = ReturnType<typeof appointmentRepository>;
