// The Automatisation room's API over real HTTP on the seeded demo (Assisté), its e-mails sent to the
// SMTP sink by the server's own outbox: leads enrolled through the gate, their first relances drafted
// by the server's worker, some validated (one refused by the mail server), one paused, one stopped by
// hand, one lead who replies. Every figure of GET /api/automations is checked against figures this
// test computes from those rows; the plan's dates and costs; the enrolled leads by state, result and
// stop reason; the workflow download; pause, resume and stop through the gate; another tenant unseen.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emailChannel } from "../../channels/email/index.js";
import { webChannel } from "../../channels/web/index.js";
import { modelTools } from "../../src/agent/langchain-agent.js";
import { modelSchema } from "../../src/agent/model-schema.js";
import { COST_TABLE, statusLabel } from "../../src/domain/index.js";
import { enrollLead } from "../../src/scenarios/enroll.js";
import { CALLBACK_PATH, TENANT_HEADER, workflowSchema } from "../../src/scenarios/n8n-workflow.js";
import { applyStopRulesNow } from "../../src/scenarios/stop-now.js";
import type { Enrollment } from "../../src/store/scenarios.js";
import { TOOLS } from "../../tools/index.js";
import { tools } from "../helpers/agent.js";
import {
  act as automationAct,
  settled as automationsSettled,
  expectedFigures,
  type State,
} from "../helpers/automation-world.js";
import { apiClient, type DashboardServer, demoToken, startDashboard } from "../helpers/dashboard.js";
import { type SmtpSink, startSmtpSink } from "../helpers/smtp-sink.js";

let server: DashboardServer;
let sink: SmtpSink;
let api: ReturnType<typeof apiClient>;
let token: string;

const store = () => server.t.store;
const tenant = () => {
  const found = store().tenants.getBySlug("demo-coaching");
  if (!found) throw new Error("demo-coaching is not seeded");
  return found;
};
const scope = () => ({ tenantId: tenant().id, actor: "test" });
const PRICE = COST_TABLE.auto_followup;

beforeAll(async () => {
  server = await startDashboard([webChannel, emailChannel]);
  sink = await startSmtpSink();
  // The demo's mailbox is the sink: the relances go out through the server's own outbox.
  store().emailAccounts.set(scope(), {
    smtpUrl: sink.url,
    imapUrl: "imap://unused:x@127.0.0.1:1/INBOX",
    fromAddress: "sophie@demo-coaching.fr",
  });
  token = await demoToken(server.running.url);
  api = apiClient(server.running.url, token);
}, 60_000);

afterAll(async () => {
  await server?.close();
  await sink?.close();
});

const act = (tool: string, args: Record<string, unknown>) => automationAct(api, tool, args);
const settled = () => automationsSettled(store(), tenant().id);

const enrollmentsOf = (scenario: string): Enrollment[] =>
  store()
    .scenarios.list(tenant().id, { limit: 1000 })
    .filter((e) => e.scenario === scenario);

interface Group {
  id: string;
  label: string;
  total: number;
  states: { state: State; label: string; count: number }[];
  next: { step: number; at: string; lead: { id: number; name: string } } | null;
  cost: { spent: number; debited: number; refunded: number; expected: number };
  results: Record<string, unknown> & { stops: { reason: string; count: number }[] };
  workflow: boolean;
}

const groupOf = async (scenario: string) => {
  const { status, body } = await api("GET", "/api/automations");
  expect(status).toBe(200);
  return (body.scenarios as Group[]).find((g) => g.id === scenario);
};

interface Row {
  enrollmentId: number;
  id: number;
  name: string;
  state: State;
  stateLabel: string;
  nextRunAt: string | null;
  reason: string | null;
}
const leadsOf = async (query: string) => {
  const { status, body } = await api("GET", `/api/automations/leads?${query}`);
  expect(status, JSON.stringify(body)).toBe(200);
  return body as { total: number; leads: Row[]; narrowed: string | null };
};

describe("without a session", () => {
  it("refuses every route of the room with a French 401", async () => {
    const anonymous = apiClient(server.running.url);
    for (const path of [
      "/api/automations",
      "/api/automations/leads?scenario=prospection",
      "/api/automations/plan?scenario=prospection",
      "/api/automations/workflow?scenario=prospection",
    ]) {
      expect(await anonymous("GET", path), path).toEqual({
        status: 401,
        body: { error: "unauthorized", message: "Session absente ou expirée : reconnectez-vous." },
      });
    }
  });
});

