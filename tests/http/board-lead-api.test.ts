// The pipeline board's and the lead page's API over real HTTP on the seeded demo: the columns in the
// pipeline's order with labels, counts and budget sums as the leads have them, a column's next cards,
// a lead's page (fields in words, consents with dates, the timeline newest first with each message's
// real state, enrollments, the score explained), the next best action as a call with its cost; and
// another tenant's lead as unknown as a missing one.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseBudget, pipelineFor, statusLabel } from "../../src/domain/index.js";
import { queueLeadMessage } from "../../src/outbox/compose.js";
import { apiClient, type DashboardServer, demoToken, startDashboard } from "../helpers/dashboard.js";

let server: DashboardServer;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  server = await startDashboard();
  api = apiClient(server.running.url, await demoToken(server.running.url));
}, 60_000);

afterAll(async () => server?.close());

const tenantOf = (slug: string) => {
  const tenant = server.t.store.tenants.getBySlug(slug);
  if (!tenant) throw new Error(slug);
  return tenant;
};
const store = () => server.t.store;
const aMinuteLater = () => server.t.clock.set(new Date(server.t.clock.now.getTime() + 60_000).toISOString());

interface Card {
  id: number;
  name: string;
  heat: string | null;
  heatLabel: string | null;
  daysSinceContact: number | null;
  budget: number | null;
}
interface Column {
  status: string;
  label: string;
  count: number;
  budgetSum: number | null;
  cards: Card[];
  hasMore: boolean;
}

/** Every lead of the tenant, from the store. */
function leadsOf(tenantId: number) {
  const ids = store()
    .ctx.sqlite.prepare<[number], { id: number }>("select id from leads where tenant_id = ? order by id")
    .all(tenantId)
    .map((r) => r.id);
  return store().leads.list(tenantId, ids);
}

/** Runs a tool through the gate as the page does, confirming its card (the demo is in Assisté). */
async function act(tool: string, args: Record<string, unknown>) {
  const asked = await api("POST", "/api/actions", { tool, args });
  if (asked.body.kind !== "pending") return asked.body;
  const { actionId } = asked.body.card as { actionId: number };
  return (await api("POST", "/api/actions/decide", { actionId, decision: "confirm" })).body;
}

describe("without a session", () => {
  it("refuses the board, a column, a lead and its next action with a French 401", async () => {
    const anonymous = apiClient(server.running.url);
    for (const path of [
      "/api/board",
      "/api/board/column?status=nouveau",
      "/api/lead?id=1",
      "/api/lead/next-action?id=1",
    ]) {
      expect(await anonymous("GET", path)).toEqual({
        status: 401,
        body: { error: "unauthorized", message: "Session absente ou expirée : reconnectez-vous." },
      });
    }
  });
});

