// Stop rules on real inbound messages and store changes, rescheduling when an appointment moves,
// pause and resume, and the agent's tools from a chat phrase through the offline brain and the gate.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mailEvent } from "../../channels/email/event.js";
import { parseMail } from "../../channels/email/parse.js";
import { offlineTurn } from "../../src/agent/offline-turn.js";
import { handleInbound } from "../../src/inbound/handle-inbound.js";
import { cancelAppointment, moveAppointment } from "../../src/scenarios/appointments.js";
import { enrollLead, pauseEnrollment, resumeEnrollment } from "../../src/scenarios/enroll.js";
import type { User } from "../../src/store/index.js";
import { turnContext } from "../helpers/agent.js";
import { testRuntime } from "../helpers/runtime.js";
import { reachableLead, stepLog, walk, world } from "../helpers/scenario-world.js";
import { type TestStore, testStore } from "../helpers/store.js";

let t: TestStore;
beforeEach(() => {
  t = testStore("2026-11-16T09:00:00Z");
});
afterEach(() => t.cleanup());

/** The lead writes on WhatsApp, as Twilio's webhook hands it to the worker. */
const leadWrites = (tenantId: number, phone: string, text: string, id: string) =>
  handleInbound(testRuntime(t.store), {
    channel: "whatsapp",
    providerId: id,
    tenantId,
    sender: phone,
    conversationKey: phone,
    text,
  });

/** The lead's mail, as IMAP hands it over: parsed from its raw text, then handled by the worker. */
async function leadMails(tenantId: number, from: string, headers: string, text: string, id: string) {
  const raw = Buffer.from(
    `From: ${from}\r\nTo: contact@agence.fr\r\nMessage-ID: <${id}@dupont.fr>\r\n${headers}` +
      `Content-Type: text/plain; charset=utf-8\r\n\r\n${text}\r\n`,
  );
  await handleInbound(testRuntime(t.store), mailEvent(tenantId, await parseMail(raw), raw));
}

/** The owner writes in the chat, in Auto, through the offline brain and the gate. */
function ownerSays(tenantId: number, owner: User, text: string) {
  const ctx = turnContext(t.store, tenantId, owner);
  ctx.mode = "auto";
  return offlineTurn(ctx, text);
}

const status = (tenantId: number, id: number) => {
  const e = t.store.scenarios.get(tenantId, id);
  return [e?.status, e?.reason];
};

