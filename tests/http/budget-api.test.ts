// The Budget IA API over real HTTP on the seeded demo: every figure checked against one computed here
// from the ledger's raw rows (not through the read model under test) — balance, period usage, split
// by kind, twelve weeks, refunds, the Conseil comparison — then the 80 % banner, a pack through the
// gate's card, the rows behind a bar, and a Standard member's view.
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mintLoginToken } from "../../channels/web/session.js";
import { apiClient, type DashboardServer, demoToken, startDashboard } from "../helpers/dashboard.js";

type Api = ReturnType<typeof apiClient>;
interface Row {
  id: number;
  kind: string;
  amount: number;
  balance_after: number;
  period: string;
  action: string | null;
  ref_id: number | null;
  note: string | null;
  created_at: number;
}

let server: DashboardServer;
let api: Api;
let tenantId: number;

const rows = (): Row[] =>
  server.t.store.ctx.sqlite
    .prepare("select * from token_ledger where tenant_id = ? order by id")
    .all(tenantId) as Row[];

/** The period's net usage by action, the ledger's way: debits after its allowance, less their refunds. */
function usageByAction(period: string): Map<string, number> {
  const all = rows();
  const allowance = all.find((r) => r.kind === "allowance" && r.period === period);
  const used = new Map<string, number>();
  for (const r of all) {
    if (!allowance || r.id <= allowance.id) continue;
    if (r.kind === "debit" || (r.kind === "refund" && (r.ref_id ?? 0) > allowance.id)) {
      used.set(r.action ?? "", (used.get(r.action ?? "") ?? 0) - r.amount);
    }
  }
  return used;
}
const sum = (m: Map<string, number>, keys?: string[]) =>
  [...m].filter(([k]) => !keys || keys.includes(k)).reduce((n, [, v]) => n + v, 0);

beforeAll(async () => {
  server = await startDashboard();
  api = apiClient(server.running.url, await demoToken(server.running.url));
  const tenant = server.t.store.tenants.getBySlug("demo-coaching");
  if (!tenant) throw new Error("demo");
  tenantId = tenant.id;
}, 60_000);
afterAll(() => server?.close());