describe("GET /api/board", () => {
  it("has one column per status of the pipeline, in its order, with labels, counts and budget sums as the leads have them", async () => {
    const tenant = tenantOf("demo-coaching");
    const { status, body } = await api("GET", "/api/board");
    expect(status).toBe(200);
    const columns = body.columns as Column[];
    expect(columns.map((c) => c.status)).toEqual([...pipelineFor("coaching")]);
    expect(columns.map((c) => c.label)).toEqual(pipelineFor("coaching").map(statusLabel));
    expect(columns.map((c) => c.label)).toContain("Pré-qualification");

    const leads = leadsOf(tenant.id);
    expect(body.total).toBe(leads.length);
    for (const column of columns) {
      const inColumn = leads.filter((l) => l.status === column.status);
      expect(column.count, column.status).toBe(inColumn.length);
      const budgets = inColumn
        .map((l) => parseBudget(String(l.fields.budget_estime ?? ""))?.amount)
        .filter((n): n is number => n !== undefined);
      const sum = budgets.length ? budgets.reduce((a, b) => a + b, 0) : null;
      expect(column.budgetSum, column.status).toBe(sum === null ? null : Math.round(sum * 100) / 100);
      // Every card is a lead of the column, most recent activity first, with its heat in words.
      expect(column.cards.length).toBe(Math.min(inColumn.length, body.pageSize as number));
      for (const card of column.cards) {
        const lead = inColumn.find((l) => l.id === card.id);
        expect(lead, card.name).toBeDefined();
        expect(card.name).toBe(lead?.name);
        if (card.heat)
          expect(card.heatLabel).toBe({ chaud: "chaud", tiede: "tiède", froid: "froid" }[card.heat]);
      }
      const times = column.cards.map((c) => leads.find((l) => l.id === c.id)?.lastActivityAt?.getTime() ?? 0);
      expect(times).toEqual([...times].sort((a, b) => b - a));
    }
    expect(columns.some((c) => c.budgetSum !== null && c.budgetSum > 0)).toBe(true);
  });

  it("pages a column: the next cards follow the first ones, without overlap, whether the status is a code or a label", async () => {
    const first = await api("GET", "/api/board?limit=3");
    const column = (first.body.columns as Column[]).find((c) => c.count > 6);
    if (!column) throw new Error("the demo needs a column of more than 6 leads");
    expect(column.cards).toHaveLength(3);
    expect(column.hasMore).toBe(true);

    const next = await api("GET", `/api/board/column?status=${column.status}&offset=3&limit=3`);
    expect(next.status).toBe(200);
    expect(next.body).toMatchObject({
      status: column.status,
      label: column.label,
      count: column.count,
      offset: 3,
    });
    const six = (await api("GET", "/api/board?limit=6")).body.columns as Column[];
    const expected = six.find((c) => c.status === column.status)?.cards.map((c) => c.id);
    const paged = [...column.cards, ...(next.body.cards as Card[])].map((c) => c.id);
    expect(paged).toEqual(expected);
    expect(new Set(paged).size).toBe(6);

    const byLabel = await api(
      "GET",
      `/api/board/column?status=${encodeURIComponent(column.label)}&offset=3&limit=3`,
    );
    expect((byLabel.body.cards as Card[]).map((c) => c.id)).toEqual(paged.slice(3));

    const rest = await api("GET", `/api/board/column?status=${column.status}&offset=${column.count}`);
    expect(rest.body).toMatchObject({ cards: [], hasMore: false });
  });

  it("refuses an unknown status or a bad offset with a French 400", async () => {
    const unknown = await api("GET", "/api/board/column?status=devis_envoye");
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toBe("invalid_request");
    expect(unknown.body.message).toMatch(/statut/i);
    const bad = await api("GET", "/api/board/column?status=nouveau&offset=-1");
    expect(bad).toMatchObject({ status: 400, body: { error: "invalid_request" } });
    expect(String(bad.body.message)).toMatch(/^Requête invalide/);
  });

  it("counts only the signed-in tenant's leads", async () => {
    const own = leadsOf(tenantOf("demo-coaching").id).map((l) => l.id);
    const { body } = await api("GET", "/api/board?limit=200");
    const shown = (body.columns as Column[]).flatMap((c) => c.cards.map((x) => x.id));
    expect(shown.sort((a, b) => a - b)).toEqual(own);
  });
});

