// The Reporting room in headless Chromium against the real server on the seeded demo: the tiles show
// the store's figures (counted here from its rows), a period change redraws them, a funnel bar opens
// the CRM list filtered by the address (#/crm?status=…) with as many leads as the bar, an address with
// a campaign's event lists its recipients, a status change made through the API appears in the live
// feed with a notice, « Créer une action IA » opens its card in Assisté; axe-core finds nothing
// serious, on a desktop and on a phone.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { chromiumPresent, seriousViolations } from "../helpers/browser.js";
import { apiClient, demoToken } from "../helpers/dashboard.js";
import { dashboardBrowser } from "../helpers/dashboard-browser.js";

// The demo's clock is 16 November 2026, 10:00 UTC; in Paris the last 7 days begin 10 November at
// midnight (9 November 23:00 UTC), the last 30 on 18 October (17 October 22:00 UTC).
const SINCE = { 7: Date.parse("2026-11-09T23:00:00Z"), 30: Date.parse("2026-10-17T22:00:00Z") };
const OPEN = ["nouveau", "pre_qualif", "appel_planifie", "appel_realise", "offre_envoyee", "en_reflexion"];
const FUNNEL = [...OPEN, "gagne"];
const DAY = 86_400_000;
const shown = (n: number) => new Intl.NumberFormat("fr-FR").format(n);

