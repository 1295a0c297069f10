// The CRM list's API over real HTTP on the seeded demo: filters, sorts, pages and the exact total; the
// CSV of the whole filtered list; saved views (built in, the user's own, nobody else's); and a bulk
// action — one tool call on many leads through the gate: one card with the total cost, one debit.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSession } from "../../channels/web/session.js";
import { modelSchema } from "../../src/agent/model-schema.js";
import { openStatuses, pipelineFor } from "../../src/domain/index.js";
import type { Lead, Tenant } from "../../src/store/index.js";
import { analyzeLead } from "../../tools/analyze-lead.js";
import { applyTags } from "../../tools/apply-tags.js";
import { enrollInScenario } from "../../tools/scenario-enrollment.js";
import { updateStatus } from "../../tools/update-status.js";
import {
  type ApiAnswer,
  apiClient,
  type DashboardServer,
  demoToken,
  startDashboard,
} from "../helpers/dashboard.js";

interface Row {
  id: number;
  name: string;
  company: string | null;
  status: string;
  statusLabel: string;
  tags: string[];
  heat: string | null;
  heatLabel: string | null;
  score: number | null;
  lastActivityAt: string | null;
  ownerName: string | null;
}
interface ListBody {
  total: number;
  totalExact: boolean;
  limit: number;
  offset: number;
  leads: Row[];
}

let server: DashboardServer;
let api: ReturnType<typeof apiClient>;
let token: string;
let tenant: Tenant;

const store = () => server.t.store;
const list = async (query: string): Promise<ListBody> => {
  const answer = await api("GET", `/api/leads${query}`);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body as unknown as ListBody;
};
/**
 * SQLite's NOCASE: ASCII letters folded, the rest compared as they are (« É » after « Z »; see the
 * report: a folded sort key in the store would order accents as French readers expect).
 */
const nocase = (text: string) => text.replace(/[A-Z]/g, (c) => c.toLowerCase());
const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Every lead of the demo tenant, from the store itself. */
const allLeads = (): Lead[] => store().leads.search(tenant.id, { limit: 200 }).leads;

beforeAll(async () => {
  server = await startDashboard();
  token = await demoToken(server.running.url);
  api = apiClient(server.running.url, token);
  const found = store().tenants.getBySlug("demo-coaching");
  if (!found) throw new Error("demo-coaching is not seeded");
  tenant = found;
}, 60_000);

afterAll(async () => server?.close());

