// Tenant A can never read or change tenant B's rows through any repository function. Every method of
// every repository has a case here; the last test fails when a new method is added without one.
import { afterAll, describe, expect, it } from "vitest";
import { type FieldPlan, type FieldTrade, planFor } from "../../src/domain/index.js";
import { type Store, StoreError } from "../../src/store/index.js";
import { makeTenant, testStore } from "../helpers/store.js";

const t = testStore();
afterAll(() => t.cleanup());
const s: Store = t.store;

const a = makeTenant(s, "tenant-a", { vertical: "b2b" }, { mailbox: false });
const b = makeTenant(s, "tenant-b", { vertical: "b2b" });
const A = a.tenant.id;
const asA = a.scope;

// Tenant B's world.
const bLead = s.leads.create(b.scope, {
  firstName: "Secret",
  lastName: "Client",
  email: "secret@b.fr",
  phone: "06 11 22 33 44",
  status: "devis_envoye",
  tags: ["vip"],
  ownerId: b.owner.id,
});
s.activities.add(b.scope, bLead.id, { kind: "note", body: "confidentiel" });
s.customFields.define(b.scope, { name: "incoterm", label: "Incoterm", type: "text" });
const bField = s.customFields.define(b.scope, { name: "secret_b", label: "Secret", type: "text" });
s.leads.setCustomFields(b.scope, bLead.id, { incoterm: "FOB" });
s.users.addIdentity(b.scope, b.owner.id, "slack", "T0B:U0B");
const bConversation = s.conversations.open(b.tenant.id, "slack", "T0B:C1", b.owner.id);
const bMessage = s.messages.create(b.scope, {
  channel: "whatsapp",
  direction: "out",
  status: "sent",
  leadId: bLead.id,
  bodyText: "Bonjour",
  providerId: "SM-B-1",
});
const bAppointment = s.appointments.create(b.scope, {
  leadId: bLead.id,
  startsAt: new Date("2026-11-20T09:00:00Z"),
});
const bDebit = s.ledger.debit(b.scope, { action: "crm_change", amount: 3 });
const bPending = s.pendingActions.create(b.scope, {
  tool: "update_status",
  args: { leadId: bLead.id, status: "gagne" },
  preview: "Passer Secret Client en gagné",
  mode: "assiste",
  cost: 1,
  balanceAfter: 96,
  requesterId: b.owner.id,
  conversationId: bConversation.id,
  ttlMs: -1,
});
s.jobs.enqueue(b.scope, {
  kind: "relance",
  idempotencyKey: "b-job-1",
  dueAt: new Date("2026-11-01T00:00:00Z"),
});
s.agentMemory.appendTurn(b.tenant.id, bConversation.id, [{ role: "human", payload: { secret: true } }]);
s.llmUsage.record(b.tenant.id, { model: "m", calls: 1, inputTokens: 777, outputTokens: 1 });
function fieldPlan(trade: FieldTrade): FieldPlan {
  const planned = planFor(trade);
  if (!planned.ok) throw new Error("catalogue entry missing");
  return planned.plan;
}
const bProposal = s.fieldProposals.create(b.scope, fieldPlan("logistique"));
s.tenantLinks.link(b.scope, "slack", "T0B");
s.conversations.setMeta(b.tenant.id, bConversation.id, { thread: "b" });
const bJob = s.jobs.list(b.tenant.id)[0];
const bRun = s.n8nRuns.create(b.scope, { scenario: "relance-devis", leadIds: [bLead.id] });
const bEnrollment = s.scenarios.enroll(b.scope, {
  leadId: bLead.id,
  scenario: "b2b-relance-devis",
  anchorAt: new Date("2026-11-16T09:00:00Z"),
  expectedStatus: "devis_envoye",
  appointmentId: bAppointment.id,
});
const bStep = s.scenarios.recordStep(b.scope, bEnrollment.id, { index: 0, key: "j3", outcome: "due" });
s.messages.create(b.scope, {
  channel: "whatsapp",
  direction: "in",
  status: "received",
  leadId: bLead.id,
  bodyText: "ok",
});
s.emailAccounts.set(b.scope, {
  smtpUrl: "smtp://b:secret-b@127.0.0.1:2525",
  imapUrl: "imap://b:secret-b@127.0.0.1:1143/INBOX",
  fromAddress: "b@b.fr",
});
s.mailCursors.save(b.tenant.id, "INBOX", { uidValidity: "7", lastUid: 42 });
const bToken = s.unsubscribeTokens.issue(b.tenant.id, bLead.id);
s.prequalifications.start(b.scope, {
  leadId: bLead.id,
  channel: "email",
  questionMessageId: bMessage.id,
  dueAt: new Date("2026-11-20T00:00:00Z"),
});
if (!bDebit.ok || !bJob || !bStep) throw new Error("setup failed");

// B's budget and saved view, for the dashboard's read models.
// B's Budget IA: a debit and a refund, an alert told, a relance that got a reply.
const bSpent = s.ledger.debit(b.scope, { action: "field_apply", amount: 7 });
if (bSpent.ok) s.ledger.refund(b.scope, bSpent.entry.id, "remboursé chez B");
s.ledger.debit(b.scope, { action: "field_apply", amount: 7 });
s.budgetAlerts.claim(b.scope, "2026-11", 100);
s.activities.add(b.scope, bLead.id, { kind: "whatsapp_out", body: "relance" });
s.activities.add(b.scope, bLead.id, { kind: "whatsapp_in", body: "réponse" });
s.leads.update(b.scope, bLead.id, { fields: { budget_indicatif: "50 000 €" } });
const bView = s.savedViews.create(b.scope, b.owner.id, "Secrets", { tag: "vip" });
// B's Espace Créa: an own template, a newsletter draft, an uploaded image.
const bTemplate = s.creaTemplates.create(b.scope, {
  name: "Secret",
  subject: "Offre B",
  html: "<p>{{nom}}</p>",
});
const bDraft = s.messages.create(b.scope, {
  channel: "email",
  direction: "out",
  status: "draft",
  template: "annonce-produit",
  subject: "Brouillon B",
  bodyHtml: "<p>B</p>",
  bodyText: "B",
  segment: {},
});
const bUpload = s.uploads.create(b.scope, {
  name: `${"b".repeat(32)}.png`,
  mime: "image/png",
  bytes: 10,
  width: 1,
  height: 1,
  createdBy: b.owner.id,
});

