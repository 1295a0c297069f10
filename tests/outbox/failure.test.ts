// A message that finally fails is refunded once and told where it was asked: the provider refuses it
// for good, its delivery report says failed, the same failure is noticed twice (a restart) — one
// refund, one notice, and the lead's timeline shows the failure, never « envoyé ».
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { callTool, type GateContext } from "../../src/agent/gate.js";
import { type ChannelAdapter, TransientError } from "../../src/outbox/channel.js";
import { deliverDue } from "../../src/outbox/deliver.js";
import { receiveDeliveryReport } from "../../src/outbox/delivery-report.js";
import { failMessage } from "../../src/outbox/failure.js";
import { rateLimiter } from "../../src/outbox/rate-limit.js";
import type { Lead, Message } from "../../src/store/index.js";
import { turnContext } from "../helpers/agent.js";
import { makeTenant, type TestStore, testStore, wroteOnWhatsApp } from "../helpers/store.js";

let t: TestStore;
let ctx: GateContext & { conversationId: number };
let camille: Lead;
let refuse: Error | null;

/** Stands in for the provider: accepts, or refuses with the error the test sets. */
const provider = (channel: "email" | "whatsapp"): ChannelAdapter => ({
  channel,
  async send({ message }) {
    if (refuse) throw refuse;
    return { providerId: `${channel}-${message.id}` };
  },
});
const deliver = () =>
  deliverDue({
    store: t.store,
    adapters: new Map([
      ["email", provider("email")],
      ["whatsapp", provider("whatsapp")],
      ["web", { channel: "web", send: async ({ message }) => ({ providerId: `web-${message.id}` }) }],
    ]),
    limiter: rateLimiter({}),
  });

beforeEach(() => {
  t = testStore();
  const { tenant, scope, owner } = makeTenant(t.store, "coach", { defaultMode: "auto" });
  camille = t.store.leads.create(scope, {
    firstName: "Camille",
    lastName: "Dupont",
    email: "camille@dupont.fr",
    phone: "06 12 34 56 78",
    consent: { email: true, whatsapp: true },
  });
  wroteOnWhatsApp(t.store, tenant.id, camille.id);
  t.store.ledger.summary(tenant.id);
  ctx = turnContext(t.store, tenant.id, owner, "web");
  refuse = null;
});
afterEach(() => t.cleanup());

const tenantId = () => ctx.tenant.id;
const refunds = () => t.store.ledger.entries(tenantId(), 50).filter((e) => e.kind === "refund");
const said = () =>
  t.store.messages
    .listConversation(tenantId(), ctx.conversationId)
    .filter((m) => m.direction === "out")
    .map((m) => m.bodyText);
const queued = async (channel: "email" | "whatsapp") => {
  const out = await callTool(ctx, "send_message", {
    leadId: camille.id,
    channel,
    text: "Votre séance est confirmée",
  });
  if (out.kind !== "executed") throw new Error(`expected executed, got ${out.kind}: ${out.message}`);
  expect(out.message).toMatch(/mis en file d'envoi/);
  return t.store.messages.get(tenantId(), (out.data as { messageId: number }).messageId) as Message;
};

describe("a queued message that finally fails", () => {
  it("a provider's final refusal: failed, refunded once, the asker told where they asked, the timeline says so", async () => {
    const message = await queued("email");
    const paid = t.store.ledger.balance(tenantId());
    refuse = new Error("SMTP : 550 5.1.1 adresse inconnue");
    await deliver();
    expect(t.store.messages.get(tenantId(), message.id)).toMatchObject({ status: "failed" });
    expect(refunds()).toHaveLength(1);
    expect(t.store.ledger.balance(tenantId())).toBe(paid + 2);
    expect(said().at(-1)).toBe(
      `❌ Le message n°${message.id} n'a pas pu partir : SMTP : 550 5.1.1 adresse inconnue. 2 jetons remboursés.`,
    );
    expect(t.store.activities.list(tenantId(), camille.id)[0]).toMatchObject({
      kind: "email_out",
      meta: { messageId: message.id, status: "failed" },
    });
    const analysis = await callTool(ctx, "analyze_lead", { leadId: camille.id });
    expect(analysis.message).toMatch(/e-mail en échec : Votre séance est confirmée/);

    // Noticed again (a restart, a late report): nothing more is refunded or said.
    const notices = said().length;
    failMessage(t.store, t.store.messages.get(tenantId(), message.id) as Message, "rebond");
    expect(refunds()).toHaveLength(1);
    expect(said()).toHaveLength(notices + 1);
    expect(said().at(-1)).toBe(`❌ Le message n°${message.id} n'a pas pu partir : rebond.`);
  });

  it("a delivery report that says failed after « sent »: refunded and told, like a refusal", async () => {
    const message = await queued("whatsapp");
    await deliver();
    expect(t.store.messages.get(tenantId(), message.id)?.status).toBe("sent");
    receiveDeliveryReport(t.store, tenantId(), {
      channel: "whatsapp",
      providerId: `whatsapp-${message.id}`,
      status: "failed",
      error: "Échec de remise WhatsApp (code Twilio 63016)",
    });
    expect(t.store.messages.get(tenantId(), message.id)?.status).toBe("failed");
    expect(refunds()).toHaveLength(1);
    expect(said().at(-1)).toMatch(
      /n'a pas pu partir : Échec de remise WhatsApp \(code Twilio 63016\)\. 5 jetons remboursés\./,
    );
  });

  it("a transient error is retried, not refunded; a success is never reported as a failure", async () => {
    const message = await queued("email");
    refuse = new TransientError("SMTP : 421 plus tard");
    await deliver();
    expect(t.store.messages.get(tenantId(), message.id)).toMatchObject({ status: "queued", attempts: 1 });
    expect(refunds()).toEqual([]);
    refuse = null;
    t.clock.set(new Date(t.clock.now.getTime() + 60_000).toISOString());
    await deliver();
    expect(t.store.messages.get(tenantId(), message.id)?.status).toBe("sent");
    expect(refunds()).toEqual([]);
    expect(t.store.activities.list(tenantId(), camille.id)[0]?.meta.status).toBe("sent");
  });
});
