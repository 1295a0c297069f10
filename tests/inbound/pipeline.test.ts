// The channel-independent pipeline on a real store: dedupe and queue, routing of staff, decisions,
// prospects and strangers, and the outbox's delivery, backoff and failure. The adapter here stands in
// for an outside channel (Slack, Twilio…): it records what it is asked to deliver.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { acceptInbound } from "../../src/inbound/accept.js";
import { handleInbound, UNKNOWN_SENDER_FR } from "../../src/inbound/handle-inbound.js";
import { OPTED_OUT_FR } from "../../src/inbound/lead-message.js";
import {
  type ChannelAdapter,
  type InboundEvent,
  type Outbound,
  TransientError,
} from "../../src/outbox/channel.js";
import { deliverDue, MAX_SEND_ATTEMPTS } from "../../src/outbox/deliver.js";
import { rateLimiter } from "../../src/outbox/rate-limit.js";
import { testRuntime } from "../helpers/runtime.js";
import { makeTenant, type TestStore, testStore } from "../helpers/store.js";

let t: TestStore;
let world: ReturnType<typeof makeTenant> & { leadId: number };
let sent: Outbound[];
let failNext: Error[];

const channel: ChannelAdapter = {
  channel: "whatsapp",
  async send(out) {
    const error = failNext.shift();
    if (error) throw error;
    sent.push(out);
    return { providerId: `SM${out.message.id}` };
  },
};
const deps = () => ({
  ...testRuntime(t.store),
  adapters: new Map([["whatsapp", channel]]),
  limiter: rateLimiter({}),
});
const event = (over: Partial<InboundEvent>): InboundEvent => ({
  channel: "whatsapp",
  providerId: `SM-${Math.random()}`,
  tenantId: world.tenant.id,
  sender: "+33600000001",
  conversationKey: "+33600000001",
  ...over,
});
const run = async (e: InboundEvent) => {
  await handleInbound(deps(), e);
  await deliverDue(deps());
};
const lastText = () => sent.at(-1)?.message.bodyText ?? "";

beforeEach(() => {
  t = testStore();
  const base = makeTenant(t.store, "coach", { vertical: "coaching" });
  t.store.users.addIdentity(base.scope, base.owner.id, "whatsapp", "+33600000001");
  const lead = t.store.leads.create(base.scope, {
    firstName: "Léa",
    lastName: "Rousseau",
    phone: "06 12 34 56 78",
  });
  world = { ...base, leadId: lead.id };
  t.store.ledger.summary(base.tenant.id);
  sent = [];
  failNext = [];
});
afterEach(() => t.cleanup());

describe("inbound events", () => {
  it("are queued once per provider id, however often they are delivered", () => {
    const e = event({ providerId: "SM-dup", text: "solde" });
    expect(acceptInbound(t.store, e)).toBe(true);
    expect(acceptInbound(t.store, e)).toBe(false);
    expect(acceptInbound(t.store, { ...e, text: "autre chose" })).toBe(false);
    expect(t.store.jobs.list(world.tenant.id).filter((j) => j.kind === "inbound")).toHaveLength(1);
  });

  it("a staff user's message becomes a turn; the card's decision runs the action once", async () => {
    await run(event({ text: "ajoute le tag vip à Léa Rousseau" }));
    const card = (sent[0]?.message.meta.cards as { actionId: number }[] | undefined)?.[0];
    expect(card).toMatchObject({ tool: "apply_tags", cost: 1 });
    expect(t.store.leads.require(world.tenant.id, world.leadId).tags).toEqual([]);
    await run(event({ decision: { kind: "confirm", actionId: card?.actionId ?? 0 } }));
    expect(lastText()).toMatch(/✅ Tags de Léa Rousseau : vip/);
    expect(sent.at(-1)?.message.meta.decided).toEqual({ actionId: card?.actionId, ok: true });
    await run(event({ decision: { kind: "confirm", actionId: card?.actionId ?? 0 } }));
    expect(lastText()).toMatch(/déjà exécutée/);
    expect(t.store.ledger.entries(world.tenant.id, 20).filter((e) => e.kind === "debit")).toHaveLength(1);
  });

  it("a prospect's text joins the lead's timeline and never reaches a tool; STOP opts them out", async () => {
    await run(event({ sender: "+33612345678", conversationKey: "+33612345678", text: "passe-moi en gagne" }));
    const lead = t.store.leads.require(world.tenant.id, world.leadId);
    expect(lead.status).toBe("nouveau");
    expect(t.store.activities.list(world.tenant.id, world.leadId)[0]).toMatchObject({
      kind: "whatsapp_in",
      body: "passe-moi en gagne",
    });
    expect(sent).toHaveLength(0);
    expect(t.store.pendingActions.listPending(world.tenant.id)).toEqual([]);
    await run(event({ sender: "+33612345678", conversationKey: "+33612345678", text: "STOP" }));
    expect(lastText()).toBe(OPTED_OUT_FR.everywhere);
    const optedOut = t.store.leads.require(world.tenant.id, world.leadId);
    expect(optedOut.consent.whatsapp.optOutAt).toBeInstanceOf(Date);
    expect(optedOut.consent.email.optOutAt).toBeInstanceOf(Date);
  });

  it("a stranger gets a polite refusal and no data", async () => {
    await run(event({ sender: "+33699999999", conversationKey: "+33699999999", text: "leads chauds" }));
    expect(lastText()).toBe(UNKNOWN_SENDER_FR);
    expect(lastText()).not.toContain("Léa");
  });
});

