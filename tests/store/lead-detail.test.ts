// A lead's page: the lead, its consent per channel with dates, one timeline of messages (where they
// stand now), status changes in words, notes and other activities, appointments and sequence steps,
// newest first, and its sequences.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Scope, TimelineEntry } from "../../src/store/index.js";
import { makeTenant, type TestStore, testStore } from "../helpers/store.js";

let t: TestStore;
let scope: Scope;
let tenantId: number;
let leadId: number;
const at: Record<string, string> = {};
const made: Record<string, number> = {};

afterAll(() => t.cleanup());
beforeAll(() => {
  t = testStore("2026-11-10T09:00:00Z");
  const tenant = makeTenant(t.store, "detail", { vertical: "b2b" });
  scope = tenant.scope;
  tenantId = tenant.tenant.id;
  const s = t.store;
  const step = (key: string, hours = 1) => {
    t.clock.now = new Date(t.clock.now.getTime() + hours * 3_600_000);
    at[key] = t.clock.now.toISOString();
  };
  const lead = s.leads.create(scope, {
    firstName: "Hélène",
    lastName: "Lefèvre",
    company: "Transports Garnier",
    email: "helene@garnier.fr",
    phone: "06 12 34 56 78",
    heat: "chaud",
    consent: { email: true, whatsapp: true },
  });
  leadId = lead.id;
  at.created = t.clock.now.toISOString();

  step("note");
  made.note = s.activities.add(scope, leadId, { kind: "note", body: "Rappeler après le salon" }).id;

  // An e-mail queued then delivered, with the activity that mirrors it (as outbox/compose.ts does).
  step("emailOut");
  const out = s.messages.create(scope, {
    channel: "email",
    direction: "out",
    status: "queued",
    leadId,
    subject: "Votre devis",
    bodyText: `Bonjour Hélène,\n\nvoici le devis.   ${"Détail ".repeat(60)}`,
  });
  made.emailOut = out.id;
  s.activities.add(scope, leadId, {
    kind: "email_out",
    body: out.bodyText,
    meta: { messageId: out.id, status: out.status, subject: out.subject },
  });
  step("delivered", 0.5);
  s.messages.setStatus(scope, out.id, { status: "sent" });
  s.messages.setStatus(scope, out.id, { status: "delivered" });

  step("status");
  s.leads.setStatus(scope, leadId, "devis_envoye");

  step("whatsappIn");
  const reply = s.messages.create(
    { tenantId, actor: `lead:${leadId}` },
    { channel: "whatsapp", direction: "in", status: "received", leadId, bodyText: "Ok, je regarde ce soir" },
  );
  made.whatsappIn = reply.id;
  s.activities.add(scope, leadId, {
    kind: "whatsapp_in",
    body: reply.bodyText,
    meta: { messageId: reply.id },
  });

  step("optOut");
  s.leads.setConsent(scope, leadId, "whatsapp", "opt_out");

  step("call");
  made.call = s.activities.add(scope, leadId, { kind: "call", body: "Appel de 10 min" }).id;

  step("enroll");
  const enrollment = s.scenarios.enroll(scope, {
    leadId,
    scenario: "b2b-relance-devis",
    anchorAt: t.clock.now,
    expectedStatus: "devis_envoye",
  });
  made.enrollment = enrollment.id;
  step("stepSent");
  const recorded = s.scenarios.recordStep(scope, enrollment.id, {
    index: 0,
    key: "j3",
    outcome: "sent",
    channel: "email",
    messageId: out.id,
  });
  made.step = recorded?.id ?? 0;
  s.scenarios.schedule(
    scope,
    enrollment.id,
    { step: 0, version: 0 },
    { step: 1, at: new Date("2026-11-20T09:00:00Z") },
  );

  step("appointment");
  const appointment = s.appointments.create(scope, { leadId, startsAt: new Date("2026-11-12T14:00:00Z") });
  s.appointments.setStatus(scope, appointment.id, "no_show");
  made.appointment = appointment.id;

  // A legacy activity of the demo's history: an e-mail no message stands for.
  step("legacy");
  made.legacy = s.activities.add(scope, leadId, {
    kind: "email_in",
    body: "Cahier des charges reçu en PDF",
  }).id;
});

const detail = () => {
  const d = t.store.leadDetail.get(tenantId, leadId);
  if (!d) throw new Error("no detail");
  return d;
};
const only = <T extends TimelineEntry["type"]>(type: T) =>
  detail().timeline.filter((e): e is Extract<TimelineEntry, { type: T }> => e.type === type);

