// The dashboard list's total: exact (not the chat's « plus de 1 000 ») with a page of 50, the chat's
// search unchanged.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LIST_TOTAL_CAP, TOTAL_CAP } from "../../src/store/lead-search.js";
import { bulkLeads } from "../helpers/bulk-leads.js";
import { makeTenant, type TestStore, testStore } from "../helpers/store.js";

let t: TestStore;
let tenantId: number;
let otherId: number;
const COUNT = LIST_TOTAL_CAP + 300;
// Every third lead « devis_envoye », every fourth tagged « salon », every fifth hot, every seventh with
// no activity for 60 days; all named Perrin, so a text search matches them all.
const devis = (i: number) => i % 3 === 0;
const salon = (i: number) => i % 4 === 0;
const hot = (i: number) => i % 5 === 0;
const idle = (i: number) => i % 7 === 0;
const expected = (keep: (i: number) => boolean) =>
  Array.from({ length: COUNT }, (_, i) => i).filter(keep).length;

afterAll(() => t.cleanup());
beforeAll(() => {
  t = testStore("2026-11-16T10:00:00Z");
  tenantId = makeTenant(t.store, "totals", { vertical: "b2b" }).tenant.id;
  const now = t.clock.now.getTime();
  bulkLeads(
    t.store,
    tenantId,
    Array.from({ length: COUNT }, (_, i) => ({
      firstName: `Lead${i}`,
      lastName: "Perrin",
      status: devis(i) ? "devis_envoye" : "en_qualif",
      heat: hot(i) ? "chaud" : "froid",
      tags: salon(i) ? ["salon"] : [],
      lastActivityAt: new Date(now - (idle(i) ? 60 : 1) * 86_400_000 - i * 1000),
    })),
    t.clock.now,
  );
  // Another tenant's leads, with the same statuses, tags and name, are never counted.
  otherId = makeTenant(t.store, "totals-other", { vertical: "b2b" }).tenant.id;
  bulkLeads(
    t.store,
    otherId,
    Array.from({ length: 50 }, () => ({
      lastName: "Perrin",
      status: "devis_envoye",
      heat: "chaud",
      tags: ["salon"],
    })),
    t.clock.now,
  );
});

const list = (query: Parameters<typeof t.store.leads.search>[1]) =>
  t.store.leads.search(tenantId, { ...query, limit: 50 }, { exactTotal: true });

describe("search with exactTotal", () => {
  it("counts filters alone exactly, past any cap", () => {
    expect(list({})).toMatchObject({ total: COUNT, totalExact: true });
    expect(list({ status: "devis_envoye" })).toMatchObject({ total: expected(devis), totalExact: true });
    expect(list({ tag: "salon" })).toMatchObject({ total: expected(salon), totalExact: true });
    expect(list({ heat: "froid" })).toMatchObject({ total: expected((i) => !hot(i)), totalExact: true });
    expect(list({ status: "devis_envoye", heat: "chaud" })).toMatchObject({
      total: expected((i) => devis(i) && hot(i)),
      totalExact: true,
    });
    expect(list({ status: ["devis_envoye", "en_qualif"], tag: "salon" })).toMatchObject({
      total: expected(salon),
      totalExact: true,
    });
  });

  it("counts text and row conditions exactly up to LIST_TOTAL_CAP, then says « at least »", () => {
    expect(list({ inactiveDays: 30 })).toMatchObject({ total: expected(idle), totalExact: true });
    expect(list({ text: "Perrin", tag: "salon" })).toMatchObject({
      total: expected(salon),
      totalExact: true,
    });
    expect(list({ text: "Lead12" })).toMatchObject({ total: expected((i) => String(i).startsWith("12")) });
    expect(list({ text: "Perrin" })).toMatchObject({ total: LIST_TOTAL_CAP, totalExact: false });
  });

  it("keeps the total on the last page and past it", () => {
    const all = expected(devis);
    const last = t.store.leads.search(
      tenantId,
      { status: "devis_envoye", limit: 50, offset: all - 10 },
      { exactTotal: true },
    );
    expect(last).toMatchObject({ total: all, totalExact: true });
    expect(last.leads).toHaveLength(10);
    const past = t.store.leads.search(
      tenantId,
      { status: "devis_envoye", limit: 50, offset: all + 5 },
      { exactTotal: true },
    );
    expect(past).toMatchObject({ total: all, totalExact: true, leads: [] });
    const text = t.store.leads.search(tenantId, { text: "Lead1234", limit: 50 }, { exactTotal: true });
    expect(text).toMatchObject({ total: 1, totalExact: true });
    // Chat past its cap: the total is still the cap, not the page's position.
    expect(t.store.leads.search(tenantId, { limit: 5, offset: COUNT - 2 })).toMatchObject({
      total: TOTAL_CAP,
      totalExact: false,
    });
  });

  it("returns the same page as the chat's search", () => {
    for (const query of [
      {},
      { tag: "salon" },
      { status: "devis_envoye", tag: "salon" },
      { text: "Perrin" },
    ]) {
      const chat = t.store.leads.search(tenantId, { ...query, limit: 50, offset: 100 });
      const dashboard = t.store.leads.search(
        tenantId,
        { ...query, limit: 50, offset: 100 },
        { exactTotal: true },
      );
      expect(dashboard.leads.map((l) => l.id)).toEqual(chat.leads.map((l) => l.id));
    }
  });

  it("reads a common tag's leads in activity order, as it does a rare one's", () => {
    const page = list({ tag: "salon" }).leads;
    expect(page).toHaveLength(50);
    expect(page.every((l) => l.tags.includes("salon"))).toBe(true);
    const times = page.map((l) => l.lastActivityAt?.getTime() ?? 0);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const ids = t.store.ctx.sqlite
      .prepare(
        `select l.id from leads l join lead_tags g on g.lead_id = l.id and g.tag = 'salon'
         where l.tenant_id = ? order by l.last_activity_at desc, l.id desc limit 50 offset 200`,
      )
      .pluck()
      .all(tenantId);
    expect(
      t.store.leads.search(tenantId, { tag: "salon", limit: 50, offset: 200 }).leads.map((l) => l.id),
    ).toEqual(ids);
  });
});

describe("search for chat (no option)", () => {
  it("still stops counting at TOTAL_CAP", () => {
    expect(t.store.leads.search(tenantId, { limit: 5 })).toMatchObject({
      total: TOTAL_CAP,
      totalExact: false,
    });
    expect(t.store.leads.search(tenantId, { tag: "salon", limit: 5 })).toMatchObject({
      total: TOTAL_CAP,
      totalExact: false,
    });
    expect(t.store.leads.search(otherId, { tag: "salon", limit: 5 })).toMatchObject({
      total: 50,
      totalExact: true,
    });
  });
});
