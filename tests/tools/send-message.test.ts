import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { confirmPending } from "../../src/agent/confirmations.js";
import { callTool, type GateContext } from "../../src/agent/gate.js";
import type { Mode } from "../../src/domain/index.js";
import { messages } from "../../src/store/schema.js";
import { turnContext } from "../helpers/agent.js";
import { makeTenant, type TestStore, testStore, wroteOnWhatsApp } from "../helpers/store.js";

let t: TestStore;
let world: ReturnType<typeof setup>;

function setup(t: TestStore) {
  const { tenant, scope, owner } = makeTenant(t.store, "coach", { name: "Coach Élan", plan: "standard" });
  const camille = t.store.leads.create(scope, {
    firstName: "Camille",
    lastName: "Dupont",
    email: "camille@dupont.fr",
    phone: "06 12 34 56 78",
    consent: { email: true, whatsapp: true },
  });
  const stranger = makeTenant(t.store, "ailleurs");
  const foreign = t.store.leads.create(stranger.scope, {
    firstName: "Zoé",
    lastName: "Autre",
    email: "zoe@autre.fr",
    phone: "0698765432",
    consent: { email: true, whatsapp: true },
  });
  // Camille wrote on WhatsApp an hour ago: free text may answer her for 24 hours.
  wroteOnWhatsApp(t.store, tenant.id, camille.id);
  t.store.ledger.summary(tenant.id);
  return { tenant, scope, owner, camille, foreign, strangerTenant: stranger.tenant };
}

const ctxFor = (mode: Mode): GateContext => ({ ...turnContext(t.store, world.tenant.id, world.owner), mode });
/** What M.A.X. queued (Camille's own message to us is left out). */
const messagesOf = (tenantId = world.tenant.id) =>
  t.store.ctx.db
    .select()
    .from(messages)
    .where(eq(messages.tenantId, tenantId))
    .orderBy(messages.id)
    .all()
    .filter((m) => m.direction === "out");
const balance = () => t.store.ledger.balance(world.tenant.id);
const timeline = (leadId = world.camille.id) => t.store.activities.list(world.tenant.id, leadId);
const send = (mode: Mode, args: Record<string, unknown>) =>
  callTool(ctxFor(mode), "send_message", { leadId: world.camille.id, ...args });

beforeEach(() => {
  t = testStore();
  world = setup(t);
});
afterEach(() => t.cleanup());

