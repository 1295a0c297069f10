// What a lead's message means, the same way by WhatsApp and by e-mail, through the one core handler:
// the opt-out rule decided once, « START » after an opt-out, our own mail looping back, an old mail read again after a mailbox
// rebuild, and a mail job queued by an earlier version.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mailEvent } from "../../channels/email/event.js";
import { parseMail } from "../../channels/email/parse.js";
import { handleInbound } from "../../src/inbound/handle-inbound.js";
import { OPTED_IN_FR, OPTED_OUT_FR, STORED_MAIL_JOB } from "../../src/inbound/lead-message.js";
import { runJobs } from "../../src/inbound/run-jobs.js";
import { startPrequalification } from "../../src/scenarios/prequalification/index.js";
import type { Lead, Scope, Tenant } from "../../src/store/index.js";
import { testRuntime } from "../helpers/runtime.js";
import { makeTenant, type TestStore, testStore } from "../helpers/store.js";

let t: TestStore;
let tenant: Tenant;
let scope: Scope;
let lead: Lead;

beforeEach(() => {
  t = testStore();
  ({ tenant, scope } = makeTenant(t.store, "coach", { vertical: "coaching", defaultMode: "assiste" }));
  lead = t.store.leads.create(scope, {
    firstName: "Camille",
    lastName: "Roux",
    email: "camille@prospect.test",
    phone: "06 11 22 33 44",
    consent: { email: true, whatsapp: true },
  });
});
afterEach(() => t.cleanup());

const PHONE = "+33611223344";
const consent = () => t.store.leads.require(tenant.id, lead.id).consent;

async function mails(body: string, headers: Record<string, string> = {}) {
  const all = {
    From: "Camille Roux <camille@prospect.test>",
    "Message-ID": `<m-${Math.random()}@prospect.test>`,
    Subject: "Re: bonjour",
    ...headers,
  };
  const raw = Buffer.from(
    `${Object.entries(all)
      .map(([k, v]) => `${k}: ${v}`)
      .join("\r\n")}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body}\r\n`,
  );
  await handleInbound(testRuntime(t.store), mailEvent(tenant.id, await parseMail(raw), raw));
}

const writes = (text: string, providerId = `SM-${Math.random()}`) =>
  handleInbound(testRuntime(t.store), {
    channel: "whatsapp",
    providerId,
    tenantId: tenant.id,
    sender: PHONE,
    conversationKey: PHONE,
    text,
  });

const outTo = () =>
  t.store.messages
    .listByLead(tenant.id, lead.id, 50)
    .filter((m) => m.direction === "out" && !m.template)
    .sort((a, b) => a.id - b.id);

describe("an opt-out, whichever channel brings it", () => {
  it("STOP by e-mail stops every channel, with no answer by e-mail", async () => {
    await mails("STOP");
    expect(consent().email.optOutAt).toEqual(t.clock.now);
    expect(consent().whatsapp.optOutAt).toEqual(t.clock.now);
    expect(outTo()).toEqual([]);
  });

  it("« désabonner » on WhatsApp leaves WhatsApp only, and says so", async () => {
    await writes("Je veux me désabonner");
    expect(consent().whatsapp.optOutAt).toEqual(t.clock.now);
    expect(consent().email.optOutAt).toBeNull();
    expect(outTo().map((m) => m.bodyText)).toEqual([OPTED_OUT_FR.this_channel]);
  });

  it("an answer that starts with « stop » is an answer, not an opt-out", async () => {
    await writes("Stop au stress, c'est mon objectif");
    expect(consent().whatsapp.optOutAt).toBeNull();
    expect(t.store.activities.list(tenant.id, lead.id)[0]).toMatchObject({ kind: "whatsapp_in" });
  });
});

