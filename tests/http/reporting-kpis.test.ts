// The trade's indicators in GET /api/reporting over real HTTP, against figures this test works out from
// the rows it writes: logistique (quotes handled and sent, reply rate, mean time to confirmation) and
// e-commerce (per campaign: sent, opened, clicked, conversions; WhatsApp replies), each link opening a
// CRM list (GET /api/leads with the link's query) of as many leads as it says; a trade without data
// says so in sentences; the other trades have none.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { webChannel } from "../../channels/web/index.js";
import { openSession } from "../../channels/web/session.js";
import { parseConfig } from "../../src/config.js";
import { type Running, serve } from "../../src/main.js";
import type { Scope } from "../../src/store/index.js";
import { apiClient } from "../helpers/dashboard.js";
import { makeTenant, type TestStore, testStore } from "../helpers/store.js";

const NOW = "2026-11-16T10:00:00Z";
const AT = {
  cur: "2026-11-15T09:00:00Z",
  cur2: "2026-11-12T15:00:00Z",
  edgeCur: "2026-11-09T23:30:00Z",
  prev: "2026-11-05T12:00:00Z",
};
const DAY = 86_400_000;
const t = (iso: string) => Date.parse(iso);

let ts: TestStore;
let running: Running;
const tokens = new Map<string, string>();
const ids = new Map<string, number>();

/** A lead created long ago, then its status changes each at its time. */
function lead(scope: Scope, name: string, status: string, changes: [string, string][] = []) {
  const { store } = ts;
  const created = store
    .asOf(() => new Date("2026-08-01T00:00:00Z"))
    .leads.create(scope, {
      firstName: name,
      lastName: "Test",
      email: `${name
        .normalize("NFD")
        .replace(/\p{Diacritic}/gu, "")
        .toLowerCase()}@x.fr`,
      status,
    });
  ids.set(name, created.id);
  for (const [to, at] of changes) store.asOf(() => new Date(at)).leads.setStatus(scope, created.id, to);
  return created.id;
}

function reply(scope: Scope, name: string, at: string, channel: "email" | "whatsapp" = "email") {
  ts.store
    .asOf(() => new Date(at))
    .messages.create(scope, {
      channel,
      direction: "in",
      status: "received",
      leadId: ids.get(name),
      bodyText: "réponse",
    });
}

/** A campaign that started sending at `started`, its recipients [lead, sent, opened, clicked]. */
function campaign(scope: Scope, started: string, recipients: [string, boolean, boolean, boolean][]): number {
  const { sqlite } = ts.store.ctx;
  const id = Number(
    sqlite
      .prepare(
        `insert into campaigns (tenant_id, name, subject, body_html, status, scheduled_at, started_at)
         values (?, ?, 'Offre', '<p>x</p>', 'sent', ?, ?)`,
      )
      .run(scope.tenantId, `Campagne du ${started.slice(0, 10)}`, t(started), t(started)).lastInsertRowid,
  );
  for (const [name, sent, opened, clicked] of recipients) {
    sqlite
      .prepare(
        `insert into campaign_recipients (tenant_id, campaign_id, lead_id, email, status, token, sent_at,
           opened_at, clicked_at) values (?, ?, ?, 'x@x.fr', ?, ?, ?, ?, ?)`,
      )
      .run(
        scope.tenantId,
        id,
        ids.get(name),
        sent ? "sent" : "queued",
        `tok-${id}-${name}`,
        sent ? t(started) : null,
        opened ? t(started) + 3_600_000 : null,
        clicked ? t(started) + 7_200_000 : null,
      );
  }
  return id;
}

let shopCampaign = 0;

beforeAll(async () => {
  ts = testStore(NOW);
  const logistics = makeTenant(ts.store, "kpi-logistique", { vertical: "logistique" });
  lead(logistics.scope, "Luc", "en_qualif", [
    ["devis_envoye", AT.prev],
    ["gagne", AT.cur],
  ]);
  reply(logistics.scope, "Luc", AT.cur2);
  lead(logistics.scope, "Léa", "en_qualif", [["devis_envoye", AT.cur2]]);
  lead(logistics.scope, "Lou", "en_qualif", [["devis_envoye", AT.cur2]]);
  reply(logistics.scope, "Lou", AT.cur);
  lead(logistics.scope, "Lia", "en_qualif", [
    ["devis_envoye", AT.edgeCur],
    ["perdu", AT.cur],
  ]);
  lead(logistics.scope, "Lin", "en_qualif", [["gagne", AT.cur]]);

  const shop = makeTenant(ts.store, "kpi-ecommerce", { vertical: "ecommerce" });
  lead(shop.scope, "Eva", "contacte", [["deja_client", AT.cur]]);
  lead(shop.scope, "Eli", "contacte", [["deja_client", AT.prev]]);
  lead(shop.scope, "Ema", "contacte");
  lead(shop.scope, "Eno", "contacte");
  shopCampaign = campaign(shop.scope, AT.cur2, [
    ["Eva", true, true, false],
    ["Eli", true, false, false],
    ["Ema", true, true, true],
    ["Eno", false, false, false],
  ]);
  campaign(shop.scope, AT.prev, [["Ema", true, true, true]]);
  reply(shop.scope, "Ema", AT.cur, "whatsapp");
  reply(shop.scope, "Eno", AT.prev, "whatsapp");
  reply(shop.scope, "Eva", AT.cur, "email");

  const empty = makeTenant(ts.store, "kpi-vide", { vertical: "logistique" });
  const quiet = makeTenant(ts.store, "kpi-boutique-vide", { vertical: "ecommerce" });
  const coach = makeTenant(ts.store, "kpi-coaching", { vertical: "coaching" });
  for (const x of [logistics, shop, empty, quiet, coach]) {
    tokens.set(x.tenant.slug, openSession(ts.store, x.tenant, x.owner));
  }
  const config = parseConfig({ PORT: "0", LOG_LEVEL: "silent", MAX_DB_PATH: ts.path });
  running = await serve(config, ts.store, [webChannel]);
}, 60_000);