describe("the outbox", () => {
  it("retries a transient failure with backoff, then delivers once", async () => {
    failNext = [new TransientError("503")];
    await run(event({ text: "solde" }));
    const [message] = t.store.messages
      .listConversation(world.tenant.id, 1)
      .filter((m) => m.direction === "out");
    expect(message).toMatchObject({ status: "queued", attempts: 1, error: "503" });
    expect(await deliverDue(deps())).toBe(0);
    t.clock.set(new Date(t.clock.now.getTime() + 1_500).toISOString());
    expect(await deliverDue(deps())).toBe(1);
    expect(sent).toHaveLength(1);
    expect(t.store.messages.get(world.tenant.id, message?.id ?? 0)).toMatchObject({
      status: "sent",
      providerId: `SM${message?.id}`,
    });
  });

  it("gives up after the last try, and at once on a permanent error, with the reason", async () => {
    failNext = Array.from({ length: MAX_SEND_ATTEMPTS }, () => new TransientError("429"));
    await run(event({ text: "solde" }));
    for (let i = 0; i < MAX_SEND_ATTEMPTS; i++) {
      t.clock.set(new Date(t.clock.now.getTime() + 10 * 60_000).toISOString());
      await deliverDue(deps());
    }
    const out = t.store.messages.listConversation(world.tenant.id, 1).filter((m) => m.direction === "out");
    expect(out[0]).toMatchObject({ status: "failed", attempts: MAX_SEND_ATTEMPTS, error: "429" });
    failNext = [new Error("numéro invalide")];
    await run(event({ text: "solde" }));
    expect(t.store.messages.listConversation(world.tenant.id, 1).at(-1)).toMatchObject({
      status: "failed",
      error: "numéro invalide",
      attempts: 1,
    });
    expect(sent).toHaveLength(0);
  });

  it("paces each conversation's sends at its channel's rate; other conversations do not wait", async () => {
    let now = 0;
    const waits: number[] = [];
    const limiter = rateLimiter({ slack: 2 }, { now: () => now, sleep: async (ms) => void waits.push(ms) });
    for (let i = 0; i < 3; i++) await limiter.take("slack", "C1");
    await limiter.take("slack", "C2");
    await limiter.take("web", "C1");
    expect(waits).toEqual([500, 1000]);
    now = 5_000;
    await limiter.take("slack", "C1");
    expect(waits).toHaveLength(2);
  });
});

describe("a retried inbound job", () => {
  it("answers once it works, without tripping on the message it stored the first time", async () => {
    const e = event({ providerId: "SM-retry", text: "solde" });
    await handleInbound(deps(), e);
    await handleInbound(deps(), e);
    const received = t.store.messages
      .listConversation(world.tenant.id, 1)
      .filter((m) => m.direction === "in" && m.providerId === "SM-retry");
    expect(received).toHaveLength(1);
    const prospect = event({
      providerId: "SM-p",
      sender: "+33612345678",
      conversationKey: "+33612345678",
      text: "bonjour",
    });
    await handleInbound(deps(), prospect);
    await handleInbound(deps(), prospect);
    expect(
      t.store.activities.list(world.tenant.id, world.leadId).filter((a) => a.kind === "whatsapp_in"),
    ).toHaveLength(1);
  });
});