describe("stop rules", () => {
  it("a reply stops the prospection before its next step and moves the lead to the next status", async () => {
    const { tenant, scope } = world(t, "prospects", "prospection");
    const lead = reachableLead(t.store, tenant.id, "non_qualifie");
    const e = enrollLead(t.store, scope, { leadId: lead.id, scenario: "prospection" });
    await walk(t, 1);
    await leadWrites(tenant.id, lead.phone ?? "", "Bonjour, oui parlons-en", "SM-1");
    await walk(t, 20);
    expect(stepLog(t.store, tenant.id, e.id).map((s) => s[0])).toEqual(["j0-contact"]);
    expect(status(tenant.id, e.id)).toEqual(["stopped", "le lead a répondu"]);
    expect(t.store.leads.require(tenant.id, lead.id)).toMatchObject({ status: "a_recontacter", heat: null });
  });

  it("a reply stops the lead's sequences when it arrives, not when their next step comes due", async () => {
    const { tenant, scope } = world(t, "prospects", "prospection");
    const lead = reachableLead(t.store, tenant.id, "non_qualifie");
    const e = enrollLead(t.store, scope, { leadId: lead.id, scenario: "prospection" });
    await walk(t, 1);
    expect(status(tenant.id, e.id)).toEqual(["active", null]);
    await leadWrites(tenant.id, lead.phone ?? "", "Oui, appelez-moi jeudi", "SM-now");
    // No step ran in between: the clock has not moved.
    expect(status(tenant.id, e.id)).toEqual(["stopped", "le lead a répondu"]);
    expect(t.store.leads.require(tenant.id, lead.id).status).toBe("a_recontacter");
    expect(t.store.jobs.claimDue(60_000, 10, ["scenario-step"])).toEqual([]);
  });

  it("an e-mail unsubscribe is an opt-out, not an answer: the prospection goes on, the lead keeps its status, and WhatsApp carries no free text outside 24 h", async () => {
    const { tenant, scope } = world(t, "prospects", "prospection");
    const lead = reachableLead(t.store, tenant.id, "non_qualifie");
    const e = enrollLead(t.store, scope, { leadId: lead.id, scenario: "prospection" });
    await walk(t, 1);
    await leadMails(tenant.id, lead.email ?? "", "Subject: Re: bonjour\r\n", "Désinscrivez-moi", "unsub-1");
    const after = t.store.leads.require(tenant.id, lead.id);
    expect(after.consent.email.optOutAt).not.toBeNull();
    expect(after.status).toBe("contacte");
    expect(status(tenant.id, e.id)).toEqual(["active", null]);
    await walk(t, 3);
    const [j0, j3] = t.store.scenarios.steps(tenant.id, e.id);
    expect([j0?.stepKey, j0?.outcome, j3?.stepKey, j3?.outcome]).toEqual([
      "j0-contact",
      "sent",
      "j3-douce",
      "skipped",
    ]);
    expect(j3?.detail).toMatch(/désinscription.*ne vous a pas écrit sur WhatsApp depuis plus de 24 h/);
    expect(status(tenant.id, e.id)).toEqual(["active", null]);
    expect(t.store.messages.listByLead(tenant.id, lead.id).filter((m) => m.direction === "out")).toHaveLength(
      1,
    );
  });

  it("a status set through the chat stops the relances at once and says so", async () => {
    const { tenant, scope, owner } = world(t, "agence", "b2b");
    const lead = reachableLead(t.store, tenant.id, "devis_envoye");
    const e = enrollLead(t.store, scope, { leadId: lead.id, scenario: "b2b-relance-devis" });
    const turn = await ownerSays(tenant.id, owner, "passe Jean1 Dupont en en_negociation");
    expect(turn.outcomes[0]).toMatchObject({ kind: "executed", tool: "update_status" });
    expect(turn.reply).toContain("1 séquence(s) de relance arrêtée(s)");
    expect(status(tenant.id, e.id)).toEqual(["stopped", "le statut du lead a changé"]);
  });

  it("a status set through the chat stands even if a reply was waiting for the next step", async () => {
    const { tenant, scope, owner } = world(t, "prospects", "prospection");
    const lead = reachableLead(t.store, tenant.id, "non_qualifie");
    const e = enrollLead(t.store, scope, { leadId: lead.id, scenario: "prospection" });
    await walk(t, 1);
    // A reply stored without the inbound path (as data from before stops applied on arrival).
    t.clock.now = new Date(t.clock.now.getTime() + 60_000);
    t.store.messages.create(
      { tenantId: tenant.id, actor: "import" },
      { channel: "email", direction: "in", status: "received", leadId: lead.id, bodyText: "ok" },
    );
    await ownerSays(tenant.id, owner, "passe Jean1 Dupont en abandon");
    expect(status(tenant.id, e.id)).toEqual(["stopped", "le lead a répondu"]);
    expect(t.store.leads.require(tenant.id, lead.id).status).toBe("abandon");
  });

  it("an e-mail reply stops the relances at once; an out-of-office answer does not, then or later", async () => {
    const { tenant, scope } = world(t, "agence", "b2b");
    const away = reachableLead(t.store, tenant.id, "devis_envoye", 1);
    const answers = reachableLead(t.store, tenant.id, "devis_envoye", 2);
    const a = enrollLead(t.store, scope, { leadId: away.id, scenario: "b2b-relance-devis" });
    const b = enrollLead(t.store, scope, { leadId: answers.id, scenario: "b2b-relance-devis" });
    await walk(t, 4);
    await leadMails(
      tenant.id,
      away.email ?? "",
      "Auto-Submitted: auto-replied\r\nSubject: Absence\r\n",
      "Je suis absent jusqu'au 30.",
      "ooo-1",
    );
    await leadMails(
      tenant.id,
      answers.email ?? "",
      "Subject: Re: votre devis\r\n",
      "On valide la semaine prochaine.",
      "re-1",
    );
    expect(status(tenant.id, b.id)).toEqual(["stopped", "le lead a répondu"]);
    expect(status(tenant.id, a.id)).toEqual(["active", null]);
    await walk(t, 4);
    expect(stepLog(t.store, tenant.id, a.id).map((s) => s[0])).toEqual(["j3-douce", "j7-directe"]);
    expect(stepLog(t.store, tenant.id, b.id).map((s) => s[0])).toEqual(["j3-douce"]);
  });

  it("a status changed by someone, and a STOP opt-out, each stop the relances", async () => {
    const { tenant, scope } = world(t, "agence", "b2b");
    const moved = reachableLead(t.store, tenant.id, "devis_envoye", 1);
    const stopped = reachableLead(t.store, tenant.id, "devis_envoye", 2);
    const a = enrollLead(t.store, scope, { leadId: moved.id, scenario: "b2b-relance-devis" });
    const b = enrollLead(t.store, scope, { leadId: stopped.id, scenario: "b2b-relance-devis" });
    await walk(t, 4);
    t.store.leads.setStatus(scope, moved.id, "en_negociation");
    await leadWrites(tenant.id, stopped.phone ?? "", "STOP", "SM-2");
    await walk(t, 20);
    expect(status(tenant.id, a.id)).toEqual(["stopped", "le statut du lead a changé"]);
    expect(status(tenant.id, b.id)).toEqual(["stopped", "le lead s'est désinscrit"]);
    expect([a, b].map((e) => stepLog(t.store, tenant.id, e.id).length)).toEqual([1, 1]);
  });

  it("moving an appointment reschedules its reminders for the new time; cancelling stops them", async () => {
    const { tenant, scope } = world(t, "coach", "coaching");
    const lead = reachableLead(t.store, tenant.id, "appel_planifie");
    const appointment = t.store.appointments.create(scope, {
      leadId: lead.id,
      startsAt: new Date("2026-11-19T10:00:00Z"),
    });
    const first = enrollLead(t.store, scope, { leadId: lead.id, scenario: "coach-no-show" });
    // Moved to Monday 23 November, 15:00 in Paris.
    moveAppointment(t.store, scope, appointment.id, new Date("2026-11-23T14:00:00Z"));
    expect(status(tenant.id, first.id)).toEqual(["stopped", "le rendez-vous a été déplacé"]);
    const [second] = t.store.scenarios.list(tenant.id, { status: "active" });
    expect(second?.nextRunAt?.toISOString()).toBe("2026-11-22T17:00:00.000Z");
    await walk(t, 7.5);
    expect(stepLog(t.store, tenant.id, second?.id ?? 0).map((s) => [s[0], s[2]])).toEqual([
      ["j-1", "2026-11-22T17:00:00.000Z"],
      ["j0-matin", "2026-11-23T07:30:00.000Z"],
      ["h-1", "2026-11-23T13:00:00.000Z"],
    ]);
    expect(stepLog(t.store, tenant.id, first.id)).toEqual([]);
    const next = t.store.appointments.create(scope, {
      leadId: lead.id,
      startsAt: new Date("2026-11-30T14:00:00Z"),
    });
    const third = enrollLead(t.store, scope, {
      leadId: lead.id,
      scenario: "coach-no-show",
      appointmentId: next.id,
    });
    cancelAppointment(t.store, scope, next.id);
    await walk(t, 8);
    expect(status(tenant.id, third.id)).toEqual(["stopped", "le rendez-vous a été annulé"]);
    expect(stepLog(t.store, tenant.id, third.id)).toEqual([]);
  });

  it("a paused enrollment sends nothing; resumed, the remaining delays count from the resumption", async () => {
    const { tenant, scope } = world(t, "agence", "b2b");
    const lead = reachableLead(t.store, tenant.id, "devis_envoye");
    const e = enrollLead(t.store, scope, { leadId: lead.id, scenario: "b2b-relance-devis" });
    pauseEnrollment(t.store, scope, e.id);
    await walk(t, 10);
    expect(stepLog(t.store, tenant.id, e.id)).toEqual([]);
    const resumed = resumeEnrollment(t.store, scope, tenant, e.id);
    // Paused for 10 days: J+3 is now Sunday 29 November, so Monday 30 at 09:00, the window's start.
    expect(resumed.nextRunAt?.toISOString()).toBe("2026-11-30T08:00:00.000Z");
  });
});