describe("GET /api/budget", () => {
  it("answers only a signed-in user", async () => {
    expect((await apiClient(server.running.url)("GET", "/api/budget")).status).toBe(401);
  });

  it("gives the balance, the allowance, this period's usage and split, as the raw ledger says", async () => {
    const { status, body } = await api("GET", "/api/budget");
    expect(status).toBe(200);
    const all = rows();
    const used = usageByAction("2026-11");
    expect(body).toMatchObject({
      plan: "pro",
      planLabel: "Pro",
      period: "2026-11",
      periodLabel: "novembre 2026",
      balance: all.at(-1)?.balance_after,
      allowance: 500,
      usedThisPeriod: sum(used),
      usedPercent: Math.round((sum(used) * 100) / 500),
      alert: null,
    });
    expect(body.allowanceLeft).toBe(500 - sum(used));
    const kinds = body.kinds as { kind: string; used: number; share: number; locked: boolean }[];
    expect(kinds.map((k) => k.kind)).toEqual([
      "creation",
      "automatisation",
      "messages",
      "analyses",
      "crm",
      "appels_ia",
    ]);
    const of = (kind: string) => kinds.find((k) => k.kind === kind);
    expect(of("messages")?.used).toBe(sum(used, ["email_message", "whatsapp_message"]));
    expect(of("analyses")?.used).toBe(sum(used, ["lead_analysis", "field_proposal"]));
    expect(of("crm")?.used).toBe(sum(used, ["crm_change", "field_apply"]));
    expect(of("messages")?.share).toBe(Math.round((sum(used, ["whatsapp_message"]) * 100) / sum(used)));
    // Pro has AI calls: not locked.
    expect(of("appels_ia")?.locked).toBe(false);
    // The exhaustion date, or its absence, in words.
    expect((body.forecast as { text: string }).text).toMatch(
      /^Au rythme des 14 derniers jours \(10 jetons par jour\)/,
    );
  });

  it("draws twelve ISO weeks in the tenant's timezone, empty ones included", async () => {
    const { body } = await api("GET", "/api/budget");
    const weeks = body.weeks as { key: string; used: number; label: string }[];
    const zone = server.t.store.tenants.require(tenantId).timezone;
    const now = DateTime.fromJSDate(server.t.store.clock(), { zone });
    const expected = Array.from({ length: 12 }, (_, i) =>
      now.minus({ weeks: 11 - i }).toFormat("kkkk-'W'WW"),
    );
    expect(weeks.map((w) => w.key)).toEqual(expected);
    const perWeek = new Map<string, number>();
    for (const r of rows().filter((x) => x.kind === "debit" || x.kind === "refund")) {
      const key = DateTime.fromMillis(r.created_at, { zone }).toFormat("kkkk-'W'WW");
      perWeek.set(key, (perWeek.get(key) ?? 0) - r.amount);
    }
    expect(weeks.map((w) => w.used)).toEqual(expected.map((k) => perWeek.get(k) ?? 0));
    expect(weeks.filter((w) => w.used === 0).length).toBeGreaterThan(0);
    expect(weeks.reduce((n, w) => n + w.used, 0)).toBe(140);
  });

  it("compares the month with Conseil, where only the analyses would have been paid", async () => {
    const { body } = await api("GET", "/api/budget");
    const used = usageByAction("2026-11");
    const paidActions = rows().filter((r) => r.kind === "debit" && r.action !== "lead_analysis").length;
    expect(body.conseil).toMatchObject({
      actual: sum(used),
      conseil: sum(used, ["lead_analysis"]),
      saved: sum(used) - sum(used, ["lead_analysis"]),
      notDone: paidActions,
      text: `Ce mois-ci, le mode Conseil aurait coûté ${sum(used, ["lead_analysis"])} jetons au lieu de ${sum(used)} jetons — mais ${paidActions} actions payées n'auraient pas été faites.`,
    });
    expect((body.conseil as { rule: string }).rule).toMatch(
      /seules les lectures payantes \(analyse de lead\)/,
    );
  });

  it("gives advice from the tenant's own replies per channel", async () => {
    const { body } = await api("GET", "/api/budget");
    const advice = body.advice as {
      items: { text: string; basis: string }[];
      channels: { channel: string; contacted: number; replied: number }[];
    };
    // Counted here from the timelines: leads written to on a channel, and those who wrote back after.
    const since = server.t.store.clock().getTime() - 90 * 86_400_000;
    const acts = server.t.store.ctx.sqlite
      .prepare("select lead_id, kind, occurred_at from activities where tenant_id = ?")
      .all(tenantId) as { lead_id: number; kind: string; occurred_at: number }[];
    for (const channel of ["email", "whatsapp"]) {
      const first = new Map<number, number>();
      for (const a of acts.filter((x) => x.kind === `${channel}_out` && x.occurred_at >= since)) {
        first.set(a.lead_id, Math.min(first.get(a.lead_id) ?? Number.POSITIVE_INFINITY, a.occurred_at));
      }
      const replied = [...first].filter(([lead, at]) =>
        acts.some((x) => x.lead_id === lead && x.kind === `${channel}_in` && x.occurred_at > at),
      ).length;
      expect(advice.channels.find((c) => c.channel === channel)).toMatchObject({
        contacted: first.size,
        replied,
      });
    }
    expect(advice.items[0]?.text).toMatch(
      /^Vos relances e-mail obtiennent [\d,]+ fois plus de réponses que WhatsApp : privilégiez l'e-mail\.$/,
    );
    expect(advice.items.some((a) => a.text.startsWith("À ce rythme"))).toBe(true);
  });

  it("lists a refund with what it gave back and why, and counts it in its debit's period", async () => {
    const debit = rows().findLast((r) => r.kind === "debit" && r.action === "whatsapp_message");
    if (!debit) throw new Error("no debit");
    server.t.store.ledger.refund({ tenantId, actor: "test" }, debit.id, "message n°12 non parti");
    const { body } = await api("GET", "/api/budget");
    const refunds = body.refunds as {
      count: number;
      total: number;
      rows: { what: string; amount: number; why: string; day: string }[];
    };
    expect(refunds.count).toBe(1);
    expect(refunds.total).toBe(5);
    const day = DateTime.fromMillis(debit.created_at, { zone: "Europe/Paris" })
      .setLocale("fr")
      .toFormat("d LLL yyyy");
    expect(refunds.rows[0]).toMatchObject({
      what: `Message WhatsApp du ${day}`,
      amount: 5,
      why: "Message n°12 non parti",
      day: "16 nov. 2026",
    });
    expect(body.usedThisPeriod).toBe(sum(usageByAction("2026-11")));
    expect(body.usedThisPeriod).toBe(135);
  });
});