describe("store.leadDetail.get", () => {
  it("returns the lead with its status and heat in words", () => {
    const d = detail();
    expect(d.lead).toMatchObject({ id: leadId, name: "Hélène Lefèvre", status: "devis_envoye" });
    expect(d.statusLabel).toBe("Devis envoyé");
    expect(d.heatLabel).toBe("chaud");
  });

  it("gives the consent of each channel with its dates", () => {
    expect(detail().consents).toEqual([
      {
        channel: "email",
        state: "opt_in",
        label: "accepté",
        optInAt: new Date(at.created as string),
        optOutAt: null,
      },
      {
        channel: "whatsapp",
        state: "opt_out",
        label: "désinscrit",
        optInAt: new Date(at.created as string),
        optOutAt: new Date(at.optOut as string),
      },
      { channel: "sms", state: "none", label: "pas de consentement", optInAt: null, optOutAt: null },
    ]);
  });

  it("merges every source into one timeline, newest first", () => {
    const timeline = detail().timeline;
    const times = timeline.map((e) => e.at.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(timeline.map((e) => `${e.type}:${e.type === "activity" ? e.kind : e.id}`)).toEqual([
      // The appointment is dated by its start (12 Nov), the rest by when it happened (10 Nov).
      `appointment:${made.appointment}`,
      "activity:email_in",
      `scenario_step:${made.step}`,
      "activity:call",
      `message:${made.whatsappIn}`,
      expect.stringMatching(/^status_change:/),
      `message:${made.emailOut}`,
      "activity:note",
    ]);
    expect(detail().timelineHasMore).toBe(false);
  });

  it("shows a message once, where it stands now, with an excerpt of its text", () => {
    const [reply, email] = only("message");
    expect(email).toMatchObject({
      id: made.emailOut,
      channel: "email",
      channelLabel: "e-mail",
      direction: "out",
      subject: "Votre devis",
      status: "delivered",
      statusLabel: "remis",
      label: "e-mail remis",
      error: null,
    });
    // Dated when it was sent, not when it was queued.
    expect(email?.at.toISOString()).toBe(at.delivered);
    expect(email?.excerpt.startsWith("Bonjour Hélène, voici le devis. Détail")).toBe(true);
    expect(email?.excerpt.length).toBeLessThanOrEqual(200);
    expect(email?.excerpt.endsWith("…")).toBe(true);
    expect(reply).toMatchObject({
      channel: "whatsapp",
      direction: "in",
      status: "received",
      label: "WhatsApp reçu",
      excerpt: "Ok, je regarde ce soir",
    });
    // The activities that only mirror a message are not shown a second time.
    expect(only("activity").map((a) => a.kind)).toEqual(["email_in", "call", "note"]);
  });

  it("writes a status change with its codes and their labels", () => {
    expect(only("status_change")).toEqual([
      expect.objectContaining({
        from: "nouveau",
        to: "devis_envoye",
        fromLabel: "Nouveau",
        toLabel: "Devis envoyé",
        label: "Statut : Nouveau → Devis envoyé",
        actor: "test",
        at: new Date(at.status as string),
      }),
    ]);
  });

  it("shows notes and other activities with their body, appointments and sequence steps", () => {
    expect(only("activity").find((a) => a.kind === "note")).toMatchObject({
      id: made.note,
      label: "note",
      body: "Rappeler après le salon",
      actor: "test",
    });
    expect(only("activity").find((a) => a.kind === "email_in")).toMatchObject({
      id: made.legacy,
      label: "e-mail reçu",
    });
    expect(only("appointment")).toEqual([
      expect.objectContaining({
        id: made.appointment,
        startsAt: new Date("2026-11-12T14:00:00Z"),
        status: "no_show",
        statusLabel: "manqué",
        label: "Rendez-vous manqué",
        durationMin: 30,
      }),
    ]);
    expect(only("scenario_step")).toEqual([
      expect.objectContaining({
        id: made.step,
        enrollmentId: made.enrollment,
        scenario: "b2b-relance-devis",
        step: 0,
        stepKey: "j3",
        outcome: "sent",
        outcomeLabel: "envoyé",
        channel: "email",
        messageId: made.emailOut,
        at: new Date(at.stepSent as string),
      }),
    ]);
  });

  it("lists the lead's sequences with their step and next run", () => {
    expect(detail().enrollments).toEqual([
      expect.objectContaining({
        id: made.enrollment,
        scenario: "b2b-relance-devis",
        status: "active",
        statusLabel: "en cours",
        currentStep: 1,
        nextRunAt: new Date("2026-11-20T09:00:00Z"),
        reason: null,
      }),
    ]);
  });

  it("stops at the limit and says older entries exist", () => {
    const d = t.store.leadDetail.get(tenantId, leadId, { limit: 3 });
    expect(d?.timeline.map((e) => e.type)).toEqual(["appointment", "activity", "scenario_step"]);
    expect(d?.timelineHasMore).toBe(true);
    for (let i = 0; i < 120; i++) t.store.activities.add(scope, leadId, { kind: "note", body: `note ${i}` });
    const full = detail();
    expect(full.timeline).toHaveLength(100);
    expect(full.timelineHasMore).toBe(true);
    expect(full.timeline[1]).toMatchObject({ type: "activity", body: "note 119" });
  });

  it("is undefined for an unknown lead", () => {
    expect(t.store.leadDetail.get(tenantId, 999_999)).toBeUndefined();
  });
});