describe("scenario tools from chat", () => {
  it("« relance Dupont avec la séquence devis » enrolls through the gate (Auto), then lists, pauses and resumes", async () => {
    const { tenant, owner } = world(t, "agence", "b2b");
    const lead = reachableLead(t.store, tenant.id, "devis_envoye");
    const ctx = turnContext(t.store, tenant.id, owner);
    ctx.mode = "auto";
    const enrolled = await offlineTurn(ctx, "relance Jean1 Dupont avec la séquence devis");
    expect(enrolled.outcomes[0]).toMatchObject({ kind: "executed", tool: "enroll_in_scenario", cost: 1 });
    const [e] = t.store.scenarios.list(tenant.id);
    expect(e).toMatchObject({
      leadId: lead.id,
      scenario: "b2b-relance-devis",
      status: "active",
      enrolledBy: owner.id,
    });
    expect((await offlineTurn(ctx, "scénarios en cours")).reply).toContain(
      "Jean1 Dupont — « Relances après devis »",
    );
    expect((await offlineTurn(ctx, `mets en pause l'inscription ${e?.id}`)).outcomes[0]?.kind).toBe(
      "executed",
    );
    expect(t.store.scenarios.get(tenant.id, e?.id ?? 0)?.status).toBe("paused");
    expect((await offlineTurn(ctx, `resume enrollment ${e?.id}`)).outcomes[0]?.kind).toBe("executed");
    expect(t.store.scenarios.get(tenant.id, e?.id ?? 0)?.status).toBe("active");
    const again = await offlineTurn(ctx, "follow up Jean1 Dupont with the quote sequence");
    expect(again.outcomes[0]).toMatchObject({ kind: "unavailable" });
    expect(again.reply).toContain("suit déjà le scénario « b2b-relance-devis »");
  });

  it("enrolls a segment, leaving out the leads the scenario does not fit; Assisté waits for a confirmation", async () => {
    const { tenant, owner } = world(t, "agence", "b2b", "assiste");
    reachableLead(t.store, tenant.id, "devis_envoye", 1);
    reachableLead(t.store, tenant.id, "devis_envoye", 2);
    const ctx = turnContext(t.store, tenant.id, owner);
    const outcome = await offlineTurn(ctx, "relance les leads en devis_envoye avec la séquence devis");
    expect(outcome.outcomes[0]?.kind).toBe("pending");
    expect(t.store.scenarios.list(tenant.id)).toEqual([]);
    const done = await offlineTurn(ctx, "oui");
    expect(done.reply).toContain("2 lead(s) inscrit(s) dans « Relances après devis »");
  });
});