describe("GET /api/automations/plan", () => {
  it("dates each step for a start now in the tenant's timezone, counts who can be enrolled and prices it", async () => {
    const hot = store().leads.search(tenant().id, { heat: "chaud", limit: 200 }, { exactTotal: true });
    const { status, body } = await api("GET", "/api/automations/plan?scenario=prospection&heat=chaud");
    expect(status, JSON.stringify(body)).toBe(200);
    // Monday 16 November 2026, 11:00 in Paris: J+0 at once, then J+3, J+7, J+10, J+14 at 10:00 local.
    expect(body.startLabel).toBe("lundi 16 novembre à 11 h");
    const steps = body.steps as { name: string; when: string; at: string; atLabel: string; cost: number }[];
    expect(steps.map((s) => [s.name, s.when, s.at, s.cost])).toEqual([
      ["Étape 1 sur 5", "dès l'inscription", "2026-11-16T10:00:00.000Z", PRICE],
      ["Étape 2 sur 5", "J+3 à 10 h", "2026-11-19T09:00:00.000Z", PRICE],
      ["Étape 3 sur 5", "J+7 à 10 h", "2026-11-23T09:00:00.000Z", PRICE],
      ["Étape 4 sur 5", "J+10 à 10 h", "2026-11-26T09:00:00.000Z", 0],
      ["Étape 5 sur 5", "J+14 à 10 h", "2026-11-30T09:00:00.000Z", PRICE],
    ]);
    expect(steps[1]?.atLabel).toBe("jeudi 19 novembre à 10 h");
    const leads = body.leads as { matched: number; eligible: { id: number }[]; tooMany: boolean };
    expect(leads.matched).toBe(hot.total);
    expect(leads.tooMany).toBe(false);
    expect(new Set(leads.eligible.map((l) => l.id))).toEqual(new Set(hot.leads.map((l) => l.id)));
    expect(body.cost).toEqual({
      enrollment: hot.total * COST_TABLE.crm_change,
      perLead: 4 * PRICE,
      steps: hot.total * 4 * PRICE,
      total: hot.total * (COST_TABLE.crm_change + 4 * PRICE),
    });
    expect(body.target).toBe("leads chauds");
  });

  it("says why the others cannot be enrolled, grouped, and writes nothing", async () => {
    const before = enrollmentsOf("coach-post-appel").length;
    const leads = store().leads.search(tenant().id, { limit: 200 }).leads;
    const called = leads.filter((l) => l.status === "appel_realise");
    const { body } = await api("GET", "/api/automations/plan?scenario=coach-post-appel");
    const plan = body.leads as {
      matched: number;
      eligible: { id: number }[];
      refused: { reason: string; count: number; leads: { id: number }[] }[];
    };
    expect(plan.matched).toBe(leads.length);
    expect(plan.eligible.map((l) => l.id).sort()).toEqual(called.map((l) => l.id).sort());
    expect(plan.refused).toEqual([
      expect.objectContaining({
        reason: `pas au statut « ${statusLabel("appel_realise")} »`,
        count: leads.length - called.length,
      }),
    ]);
    expect(plan.refused[0]?.leads).toHaveLength(10);
    expect(enrollmentsOf("coach-post-appel")).toHaveLength(before);
    // The selection: one lead that can, one that cannot.
    const other = leads.find((l) => l.status !== "appel_realise");
    const ids = `ids=${called[0]?.id}&ids=${other?.id}`;
    const chosen = await api("GET", `/api/automations/plan?scenario=coach-post-appel&${ids}`);
    expect(chosen.body.target).toBe("2 leads sélectionnés");
    expect((chosen.body.leads as typeof plan).eligible.map((l) => l.id)).toEqual([called[0]?.id]);
    expect((chosen.body.cost as { enrollment: number }).enrollment).toBe(COST_TABLE.crm_change);
  });

  it("follows the appointment for Anti no-show, refuses a scenario of another trade, and asks to narrow past 200", async () => {
    const noShow = await api("GET", "/api/automations/plan?scenario=coach-no-show&status=appel_planifie");
    expect(noShow.body.dated).toBe(false);
    expect((noShow.body.steps as { at: string | null; when: string }[]).map((s) => [s.at, s.when])).toEqual([
      [null, "la veille du rendez-vous à 18 h"],
      [null, "le jour du rendez-vous à 8 h 30"],
      [null, "1 h avant le rendez-vous"],
      [null, "30 min après le rendez-vous"],
    ]);
    const b2b = await api("GET", "/api/automations/plan?scenario=b2b-relance-devis");
    expect(b2b.status).toBe(400);
    expect(b2b.body.message).toBe(
      "« Relances après devis » n'est pas proposé pour votre métier : choisissez un scénario de la liste.",
    );
    for (let i = 0; i < 201; i++) {
      store().leads.create(scope(), {
        firstName: `Masse${i}`,
        lastName: "Test",
        status: "nouveau",
        tags: ["masse"],
      });
    }
    const many = await api("GET", "/api/automations/plan?scenario=prospection&tag=masse");
    expect(many.body.leads).toMatchObject({ matched: 201, tooMany: true, eligible: [] });
    expect(many.body.cost).toMatchObject({ total: 0 });
  });
});