// B's Reporting: status changes (a win, then back), a tool call M.A.X. ran, a campaign mail sent.
s.leads.setStatus(b.scope, bLead.id, "gagne");
s.leads.setStatus(b.scope, bLead.id, "devis_envoye");
s.audit.record(b.scope, { action: "tool.secret_b_tool", entity: "tool", after: { summary: "chez B" } });
s.audit.record(b.scope, {
  action: "tool.analyze_lead",
  entity: "tool",
  after: { args: { leadId: bLead.id } },
});
const bCampaignId = Number(
  s.ctx.sqlite
    .prepare(
      "insert into campaigns (tenant_id, name, subject, body_html, scheduled_at) values (?, 'B', 'B', 'B', 0)",
    )
    .run(b.tenant.id).lastInsertRowid,
);
s.ctx.sqlite
  .prepare(
    `insert into campaign_recipients (tenant_id, campaign_id, lead_id, email, token, status, sent_at)
     values (?, ?, ?, 'secret@b.fr', 'b-reporting', 'sent', 0)`,
  )
  .run(b.tenant.id, bCampaignId, bLead.id);

// B's e-mail campaigns: one sending (a consenting reader queued with its token), one still planned.
const bReader = s.leads.create(b.scope, {
  firstName: "Lecteur",
  email: "lecteur@b.fr",
  consent: { email: true },
});
const bCampaign = s.campaigns.create(b.scope, {
  name: "Campagne B",
  subject: "B",
  bodyHtml: '<a href="https://b.example/secret">B</a>',
  bodyText: "B",
  links: ["https://b.example/secret"],
  segment: { text: "Lecteur" },
  scheduledAt: new Date(0),
  recipients: 1,
  excluded: 0,
});
s.campaigns.start(b.scope, bCampaign.id, "b.fr");
const bPlanned = s.campaigns.create(b.scope, { ...bCampaign, segment: {}, scheduledAt: new Date(0) });
const bRecipient = s.ctx.sqlite
  .prepare("select id, token, provider_id as providerId from campaign_recipients where campaign_id = ?")
  .get(bCampaign.id) as { id: number; token: string; providerId: string };
const bClaim = {
  ...bRecipient,
  tenantId: A,
  campaignId: bCampaign.id,
  leadId: bReader.id,
  email: "lecteur@b.fr",
  attempts: 0,
};

// B's EspoCRM: linked last (from here on B's writes would queue its sync), its lead mapped, a failed push.
const espoLink = (url: string) => ({
  url,
  apiKey: `key-${url}`,
  fieldMap: { fields: {}, custom: {} },
  webhooks: [{ id: "wh-b", event: "Lead.update", secretKey: "s".repeat(32) }],
});
s.espocrm.connect(b.scope, espoLink("https://crm.b.fr"));
s.espocrm.saveLeadLink(b.tenant.id, bLead.id, {
  espoId: "espo-b-1",
  state: "linked",
  synced: { status: "gagne" },
});
const bEspoJob = s.jobs.enqueue(b.scope, {
  kind: "espocrm.push",
  idempotencyKey: "b-espo-1",
  dueAt: new Date(0),
}).job;
s.jobs.fail(b.tenant.id, bEspoJob.id, "échec chez B", null);

/** A snapshot of everything B owns, to prove A's calls changed nothing. */
const snapshotB = () =>
  JSON.stringify({
    lead: s.leads.get(b.tenant.id, bLead.id),
    timeline: s.activities.list(b.tenant.id, bLead.id),
    ledger: s.ledger.entries(b.tenant.id),
    pending: s.pendingActions.get(b.tenant.id, bPending.id),
    message: s.messages.get(b.tenant.id, bMessage.id),
    appointment: s.appointments.get(b.tenant.id, bAppointment.id),
    jobs: s.jobs.list(b.tenant.id),
    tenant: s.tenants.get(b.tenant.id),
    users: s.users.list(b.tenant.id),
    memory: s.agentMemory.recent(b.tenant.id, bConversation.id, 10),
    llmUsage: s.llmUsage.totals(b.tenant.id),
    proposals: s.fieldProposals.list(b.tenant.id),
    links: s.tenantLinks.list(b.tenant.id),
    conversation: s.conversations.get(b.tenant.id, bConversation.id),
    n8nRuns: s.n8nRuns.listRecent(b.tenant.id),
    enrollments: s.scenarios.list(b.tenant.id),
    steps: s.scenarios.steps(b.tenant.id, bEnrollment.id),
    email: s.emailAccounts.get(b.tenant.id),
    cursor: s.mailCursors.get(b.tenant.id, "INBOX"),
    unsubscribe: s.unsubscribeTokens.resolve(bToken),
    unsubscribeRow: s.ctx.sqlite
      .prepare("select * from unsubscribe_tokens where tenant_id = ?")
      .all(b.tenant.id),
    prequal: s.prequalifications.get(b.tenant.id, bLead.id),
    views: s.savedViews.list(b.tenant.id, b.owner.id),
    campaigns: s.campaigns.list(b.tenant.id),
    campaignRecipients: s.ctx.sqlite
      .prepare("select * from campaign_recipients where tenant_id = ?")
      .all(b.tenant.id),
    budgetAlerts: s.budgetAlerts.sent(b.tenant.id, "2026-11"),
    crea: [s.creaTemplates.list(b.tenant.id), s.creaTemplates.get(b.tenant.id, bTemplate.id)],
    drafts: [s.creaDrafts.list(b.tenant.id), s.creaDrafts.get(b.tenant.id, bDraft.id)],
    upload: s.uploads.byName(bUpload.name),
    espocrm: [s.espocrm.get(b.tenant.id), s.espocrm.leadLink(b.tenant.id, bLead.id)],
  });