describe("the alert banner and a pack", () => {
  it("shows the 80 % banner once the period's usage reaches it", async () => {
    expect((await api("GET", "/api/budget/alert")).body).toEqual({ alert: null });
    // Paid through the ledger up to 80 % of 500.
    const need = 400 - sum(usageByAction("2026-11"));
    server.t.store.ledger.debit({ tenantId, actor: "test" }, { action: "email_message", amount: need });
    const { body } = await api("GET", "/api/budget/alert");
    expect(body.alert).toEqual({
      threshold: 80,
      period: "2026-11",
      text: "80 % de l'allocation de novembre 2026 utilisés (400 sur 500 jetons).",
    });
    expect((await api("GET", "/api/budget")).body.alert).toEqual(body.alert);
  });

  it("adds a pack through the card: the balance grows by 500", async () => {
    const before = (await api("GET", "/api/budget")).body.balance as number;
    const asked = await api("POST", "/api/actions", { tool: "add_token_pack", args: {} });
    expect(asked.body).toMatchObject({ kind: "pending", cost: 0 });
    const card = asked.body.card as { actionId: number; balanceAfter: number };
    expect(card.balanceAfter).toBe(before + 500);
    const done = await api("POST", "/api/actions/decide", { actionId: card.actionId, decision: "confirm" });
    expect(done.body).toMatchObject({ kind: "executed", balance: before + 500 });
    const after = (await api("GET", "/api/budget")).body;
    expect(after).toMatchObject({ balance: before + 500, packs: 500 });
    expect(after.balance).toBe(rows().at(-1)?.balance_after);
  });
});

describe("GET /api/budget/entries", () => {
  it("lists the rows behind a week's bar and a kind's, with their totals", async () => {
    const week = await api("GET", "/api/budget/entries?week=2026-W46");
    expect(week.status).toBe(200);
    const start = DateTime.fromISO("2026-W46-1", { zone: "Europe/Paris" }).toMillis();
    const inWeek = rows().filter(
      (r) =>
        ["debit", "refund"].includes(r.kind) &&
        r.created_at >= start &&
        r.created_at < start + 7 * 86_400_000,
    );
    expect(week.body).toMatchObject({
      title: "Dépenses de la semaine du 9 novembre 2026",
      count: inWeek.length,
      used: -inWeek.reduce((n, r) => n + r.amount, 0),
    });
    const first = (week.body.rows as { what: string; kind: string; by: string; amount: number }[])[0];
    expect(first).toMatchObject({ by: "Démo" });
    expect(JSON.stringify(week.body)).not.toMatch(/_message|lead_analysis|crm_change/);

    const kind = await api("GET", "/api/budget/entries?kind=messages");
    const messages = rows().filter(
      (r) =>
        ["debit", "refund"].includes(r.kind) &&
        ["whatsapp_message", "email_message"].includes(r.action ?? ""),
    );
    expect(kind.body).toMatchObject({
      title: "Messages : dépenses de novembre 2026",
      count: messages.length,
    });
  });

  it("refuses what is no week or no kind", async () => {
    expect((await api("GET", "/api/budget/entries?week=2026-W60")).status).toBe(404);
    expect((await api("GET", "/api/budget/entries?kind=nope")).status).toBe(400);
    expect((await api("GET", "/api/budget/entries")).status).toBe(400);
  });
});

describe("a Standard tenant's member", () => {
  it("sees « Appels IA » locked with the reason, and may not add a pack", async () => {
    const store = server.t.store;
    const tenant = store.tenants.getBySlug("demo-b2b");
    const member = tenant && store.users.list(tenant.id).find((u) => u.role === "member");
    if (!tenant || !member) throw new Error("demo-b2b");
    const { token: login } = mintLoginToken(store, tenant, member);
    const session = await apiClient(server.running.url)("POST", "/api/web/session", { login });
    const asMember = apiClient(server.running.url, session.body.token as string);
    const { body } = await asMember("GET", "/api/budget");
    expect(body).toMatchObject({ plan: "standard", allowance: 100, pack: { canAdd: false } });
    expect(
      (body.kinds as { kind: string; locked: boolean; lockedReason?: string }[]).find(
        (k) => k.kind === "appels_ia",
      ),
    ).toMatchObject({
      locked: true,
      lockedReason:
        "Les appels IA ne sont pas inclus dans le plan Standard. Passez en Pro pour les débloquer.",
    });
    const refused = await asMember("POST", "/api/actions", { tool: "add_token_pack", args: {} });
    expect(refused.body).toMatchObject({ kind: "unavailable" });
    expect(refused.body.message).toMatch(/propriétaire ou un administrateur/);
  });
});