describe("send_message", () => {
  it("Assisté: costs 5 for WhatsApp and 2 for e-mail, and queues nothing until confirmed", async () => {
    const whatsapp = await send("assiste", { channel: "whatsapp", text: "Bonjour Camille !" });
    const email = await send("assiste", { channel: "email", text: "Bonjour Camille" });
    if (whatsapp.kind !== "pending" || email.kind !== "pending") throw new Error("expected pending");
    expect(whatsapp.action).toMatchObject({ cost: 5, balanceAfter: 95 });
    expect(whatsapp.action.preview).toBe(
      "Envoyer un message WhatsApp à Camille Dupont : « Bonjour Camille ! »",
    );
    expect(email.action).toMatchObject({ cost: 2, balanceAfter: 98 });
    expect(messagesOf()).toEqual([]);
    expect(timeline()).toEqual([]);
    expect(balance()).toBe(100);

    expect(await confirmPending(ctxFor("assiste"), whatsapp.action.id)).toMatchObject({
      kind: "executed",
      cost: 5,
      balance: 95,
    });
    expect(messagesOf()).toHaveLength(1);
    expect(messagesOf()[0]).toMatchObject({ channel: "whatsapp", status: "queued" });
  });

  it("Auto: queues exactly one WhatsApp message for the lead, on its timeline, and debits 5", async () => {
    const out = await send("auto", {
      channel: "whatsapp",
      text: "Bonjour Camille, à demain 10 h ?",
      subject: "x",
    });
    expect(out).toMatchObject({ kind: "executed", cost: 5, balance: 95 });
    const rows = messagesOf();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      leadId: world.camille.id,
      channel: "whatsapp",
      direction: "out",
      status: "queued",
      subject: null,
      bodyHtml: null,
      bodyText: "Bonjour Camille, à demain 10 h ?",
      sentAt: null,
    });
    expect(out.message).toBe(
      `Message WhatsApp pour Camille Dupont mis en file d'envoi (n°${rows[0]?.id}) : il part par WhatsApp dès que possible, et je vous préviens s'il ne peut pas partir.`,
    );
    expect(timeline()).toMatchObject([
      { kind: "whatsapp_out", body: "Bonjour Camille, à demain 10 h ?", meta: { messageId: rows[0]?.id } },
    ]);
    expect(t.store.leads.get(world.tenant.id, world.camille.id)?.lastActivityAt).toEqual(t.clock.now);
  });

  it("Auto: an e-mail costs 2, gets a subject and an escaped HTML body", async () => {
    const out = await send("auto", {
      channel: "email",
      text: "Voici le <b>programme</b> & les tarifs.\n\nÀ bientôt",
    });
    expect(out).toMatchObject({ kind: "executed", cost: 2, balance: 98 });
    const [email] = messagesOf();
    expect(email).toMatchObject({ channel: "email", status: "queued", subject: "Message de Coach Élan" });
    expect(email?.bodyHtml).toContain("Voici le &lt;b&gt;programme&lt;/b&gt; &amp; les tarifs.</p>");
    expect(email?.bodyHtml).toContain(">À bientôt</p>");
    expect(email?.bodyHtml).not.toContain("<b>");
    await send("auto", { channel: "email", text: "Suite", subject: "Votre séance" });
    expect(messagesOf().map((m) => m.subject)).toEqual(["Message de Coach Élan", "Votre séance"]);
    expect(timeline().map((a) => a.kind)).toEqual(["email_out", "email_out"]);
  });

  it("refuses a lead who opted out of the channel before paying: nothing queued; other channels stay open", async () => {
    t.store.leads.setConsent(world.scope, world.camille.id, "whatsapp", "opt_out");
    const before = timeline().length;
    const out = await send("auto", { channel: "whatsapp", text: "Promo !" });
    expect(out).toMatchObject({ kind: "unavailable" });
    expect(out.message).toBe(
      "Camille Dupont a retiré son accord pour recevoir des messages WhatsApp (désinscription). Rien n'a été mis en file d'envoi ni débité.",
    );
    expect(balance()).toBe(100);
    expect(messagesOf()).toEqual([]);
    expect(timeline()).toHaveLength(before);
    expect((await send("auto", { channel: "email", text: "Bonjour" })).kind).toBe("executed");

    t.store.leads.setConsent(world.scope, world.camille.id, "whatsapp", "opt_in");
    expect((await send("auto", { channel: "whatsapp", text: "Merci !" })).kind).toBe("executed");
  });

  it("refuses a lead without an opt-in or without the contact data for the channel", async () => {
    const noConsent = t.store.leads.create(world.scope, {
      firstName: "Léa",
      lastName: "Roux",
      email: "lea@roux.fr",
      phone: "0611223344",
    });
    const noPhone = t.store.leads.create(world.scope, {
      firstName: "Hugo",
      lastName: "Blanc",
      email: "hugo@blanc.fr",
      consent: { email: true, whatsapp: true },
    });
    const attempts = [
      [noConsent.id, "email", /Léa Roux n'a pas donné son accord \(opt-in\) pour recevoir des e-mails/],
      [
        noConsent.id,
        "whatsapp",
        /Léa Roux n'a pas donné son accord \(opt-in\) pour recevoir des messages WhatsApp/,
      ],
      [noPhone.id, "whatsapp", /Hugo Blanc n'a pas de numéro de téléphone pour WhatsApp/],
    ] as const;
    for (const [leadId, channel, reason] of attempts) {
      const out = await send("auto", { leadId, channel, text: "Bonjour" });
      expect(out).toMatchObject({ kind: "unavailable" });
      expect(out.message).toMatch(reason);
      expect(balance()).toBe(100);
    }
    expect(messagesOf()).toEqual([]);
  });

  it("does not reach a lead of another tenant: not found, never paid, nothing queued anywhere", async () => {
    const out = await send("auto", { leadId: world.foreign.id, channel: "email", text: "Bonjour" });
    expect(out).toMatchObject({
      kind: "unavailable",
      message: `Aucun lead n°${world.foreign.id} dans ce compte.`,
    });
    expect(balance()).toBe(100);
    expect(messagesOf()).toEqual([]);
    expect(messagesOf(world.strangerTenant.id)).toEqual([]);
    expect(t.store.activities.list(world.strangerTenant.id, world.foreign.id)).toEqual([]);
  });

  it("sends invalid arguments back without debiting: unknown channel, empty or too long text", async () => {
    for (const args of [
      { channel: "sms", text: "Bonjour" },
      { channel: "email", text: "   " },
      { channel: "email", text: "x".repeat(4001) },
    ]) {
      expect((await send("auto", args)).kind).toBe("invalid");
    }
    expect(balance()).toBe(100);
    expect(messagesOf()).toEqual([]);
  });
});
