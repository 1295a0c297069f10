// Appointments and their COACH-02 reminders. Moving an appointment stops its reminders and starts
// them again for the new time (a reminder already sent for the old time may go out again for the
// new one); cancelling stops them; a no-show counts on the lead (a second one: non_qualifie) and
// sends the seed's message through the sequence's last step, once.

import type { Appointment } from "../store/appointments.js";
import type { Scope, Store } from "../store/index.js";
import { cursorOf, type Enrollment } from "../store/scenarios.js";
import type { ScenarioDefinition } from "./definitions.js";
import { SCENARIOS } from "./definitions.js";
import { enrollLead } from "./enroll.js";
import type { StepContext } from "./perform-step.js";
import { enqueueStep } from "./schedule.js";
import { STOP_REASONS_FR } from "./stop-rules.js";

const NO_SHOW = SCENARIOS["coach-no-show"];
const NO_SHOW_STEP = NO_SHOW.steps.findIndex((s) => s.key === "no-show");

function restartFor(store: Store, scope: Scope, e: Enrollment, appointment: Appointment): void {
  store.scenarios.setStatus(
    scope,
    e.id,
    { status: "stopped", reason: STOP_REASONS_FR.appointment_moved },
    cursorOf(e),
  );
  enrollLead(store, scope, {
    leadId: e.leadId,
    scenario: NO_SHOW.id,
    appointmentId: appointment.id,
    enrolledBy: e.enrolledBy,
  });
}

/**
 * The step runner's check: if the appointment moved since the enrollment was anchored on it, the
 * reminders start again for the new time; returns whether it did.
 */
export function reanchor(
  ctx: Pick<StepContext, "store" | "scope">,
  def: ScenarioDefinition,
  e: Enrollment,
): boolean {
  if (def.anchor !== "appointment" || !e.appointmentId) return false;
  const appointment = ctx.store.appointments.get(e.tenantId, e.appointmentId);
  if (appointment?.status !== "planned" || appointment.startsAt.getTime() === e.anchorAt.getTime()) {
    return false;
  }
  restartFor(ctx.store, ctx.scope, e, appointment);
  return true;
}

const running = (e: Enrollment) => e.status === "active" || e.status === "paused";

export function moveAppointment(store: Store, scope: Scope, id: number, startsAt: Date): Appointment {
  return store.transaction(() => {
    const appointment = store.appointments.reschedule(scope, id, startsAt);
    for (const e of store.scenarios.forAppointment(scope.tenantId, id).filter(running)) {
      restartFor(store, scope, e, appointment);
    }
    return appointment;
  });
}

export function cancelAppointment(store: Store, scope: Scope, id: number): Appointment {
  return store.transaction(() => {
    const appointment = store.appointments.setStatus(scope, id, "cancelled");
    for (const e of store.scenarios.forAppointment(scope.tenantId, id).filter(running)) {
      store.scenarios.setStatus(
        scope,
        e.id,
        { status: "stopped", reason: STOP_REASONS_FR.appointment_cancelled },
        cursorOf(e),
      );
    }
    return appointment;
  });
}

/**
 * The lead did not come: no_show + 1 on the lead (the second one sets qualification = non_qualifie)
 * and the no-show step of its reminders runs now, unless it already ran.
 */
export function recordNoShow(store: Store, scope: Scope, id: number): Appointment {
  return store.transaction(() => {
    const appointment = store.appointments.setStatus(scope, id, "no_show");
    const lead = store.leads.require(scope.tenantId, appointment.leadId);
    const count = Number(lead.fields.no_show ?? 0) + 1;
    const fields: Record<string, unknown> = { no_show: count };
    if (count >= 2) fields.qualification = "non_qualifie";
    store.leads.update(scope, lead.id, { fields });
    const e = store.scenarios.forAppointment(scope.tenantId, id)[0];
    if (e && !store.scenarios.step(scope.tenantId, e.id, NO_SHOW_STEP)) {
      enqueueStep(store, scope, e, NO_SHOW_STEP, store.clock());
    } else if (!e) {
      enrollLead(store, scope, { leadId: lead.id, scenario: NO_SHOW.id, appointmentId: id });
    }
    return appointment;
  });
}
