// The modes and the budget around scenario steps, through the real gate and pending actions:
// Assisté drafts validated one by one or all at once (the digest's one-tap card), Auto debits and the
// refund of a send the outbox could not deliver, Conseil suggestions, and steps waiting for tokens
// with the owner told once.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { confirmPending } from "../../src/agent/confirmations.js";
import { deliverDue } from "../../src/outbox/deliver.js";
import { rateLimiter } from "../../src/outbox/rate-limit.js";
import { buildDigest } from "../../src/scenarios/digest.js";
import { enrollLead } from "../../src/scenarios/enroll.js";
import { turnContext } from "../helpers/agent.js";
import { reachableLead, stepLog, walk, world } from "../helpers/scenario-world.js";
import { type TestStore, testStore } from "../helpers/store.js";

let t: TestStore;
beforeEach(() => {
  t = testStore("2026-11-16T09:00:00Z");
});
afterEach(() => t.cleanup());

function relances(mode: "assiste" | "auto" | "conseil", leads = 1) {
  const w = world(t, "agence", "b2b", mode);
  const enrolled = Array.from({ length: leads }, (_, i) => {
    const lead = reachableLead(t.store, w.tenant.id, "devis_envoye", i + 1);
    return enrollLead(t.store, w.scope, {
      leadId: lead.id,
      scenario: "b2b-relance-devis",
      enrolledBy: w.owner.id,
    });
  });
  return { ...w, enrolled };
}

const balanceOf = (tenantId: number) => t.store.ledger.balance(tenantId);