afterAll(async () => {
  await running?.close();
  ts?.cleanup();
});

const get = async (slug: string, path: string) =>
  (await apiClient(running.url, tokens.get(slug))("GET", path)).body as Record<string, unknown>;

/** How many leads the CRM list of a link shows. */
const listed = async (slug: string, href: string) =>
  (await get(slug, `/api/leads?${href.replace(/^#\/crm\?/, "")}&limit=1`)).total as number;

interface Kpi {
  id: string;
  value: number | null;
  previous: number | null;
  link: { href: string } | null;
}

describe("the trade's indicators", () => {
  it("logistique: quotes handled and sent, reply rate and time to confirmation", async () => {
    const { kpis } = await get("kpi-logistique", "/api/reporting?days=7");
    const { items, missing } = kpis as { vertical: string; items: Kpi[]; missing: string[] };
    const byId = Object.fromEntries(items.map((k) => [k.id, { value: k.value, previous: k.previous }]));
    // Current week: quotes to Léa, Lou, Lia; Lou replied; Luc (quoted the week before) won, Lia lost.
    expect(byId).toEqual({
      quotesDecided: { value: 2, previous: 0 },
      quotesSent: { value: 3, previous: 1 },
      replyRate: { value: 1 / 3, previous: 1 },
      confirmDelay: { value: (t(AT.cur) - t(AT.prev)) / DAY, previous: null },
    });
    expect(missing).toEqual([]);
    const sent = items.find((k) => k.id === "quotesSent");
    expect(sent?.link?.href).toBe("#/crm?status=devis_envoye");
    // The list shows the leads at « Devis envoyé » now: Léa and Lou.
    expect(await listed("kpi-logistique", sent?.link?.href ?? "")).toBe(2);
  });

  it("e-commerce: each campaign of the period with its opens, clicks and conversions, and WhatsApp replies", async () => {
    const { kpis } = await get("kpi-ecommerce", "/api/reporting?days=7");
    const shop = kpis as {
      whatsappReplies: { current: number; previous: number };
      campaigns: {
        id: number;
        sent: number;
        opened: number;
        clicked: number;
        converted: number;
        openRate: number;
        links: Record<string, { href: string }>;
      }[];
      missing: string[];
    };
    expect(shop.whatsappReplies).toEqual({ current: 1, previous: 1 });
    expect(shop.campaigns).toHaveLength(1);
    const c = shop.campaigns[0];
    // Eva became a client after the mail; Eli already was one.
    expect(c).toMatchObject({
      id: shopCampaign,
      sent: 3,
      opened: 2,
      clicked: 1,
      converted: 1,
      openRate: 2 / 3,
    });
    expect(await listed("kpi-ecommerce", c?.links.opened?.href ?? "")).toBe(2);
    expect(await listed("kpi-ecommerce", c?.links.clicked?.href ?? "")).toBe(1);
    expect(await listed("kpi-ecommerce", c?.links.sent?.href ?? "")).toBe(3);
    expect(c?.links.converted?.href).toBe(
      `#/crm?status=deja_client&campaign=${shopCampaign}&campaignEvent=sent`,
    );
    expect(shop.missing).toEqual([]);
  });

  it("says what cannot be computed, and shows nothing for the other trades", async () => {
    const empty = (await get("kpi-vide", "/api/reporting?days=7")).kpis as {
      items: Kpi[];
      missing: string[];
    };
    expect(empty.items.find((k) => k.id === "replyRate")?.value).toBeNull();
    expect(empty.items.find((k) => k.id === "confirmDelay")?.value).toBeNull();
    expect(empty.missing).toEqual([
      "Aucun devis envoyé sur la période : pas de taux de réponse à calculer.",
      "Aucun devis confirmé sur la période : pas de délai moyen de confirmation à calculer.",
    ]);
    const quiet = (await get("kpi-boutique-vide", "/api/reporting?days=7")).kpis as { missing: string[] };
    expect(quiet.missing).toEqual([
      "Aucune campagne envoyée sur la période : pas d'ouvertures, de clics ni de conversions à montrer.",
    ]);
    expect((await get("kpi-coaching", "/api/reporting?days=7")).kpis).toBeNull();
  });

  it("takes the CRM list's campaign filter from the query, and refuses an event without a campaign", async () => {
    const api = apiClient(running.url, tokens.get("kpi-ecommerce"));
    const opened = await api("GET", `/api/leads?campaign=${shopCampaign}&campaignEvent=opened`);
    expect((opened.body.leads as { name: string }[]).map((l) => l.name).sort()).toEqual([
      "Ema Test",
      "Eva Test",
    ]);
    const bad = await api("GET", "/api/leads?campaignEvent=opened");
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain("campaignEvent demande campaign");
    const other = await apiClient(running.url, tokens.get("kpi-logistique"))(
      "GET",
      `/api/leads?campaign=${shopCampaign}`,
    );
    expect(other.body.total).toBe(0);
  });
});