describe("GET /api/lead", () => {
  it("gives the lead's contact, owner, status, fields and consents in words, and its score as the store explains it", async () => {
    const tenant = tenantOf("demo-coaching");
    const lead = leadsOf(tenant.id).find((l) => l.email && l.ownerId && l.fields.budget_estime);
    if (!lead) throw new Error("the demo needs a lead with an e-mail, an owner and a budget");
    const { status, body } = await api("GET", `/api/lead?id=${lead.id}`);
    expect(status).toBe(200);
    const owner = store()
      .users.list(tenant.id)
      .find((u) => u.id === lead.ownerId);
    expect(body.lead).toMatchObject({
      id: lead.id,
      name: lead.name,
      email: lead.email,
      phone: lead.phone,
      city: lead.city,
      status: lead.status,
      statusLabel: statusLabel(lead.status),
      tags: lead.tags,
      owner: { id: owner?.id, name: owner?.name },
    });
    expect(body.timezone).toBe(tenant.timezone);
    expect(body.score).toEqual(store().leads.scoreOf(tenant.id, lead.id));
    expect((body.score as { lines: { label: string }[] }).lines[0]?.label).toBe("+10 base");

    const fields = body.fields as { name: string; label: string; value: string | null }[];
    expect(fields.find((f) => f.name === "budget_estime")).toEqual({
      name: "budget_estime",
      label: "Budget estimé",
      value: lead.fields.budget_estime,
    });
    expect(fields.every((f) => !f.label.includes("_"))).toBe(true);
    const qualification = fields.find((f) => f.name === "qualification");
    if (lead.fields.qualification === "a_qualifier") expect(qualification?.value).toBe("À qualifier");

    const consents = body.consents as { channel: string; label: string; state: string; at: string | null }[];
    expect(consents.map((c) => c.label)).toEqual(["E-mail", "WhatsApp", "SMS"]);
    const email = consents[0];
    const given = lead.consent.email;
    expect(email?.state).toBe(given.optOutAt ? "refused" : given.optInAt ? "accepted" : "none");
    expect(email?.at).toBe((given.optOutAt ?? given.optInAt)?.toISOString() ?? null);
    expect(body.costs).toEqual({ analysis: 2, change: 1 });
    expect(body.pipeline).toEqual(pipelineFor("coaching").map((s) => ({ status: s, label: statusLabel(s) })));
  });

  it("shows custom fields with their labels", async () => {
    const tenant = tenantOf("demo-coaching");
    const scope = { tenantId: tenant.id, actor: "test" };
    store().customFields.define(scope, { name: "canal_prefere", label: "Canal préféré", type: "text" });
    const lead = leadsOf(tenant.id)[3];
    if (!lead) throw new Error("demo");
    store().leads.setCustomFields(scope, lead.id, { canal_prefere: "téléphone" });
    const { body } = await api("GET", `/api/lead?id=${lead.id}`);
    expect(body.customFields).toContainEqual({
      name: "canal_prefere",
      label: "Canal préféré",
      value: "téléphone",
    });
  });

  it("lists the timeline newest first: a note and a status change made through the gate, a message with its real state", async () => {
    const tenant = tenantOf("demo-coaching");
    const lead = leadsOf(tenant.id).find((l) => l.status === "nouveau");
    if (!lead) throw new Error("the demo needs a new lead");
    expect(await act("add_note", { leadId: lead.id, text: "Rappeler après les vacances" })).toMatchObject({
      kind: "executed",
    });
    aMinuteLater();
    expect(await act("update_status", { leadId: lead.id, status: "pre_qualif" })).toMatchObject({
      kind: "executed",
    });
    aMinuteLater();
    const scope = { tenantId: tenant.id, actor: "test" };
    const message = queueLeadMessage(store(), scope, {
      leadId: lead.id,
      channel: "email",
      text: "Bonjour, voici les informations promises.",
      subject: "Votre accompagnement",
    });
    store().messages.setStatus(scope, message.id, { status: "failed", error: "adresse refusée" });
    expect(await act("enroll_in_scenario", { scenario: "prospection", leadId: lead.id })).toMatchObject({
      kind: "executed",
    });

    const { body } = await api("GET", `/api/lead?id=${lead.id}`);
    const timeline = body.timeline as {
      kind: string;
      title: string;
      state: string | null;
      tone: string | null;
      body: string | null;
      at: string;
    }[];
    const times = timeline.map((e) => Date.parse(e.at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const sent = timeline.find((e) => e.kind === "message");
    expect(sent).toMatchObject({
      title: "E-mail envoyé au lead « Votre accompagnement »",
      state: "en échec",
      tone: "error",
    });
    expect(sent?.body).toContain("Échec : adresse refusée");
    // The message is on the timeline once: its activity is not repeated.
    expect(timeline.filter((e) => e.body?.includes("voici les informations promises"))).toHaveLength(1);
    expect(timeline.find((e) => e.kind === "status")).toMatchObject({
      title: "Nouveau → Pré-qualification",
      body: "par Sophie Martin",
    });
    expect(timeline.find((e) => e.kind === "note")).toMatchObject({
      title: "Note",
      body: "Rappeler après les vacances",
    });
    expect(timeline.findIndex((e) => e.kind === "message")).toBeLessThan(
      timeline.findIndex((e) => e.kind === "note"),
    );

    const enrollments = body.enrollments as {
      label: string;
      statusLabel: string;
      nextRunAt: string | null;
    }[];
    expect(enrollments[0]).toMatchObject({ label: "Séquence de prospection", statusLabel: "en cours" });
  });

  it("answers 404 in French for a missing lead and for another tenant's, and 400 for a bad id", async () => {
    const other = leadsOf(tenantOf("demo-b2b").id)[0];
    if (!other) throw new Error("demo-b2b");
    for (const id of [999_999, other.id]) {
      for (const path of [`/api/lead?id=${id}`, `/api/lead/next-action?id=${id}`]) {
        const answer = await api("GET", path);
        expect(answer).toEqual({
          status: 404,
          body: {
            error: "not_found",
            message: `Aucun lead n°${id} dans ce compte : il a peut-être été supprimé.`,
          },
        });
      }
    }
    const bad = await api("GET", "/api/lead?id=abc");
    expect(bad).toMatchObject({ status: 400, body: { error: "invalid_request" } });
  });
});

describe("GET /api/lead/next-action", () => {
  it("gives the next best action and the call that prepares it, priced as the gate prices it", async () => {
    const tenant = tenantOf("demo-coaching");
    const lead = leadsOf(tenant.id).find((l) => l.status === "appel_realise");
    if (!lead) throw new Error("the demo needs a lead after its discovery call");
    const { status, body } = await api("GET", `/api/lead/next-action?id=${lead.id}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      action: "message personnalisé de suivi (J+1)",
      reason: "appel découverte réalisé",
    });
    // No mailbox nor WhatsApp on the test server: the follow-up becomes a note to do, and says why.
    expect(body.blocked).toMatch(/Aucune boîte e-mail n'est reliée/);
    const call = body.call as { tool: string; args: Record<string, unknown>; label: string; cost: number };
    expect(call).toMatchObject({
      tool: "add_note",
      args: {
        leadId: lead.id,
        text: "À faire : message personnalisé de suivi (J+1) (appel découverte réalisé).",
      },
      cost: 1,
    });
    expect(call.label).toContain(lead.name);

    // The call is one the gate takes as it is: a card with the same cost.
    const asked = await api("POST", "/api/actions", { tool: call.tool, args: call.args });
    expect(asked.body).toMatchObject({ kind: "pending", cost: 1, card: { cost: 1 } });
    const { actionId } = asked.body.card as { actionId: number };
    await api("POST", "/api/actions/decide", { actionId, decision: "cancel" });
  });

  it("suggests the « nurturing » tag for a lost lead, and nothing once it has it", async () => {
    const tenant = tenantOf("demo-coaching");
    const lead = leadsOf(tenant.id).find((l) => l.status === "perdu" && !l.tags.includes("nurturing"));
    if (!lead) throw new Error("the demo needs a lost lead");
    const first = await api("GET", `/api/lead/next-action?id=${lead.id}`);
    expect(first.body).toMatchObject({
      reason: "lead perdu",
      call: { tool: "apply_tags", args: { leadId: lead.id, add: ["nurturing"] }, cost: 1 },
    });
    expect(await act("apply_tags", { leadId: lead.id, add: ["nurturing"] })).toMatchObject({
      kind: "executed",
    });
    expect((await api("GET", `/api/lead/next-action?id=${lead.id}`)).body.call).toBeNull();
  });
});