describe("scenario steps by mode", () => {
  it("Assisté: a due step becomes a draft (nothing sent, nothing debited) that runs once when confirmed", async () => {
    const { tenant, owner, enrolled } = relances("assiste");
    const e = enrolled[0] ?? expect.unreachable();
    await walk(t, 3);
    expect(stepLog(t.store, tenant.id, e.id)).toEqual([["j3-douce", "drafted", "2026-11-19T09:00:00.000Z"]]);
    const [draft] = t.store.pendingActions.listPending(tenant.id);
    expect(draft).toMatchObject({
      tool: "send_scenario_step",
      cost: 15,
      mode: "assiste",
      requesterId: owner.id,
    });
    expect(draft?.preview).toContain("Je reviens vers vous au sujet du devis");
    expect([t.store.messages.listByLead(tenant.id, e.leadId), balanceOf(tenant.id)]).toEqual([[], 500]);
    const ctx = turnContext(t.store, tenant.id, owner);
    expect((await confirmPending(ctx, draft?.id ?? 0)).kind).toBe("executed");
    expect((await confirmPending(ctx, draft?.id ?? 0)).kind).toBe("already");
    expect(t.store.messages.listByLead(tenant.id, e.leadId)).toHaveLength(1);
    expect(stepLog(t.store, tenant.id, e.id)[0]?.[1]).toBe("sent");
    expect(balanceOf(tenant.id)).toBe(485);
  });

  it("Assisté: the digest shows each draft and one card that validates them all; a lead who replied meanwhile is not sent", async () => {
    const { tenant, scope, owner, enrolled } = relances("assiste", 3);
    await walk(t, 3);
    const replied = enrolled[2] ?? expect.unreachable();
    t.store.messages.create(scope, {
      channel: "whatsapp",
      direction: "in",
      status: "received",
      leadId: replied.leadId,
      bodyText: "Je regarde ça",
    });
    const digest = buildDigest(t.store, scope, tenant, owner);
    expect(digest.text).toContain("3 relance(s) préparée(s) attendent votre validation.");
    expect(digest.cards.map((c) => [c.tool, c.cost])).toEqual([
      ["validate_followups", 0],
      ["send_scenario_step", 15],
      ["send_scenario_step", 15],
      ["send_scenario_step", 15],
    ]);
    const outcome = await confirmPending(
      turnContext(t.store, tenant.id, owner),
      digest.cards[0]?.actionId ?? 0,
    );
    expect(outcome.message).toMatch(
      /^2 relance\(s\) validée\(s\) sur 3\. Non envoyées : .*le lead a répondu/,
    );
    expect(enrolled.map((e) => stepLog(t.store, tenant.id, e.id)[0]?.[1])).toEqual([
      "sent",
      "sent",
      "drafted",
    ]);
    expect(balanceOf(tenant.id)).toBe(470);
  });

  it("Auto: each step is debited 15 tokens, and a send the outbox could not deliver is refunded", async () => {
    const { tenant, enrolled } = relances("auto");
    const e = enrolled[0] ?? expect.unreachable();
    await walk(t, 3);
    expect(balanceOf(tenant.id)).toBe(485);
    const refusing = {
      channel: "email" as const,
      send: async () => {
        throw new Error("550 boîte inconnue");
      },
    };
    await deliverDue({ store: t.store, adapters: new Map([["email", refusing]]), limiter: rateLimiter({}) });
    await walk(t, 0.1);
    expect(stepLog(t.store, tenant.id, e.id)[0]?.[1]).toBe("failed");
    expect(t.store.scenarios.steps(tenant.id, e.id)[0]?.detail).toBe("550 boîte inconnue");
    expect(balanceOf(tenant.id)).toBe(500);
    expect(
      t.store.ledger
        .entries(tenant.id, 5)
        .map((x) => x.kind)
        .slice(0, 2),
    ).toEqual(["refund", "debit"]);
  });

  it("Auto: a delivered send keeps its debit and the step is marked delivered", async () => {
    const { tenant, enrolled } = relances("auto");
    await walk(t, 3);
    const ok = { channel: "email" as const, send: async () => ({ providerId: "smtp-1" }) };
    await deliverDue({ store: t.store, adapters: new Map([["email", ok]]), limiter: rateLimiter({}) });
    await walk(t, 0.1);
    expect(stepLog(t.store, tenant.id, enrolled[0]?.id ?? 0)[0]?.[1]).toBe("delivered");
    expect(balanceOf(tenant.id)).toBe(485);
  });

  it("Conseil: due steps are only suggested in the digest; nothing is sent, written or debited", async () => {
    const { tenant, scope, owner, enrolled } = relances("conseil");
    await walk(t, 3);
    const e = enrolled[0] ?? expect.unreachable();
    expect(stepLog(t.store, tenant.id, e.id)[0]?.[1]).toBe("suggested");
    expect([
      t.store.messages.listByLead(tenant.id, e.leadId),
      t.store.pendingActions.listPending(tenant.id),
      balanceOf(tenant.id),
    ]).toEqual([[], [], 500]);
    const digest = buildDigest(t.store, scope, tenant, owner);
    expect(digest.text).toContain("Relances suggérées (mode Conseil, rien n'est envoyé)");
    expect(digest.cards).toEqual([]);
  });

  it("out of tokens: steps wait, the owner is told once, and they go out after a pack", async () => {
    const { tenant, scope, enrolled } = relances("auto", 2);
    t.store.ledger.debit(scope, { action: "crm_change", amount: 490 });
    await walk(t, 3.2);
    expect(enrolled.map((e) => stepLog(t.store, tenant.id, e.id))).toEqual([
      [["j3-douce", "due", "2026-11-19T09:00:00.000Z"]],
      [["j3-douce", "due", "2026-11-19T09:00:00.000Z"]],
    ]);
    const notices = () =>
      t.store.messages
        .listConversation(tenant.id, t.store.scenarios.staffConversation(tenant.id, 1)?.id ?? 0)
        .filter((m) => m.bodyText.startsWith("⛔"));
    expect(notices()).toHaveLength(1);
    expect(notices()[0]?.bodyText).toContain("il reste 10 jeton(s), une relance en coûte 15");
    // The waiting steps try again every hour; the next try after the pack sends them.
    t.store.ledger.addPacks(scope, 1);
    await walk(t, 1 / 24);
    expect(enrolled.map((e) => stepLog(t.store, tenant.id, e.id)[0]?.[1])).toEqual(["sent", "sent"]);
    expect(balanceOf(tenant.id)).toBe(480);
    expect(notices()).toHaveLength(1);
  });
});