// B's lead score is left stale on purpose: a rescore that reached B would rewrite it.
s.ctx.sqlite.prepare("update leads set score = 77 where id = ?").run(bLead.id);
const before = snapshotB();

const notFound = (fn: () => unknown) => {
  expect(fn).toThrow(StoreError);
  try {
    fn();
  } catch (e) {
    expect((e as StoreError).code).toBe("NOT_FOUND");
  }
};
const noBRows = (rows: Array<{ tenantId: number }>) => expect(rows.every((r) => r.tenantId === A)).toBe(true);

const cases: Record<string, () => void> = {
  // The tenant registry is the root that resolves tenants; it is not itself tenant-scoped.
  "tenants.create": () =>
    expect(s.tenants.create({ slug: "tenant-c", name: "C", plan: "pro", vertical: "b2b" }).id).not.toBe(
      b.tenant.id,
    ),
  "tenants.get": () => expect(s.tenants.get(A)?.slug).toBe("tenant-a"),
  "tenants.require": () => expect(s.tenants.require(A).slug).toBe("tenant-a"),
  "tenants.getBySlug": () => expect(s.tenants.getBySlug("tenant-a")?.id).toBe(A),
  "tenants.list": () => expect(s.tenants.list().length).toBeGreaterThanOrEqual(2),
  "tenants.update": () => expect(s.tenants.update(asA, { defaultMode: "auto" }).id).toBe(A),

  "audit.record": () => {
    s.audit.record(asA, { action: "isolation.probe", entity: "y" });
    expect(s.audit.list(A, { limit: 1 })[0]).toMatchObject({ tenantId: A, action: "isolation.probe" });
  },
  "audit.list": () => noBRows(s.audit.list(A, { limit: 1000 })),
  "audit.get": () => {
    const bRow = s.audit.list(b.tenant.id, { limit: 1 })[0];
    expect(s.audit.get(A, bRow?.id ?? 0)).toBeUndefined();
  },

  "users.create": () => expect(s.users.create(asA, { name: "N", role: "member" }).tenantId).toBe(A),
  "users.get": () => expect(s.users.get(A, b.owner.id)).toBeUndefined(),
  "users.list": () => noBRows(s.users.list(A)),
  "users.addIdentity": () => notFound(() => s.users.addIdentity(asA, b.owner.id, "slack", "T0A:U9")),
  "users.identities": () => expect(s.users.identities(A, b.owner.id)).toEqual([]),
  "users.findByIdentity": () => expect(s.users.findByIdentity(A, "slack", "T0B:U0B")).toBeUndefined(),
  "users.owner": () => expect(s.users.owner(A)?.tenantId).toBe(A),
  "users.redeemIdentity": () => expect(s.users.redeemIdentity(A, "slack", "T0B:U0B")).toBeUndefined(),

  "leads.get": () => expect(s.leads.get(A, bLead.id)).toBeUndefined(),
  "leads.require": () => notFound(() => s.leads.require(A, bLead.id)),
  "leads.list": () => expect(s.leads.list(A, [bLead.id])).toEqual([]),
  "leads.findByEmail": () => expect(s.leads.findByEmail(A, "secret@b.fr")).toBeUndefined(),
  "leads.findByPhone": () => expect(s.leads.findByPhone(A, "+33611223344")).toBeUndefined(),
  "leads.create": () => notFound(() => s.leads.create(asA, { firstName: "X", ownerId: b.owner.id })),
  "leads.update": () => notFound(() => s.leads.update(asA, bLead.id, { notes: "piraté" })),
  "leads.setStatus": () => notFound(() => s.leads.setStatus(asA, bLead.id, "perdu")),
  "leads.changeTags": () =>
    notFound(() => s.leads.changeTags(asA, bLead.id, { remove: ["vip"], add: ["x"] })),
  "leads.setCustomFields": () => {
    s.customFields.define(asA, { name: "incoterm", label: "Incoterm", type: "text" });
    notFound(() => s.leads.setCustomFields(asA, bLead.id, { incoterm: "EXW" }));
  },
  "leads.setConsent": () => notFound(() => s.leads.setConsent(asA, bLead.id, "email", "opt_out")),
  "leads.scoreOf": () => expect(s.leads.scoreOf(A, bLead.id)).toBeUndefined(),
  "leads.rescore": () => {
    const { leads } = s.leads.rescore(A, 1);
    expect(leads).toBe(s.leads.search(A, { limit: 1 }).total);
  },
  "leads.names": () => {
    expect(s.leads.names.has(A, "secret")).toBe(false);
    expect(s.leads.names.find(A, ["secret", "client"], 5)).toEqual({ total: 0, leads: [] });
    expect(s.leads.names.isTag(A, "vip")).toBe(false);
  },
  "leads.search": () => {
    expect(s.leads.search(A, { text: "secret" }).total).toBe(0);
    expect(s.leads.search(A, { text: "confidentiel" }).total).toBe(0);
    expect(s.leads.search(A, { tag: "vip" }).total).toBe(0);
    expect(s.leads.search(A, { customFields: { incoterm: "FOB" } }).total).toBe(0);
    expect(s.leads.search(A, { ownerId: b.owner.id }).total).toBe(0);
  },

  "activities.add": () => notFound(() => s.activities.add(asA, bLead.id, { kind: "note", body: "x" })),
  "activities.list": () => expect(s.activities.list(A, bLead.id)).toEqual([]),

  "customFields.define": () =>
    expect(s.customFields.define(asA, { name: "poids", label: "Poids", type: "number" }).tenantId).toBe(A),
  "customFields.list": () => noBRows(s.customFields.list(A)),
  "customFields.specs": () => expect(s.customFields.specs(A).map((f) => f.name)).not.toContain("secret_b"),
  "customFields.get": () => expect(s.customFields.get(A, bField.name)).toBeUndefined(),

  "messages.create": () => {
    notFound(() =>
      s.messages.create(asA, {
        channel: "web",
        direction: "in",
        status: "received",
        conversationId: bConversation.id,
        bodyText: "x",
      }),
    );
    notFound(() =>
      s.messages.create(asA, {
        channel: "email",
        direction: "out",
        status: "draft",
        leadId: bLead.id,
        bodyText: "x",
      }),
    );
  },
  "messages.get": () => expect(s.messages.get(A, bMessage.id)).toBeUndefined(),
  "messages.listByLead": () => expect(s.messages.listByLead(A, bLead.id)).toEqual([]),
  "messages.findByProviderId": () =>
    expect(s.messages.findByProviderId(A, "whatsapp", "SM-B-1")).toBeUndefined(),
  // The same provider id in another tenant is another message: A's is stored, B's left alone.
  "messages.receive": () => {
    const input = {
      channel: "whatsapp",
      direction: "in",
      status: "received",
      bodyText: "x",
      providerId: "SM-B-1",
    };
    const received = s.messages.receive(asA, input as Parameters<typeof s.messages.receive>[1]);
    expect([received?.created, received?.message.tenantId]).toEqual([true, A]);
  },
  "messages.claim": () => expect(s.messages.claim(A, bMessage.id)).toBeUndefined(),
  "messages.findWithCard": () => expect(s.messages.findWithCard(A, bConversation.id, 1)).toBeUndefined(),
  "messages.lastInboundAt": () => expect(s.messages.lastInboundAt(A, bLead.id, "whatsapp")).toBeUndefined(),
  "messages.setStatus": () => notFound(() => s.messages.setStatus(asA, bMessage.id, { status: "failed" })),
  "messages.listConversation": () => expect(s.messages.listConversation(A, bConversation.id)).toEqual([]),
  "messages.recentInbound": () => {
    const said = s.messages.create(b.scope, {
      channel: "slack",
      direction: "in",
      status: "received",
      conversationId: bConversation.id,
      bodyText: "leads chauds",
    });
    expect(s.messages.recentInbound(b.tenant.id, bConversation.id).map((m) => m.id)).toContain(said.id);
    expect(s.messages.recentInbound(A, bConversation.id)).toEqual([]);
  },
  // The outbox worker claims across tenants by design (B has nothing queued); each row keeps its tenant.
  "messages.claimOutbox": () => {
    s.messages.create(asA, { channel: "web", direction: "out", status: "queued", bodyText: "x" });
    noBRows(s.messages.claimOutbox(100));
  },
  "messages.retryLater": () => {
    s.messages.retryLater(asA, bMessage.id, "x", new Date());
  },
  "messages.releaseSending": () => expect(s.messages.releaseSending()).toBeGreaterThanOrEqual(0),

  "appointments.create": () =>
    notFound(() => s.appointments.create(asA, { leadId: bLead.id, startsAt: new Date() })),
  "appointments.get": () => expect(s.appointments.get(A, bAppointment.id)).toBeUndefined(),
  "appointments.upcoming": () => noBRows(s.appointments.upcoming(A, new Date(0))),
  "appointments.setStatus": () => notFound(() => s.appointments.setStatus(asA, bAppointment.id, "cancelled")),
  "appointments.reschedule": () =>
    notFound(() => s.appointments.reschedule(asA, bAppointment.id, new Date())),

  "ledger.balance": () => expect(s.ledger.balance(A)).not.toBe(s.ledger.balance(b.tenant.id)),
  "ledger.debit": () => {
    const r = s.ledger.debit(asA, { action: "crm_change", amount: 1 });
    expect(r.ok && r.entry.tenantId).toBe(A);
  },
  "ledger.refund": () => notFound(() => s.ledger.refund(asA, bDebit.entry.id)),
  "ledger.refundOnce": () => notFound(() => s.ledger.refundOnce(asA, bDebit.entry.id)),
  "ledger.addPacks": () => expect(s.ledger.addPacks(asA, 1).tenantId).toBe(A),
  "ledger.entries": () => noBRows(s.ledger.entries(A, 1000)),
  "ledger.usageByWeek": () =>
    expect(s.ledger.usageByWeek(A, new Date(0)).reduce((n, w) => n + w.used, 0)).toBe(1),
  "ledger.usageByAction": () =>
    expect(s.ledger.usageByAction(A, new Date(0))).toEqual([{ action: "crm_change", used: 1 }]),
  "ledger.summary": () => expect(s.ledger.summary(A).usedThisPeriod).toBe(1),
  "ledger.spendable": () => expect(s.ledger.spendable(A)).toBe(s.ledger.balance(A)),

  "budget.period": () => expect(s.budget.period(A)).toBe("2026-11"),
  "budget.usage": () => expect(s.budget.usage(A).used).toBe(s.ledger.summary(A).usedThisPeriod),
  "budget.spending": () =>
    expect(s.budget.spending(A).byAction.map((r) => r.action)).not.toContain("field_apply"),
  "budget.refunds": () => expect(s.budget.refunds(A, new Date(0)).count).toBe(0),
  "budget.entries": () => {
    const found = s.budget.entries(A, { from: new Date(0), to: new Date(8.64e15) });
    noBRows(found.rows);
    expect(found.rows.map((r) => r.action)).not.toContain("field_apply");
  },
  "budget.channelReplies": () =>
    expect(s.budget.channelReplies(A, new Date(0)).find((c) => c.channel === "whatsapp")).toBeUndefined(),
  "budgetAlerts.claim": () => expect(s.budgetAlerts.claim(asA, "2026-11", 100)).toBe(true),
  "budgetAlerts.sent": () => expect(s.budgetAlerts.sent(A, "2026-11")).not.toContain(80),

  "campaigns.get": () => expect(s.campaigns.get(A, bCampaign.id)).toBeUndefined(),
  "campaigns.list": () => noBRows(s.campaigns.list(A)),
  "campaigns.audience": () => {
    expect(s.campaigns.audience(A, { tag: "vip" }).matched).toBe(0);
    expect(s.campaigns.audience(A, { text: "Lecteur" }).matched).toBe(0);
  },
  // B's debit does not pay for A's campaign: it costs nothing and refunds nothing.
  "campaigns.create": () =>
    expect(
      s.campaigns.create(asA, {
        ...bCampaign,
        segment: {},
        debitId: bDebit.entry.id,
        scheduledAt: new Date(),
      }),
    ).toMatchObject({ tenantId: A, cost: 0, debitId: null }),
  "campaigns.cancel": () => expect(s.campaigns.cancel(asA, bPlanned.id)).toBeUndefined(),
  "campaigns.start": () => expect(s.campaigns.start(asA, bPlanned.id, "a.fr")).toBeUndefined(),
  "campaigns.finishIfDone": () => expect(s.campaigns.finishIfDone(asA, bCampaign.id)).toBeUndefined(),
  "campaigns.fail": () => expect(s.campaigns.fail(asA, bCampaign.id, "x")).toBeUndefined(),
  // The sender's loop looks across tenants by design; each campaign carries its tenant.
  "campaigns.due": () =>
    expect(s.campaigns.due().find((c) => c.id === bPlanned.id)?.tenantId).toBe(b.tenant.id),
  "campaigns.sending": () =>
    expect(s.campaigns.sending()).toContainEqual({ tenantId: b.tenant.id, campaignId: bCampaign.id }),
  "campaigns.claim": () => noBRows(s.campaigns.claim(A, 100, 60_000)),
  "campaigns.settle": () => expect(s.campaigns.settle(bClaim, { status: "sent" })).toBe(false),
  "campaigns.release": () => expect(s.campaigns.release([bClaim])).toBe(0),
  "campaigns.markBounced": () => expect(s.campaigns.markBounced(A, [bRecipient.providerId], "x")).toBe(0),
  // The tracking token is the only proof (the URL carries no tenant): it resolves to B's own link.
  "campaigns.linkOf": () => expect(s.campaigns.linkOf(bRecipient.token, 0)).toBe("https://b.example/secret"),
  "campaigns.recordHits": () =>
    expect(s.campaigns.recordHits([{ token: "f".repeat(43), kind: "open", at: new Date() }])).toBe(0),
  "campaigns.stats": () =>
    expect(s.campaigns.stats(A, { from: new Date(0), to: new Date(8.64e15) })).toMatchObject({
      sent: 0,
      queued: 0,
    }),
  "campaigns.perCampaign": () => expect(s.campaigns.perCampaign(A, bCampaign.id).total).toBe(0),
  "campaigns.recipients": () =>
    expect(s.campaigns.recipients(A, bCampaign.id)).toEqual({ total: 0, recipients: [] }),

  "pendingActions.create": () =>
    notFound(() =>
      s.pendingActions.create(asA, {
        tool: "x",
        args: {},
        preview: "x",
        mode: "assiste",
        cost: 1,
        balanceAfter: 0,
        requesterId: b.owner.id,
      }),
    ),
  "pendingActions.get": () => expect(s.pendingActions.get(A, bPending.id)).toBeUndefined(),
  "pendingActions.listPending": () => noBRows(s.pendingActions.listPending(A)),
  "pendingActions.transition": () => {
    notFound(() => s.pendingActions.transition(asA, bPending.id, "pending", "executing"));
    const mine = s.pendingActions.create(asA, {
      tool: "x",
      args: {},
      preview: "x",
      mode: "assiste",
      cost: 1,
      balanceAfter: 0,
    });
    notFound(() =>
      s.pendingActions.transition({ ...asA, userId: b.owner.id }, mine.id, "pending", "cancelled"),
    );
  },
  "pendingActions.expireDue": () => expect(s.pendingActions.expireDue(asA)).toBe(0),
  "pendingActions.countConfirmation": () =>
    expect(s.pendingActions.countConfirmation(asA, bPending.id, 0)).toBeUndefined(),

  "fieldProposals.create": () => expect(s.fieldProposals.create(asA, fieldPlan("beaute")).tenantId).toBe(A),
  "fieldProposals.get": () => expect(s.fieldProposals.get(A, bProposal.id)).toBeUndefined(),
  "fieldProposals.list": () => noBRows(s.fieldProposals.list(A)),
  "fieldProposals.markApplied": () => notFound(() => s.fieldProposals.markApplied(asA, bProposal.id)),

  "agentMemory.appendTurn": () =>
    notFound(() => s.agentMemory.appendTurn(A, bConversation.id, [{ role: "human", payload: {} }])),
  "agentMemory.recent": () => expect(s.agentMemory.recent(A, bConversation.id, 10)).toEqual([]),
  "llmUsage.record": () => {
    s.llmUsage.record(A, { model: "m", calls: 1, inputTokens: 5, outputTokens: 1 });
    expect(s.llmUsage.totals(A).inputTokens).toBeGreaterThanOrEqual(5);
  },
  "llmUsage.totals": () => expect(s.llmUsage.totals(A).inputTokens).toBeLessThan(777),

  "n8nRuns.create": () =>
    notFound(() => s.n8nRuns.create(asA, { scenario: "relance-devis", leadIds: [bLead.id] })),
  "n8nRuns.get": () => expect(s.n8nRuns.get(A, bRun.id)).toBeUndefined(),
  "n8nRuns.listRecent": () => noBRows(s.n8nRuns.listRecent(A)),
  "n8nRuns.abandon": () => expect(s.n8nRuns.abandon(asA, bRun.id, "x")).toBeUndefined(),
  "n8nRuns.recordAttempt": () =>
    notFound(() => s.n8nRuns.recordAttempt(asA, bRun.id, { status: "sent", httpStatus: 200, error: null })),

  "scenarios.enroll": () =>
    notFound(() =>
      s.scenarios.enroll(asA, {
        leadId: bLead.id,
        scenario: "prospection",
        anchorAt: new Date(),
        expectedStatus: "x",
      }),
    ),
  "scenarios.get": () => expect(s.scenarios.get(A, bEnrollment.id)).toBeUndefined(),
  "scenarios.running": () => expect(s.scenarios.running(A, bLead.id, "b2b-relance-devis")).toBeUndefined(),
  "scenarios.list": () => noBRows(s.scenarios.list(A)),
  "scenarios.forAppointment": () => expect(s.scenarios.forAppointment(A, bAppointment.id)).toEqual([]),
  "scenarios.schedule": () =>
    expect(
      s.scenarios.schedule(asA, bEnrollment.id, { step: 0, version: 0 }, { step: 1, at: new Date() }),
    ).toBeUndefined(),
  "scenarios.setStatus": () =>
    notFound(() => s.scenarios.setStatus(asA, bEnrollment.id, { status: "stopped" })),
  "scenarios.expectStatus": () => s.scenarios.expectStatus(asA, bEnrollment.id, "gagne"),
  "scenarios.recordStep": () =>
    notFound(() => s.scenarios.recordStep(asA, bEnrollment.id, { index: 1, key: "x", outcome: "due" })),
  "scenarios.step": () => expect(s.scenarios.step(A, bEnrollment.id, 0)).toBeUndefined(),
  "scenarios.updateStep": () =>
    expect(s.scenarios.updateStep(asA, bStep.id, ["due"], { outcome: "sent" })).toBeUndefined(),
  "scenarios.getStep": () => expect(s.scenarios.getStep(A, bStep.id)).toBeUndefined(),
  "scenarios.steps": () => expect(s.scenarios.steps(A, bEnrollment.id)).toEqual([]),
  "scenarios.stepsSince": () => noBRows(s.scenarios.stepsSince(A, new Date(0), ["due"])),
  "scenarios.repliedSince": () => expect(s.scenarios.repliedSince(A, bLead.id, new Date(0))).toBe(false),
  "scenarios.staffConversation": () => expect(s.scenarios.staffConversation(A, b.owner.id)).toBeUndefined(),

  // B has an enrollment with a step, a reply and an n8n run: none of it shows in A's figures.
  "automations.figures": () => expect(s.automations.figures(A)).toEqual([]),
  "automations.enrollments": () =>
    expect(s.automations.enrollments(A, { scenario: "b2b-relance-devis", limit: 50, offset: 0 })).toEqual({
      total: 0,
      rows: [],
    }),
  "automations.runs": () => expect(s.automations.runs(A)).toEqual([]),

  // A's figures are its own rows' (counted here in SQL): B's status changes, tool call, reply and
  // campaign never show.
  "reporting.figures": () => {
    const ever = { from: 0, split: 0, to: 8.64e15 };
    const f = s.reporting.figures(A, ever, { open: ["devis_envoye"], followUpDays: 0 });
    const own = (query: string) => (s.ctx.sqlite.prepare(query).get(A) as { n: number }).n;
    const changes = Object.values(f.reached).reduce((n, p) => n + p.current, 0);
    expect(changes).toBe(
      own("select count(*) as n from activities where tenant_id = ? and kind = 'status_change'"),
    );
    expect(f.tools.secret_b_tool).toBeUndefined();
    expect(Object.values(f.statusCounts).reduce((n, c) => n + c, 0)).toBe(
      own("select count(*) as n from leads where tenant_id = ?"),
    );
    expect(f.replies.whatsapp?.current ?? 0).toBe(
      own(
        "select count(*) as n from messages where tenant_id = ? and direction = 'in' and lead_id is not null and channel = 'whatsapp'",
      ),
    );
  },
  "reporting.feed": () => {
    const feed = s.reporting.feed(A, { limit: 100 });
    expect(feed.tools.map((t) => t.tool)).not.toContain("secret_b_tool");
    expect(feed.statuses.map((x) => x.leadId)).not.toContain(bLead.id);
    expect(feed.messages.map((m) => m.leadId)).not.toContain(bLead.id);
    expect(feed.cards.map((c) => c.id)).not.toContain(bPending.id);
  },
  "reporting.untilCampaignsChange": () => {
    expect(s.reporting.untilCampaignsChange(A, "k", () => "A's")).toBe("A's");
    expect(s.reporting.untilCampaignsChange(b.tenant.id, "k", () => "B's")).toBe("B's");
    expect(s.reporting.untilCampaignsChange(A, "k", () => "again")).toBe("A's");
  },
  "reporting.toolArgsSince": () => {
    expect(s.reporting.toolArgsSince(A, "analyze_lead", new Date(0))).toEqual([]);
    expect(s.reporting.toolArgsSince(b.tenant.id, "analyze_lead", new Date(0))).toEqual([
      { leadId: bLead.id },
    ]);
  },
  "reporting.followingSequences": () =>
    expect(s.reporting.followingSequences(A, [bLead.id])).toEqual(new Set()),
  "reporting.conversions": () => {
    expect(s.reporting.conversions(A, [bCampaignId])).toEqual(new Map([[bCampaignId, 0]]));
    expect(s.reporting.conversions(b.tenant.id, [bCampaignId]).get(bCampaignId)).toBe(1);
  },

  // Index housekeeping touches no row of anyone's.
  "maintenance.optimize": () => s.maintenance.optimize(),

  // The server's one reader streams every tenant's changes by design; each row carries its tenant
  // and the stream hands a row only to that tenant's pages.
  "changes.after": () =>
    expect(s.changes.after(0).some((c) => c.tenantId === b.tenant.id && c.refId === bLead.id)).toBe(true),
  "changes.tenantAfter": () => expect(s.changes.tenantAfter(A, 0).every((c) => c.tenantId === A)).toBe(true),
  "changes.oldestId": () => expect(s.changes.oldestId()).toBe(s.changes.after(0)[0]?.id),
  "changes.latestId": () => expect(s.changes.latestId()).toBeGreaterThan(0),
  // Pruning by age is the same for everyone: it drops notices, never data.
  "changes.prune": () => expect(s.changes.prune(new Date(0))).toBe(0),

  // The dashboard's read models.
  "board.get": () => {
    const board = s.board.get(A);
    expect(board.columns.flatMap((c) => c.cards).map((c) => c.id)).not.toContain(bLead.id);
    expect(board.total).toBe(s.leads.search(A, { limit: 1 }, { exactTotal: true }).total);
    expect(board.columns.map((c) => c.budgetSum)).not.toContain(50_000);
  },
  "board.column": () => {
    const page = s.board.column(A, "devis_envoye");
    expect(page.cards.map((c) => c.id)).not.toContain(bLead.id);
    expect(page.count).toBe(
      s.leads.search(A, { status: "devis_envoye", limit: 1 }, { exactTotal: true }).total,
    );
  },
  "leadDetail.get": () => expect(s.leadDetail.get(A, bLead.id)).toBeUndefined(),
  "leadExport.rows": () => {
    expect([...s.leadExport.rows(A)].map((r) => r.nom)).not.toContain("Secret Client");
    expect([...s.leadExport.rows(A, { tag: "vip" })]).toEqual([]);
  },
  "leadExport.csv": () =>
    expect([...s.leadExport.csv(A, { text: "secret" })].join("")).not.toContain("Secret"),
  "leads.idPages": () => {
    expect([...s.leads.idPages(A, { text: "secret" })]).toEqual([]);
    expect([...s.leads.idPages(A)].flat()).not.toContain(bLead.id);
  },
  "savedViews.list": () => expect(s.savedViews.list(A, b.owner.id)).toEqual([]),
  "savedViews.get": () => expect(s.savedViews.get(A, b.owner.id, bView.id)).toBeUndefined(),
  "savedViews.create": () => {
    notFound(() => s.savedViews.create(asA, b.owner.id, "Volée", {}));
    expect(s.savedViews.create(asA, a.owner.id, "Secrets", { tag: "vip" }).tenantId).toBe(A);
  },
  "savedViews.remove": () => notFound(() => s.savedViews.remove(asA, b.owner.id, bView.id)),

  "creaTemplates.list": () => expect(s.creaTemplates.list(A)).toEqual([]),
  "creaTemplates.get": () => expect(s.creaTemplates.get(A, bTemplate.id)).toBeUndefined(),
  "creaTemplates.create": () =>
    expect(s.creaTemplates.create(asA, { name: "Secret", subject: "A", html: "<p>A</p>" }).tenantId).toBe(A),
  "creaTemplates.update": () =>
    notFound(() =>
      s.creaTemplates.update(asA, bTemplate.id, { name: "Volé", subject: "A", html: "<p>A</p>" }),
    ),
  "creaTemplates.remove": () => notFound(() => s.creaTemplates.remove(asA, bTemplate.id)),
  "creaDrafts.list": () => expect(s.creaDrafts.list(A)).toEqual([]),
  "creaDrafts.get": () => expect(s.creaDrafts.get(A, bDraft.id)).toBeUndefined(),
  "creaDrafts.update": () =>
    notFound(() => s.creaDrafts.update(asA, bDraft.id, { subject: "A", html: "<p>A</p>" })),
  "uploads.create": () => {
    notFound(() =>
      s.uploads.create(asA, {
        name: `${"c".repeat(32)}.png`,
        mime: "image/png",
        bytes: 1,
        width: 1,
        height: 1,
        createdBy: b.owner.id,
      }),
    );
    expect(
      s.uploads.create(asA, {
        name: `${"a".repeat(32)}.png`,
        mime: "image/png",
        bytes: 1,
        width: 1,
        height: 1,
      }).tenantId,
    ).toBe(A);
  },
  // The public /media/ route finds a file by its unguessable name alone; the row carries its tenant.
  "uploads.byName": () => expect(s.uploads.byName(bUpload.name)?.tenantId).toBe(b.tenant.id),

  "conversations.open": () => {
    expect(s.conversations.open(A, "slack", "T0B:C1").id).not.toBe(bConversation.id);
    notFound(() => s.conversations.open(A, "slack", "T0A:C9", b.owner.id));
  },
  "conversations.get": () => expect(s.conversations.get(A, bConversation.id)).toBeUndefined(),
  "conversations.setMeta": () => s.conversations.setMeta(A, bConversation.id, { thread: "a" }),
  "conversations.setOffer": () => s.conversations.setOffer(A, bConversation.id, { choices: [] }),

  "tenantLinks.link": () => {
    expect(() => s.tenantLinks.link(asA, "slack", "T0B")).toThrow(StoreError);
    expect(s.tenantLinks.link(asA, "slack", "T0A").tenantId).toBe(A);
  },
  "tenantLinks.tenantIdFor": () => expect(s.tenantLinks.tenantIdFor("slack", "T0B")).toBe(b.tenant.id),
  "tenantLinks.list": () => noBRows(s.tenantLinks.list(A)),

  "emailAccounts.get": () => expect(s.emailAccounts.get(A)).toBeUndefined(),
  "emailAccounts.set": () =>
    expect(
      s.emailAccounts.set(asA, { smtpUrl: "smtp://a@h", imapUrl: "imap://a@h/INBOX", fromAddress: "a@a.fr" })
        .tenantId,
    ).toBe(A),
  // The IMAP poller reads every tenant's mailbox by design; each row carries its tenant.
  "emailAccounts.listAll": () =>
    expect(s.emailAccounts.listAll().find((r) => r.tenantId === b.tenant.id)?.fromAddress).toBe("b@b.fr"),
  "espocrm.get": () => expect(s.espocrm.get(A)?.url ?? null).not.toBe("https://crm.b.fr"),
  "espocrm.connect": () => expect(s.espocrm.connect(asA, espoLink("https://crm.a.fr")).tenantId).toBe(A),
  "espocrm.update": () => {
    s.espocrm.connect(asA, espoLink("https://crm.a.fr"));
    expect(s.espocrm.update(A, { lastError: "chez A" }).tenantId).toBe(A);
  },
  // The server's poller lists every linked tenant by design; each row carries its tenant.
  "espocrm.listAll": () =>
    expect(s.espocrm.listAll().find((r) => r.tenantId === b.tenant.id)?.url).toBe("https://crm.b.fr"),
  "espocrm.leadLink": () => expect(s.espocrm.leadLink(A, bLead.id)).toBeUndefined(),
  "espocrm.leadLinksByEspoIds": () => expect(s.espocrm.leadLinksByEspoIds(A, ["espo-b-1"]).size).toBe(0),
  "espocrm.saveLeadLink": () =>
    expect(() => s.espocrm.saveLeadLink(A, bLead.id, { espoId: "espo-b-1" })).toThrow(/FOREIGN KEY/),
  "espocrm.unlinkedLeadByEmail": () =>
    expect(s.espocrm.unlinkedLeadByEmail(A, "secret@b.fr")).toBeUndefined(),
  "espocrm.untrackedLeadIds": () => expect(s.espocrm.untrackedLeadIds(A, 0, 1000)).not.toContain(bLead.id),
  "espocrm.linkedEspoIds": () => expect(s.espocrm.linkedEspoIds(A)).toEqual([]),
  "espocrm.leadIdsWithCustomValue": () =>
    expect(s.espocrm.leadIdsWithCustomValue(A, "incoterm")).not.toContain(bLead.id),
  "espocrm.claimJobs": () => noBRows(s.espocrm.claimJobs(A, ["espocrm.push", "relance"], 60_000, 1000)),
  "espocrm.outbox": () => expect(s.espocrm.outbox(A).lastFailure).not.toBe("échec chez B"),
  "mailCursors.get": () => expect(s.mailCursors.get(A, "INBOX")).toBeUndefined(),
  "mailCursors.save": () => {
    s.mailCursors.save(A, "INBOX", { uidValidity: "9", lastUid: 1 });
    expect(s.mailCursors.get(A, "INBOX")).toEqual({ uidValidity: "9", lastUid: 1 });
  },
  "unsubscribeTokens.issue": () => notFound(() => s.unsubscribeTokens.issue(A, bLead.id)),
  // The link carries no tenant: the unguessable token is the proof, and it resolves to B's own lead.
  "unsubscribeTokens.resolve": () =>
    expect(s.unsubscribeTokens.resolve(bToken)).toEqual({
      tenantId: b.tenant.id,
      leadId: bLead.id,
      usedAt: null,
    }),
  "unsubscribeTokens.markUsed": () => expect(s.unsubscribeTokens.markUsed(A, bToken)).toBe(false),
  "prequalifications.get": () => expect(s.prequalifications.get(A, bLead.id)).toBeUndefined(),
  "prequalifications.start": () =>
    notFound(() =>
      s.prequalifications.start(asA, {
        leadId: bLead.id,
        channel: "email",
        questionMessageId: 1,
        dueAt: new Date(),
      }),
    ),
  "prequalifications.finish": () =>
    notFound(() => s.prequalifications.finish(asA, bLead.id, { status: "no_answer" })),

  "jobs.enqueue": () =>
    expect(
      s.jobs.enqueue(asA, { kind: "relance", idempotencyKey: "b-job-1", dueAt: new Date() }).job.tenantId,
    ).toBe(A),
  "jobs.complete": () => notFound(() => s.jobs.complete(A, bJob.id)),
  "jobs.fail": () => notFound(() => s.jobs.fail(A, bJob.id, "x", null)),
  "jobs.cancel": () => expect(s.jobs.cancel(asA, "b-job-1")).toBe(true),
  "jobs.enqueueOnce": () => {
    const key = { kind: "relance", idempotencyKey: "a-once-1", dueAt: new Date() };
    expect(s.jobs.enqueueOnce(asA, key)).toBe(true);
    expect(s.jobs.enqueueOnce(asA, key)).toBe(false);
  },
  "jobs.release": () => notFound(() => s.jobs.release(A, bJob.id)),
  // The worker renews the leases it claimed, across tenants like claimDue; B's job, which no claim of
  // A's holds (pending, attempt 0), is left alone.
  "jobs.renewLease": () =>
    expect(s.jobs.renewLease([{ id: bJob.id, attempts: bJob.attempts }], Date.now() + 60_000)).toBe(0),
  "jobs.list": () => noBRows(s.jobs.list(A)),
  // The scheduler's worker claims due jobs across tenants by design; each job carries its tenant.
  "jobs.claimDue": () => {
    const claimed = s.jobs.claimDue(60_000);
    expect(claimed.find((j) => j.id === bJob.id)?.tenantId).toBe(b.tenant.id);
  },
};

describe("tenant isolation", () => {
  it.each(Object.keys(cases).filter((k) => k !== "jobs.claimDue"))(
    "%s with tenant A never touches tenant B",
    (key) => {
      cases[key]?.();
      expect(snapshotB()).toBe(before);
    },
  );

  it("lets only the scheduler's worker claim jobs across tenants, each with its own tenant id", () => {
    cases["jobs.claimDue"]?.();
  });

  it("covers every repository method", () => {
    const methods = Object.entries(s)
      .filter(([, repo]) => repo && typeof repo === "object" && repo !== s.ctx)
      .flatMap(([name, repo]) => Object.keys(repo as object).map((m) => `${name}.${m}`));
    expect(methods.filter((m) => !(m in cases))).toEqual([]);
  });

  it("makes a cross-tenant reference impossible even in raw SQL", () => {
    expect(() =>
      s.ctx.sqlite
        .prepare(
          "insert into activities (tenant_id, lead_id, kind, actor, occurred_at) values (?, ?, 'note', 'x', 0)",
        )
        .run(A, bLead.id),
    ).toThrow(/FOREIGN KEY/);
  });
});