describe("the automations of the tenant", () => {
  let enrolled: Enrollment[] = [];

  beforeAll(async () => {
    const plan = await api("GET", "/api/automations/plan?scenario=prospection&heat=chaud");
    const ids = (plan.body.leads as { eligible: { id: number }[] }).eligible.map((l) => l.id).slice(0, 6);
    const asked = await api("POST", "/api/actions", {
      tool: "enroll_in_scenario",
      args: { scenario: "prospection", leadId: ids },
    });
    expect(asked.body.kind).toBe("pending");
    expect((asked.body.card as { cost: number }).cost).toBe(6 * COST_TABLE.crm_change);
    const done = await api("POST", "/api/actions/decide", {
      actionId: (asked.body.card as { actionId: number }).actionId,
      decision: "confirm",
    });
    expect(done.body.kind, JSON.stringify(done.body)).toBe("executed");
    await settled();
    enrolled = enrollmentsOf("prospection").sort((a, b) => a.id - b.id);
    expect(enrolled).toHaveLength(6);
    // The worker drafted each first relance (Assisté): validate two, the mail server refuses one.
    const drafts = enrolled.map((e) => store().scenarios.step(tenant().id, e.id, 0));
    expect(drafts.map((d) => d?.outcome)).toEqual(Array(6).fill("drafted"));
    sink.refuseNext(550);
    for (const draft of drafts.slice(0, 2)) {
      const sent = await api("POST", "/api/actions/decide", {
        actionId: draft?.pendingActionId,
        decision: "confirm",
      });
      expect(sent.body.kind, JSON.stringify(sent.body)).toBe("executed");
    }
    await settled();
    const [first, second, third, fourth] = enrolled as [Enrollment, Enrollment, Enrollment, Enrollment];
    expect(await act("pause_scenario", { enrollmentId: third.id })).toMatchObject({ kind: "executed" });
    expect(await act("stop_scenario", { enrollmentId: fourth.id })).toMatchObject({
      kind: "executed",
      cost: 0,
    });
    // The lead of the second one answers: its sequence stops as the inbound pipeline stops it.
    store().messages.create(
      { tenantId: tenant().id, actor: `lead:${second.leadId}` },
      {
        channel: "email",
        direction: "in",
        status: "received",
        leadId: second.leadId,
        bodyText: "Oui, appelons-nous",
      },
    );
    applyStopRulesNow(store(), scope(), second.leadId);
    await settled();
    expect(sink.mails).toHaveLength(1);
    expect(
      store().messages.get(tenant().id, store().scenarios.step(tenant().id, first.id, 0)?.messageId ?? 0)
        ?.status,
    ).toBe("failed");
  }, 120_000);

  it("has each scenario with its states, next step, cost so far and to come, and results, as the rows say", async () => {
    const group = await groupOf("prospection");
    if (!group) throw new Error("no prospection group");
    const expected = expectedFigures(store(), tenant().id, "prospection");
    expect(group.label).toBe("Séquence de prospection");
    expect(group.total).toBe(expected.total);
    expect(Object.fromEntries(group.states.map((s) => [s.state, s.count]))).toEqual(expected.states);
    expect(group.states.map((s) => s.label)).toEqual([
      "planifié",
      "en cours",
      "en pause",
      "terminé",
      "échec",
    ]);
    expect(group.cost).toEqual(expected.cost);
    expect(group.results).toEqual(expected.results);
    expect(group.next?.at).toBe(expected.next?.nextRunAt?.toISOString());
    expect(group.next?.step).toBe(expected.next?.currentStep);
    expect(group.workflow).toBe(true);
    // The figures this scenario ended up with, so the checks above are not about zeros.
    expect(expected.states).toMatchObject({ running: 3, paused: 1, done: 2 });
    expect(expected.results).toMatchObject({ sent: 1, failed: 1, awaiting: 3, replied: 1 });
    expect(expected.cost).toMatchObject({ debited: 2 * PRICE, refunded: PRICE, spent: PRICE });
    expect(expected.results.stops).toEqual(
      expect.arrayContaining([
        { reason: "arrêt manuel", count: 1 },
        { reason: "le lead a répondu", count: 1 },
      ]),
    );
  });

  it("lists the leads of a scenario by state, result and stop reason, a page at a time", async () => {
    const [first, second, third, fourth] = enrolled as [Enrollment, Enrollment, Enrollment, Enrollment];
    const name = (e: Enrollment) => store().leads.require(tenant().id, e.leadId).name;
    const all = await leadsOf("scenario=prospection");
    expect(all.total).toBe(6);
    expect(all.narrowed).toBeNull();
    const paused = await leadsOf("scenario=prospection&state=paused");
    expect(paused.leads.map((l) => [l.enrollmentId, l.name, l.stateLabel, l.nextRunAt])).toEqual([
      [third.id, name(third), "en pause", null],
    ]);
    expect(paused.narrowed).toBe("état « en pause »");
    const done = await leadsOf("scenario=prospection&state=done");
    expect(done.leads.map((l) => [l.enrollmentId, l.reason]).sort()).toEqual(
      [
        [second.id, "le lead a répondu"],
        [fourth.id, "arrêt manuel"],
      ].sort(),
    );
    expect((await leadsOf("scenario=prospection&result=replied")).leads.map((l) => l.id)).toEqual([
      second.leadId,
    ]);
    expect((await leadsOf("scenario=prospection&result=failed")).leads.map((l) => l.id)).toEqual([
      first.leadId,
    ]);
    const manual = await leadsOf(`scenario=prospection&reason=${encodeURIComponent("arrêt manuel")}`);
    expect(manual.leads.map((l) => l.enrollmentId)).toEqual([fourth.id]);
    const running = await leadsOf("scenario=prospection&state=running");
    expect(running.total).toBe(3);
    for (const row of running.leads) {
      const e = store().scenarios.get(tenant().id, row.enrollmentId);
      expect(row.nextRunAt).toBe(e?.nextRunAt?.toISOString());
    }
    const page = await leadsOf("scenario=prospection&limit=2&offset=2");
    expect(page.total).toBe(6);
    expect(page.leads.map((l) => l.enrollmentId)).toEqual(all.leads.slice(2, 4).map((l) => l.enrollmentId));
    const bad = await api("GET", "/api/automations/leads?scenario=prospection&state=fini");
    expect(bad.status).toBe(400);
  });

  it("pauses, resumes and stops through the gate: a card each, the selection in one call, stopping free", async () => {
    const running = enrollmentsOf("prospection").filter((e) => e.status === "active");
    const ids = running.slice(0, 2).map((e) => e.id);
    const asked = await api("POST", "/api/actions", { tool: "pause_scenario", args: { enrollmentId: ids } });
    expect(asked.body.kind).toBe("pending");
    expect(asked.body.card).toMatchObject({
      cost: 2 * COST_TABLE.crm_change,
      preview: `Mettre en pause 2 inscriptions (n°${ids.join(", ")})`,
    });
    const paused = await api("POST", "/api/actions/decide", {
      actionId: (asked.body.card as { actionId: number }).actionId,
      decision: "confirm",
    });
    expect(paused.body.kind).toBe("executed");
    expect(ids.map((id) => store().scenarios.get(tenant().id, id)?.status)).toEqual(["paused", "paused"]);
    const resumed = await act("resume_scenario", { enrollmentId: ids });
    expect(resumed.kind).toBe("executed");
    expect(ids.map((id) => store().scenarios.get(tenant().id, id)?.status)).toEqual(["active", "active"]);

    const balance = store().ledger.balance(tenant().id);
    const stopAsked = await api("POST", "/api/actions", {
      tool: "stop_scenario",
      args: { enrollmentId: ids[0] },
    });
    expect(stopAsked.body.card).toMatchObject({ cost: 0 });
    expect((stopAsked.body.card as { preview: string }).preview).toMatch(
      /^Arrêter définitivement .+ — « Séquence de prospection » \(n°\d+\) : plus aucune étape ne partira$/,
    );
    const stopped = await api("POST", "/api/actions/decide", {
      actionId: (stopAsked.body.card as { actionId: number }).actionId,
      decision: "confirm",
    });
    expect(stopped.body.kind).toBe("executed");
    expect(store().scenarios.get(tenant().id, ids[0] as number)).toMatchObject({
      status: "stopped",
      reason: "arrêt manuel",
    });
    expect(store().ledger.balance(tenant().id)).toBe(balance);
    // In Conseil, a stop is only suggested: nothing changes.
    store().tenants.update(scope(), { defaultMode: "conseil" });
    const suggested = await api("POST", "/api/actions", {
      tool: "stop_scenario",
      args: { enrollmentId: ids[1] },
    });
    store().tenants.update(scope(), { defaultMode: "assiste" });
    expect(suggested.body.kind).toBe("suggested");
    expect(store().scenarios.get(tenant().id, ids[1] as number)?.status).toBe("active");
    // Already stopped: said at once, no card.
    const again = await api("POST", "/api/actions", {
      tool: "stop_scenario",
      args: { enrollmentId: ids[0] },
    });
    expect(again.body.kind).toBe("unavailable");
    expect(again.body.message).toMatch(/est déjà terminée \(arrêt manuel\)\.$/);
    // The figures follow.
    expect((await groupOf("prospection"))?.states.find((s) => s.state === "done")?.count).toBe(
      expectedFigures(store(), tenant().id, "prospection").states.done,
    );
  });

  it("downloads the scenario's n8n workflow as a file", async () => {
    const res = await fetch(`${server.running.url}/api/automations/workflow?scenario=prospection`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="n8n-prospection.json"');
    const workflow = workflowSchema.parse(await res.json());
    expect(workflow.name).toBe("M.A.X. — Séquence de prospection (prospection)");
    const call = workflow.nodes.find((n) => n.name === "Rappeler M.A.X.");
    expect(String(call?.parameters.url)).toMatch(new RegExp(`${CALLBACK_PATH}$`));
    expect(JSON.stringify(call?.parameters)).toContain(`"name":"${TENANT_HEADER}","value":"demo-coaching"`);
    expect(workflow.settings.timezone).toBe(tenant().timezone);
    const unknown = await api("GET", "/api/automations/workflow?scenario=digest");
    expect(unknown.status).toBe(404);
  });

  it("shows the n8n runs with their state, cost and error", async () => {
    const t = tenant();
    const lead = enrolled[0] as Enrollment;
    const debit = store().ledger.debit(scope(), {
      action: "n8n_automation",
      amount: COST_TABLE.n8n_automation,
    });
    if (!debit.ok) throw new Error("debit");
    const run = store().n8nRuns.create(scope(), {
      scenario: "relance-devis",
      leadIds: [lead.leadId],
      debitId: debit.entry.id,
    });
    store().n8nRuns.recordAttempt(scope(), run.id, { status: "failed", httpStatus: 502, error: "n8n : 502" });
    store().ledger.refund(scope(), debit.entry.id, "échec");
    const { body } = await api("GET", "/api/automations");
    const shown = (body.runs as Record<string, unknown>[]).find((r) => r.id === run.id);
    expect(shown).toMatchObject({
      scenario: "relance-devis",
      state: "failed",
      stateLabel: "échec",
      leadCount: 1,
      leads: [{ id: lead.leadId, name: store().leads.require(t.id, lead.leadId).name }],
      cost: 0,
      refunded: COST_TABLE.n8n_automation,
      error: "n8n : 502",
    });
  });

  it("never shows another tenant's enrollments", async () => {
    const b2b = store().tenants.getBySlug("demo-b2b");
    if (!b2b) throw new Error("demo-b2b");
    const lead = store().leads.search(b2b.id, { status: "devis_envoye", limit: 1 }).leads[0];
    if (!lead) throw new Error("no b2b lead");
    enrollLead(
      store(),
      { tenantId: b2b.id, actor: "test" },
      { leadId: lead.id, scenario: "b2b-relance-devis" },
    );
    expect(await groupOf("b2b-relance-devis")).toBeUndefined();
    expect((await leadsOf("scenario=b2b-relance-devis")).total).toBe(0);
  });
});

describe("the tools behind the buttons", () => {
  it("keeps stop_scenario from the model, and pause/resume as the model knew them", () => {
    const offered = modelTools(tools).map((t) => t.name);
    expect(offered).not.toContain("stop_scenario");
    for (const name of ["pause_scenario", "resume_scenario"]) {
      const tool = TOOLS.find((t) => t.name === name);
      if (!tool) throw new Error(name);
      expect(modelSchema(tool.schema)).toEqual({
        type: "object",
        properties: { enrollmentId: { type: "integer" } },
        required: ["enrollmentId"],
      });
    }
  });
});