describe("GET /api/leads", () => {
  it("refuses without a session, in French", async () => {
    const anonymous = apiClient(server.running.url);
    for (const path of ["/api/leads", "/api/leads.csv", "/api/leads/ids", "/api/views"]) {
      expect(await anonymous("GET", path)).toEqual({
        status: 401,
        body: { error: "unauthorized", message: "Session absente ou expirée : reconnectez-vous." },
      });
    }
  });

  it("gives a page of 50 with the exact total, statuses and heats in words, the owner by name", async () => {
    const page = await list("");
    const everyone = allLeads();
    expect(page).toMatchObject({ total: everyone.length, totalExact: true, limit: 50, offset: 0 });
    expect(page.leads).toHaveLength(50);
    const offre = page.leads.find((l) => l.status === "offre_envoyee");
    if (offre) expect(offre.statusLabel).toBe("Offre envoyée");
    for (const row of page.leads) {
      expect(row.statusLabel).not.toContain("_");
      if (row.heat === "tiede") expect(row.heatLabel).toBe("tiède");
      expect(Object.keys(row).sort()).toEqual(
        [
          "company",
          "heat",
          "heatLabel",
          "id",
          "lastActivityAt",
          "name",
          "ownerName",
          "score",
          "status",
          "statusLabel",
          "tags",
        ].sort(),
      );
    }
    const owner = store().users.owner(tenant.id);
    expect(page.leads.some((l) => l.ownerName === owner?.name)).toBe(true);
    // Default order: the latest activity first.
    const times = page.leads.map((l) => (l.lastActivityAt ? Date.parse(l.lastActivityAt) : 0));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it("pages with limit and offset, never repeating a lead", async () => {
    const first = await list("?limit=20&offset=0&sort=name");
    const second = await list("?limit=20&offset=20&sort=name");
    expect(first.leads).toHaveLength(20);
    expect(second).toMatchObject({ offset: 20, total: first.total });
    const ids = new Set(first.leads.map((l) => l.id));
    expect(second.leads.some((l) => ids.has(l.id))).toBe(false);
    const last = await list(`?limit=20&offset=${first.total - 5}`);
    expect(last.leads).toHaveLength(5);
  });

  it("filters by statuses (repeated), tag, heat, inactivity, owner and a field of the trade", async () => {
    const everyone = allLeads();
    const byStatus = await list("?status=nouveau&status=pre_qualif&limit=200");
    expect(byStatus.total).toBe(everyone.filter((l) => ["nouveau", "pre_qualif"].includes(l.status)).length);
    expect(new Set(byStatus.leads.map((l) => l.status))).toEqual(new Set(["nouveau", "pre_qualif"]));

    // A status by its label, as a person writes it.
    const byLabel = await list(`?status=${encodeURIComponent("Pré-qualification")}&limit=200`);
    expect(byLabel.leads.every((l) => l.status === "pre_qualif")).toBe(true);

    const tag = everyone.flatMap((l) => l.tags)[0] as string;
    const byTag = await list(`?tag=${encodeURIComponent(tag)}&limit=200`);
    expect(byTag.total).toBe(everyone.filter((l) => l.tags.includes(tag)).length);
    expect(byTag.leads.every((l) => l.tags.includes(tag))).toBe(true);

    const hot = await list("?heat=chaud&limit=200");
    expect(hot.total).toBe(everyone.filter((l) => l.heat === "chaud").length);
    expect(hot.leads.every((l) => l.heatLabel === "chaud")).toBe(true);

    const now = store().clock().getTime();
    const quiet = await list("?inactiveDays=5&limit=200");
    const expected = everyone.filter(
      (l) => (l.lastActivityAt ?? l.createdAt).getTime() < now - 5 * 86_400_000,
    ).length;
    expect(quiet.total).toBe(expected);

    const owner = store().users.owner(tenant.id);
    const mine = await list(`?ownerId=${owner?.id}&limit=200`);
    expect(mine.total).toBe(everyone.filter((l) => l.ownerId === owner?.id).length);

    const budget = everyone.find((l) => l.fields.budget_estime)?.fields.budget_estime as string;
    const byField = await list(`?field.budget_estime=${encodeURIComponent(budget)}&limit=200`);
    expect(byField.total).toBe(everyone.filter((l) => l.fields.budget_estime === budget).length);
    expect(byField.total).toBeGreaterThan(0);
  });

  it("searches the text of a last name", async () => {
    const everyone = allLeads();
    const unique = everyone.find((l) => everyone.filter((o) => o.lastName === l.lastName).length === 1);
    if (!unique) throw new Error("the demo needs a unique last name");
    const found = await list(`?text=${encodeURIComponent(unique.lastName)}`);
    expect(found.leads.map((l) => l.id)).toContain(unique.id);
    expect(found.leads[0]?.id).toBe(unique.id);
  });

  it("finds a name typed with a slip through the closest name, and says so; nonsense finds nothing", async () => {
    const everyone = allLeads();
    const unique = everyone.find(
      (l) => l.lastName.length >= 6 && everyone.filter((o) => o.lastName === l.lastName).length === 1,
    );
    if (!unique) throw new Error("the demo needs a unique last name");
    // One letter dropped in the middle: « Lambert » -> « Lamert ».
    const slip = unique.lastName.slice(0, 2) + unique.lastName.slice(3);
    const found = (await list(`?text=${encodeURIComponent(slip.toLowerCase())}`)) as ListBody & {
      correctedText?: string;
    };
    expect(found.leads.map((l) => l.id)).toContain(unique.id);
    expect(found.correctedText).toBeDefined();
    const none = (await list("?text=zzqxw")) as ListBody & { correctedText?: string };
    expect(none.total).toBe(0);
    expect(none.correctedText).toBeUndefined();
  });

  it("sorts by each column, both ways", async () => {
    const byScore = (await list("?sort=score&limit=200")).leads.map((l) => l.score ?? -1);
    expect(byScore).toEqual([...byScore].sort((a, b) => b - a));
    const byScoreAsc = (await list("?sort=score&order=asc&limit=200")).leads.map((l) => l.score ?? -1);
    expect(byScoreAsc).toEqual([...byScoreAsc].sort((a, b) => a - b));

    const names = (await list("?sort=name&limit=200")).leads;
    const keys = names.map((l) => {
      const lead = store().leads.get(tenant.id, l.id);
      return nocase(`${lead?.lastName} ${lead?.firstName}`);
    });
    expect(keys).toEqual([...keys].sort(byCodeUnits));

    // Statuses in the pipeline's order, not the codes' alphabetical one.
    const order = pipelineFor(tenant.vertical);
    const statuses = (await list("?sort=status&limit=200")).leads.map((l) => order.indexOf(l.status));
    expect(statuses).toEqual([...statuses].sort((a, b) => a - b));
    const back = (await list("?sort=status&order=desc&limit=200")).leads.map((l) => order.indexOf(l.status));
    expect(back).toEqual([...back].sort((a, b) => b - a));

    const rank = { chaud: 3, tiede: 2, froid: 1 } as Record<string, number>;
    const heats = (await list("?sort=heat&limit=200")).leads.map((l) => rank[l.heat ?? ""] ?? 0);
    expect(heats).toEqual([...heats].sort((a, b) => b - a));

    // Leads without a company (or a tag) come last, whichever the direction.
    for (const order of ["asc", "desc"]) {
      const companies = (await list(`?sort=company&order=${order}&limit=200`)).leads.map((l) => l.company);
      const firstEmpty = companies.findIndex((c) => !c);
      if (firstEmpty >= 0) expect(companies.slice(firstEmpty).every((c) => !c)).toBe(true);
      const named = companies.filter((c): c is string => Boolean(c)).map(nocase);
      const sorted = [...named].sort(byCodeUnits);
      expect(named).toEqual(order === "asc" ? sorted : sorted.reverse());
    }
    const tags = (await list("?sort=tags&limit=200")).leads.map((l) => l.tags);
    const firstUntagged = tags.findIndex((t) => t.length === 0);
    if (firstUntagged >= 0) expect(tags.slice(firstUntagged).every((t) => t.length === 0)).toBe(true);

    const times = (await list("?sort=last_activity&order=asc&limit=200")).leads.map((l) =>
      l.lastActivityAt ? Date.parse(l.lastActivityAt) : 0,
    );
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it("answers bad parameters with a 400 in French", async () => {
    const cases: Array<[string, RegExp]> = [
      ["?limit=500", /^Requête invalide : limit : au plus 200$/],
      ["?limit=abc", /^Requête invalide : limit : un nombre entier est attendu/],
      ["?heat=brulant", /chaleur attendue : chaud, tiede ou froid/],
      ["?sort=couleur", /^Requête invalide : sort : tri attendu/],
      ["?inactiveDays=-3", /inactiveDays : au moins 0/],
      ["?color=red", /^Requête invalide : paramètre inconnu : color$/],
      ["?status=martien", /^Statut « martien » inconnu pour ce métier/],
      ["?field.pointure=42", /^Champ « pointure » inconnu/],
    ];
    for (const [query, message] of cases) {
      const answer: ApiAnswer = await api("GET", `/api/leads${query}`);
      expect(answer.status, query).toBe(400);
      expect(answer.body.error).toBe("invalid_request");
      expect(answer.body.message as string, query).toMatch(message);
    }
  });
});

describe("GET /api/leads.csv", () => {
  it("exports the whole filtered list (not the page) for Excel: BOM, « ; », statuses in words", async () => {
    const res = await fetch(`${server.running.url}/api/leads.csv?status=nouveau&status=pre_qualif`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const day = store().clock().toISOString().slice(0, 10);
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="leads-${day}.csv"`);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    const lines = text
      .replace(/^\uFEFF/, "")
      .trimEnd()
      .split("\r\n");
    expect(lines[0]).toBe("nom;entreprise;email;téléphone;statut;tags;chaleur;score;dernière activité");
    const expected = allLeads().filter((l) => ["nouveau", "pre_qualif"].includes(l.status));
    expect(lines).toHaveLength(expected.length + 1);
    expect(lines.slice(1).every((l) => /;(Nouveau|Pré-qualification);/.test(l))).toBe(true);
    const sample = expected[0] as Lead;
    expect(text).toContain(`${sample.firstName} ${sample.lastName}`.trim());
  });

  it("refuses a bad filter before writing anything", async () => {
    const answer = await api("GET", "/api/leads.csv?status=nimporte");
    expect(answer.status).toBe(400);
    expect(answer.body.message).toMatch(/^Statut « nimporte » inconnu/);
  });
});

describe("GET /api/leads/ids", () => {
  it("gives every id of the filter, for a bulk action on the whole list", async () => {
    const answer = await api("GET", "/api/leads/ids?heat=chaud");
    expect(answer.status).toBe(200);
    const hot = allLeads().filter((l) => l.heat === "chaud");
    expect(answer.body).toMatchObject({ complete: true, max: 5000 });
    expect(new Set(answer.body.ids as number[])).toEqual(new Set(hot.map((l) => l.id)));
  });
});

describe("GET /api/leads/bulk", () => {
  it("offers the trade's follow-up scenarios and each action's limit", async () => {
    const answer = await api("GET", "/api/leads/bulk");
    expect(answer.status).toBe(200);
    const scenarios = answer.body.scenarios as Array<{ id: string; label: string; requiresStatus: string[] }>;
    expect(scenarios.map((s) => s.id)).toEqual(["coach-no-show", "coach-post-appel", "prospection"]);
    expect(scenarios[1]).toMatchObject({
      label: "Suivi après l'appel découverte",
      requiresStatus: ["Appel réalisé"],
    });
    expect(answer.body.limits).toEqual({
      apply_tags: 1000,
      update_status: 1000,
      enroll_in_scenario: 200,
      analyze_lead: 5000,
    });
  });

  it("refuses a bulk call past its limit before any card", async () => {
    const ids = Array.from({ length: 1001 }, (_, i) => i + 1);
    const asked = await api("POST", "/api/actions", {
      tool: "apply_tags",
      args: { leadId: ids, add: ["x"] },
    });
    expect(asked.status).toBe(400);
    expect(asked.body).toMatchObject({ kind: "invalid" });
    expect(asked.body.message).toMatch(
      /^Arguments invalides pour apply_tags — leadId : un numéro de lead, ou une liste de 1\s000 au plus$/,
    );
  });
});

describe("saved views", () => {
  it("has « À relancer », « Chauds » and « Nouveaux » built in, as the chat means them", async () => {
    const answer = await api("GET", "/api/views");
    expect(answer.status).toBe(200);
    const views = answer.body.views as Array<{ id: string; name: string; builtIn: boolean; query: object }>;
    const open = openStatuses(tenant.vertical);
    expect(views.slice(0, 3)).toEqual([
      { id: "a-relancer", name: "À relancer", builtIn: true, query: { status: open, inactiveDays: 5 } },
      { id: "chauds", name: "Chauds", builtIn: true, query: { status: open, heat: "chaud" } },
      { id: "nouveaux", name: "Nouveaux", builtIn: true, query: { status: ["nouveau"] } },
    ]);
    // Each one runs as a list query.
    const relancer = await list(`?${open.map((s) => `status=${s}`).join("&")}&inactiveDays=5`);
    expect(relancer.leads.every((l) => open.includes(l.status))).toBe(true);
  });

  it("saves, lists and deletes the user's own views; another user never sees them", async () => {
    const created = await api("POST", "/api/views", {
      name: "  Chauds à Lyon ",
      query: { heat: "chaud", status: ["Offre envoyée"], sort: "score", order: "desc" },
    });
    expect(created.status).toBe(201);
    const view = created.body.view as { id: number; name: string; query: Record<string, unknown> };
    expect(view).toMatchObject({
      name: "Chauds à Lyon",
      builtIn: false,
      query: { heat: "chaud", status: ["offre_envoyee"], sort: "score", order: "desc" },
    });
    const names = async (client: typeof api) =>
      ((await client("GET", "/api/views")).body.views as Array<{ name: string }>).map((v) => v.name);
    expect(await names(api)).toContain("Chauds à Lyon");

    const again = await api("POST", "/api/views", { name: "chauds à lyon", query: {} });
    expect(again.status).toBe(409);
    expect(again.body.message).toMatch(/déjà une vue nommée/);

    const bad = await api("POST", "/api/views", { name: "X", query: { status: ["inconnu"] } });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/^Statut « inconnu » inconnu/);
    const noName = await api("POST", "/api/views", { query: {} });
    expect(noName.status).toBe(400);
    expect(noName.body.message).toMatch(/^Requête invalide : name : le nom de la vue est attendu/);

    // A member of the same tenant: the built-in views only, and cannot delete the owner's.
    const scope = { tenantId: tenant.id, actor: "test" };
    const member = store().users.create(scope, { name: "Léa Membre", role: "member" });
    const asMember = apiClient(server.running.url, openSession(store(), tenant, member));
    expect(await names(asMember)).toEqual(["À relancer", "Chauds", "Nouveaux"]);
    const stolen = await asMember("POST", "/api/views/delete", { id: view.id });
    expect(stolen.status).toBe(404);

    // Another tenant's owner: neither the views nor the leads of this one.
    const b2b = store().tenants.getBySlug("demo-b2b");
    const b2bOwner = b2b && store().users.owner(b2b.id);
    if (!b2b || !b2bOwner) throw new Error("demo-b2b is not seeded");
    const other = apiClient(server.running.url, openSession(store(), b2b, b2bOwner));
    expect(await names(other)).not.toContain("Chauds à Lyon");
    expect((await other("POST", "/api/views/delete", { id: view.id })).status).toBe(404);
    const theirs = (await other("GET", "/api/leads?limit=200")).body as unknown as ListBody;
    const ours = new Set(allLeads().map((l) => l.id));
    expect(theirs.total).toBeGreaterThan(0);
    expect(theirs.leads.some((l) => ours.has(l.id))).toBe(false);
    // Their pipeline is B2B: « Nouveaux » is its first step, « À relancer » its open steps.
    const theirViews = (await other("GET", "/api/views")).body.views as Array<{
      query: { status?: string[] };
    }>;
    expect(theirViews[2]?.query.status).toEqual([pipelineFor("b2b")[0]]);

    const deleted = await api("POST", "/api/views/delete", { id: view.id });
    expect(deleted).toEqual({ status: 200, body: { deleted: view.id } });
    expect(await names(api)).not.toContain("Chauds à Lyon");
    expect((await api("POST", "/api/views/delete", { id: view.id })).status).toBe(404);
  });
});

describe("bulk actions through POST /api/actions", () => {
  const ask = (tool: string, args: Record<string, unknown>) => api("POST", "/api/actions", { tool, args });
  const decide = (actionId: number, decision: "confirm" | "cancel") =>
    api("POST", "/api/actions/decide", { actionId, decision });

  it("tags a selection in Assisté: one card with the total cost, confirmed, applied to each, debited once", async () => {
    const targets = allLeads()
      .filter((l) => !l.tags.includes("bulk-vip"))
      .slice(0, 12);
    const already = targets[0] as Lead;
    store().leads.changeTags({ tenantId: tenant.id, actor: "test" }, already.id, { add: ["bulk-vip"] });
    const ids = targets.map((l) => l.id);
    const balance = store().ledger.balance(tenant.id);
    const debits = store().ctx.sqlite.prepare("select count(*) as n from token_ledger where tenant_id = ?");
    const before = (debits.get(tenant.id) as { n: number }).n;

    const asked = await ask("apply_tags", { leadId: ids, add: ["bulk-vip"] });
    expect(asked.status).toBe(200);
    expect(asked.body.kind).toBe("pending");
    const card = asked.body.card as { actionId: number; cost: number; balanceAfter: number; preview: string };
    // The lead that has the tag already is left out, and not paid for: 11 changes at 1 token.
    expect(card.cost).toBe(11);
    expect(card.balanceAfter).toBe(balance - 11);
    expect(card.preview).toMatch(/^Tags de 11 leads \(.+…\) : ajouter bulk-vip$/);
    expect(store().leads.get(tenant.id, ids[1] as number)?.tags).not.toContain("bulk-vip");

    const done = await decide(card.actionId, "confirm");
    expect(done.body).toMatchObject({ kind: "executed", cost: 11, balance: balance - 11 });
    expect(done.body.message).toBe("Tags de 11 leads : ajouté bulk-vip.");
    for (const id of ids) expect(store().leads.get(tenant.id, id)?.tags).toContain("bulk-vip");
    expect(store().ledger.balance(tenant.id)).toBe(balance - 11);
    // One debit row for the whole run, not one per lead.
    expect((debits.get(tenant.id) as { n: number }).n).toBe(before + 1);

    // Once done, the same call has nothing left to change: refused before any card or debit.
    const nothing = await ask("apply_tags", { leadId: ids, add: ["bulk-vip"] });
    expect(nothing.body).toMatchObject({ kind: "unavailable" });
    expect(nothing.body.message).toBe("Rien à changer : les 12 leads ont déjà ces tags.");
  });

  it("refuses a selection holding another tenant's lead, whole", async () => {
    const b2b = store().tenants.getBySlug("demo-b2b");
    const foreign = b2b && store().leads.search(b2b.id, { limit: 1 }).leads[0];
    const ours = allLeads()
      .slice(0, 2)
      .map((l) => l.id);
    if (!foreign) throw new Error("demo-b2b has no lead");
    const asked = await ask("apply_tags", { leadId: [...ours, foreign.id], add: ["intrus"] });
    expect(asked.body.kind).toBe("unavailable");
    expect(asked.body.message).toMatch(/^1 lead de la sélection est introuvable dans ce compte/);
    expect(store().leads.get(b2b.id, foreign.id)?.tags).not.toContain("intrus");
  });

  it("changes the status of a selection, leaving out those already there", async () => {
    const leads = allLeads()
      .filter((l) => l.status === "pre_qualif" || l.status === "nouveau")
      .slice(0, 4);
    const ids = leads.map((l) => l.id);
    const moving = leads.filter((l) => l.status !== "nouveau").length;
    const asked = await ask("update_status", { leadId: ids, status: "Nouveau" });
    const card = asked.body.card as { actionId: number; cost: number };
    expect(card.cost).toBe(moving);
    const done = await decide(card.actionId, "confirm");
    expect(done.body.kind).toBe("executed");
    for (const id of ids) expect(store().leads.get(tenant.id, id)?.status).toBe("nouveau");
  });

  it("analyses a selection: a card in every mode for the total (2 tokens a lead), then the advice grouped", async () => {
    const ids = allLeads()
      .slice(0, 5)
      .map((l) => l.id);
    const balance = store().ledger.balance(tenant.id);
    const asked = await ask("analyze_lead", { leadId: ids });
    expect(asked.body.kind).toBe("pending");
    const card = asked.body.card as { actionId: number; cost: number; balanceAfter: number };
    expect(card).toMatchObject({ cost: 10, balanceAfter: balance - 10 });
    const done = await decide(card.actionId, "confirm");
    expect(done.body).toMatchObject({ kind: "executed", cost: 10 });
    const data = done.body.data as { count: number; byAction: { count: number }[]; leads: { id: number }[] };
    expect(data.count).toBe(5);
    expect(data.byAction.reduce((n, a) => n + a.count, 0)).toBe(5);
    expect(data.leads.map((l) => l.id).sort()).toEqual([...ids].sort());
    expect(done.body.message).toMatch(/^Analyse de 5 leads — prochaines actions conseillées : /);

    // One lead is still read at once, as the lead page's « Analyser avec M.A.X. » does.
    const one = await ask("analyze_lead", { leadId: ids[0] });
    expect(one.body).toMatchObject({ kind: "executed", cost: 2 });
  });

  it("enrolls a selection, the leads the scenario cannot take left out of the card", async () => {
    const leads = allLeads().slice(0, 6);
    const ids = leads.map((l) => l.id);
    const fit = leads.filter((l) => l.status === "appel_realise").length;
    const asked = await ask("enroll_in_scenario", { scenario: "coach-post-appel", leadId: ids });
    if (fit === 0) {
      expect(asked.body.kind).toBe("unavailable");
      expect(asked.body.message).toMatch(/^Aucun des 6 leads ne peut être inscrit/);
      return;
    }
    const card = asked.body.card as { actionId: number; cost: number };
    expect(card.cost).toBe(fit);
    const done = await decide(card.actionId, "confirm");
    expect(done.body.kind).toBe("executed");
    expect(done.body.message).toMatch(
      new RegExp(`^${fit} leads? inscrits? dans « Suivi après l'appel découverte »`),
    );
  });

  it("keeps the model's prompt as it was: the list of ids is not in the schema it reads", () => {
    const lead = { leadId: { type: "integer" } };
    expect(modelSchema(applyTags.schema)).toEqual({
      type: "object",
      properties: {
        ...lead,
        add: { type: "array", items: { type: "string" } },
        remove: { type: "array", items: { type: "string" } },
      },
      required: ["leadId"],
    });
    expect(modelSchema(updateStatus.schema)).toEqual({
      type: "object",
      properties: { ...lead, status: { type: "string" } },
      required: ["leadId", "status"],
    });
    expect(modelSchema(analyzeLead.schema)).toEqual({
      type: "object",
      properties: lead,
      required: ["leadId"],
    });
    expect((modelSchema(enrollInScenario.schema).properties as Record<string, unknown>).leadId).toEqual({
      type: "integer",
    });
  });
});