describe.skipIf(!chromiumPresent)("the Reporting room in headless Chromium", () => {
  const ui = dashboardBrowser();
  const store = () => ui.server.t.store;

  /** The tenant's leads as rows: status, created, last activity. */
  const rows = () =>
    store()
      .ctx.sqlite.prepare<[number], { id: number; status: string; created: number; last: number | null }>(
        "select id, status, created_at as created, last_activity_at as last from leads where tenant_id = ?",
      )
      .all(ui.tenant().id);
  const tile = (page: Page, id: string) => page.locator(`[data-tile="${id}"] .tile-value`);

  async function open(viewport = { width: 1280, height: 900 }) {
    const opened = await ui.open("#/reporting", { viewport });
    await tile(opened.page, "leads.total").waitFor({ timeout: 60_000 });
    return opened;
  }

  it("shows the store's figures, and others after a period change", async () => {
    const { page, errors } = await open();
    const leads = rows();
    const now = ui.server.t.clock.now.getTime();
    const stale = leads.filter((l) => OPEN.includes(l.status) && (l.last ?? l.created) < now - 5 * DAY);
    await expect.poll(() => tile(page, "leads.total").textContent()).toBe(shown(leads.length));
    expect(await tile(page, "leads.active").textContent()).toBe(
      shown(leads.filter((l) => OPEN.includes(l.status)).length),
    );
    expect(await tile(page, "leads.new").textContent()).toBe(
      shown(leads.filter((l) => l.created >= SINCE[7]).length),
    );
    expect(await tile(page, "messages.followUp").textContent()).toBe(shown(stale.length));
    expect(await page.locator(".period-words").textContent()).toContain("du 10 au 16 novembre 2026");

    await page.getByRole("button", { name: "30 jours" }).click();
    await expect
      .poll(() => page.locator(".period-words").textContent())
      .toContain("du 18 octobre au 16 novembre");
    await expect
      .poll(() => tile(page, "leads.new").textContent())
      .toBe(shown(leads.filter((l) => l.created >= SINCE[30]).length));
    expect(await page.getByRole("button", { name: "30 jours" }).getAttribute("aria-pressed")).toBe("true");

    await page.getByRole("button", { name: "7 jours" }).click();
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it("opens the CRM list of a funnel stage, filtered by the address, with the bar's count", async () => {
    const { page, errors } = await open();
    const leads = rows();
    const stage = 3; // « Appel réalisé » and beyond
    const expected = leads.filter((l) => FUNNEL.slice(stage).includes(l.status)).length;
    const bar = page.locator(".funnel-bar-link").nth(stage);
    expect(await bar.locator(".funnel-count").textContent()).toBe(shown(expected));
    await bar.click();
    await expect
      .poll(() => page.url())
      .toContain(
        `#/crm?${FUNNEL.slice(stage)
          .map((s) => `status=${s}`)
          .join("&")}`,
      );
    await expect
      .poll(() => page.locator(".list-count").textContent())
      .toBe(`1–${Math.min(50, expected)} sur ${expected}`);
    const statuses = new Set(await page.locator("table.leads tbody td .status").allTextContents());
    expect(
      [...statuses].every((s) => ["Appel réalisé", "Offre envoyée", "En réflexion", "Gagné"].includes(s)),
    ).toBe(true);
    // The filters are those of the address, and the list is still shareable with them.
    expect(await page.getByRole("checkbox", { name: "Appel réalisé", exact: true }).isChecked()).toBe(true);
    expect(await page.getByRole("checkbox", { name: "Nouveau", exact: true }).isChecked()).toBe(false);
    const shared = await ui.browser.newPage();
    await shared.goto(page.url());
    await expect
      .poll(() => shared.locator(".list-count").textContent(), { timeout: 60_000 })
      .toBe(`1–${Math.min(50, expected)} sur ${expected}`);
    await shared.close();
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it("opens a campaign's recipients who opened it from the address, until the filters are cleared", async () => {
    const tenantId = ui.tenant().id;
    const { sqlite } = store().ctx;
    const campaign = Number(
      sqlite
        .prepare(
          "insert into campaigns (tenant_id, name, subject, body_html, status, scheduled_at) values (?, 'Offre', 'Offre', 'x', 'sent', 0)",
        )
        .run(tenantId).lastInsertRowid,
    );
    const leads = rows().slice(0, 3);
    const recipient = sqlite.prepare(
      `insert into campaign_recipients (tenant_id, campaign_id, lead_id, email, status, token, sent_at, opened_at)
       values (?, ?, ?, 'r@x.fr', 'sent', ?, 1, ?)`,
    );
    leads.forEach((l, i) => {
      recipient.run(tenantId, campaign, l.id, `browser-${i}`, i < 2 ? 2 : null);
    });
    const { page, errors } = await ui.open(`#/crm?campaign=${campaign}&campaignEvent=opened`);
    await expect.poll(() => page.locator(".list-count").textContent(), { timeout: 60_000 }).toBe("1–2 sur 2");
    expect(await page.locator(".list-campaign").textContent()).toBe(
      `Destinataires de la campagne n°${campaign} qui l'ont ouverte`,
    );
    await page.getByRole("button", { name: "Effacer les filtres" }).click();
    await expect.poll(() => page.locator(".list-count").textContent()).toBe(`1–50 sur ${rows().length}`);
    expect(page.url().endsWith("#/crm")).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it("shows a status change made through the API in the live feed, with a notice", async () => {
    const { page, errors } = await open();
    await page
      .locator(".feed-block")
      .getByText(/Aucune activité|Statut|Action IA/)
      .first()
      .waitFor();
    const lead = store().leads.search(ui.tenant().id, { status: "offre_envoyee", limit: 1 }).leads[0];
    if (!lead) throw new Error("the demo needs a lead at « Offre envoyée »");
    const wonBefore = Number((await tile(page, "leads.won").textContent())?.replace(/\D/g, ""));

    const api = apiClient(ui.server.running.url, await demoToken(ui.server.running.url));
    const asked = await api("POST", "/api/actions", {
      tool: "update_status",
      args: { leadId: lead.id, status: "gagne" },
    });
    expect(asked.body.kind).toBe("pending");
    const { actionId } = asked.body.card as { actionId: number };
    const done = await api("POST", "/api/actions/decide", { actionId, decision: "confirm" });
    expect(done.body.kind).toBe("executed");

    const feed = page.locator(".feed");
    await feed.getByText(`${lead.name} : Offre envoyée → Gagné`).waitFor({ timeout: 60_000 });
    await page
      .locator(".notices")
      .getByText(/^Action IA exécutée : /)
      .waitFor({ timeout: 60_000 });
    expect(await feed.locator(".feed-ai .feed-state").first().textContent()).toBe("exécutée");
    await expect
      .poll(() => tile(page, "leads.won").textContent(), { timeout: 60_000 })
      .toBe(shown(wonBefore + 1));
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it("prepares a suggestion's action as a card in Assisté", async () => {
    const { page } = await open();
    const create = page.getByRole("button", { name: /^Créer une action IA/ }).first();
    await create.waitFor({ timeout: 60_000 });
    await create.click();
    const card = page.getByRole("dialog", { name: /Confirmer l'action n°\d+/ });
    await card.waitFor();
    expect(await card.textContent()).toContain("Assisté");
    await card.getByRole("button", { name: "Annuler" }).click();
    await card.waitFor({ state: "detached" });
    await page.close();
  }, 120_000);

  it("has no serious accessibility violation on a phone", async () => {
    const { page, errors } = await open({ width: 390, height: 844 });
    await page.locator(".funnel-bar-link").first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});