describe("« START » after an opt-out", () => {
  const HOUR_MS = 3_600_000;
  const later = () => {
    t.clock.now = new Date(t.clock.now.getTime() + HOUR_MS);
    return t.clock.now;
  };
  const consentAudit = () =>
    t.store.audit
      .list(tenant.id, { entity: "lead", entityId: lead.id })
      .filter((a) => a.action.startsWith("lead.consent."))
      .map((a) => [a.action, a.actor]);

  it("on WhatsApp opts that channel in again, dated and audited, and says so in the conversation", async () => {
    await writes("STOP");
    const resubscribedAt = later();
    await writes("Start");
    expect(consent().whatsapp).toEqual({ optInAt: resubscribedAt, optOutAt: null });
    // STOP stopped every channel; START, written on WhatsApp, gives WhatsApp back only.
    expect(consent().email.optOutAt).not.toBeNull();
    expect(consent().sms.optOutAt).not.toBeNull();
    expect(outTo().map((m) => m.bodyText)).toEqual([OPTED_OUT_FR.everywhere, OPTED_IN_FR]);
    const [, ack] = outTo();
    expect(ack?.conversationId).not.toBeNull();
    expect(ack?.channel).toBe("whatsapp");
    expect(consentAudit()[0]).toEqual(["lead.consent.opt_in", `lead:${lead.id}`]);
  });

  it.each(["UNSTOP", "  stárt !\nmerci", "Unstop."])("« %s » counts too", async (text) => {
    await writes("Je veux me désabonner");
    await writes(text);
    expect(consent().whatsapp.optOutAt).toBeNull();
    expect(outTo().map((m) => m.bodyText)).toEqual([OPTED_OUT_FR.this_channel, OPTED_IN_FR]);
  });

  it("is no answer to a waiting pre-qualification, and changes nothing for a lead who never opted out", async () => {
    const started = startPrequalification(t.store, scope, tenant, lead.id, {
      channel: "email",
      channels: testRuntime(t.store).settings.channels,
    });
    if (!started.ok) throw new Error(started.error);
    await writes("START");
    expect(consent().whatsapp.optOutAt).toBeNull();
    expect(consentAudit()).toEqual([]);
    expect(outTo().filter((m) => m.channel === "whatsapp")).toEqual([]);
    await writes("désinscription");
    await writes("START");
    expect(consent().whatsapp.optOutAt).toBeNull();
    expect(t.store.prequalifications.get(tenant.id, lead.id)?.status).toBe("waiting");
  });

  it("a sentence that starts with « start » is not a request", async () => {
    await writes("STOP");
    await writes("Start-up en création, je vous recontacte");
    expect(consent().whatsapp.optOutAt).not.toBeNull();
  });

  it("by e-mail re-subscribes e-mail only, with no answer by e-mail", async () => {
    await mails("STOP");
    const resubscribedAt = later();
    await mails("START\n\nCamille");
    expect(consent().email).toEqual({ optInAt: resubscribedAt, optOutAt: null });
    expect(consent().whatsapp.optOutAt).not.toBeNull();
    expect(outTo()).toEqual([]);
  });
});

describe("mail that is not the lead's answer", () => {
  it("ignores our own mail looping back into the mailbox", async () => {
    const started = startPrequalification(t.store, scope, tenant, lead.id, {
      channels: testRuntime(t.store).settings.channels,
    });
    if (!started.ok) throw new Error(started.error);
    t.store.messages.setStatus(scope, started.messageId, {
      status: "sent",
      providerId: "<ours-1@coach.test>",
    });
    await mails("Quelques questions avant notre échange", { "Message-ID": "<ours-1@coach.test>" });
    expect(t.store.messages.listByLead(tenant.id, lead.id, 50).filter((m) => m.direction === "in")).toEqual(
      [],
    );
    expect(t.store.prequalifications.get(tenant.id, lead.id)?.status).toBe("waiting");
  });

  it("an old answer read again after a mailbox rebuild does not end a newer pre-qualification", async () => {
    const id = "<old-answer@prospect.test>";
    await mails("Je suis bloquée et prête à avancer rapidement.", { "Message-ID": id });
    t.clock.advanceDays(1);
    const started = startPrequalification(t.store, scope, tenant, lead.id, {
      channels: testRuntime(t.store).settings.channels,
    });
    if (!started.ok) throw new Error(started.error);
    await mails("Je suis bloquée et prête à avancer rapidement.", { "Message-ID": id });
    expect(t.store.prequalifications.get(tenant.id, lead.id)?.status).toBe("waiting");
  });

  it("acts on a mail job an earlier version queued (« email.received »)", async () => {
    const started = startPrequalification(t.store, scope, tenant, lead.id, {
      channels: testRuntime(t.store).settings.channels,
    });
    if (!started.ok) throw new Error(started.error);
    const stored = t.store.messages.create(scope, {
      channel: "email",
      direction: "in",
      status: "received",
      leadId: lead.id,
      providerId: "<before-upgrade@prospect.test>",
      bodyText: "Je n'arrive pas à trouver des clients, je suis prête à investir rapidement.",
      meta: { kind: "reply" },
    });
    t.store.jobs.enqueue(scope, {
      kind: STORED_MAIL_JOB,
      idempotencyKey: `email:${stored.id}`,
      dueAt: t.clock.now,
      payload: { messageId: stored.id },
    });
    const runtime = testRuntime(t.store);
    await runJobs(runtime, t.store.jobs.claimDue(60_000, 10, [STORED_MAIL_JOB]), {
      handlers: runtime.handlers,
    });
    expect(t.store.prequalifications.get(tenant.id, lead.id)?.status).toBe("answered");
  });
});
