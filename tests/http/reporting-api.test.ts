// The Reporting API over real HTTP, against figures this test works out itself from the rows it writes
// (plain filters over its own fixture list, period bounds written out by hand, not the store's code):
// every tile of the period and of the one before, with a period of 30 days too, the funnel and the
// replies per channel; another tenant's rows never count; bad input is refused in French; the
// activity feed lists the newest first, `after` keeps what appeared or changed since.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { webChannel } from "../../channels/web/index.js";
import { openSession } from "../../channels/web/session.js";
import { parseConfig } from "../../src/config.js";
import { pipelineFor } from "../../src/domain/index.js";
import { type Running, serve } from "../../src/main.js";
import type { Scope } from "../../src/store/index.js";
import { apiClient } from "../helpers/dashboard.js";
import { makeTenant, type TestStore, testStore } from "../helpers/store.js";

const DAY = 86_400_000;
const NOW = "2026-11-16T10:00:00Z";
const now = Date.parse(NOW);
// Europe/Paris (UTC+1 in November): the last 7 days are 10–16 November, from 9 November 23:00 UTC;
// the 7 before, 3–9 November, from 2 November 23:00 UTC. For 30 days: 18 October to 16 November,
// and 18 September to 17 October.
const BOUNDS = {
  7: { from: Date.parse("2026-11-02T23:00:00Z"), split: Date.parse("2026-11-09T23:00:00Z") },
  30: { from: Date.parse("2026-09-17T22:00:00Z"), split: Date.parse("2026-10-17T22:00:00Z") },
} as const;
const AT = {
  cur: "2026-11-15T09:00:00Z",
  cur2: "2026-11-12T15:00:00Z",
  // 10 November 00:30 in Paris: the current week; 9 November 23:30 in Paris: the one before.
  edgeCur: "2026-11-09T23:30:00Z",
  edgePrev: "2026-11-09T22:30:00Z",
  prev: "2026-11-05T12:00:00Z",
  month: "2026-10-25T12:00:00Z",
  old: "2026-08-01T12:00:00Z",
};
const B2B = pipelineFor("b2b");
const OPEN = B2B.slice(0, 5);

interface LeadFixture {
  name: string;
  status: string;
  created: string;
  last: string | null;
  changes?: [to: string, at: string][];
}
interface MessageFixture {
  lead: string | null;
  at: string;
  channel: "email" | "whatsapp" | "sms";
  direction: "in" | "out";
  // Not « queued »: the server's outbox would send it (and fail, nothing is connected) meanwhile.
  status: "sent" | "delivered" | "scheduled" | "failed" | "draft" | "received";
  kind?: "bounce" | "auto_reply";
}
interface World {
  leads: LeadFixture[];
  messages: MessageFixture[];
  tools: [action: string, at: string][];
  pending: number;
  campaign: {
    created: string;
    recipients: [sentAt: string | null, openedAt: string | null, clickedAt: string | null][];
  };
}

const A: World = {
  leads: [
    { name: "Alice Aubert", status: "nouveau", created: AT.cur, last: AT.cur },
    { name: "Bruno Blanc", status: "en_qualif", created: AT.edgeCur, last: null },
    {
      name: "Chloé Colin",
      status: "nouveau",
      created: AT.edgePrev,
      last: AT.prev,
      changes: [
        ["devis_envoye", AT.prev],
        ["gagne", AT.cur],
      ],
    },
    {
      name: "David Dupuis",
      status: "nouveau",
      created: AT.prev,
      last: null,
      changes: [["perdu", AT.edgePrev]],
    },
    { name: "Émile Faure", status: "en_negociation", created: AT.old, last: "2026-11-01T08:00:00Z" },
    { name: "Fanny Garnier", status: "nouveau", created: AT.old, last: null },
    {
      name: "Gilles Henry",
      status: "en_qualif",
      created: AT.month,
      last: null,
      changes: [["gagne", AT.edgeCur]],
    },
    {
      name: "Hugo Jacob",
      status: "devis_envoye",
      created: AT.old,
      last: AT.old,
      changes: [["perdu", AT.cur2]],
    },
    {
      name: "Inès Klein",
      status: "en_qualif",
      created: AT.month,
      last: AT.month,
      changes: [["devis_envoye", AT.month]],
    },
  ],
  messages: [
    { lead: "Alice Aubert", at: AT.cur, channel: "email", direction: "out", status: "sent" },
    { lead: "Alice Aubert", at: AT.cur2, channel: "email", direction: "out", status: "delivered" },
    { lead: "Bruno Blanc", at: AT.cur, channel: "whatsapp", direction: "out", status: "scheduled" },
    { lead: "Bruno Blanc", at: AT.edgeCur, channel: "email", direction: "out", status: "failed" },
    { lead: "Émile Faure", at: AT.prev, channel: "email", direction: "out", status: "sent" },
    { lead: "Émile Faure", at: AT.edgePrev, channel: "whatsapp", direction: "out", status: "failed" },
    { lead: "Alice Aubert", at: AT.cur, channel: "email", direction: "out", status: "draft" },
    { lead: null, at: AT.cur, channel: "whatsapp", direction: "out", status: "sent" },
    { lead: "Alice Aubert", at: AT.cur, channel: "whatsapp", direction: "in", status: "received" },
    { lead: "Chloé Colin", at: AT.cur2, channel: "email", direction: "in", status: "received" },
    {
      lead: "Chloé Colin",
      at: AT.cur2,
      channel: "email",
      direction: "in",
      status: "received",
      kind: "bounce",
    },
    {
      lead: "Hugo Jacob",
      at: AT.cur2,
      channel: "email",
      direction: "in",
      status: "received",
      kind: "auto_reply",
    },
    { lead: "Émile Faure", at: AT.prev, channel: "sms", direction: "in", status: "received" },
    { lead: "Fanny Garnier", at: AT.month, channel: "whatsapp", direction: "in", status: "received" },
  ],
  tools: [
    ["tool.update_status", AT.cur],
    ["tool.update_status", AT.cur2],
    ["tool.apply_tags", AT.prev],
    ["tool.analyze_lead", AT.prev],
    ["tool.send_message.failed", AT.cur],
    ["tool.search_leads", AT.cur],
    ["tool.get_budget", AT.prev],
  ],
  pending: 2,
  campaign: {
    created: AT.cur2,
    recipients: [
      [AT.cur2, AT.cur, null],
      [AT.cur2, AT.cur, AT.cur],
      [AT.cur2, null, null],
      [null, null, null],
    ],
  },
};

// Tenant B: busier, so that any of its rows counted for A would show.
const B: World = {
  leads: [
    ...Array.from({ length: 6 }, (_, i) => ({
      name: `Zoé Zeller ${i}`,
      status: "nouveau",
      created: AT.cur,
      last: null,
      changes: [["gagne", AT.cur2] as [string, string]],
    })),
    { name: "Yves Yon", status: "en_negociation", created: AT.prev, last: null },
  ],
  messages: [
    { lead: "Zoé Zeller 0", at: AT.cur, channel: "email", direction: "out", status: "failed" },
    { lead: "Zoé Zeller 1", at: AT.cur, channel: "whatsapp", direction: "in", status: "received" },
  ],
  tools: [
    ["tool.update_status", AT.cur],
    ["tool.apply_tags.failed", AT.cur],
  ],
  pending: 1,
  campaign: { created: AT.prev, recipients: [[AT.prev, AT.prev, AT.prev]] },
};

// ── The expected figures, from the fixtures alone ────────────────────────────────────────────────
type Bounds = { from: number; split: number };
const t = (iso: string) => Date.parse(iso);
const period = (b: Bounds, at: number): "current" | "previous" | null =>
  at >= b.split && at <= now ? "current" : at >= b.from && at < b.split ? "previous" : null;
const count = <T>(items: T[], b: Bounds, atOf: (x: T) => number | null, which: "current" | "previous") =>
  items.filter((x) => {
    const at = atOf(x);
    return at !== null && period(b, at) === which;
  }).length;
const both = <T>(items: T[], b: Bounds, atOf: (x: T) => number | null) => ({
  value: count(items, b, atOf, "current"),
  previous: count(items, b, atOf, "previous"),
});

const finalStatus = (l: LeadFixture) => l.changes?.at(-1)?.[0] ?? l.status;
const lastActivity = (l: LeadFixture) =>
  Math.max(l.last ? t(l.last) : -1, ...(l.changes ?? []).map(([, at]) => t(at)));

function expected(w: World, b: Bounds) {
  const changes = w.leads.flatMap((l) => (l.changes ?? []).map(([to, at]) => ({ to, at: t(at) })));
  const out = w.messages.filter((m) => m.direction === "out" && m.lead && m.status !== "draft");
  const outIn = (statuses: string[]) =>
    both(
      out.filter((m) => statuses.includes(m.status)),
      b,
      (m) => t(m.at),
    );
  const replies = w.messages.filter((m) => m.direction === "in" && m.lead && !m.kind);
  const tools = w.tools.filter(([action]) => !/search_leads|get_budget/.test(action));
  const recipients = w.campaign.recipients;
  const at = (x: string | null) => (x ? t(x) : null);
  return {
    leads: {
      total: { value: w.leads.length, previous: w.leads.filter((l) => t(l.created) < b.split).length },
      new: both(w.leads, b, (l) => t(l.created)),
      active: { value: w.leads.filter((l) => OPEN.includes(finalStatus(l))).length, previous: null },
      won: both(
        changes.filter((c) => c.to === "gagne"),
        b,
        (c) => c.at,
      ),
      lost: both(
        changes.filter((c) => c.to === "perdu"),
        b,
        (c) => c.at,
      ),
    },
    messages: {
      sent: outIn(["sent", "delivered"]),
      queued: outIn(["queued", "scheduled"]),
      failed: outIn(["failed"]),
      followUp: {
        value: w.leads.filter((l) => {
          const last = lastActivity(l);
          return OPEN.includes(finalStatus(l)) && (last >= 0 ? last : t(l.created)) < now - 5 * DAY;
        }).length,
        previous: null,
      },
    },
    campaigns: {
      created: both([w.campaign.created], b, t),
      sent: both(recipients, b, (r) => at(r[0])),
      opened: both(recipients, b, (r) => at(r[1])),
      clicked: both(recipients, b, (r) => at(r[2])),
    },
    ai: {
      executed: both(
        tools.filter(([a]) => !a.endsWith(".failed")),
        b,
        ([, x]) => t(x),
      ),
      failed: both(
        tools.filter(([a]) => a.endsWith(".failed")),
        b,
        ([, x]) => t(x),
      ),
      pending: { value: w.pending, previous: null },
    },
    funnel: B2B.slice(0, 6).map(
      (_, i) => w.leads.filter((l) => B2B.slice(i, 6).includes(finalStatus(l))).length,
    ),
    replies: Object.fromEntries(
      ["email", "whatsapp", "sms"].map((c) => [
        c,
        both(
          replies.filter((m) => m.channel === c),
          b,
          (m) => t(m.at),
        ),
      ]),
    ),
  };
}

// ── The world written through the store, each row at its own time ───────────────────────────────
let ts: TestStore;
let running: Running;
const tokens: Record<"A" | "B", string> = { A: "", B: "" };
const ids = new Map<string, number>();

function write(ts: TestStore, scope: Scope, w: World) {
  const { store } = ts;
  const as = (iso: string) => store.asOf(() => new Date(iso));
  for (const l of w.leads) {
    const [firstName, ...last] = l.name.split(" ");
    const lead = as(l.created).leads.create(scope, {
      firstName,
      lastName: last.join(" "),
      status: l.status,
      createdAt: new Date(l.created),
      lastActivityAt: l.last ? new Date(l.last) : null,
    });
    ids.set(l.name, lead.id);
    for (const [to, at] of l.changes ?? []) as(at).leads.setStatus(scope, lead.id, to);
  }
  for (const m of w.messages) {
    as(m.at).messages.create(scope, {
      channel: m.channel,
      direction: m.direction,
      status: m.status,
      leadId: m.lead ? ids.get(m.lead) : null,
      bodyText: "texte",
      meta: m.kind ? { kind: m.kind } : {},
    });
  }
  for (const [action, at] of w.tools) {
    as(at).audit.record(scope, { action, entity: "tool", after: { summary: `${action} fait` } });
  }
  for (let i = 0; i < w.pending; i++) {
    store.pendingActions.create(scope, {
      tool: "update_status",
      args: {},
      preview: `Carte ${i}`,
      mode: "assiste",
      cost: 1,
      balanceAfter: 10,
    });
  }
  // An expired card is waiting for nobody.
  store.pendingActions.create(scope, {
    tool: "apply_tags",
    args: {},
    preview: "Expirée",
    mode: "assiste",
    cost: 1,
    balanceAfter: 10,
    ttlMs: -1,
  });
  const { sqlite } = store.ctx;
  const campaign = Number(
    sqlite
      .prepare(
        `insert into campaigns (tenant_id, name, subject, body_html, scheduled_at, created_at, updated_at)
         values (?, 'Offre', 'Offre', '<p>x</p>', ?, ?, ?)`,
      )
      .run(scope.tenantId, t(w.campaign.created), t(w.campaign.created), t(w.campaign.created))
      .lastInsertRowid,
  );
  w.campaign.recipients.forEach(([sent, opened, clicked], i) => {
    sqlite
      .prepare(
        `insert into campaign_recipients (tenant_id, campaign_id, lead_id, email, status, token, sent_at,
           opened_at, clicked_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        scope.tenantId,
        campaign,
        ids.get(w.leads[i]?.name ?? "") ?? null,
        `r${i}@x.fr`,
        sent ? "sent" : "queued",
        `tok-${scope.tenantId}-${i}`,
        sent ? t(sent) : null,
        opened ? t(opened) : null,
        clicked ? t(clicked) : null,
      );
  });
}

beforeAll(async () => {
  ts = testStore(NOW);
  const a = makeTenant(ts.store, "reporting-a", { vertical: "b2b" });
  const b = makeTenant(ts.store, "reporting-b", { vertical: "b2b" });
  write(ts, a.scope, A);
  write(ts, b.scope, B);
  tokens.A = openSession(ts.store, a.tenant, a.owner);
  tokens.B = openSession(ts.store, b.tenant, b.owner);
  const config = parseConfig({ PORT: "0", LOG_LEVEL: "silent", MAX_DB_PATH: ts.path });
  running = await serve(config, ts.store, [webChannel]);
}, 60_000);

afterAll(async () => {
  await running?.close();
  ts?.cleanup();
});

interface Tile {
  id: string;
  value: number;
  previous: number | null;
  link: { href: string; list: string } | null;
}
interface Group {
  id: string;
  tiles: Tile[];
}

const get = (who: "A" | "B", path: string) => apiClient(running.url, tokens[who])("GET", path);

/** The answer's tiles as { group: { tile: { value, previous } } }. */
function tilesOf(body: Record<string, unknown>) {
  return Object.fromEntries(
    (body.groups as Group[]).map((g) => [
      g.id,
      Object.fromEntries(g.tiles.map((x) => [x.id, { value: x.value, previous: x.previous }])),
    ]),
  );
}

describe("GET /api/reporting", () => {
  it("gives every tile of the last 7 days and of the 7 before, as the rows written make them", async () => {
    const answer = await get("A", "/api/reporting?days=7");
    expect(answer.status).toBe(200);
    const want = expected(A, BOUNDS[7]);
    const { funnel: _f, replies: _r, ...tiles } = want;
    expect(tilesOf(answer.body)).toEqual(tiles);
    expect(answer.body.period).toEqual({
      first: "2026-11-10",
      last: "2026-11-16",
      words: "du 10 au 16 novembre 2026",
    });
    expect(answer.body.previous).toEqual({
      first: "2026-11-03",
      last: "2026-11-09",
      words: "du 3 au 9 novembre 2026",
    });
    // Sanity of the fixtures: the periods are not empty, so equal figures mean something.
    expect(want.leads.won).toEqual({ value: 2, previous: 0 });
    expect(want.ai.executed).toEqual({ value: 2, previous: 2 });
    expect(want.messages.followUp.value).toBe(4);
  });

  it("compares 30 days with the 30 before", async () => {
    const answer = await get("A", "/api/reporting?days=30");
    const { funnel: _f, replies: _r, ...tiles } = expected(A, BOUNDS[30]);
    expect(tilesOf(answer.body)).toEqual(tiles);
    expect(answer.body.period).toMatchObject({ first: "2026-10-18", last: "2026-11-16" });
    expect((answer.body.replies as { total: unknown }).total).toEqual({ current: 4, previous: 0 });
  });

  it("draws the funnel of the pipeline without the lost, each stage with its CRM list", async () => {
    const answer = await get("A", "/api/reporting?days=7");
    const funnel = answer.body.funnel as {
      stages: {
        status: string;
        label: string;
        reached: number;
        dropOff: number | null;
        link: { href: string };
      }[];
      lost: { count: number; link: { href: string } };
    };
    const reached = expected(A, BOUNDS[7]).funnel;
    expect(funnel.stages.map((s) => s.status)).toEqual(B2B.slice(0, 6));
    expect(funnel.stages.map((s) => s.reached)).toEqual(reached);
    expect(funnel.stages[0]?.dropOff).toBeCloseTo(
      ((reached[0] ?? 0) - (reached[1] ?? 0)) / (reached[0] ?? 1),
    );
    expect(funnel.stages.at(-1)?.dropOff).toBeNull();
    expect(funnel.stages[3]?.label).toBe("Devis envoyé");
    expect(funnel.stages[3]?.link.href).toBe("#/crm?status=devis_envoye&status=en_negociation&status=gagne");
    expect(funnel.lost).toMatchObject({ count: 2, link: { href: "#/crm?status=perdu" } });
  });

  it("counts replies per channel, bounces and automatic replies left out", async () => {
    const answer = await get("A", "/api/reporting?days=7");
    const replies = answer.body.replies as {
      channels: { channel: string; label: string; current: number; previous: number }[];
    };
    const want = expected(A, BOUNDS[7]).replies;
    for (const c of replies.channels) {
      expect({ value: c.current, previous: c.previous }).toEqual(want[c.channel]);
    }
    expect(replies.channels.map((c) => c.label)).toEqual(["e-mail", "WhatsApp", "SMS"]);
  });

  it("links the figures to the CRM lists that show those leads", async () => {
    const answer = await get("A", "/api/reporting?days=7");
    const links = Object.fromEntries(
      (answer.body.groups as Group[]).flatMap((g) =>
        g.tiles.map((x) => [`${g.id}.${x.id}`, x.link?.href ?? null]),
      ),
    );
    expect(links["leads.active"]).toBe(`#/crm?${OPEN.map((s) => `status=${s}`).join("&")}`);
    expect(links["messages.followUp"]).toBe(
      `#/crm?${OPEN.map((s) => `status=${s}`).join("&")}&inactiveDays=5`,
    );
    expect(links["leads.won"]).toBe("#/crm?status=gagne");
    expect(links["leads.new"]).toBeNull();
  });

  it("opens, for a figure of now, a CRM list of exactly as many leads", async () => {
    const answer = await get("A", "/api/reporting?days=7");
    const tiles = (answer.body.groups as Group[]).flatMap((g) =>
      g.tiles.map((x) => ({ ...x, id: `${g.id}.${x.id}` })),
    );
    for (const id of ["leads.total", "leads.active", "messages.followUp"]) {
      const tile = tiles.find((x) => x.id === id);
      const query = (tile?.link?.href ?? "").replace(/^#\/crm\??/, "");
      const list = await get("A", `/api/leads?${query}&limit=1`);
      expect([id, list.body.total]).toEqual([id, tile?.value]);
    }
    expect(answer.body.kpis).toBeNull();
  });

  it("never counts another tenant's rows", async () => {
    const answer = await get("B", "/api/reporting?days=7");
    const { funnel: _f, replies: _r, ...tiles } = expected(B, BOUNDS[7]);
    expect(tilesOf(answer.body)).toEqual(tiles);
    expect(tiles.leads.won.value).toBe(6);
  });

  it("refuses another period and a request without session, in French", async () => {
    const bad = await get("A", "/api/reporting?days=15");
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/7, 30 ou 90 jours/);
    const anonymous = await apiClient(running.url)("GET", "/api/reporting");
    expect(anonymous.status).toBe(401);
  });
});

describe("GET /api/reporting/activity", () => {
  interface Item {
    key: string;
    kind: string;
    at: string;
    state: string;
    stateLabel: string;
    text: string;
    href: string | null;
  }
  const feed = async (query = "") => (await get("A", `/api/reporting/activity${query}`)).body.items as Item[];

  it("lists actions, cards, messages and status changes newest first, lookups left out", async () => {
    const items = await feed();
    expect(items.map((i) => i.at)).toEqual([...items.map((i) => i.at)].sort().reverse());
    const texts = items.map((i) => i.text);
    expect(texts).toContain("tool.update_status fait");
    expect(texts).not.toContain("tool.search_leads fait");
    expect(items.find((i) => i.text === "tool.send_message.failed fait")).toMatchObject({
      kind: "ai",
      state: "failed",
      stateLabel: "en échec",
    });
    expect(items.find((i) => i.kind === "status" && i.text.startsWith("Chloé Colin"))).toMatchObject({
      text: "Chloé Colin : Devis envoyé → Gagné",
      at: new Date(AT.cur).toISOString(),
      href: `#/crm/lead/${ids.get("Chloé Colin")}`,
    });
    expect(texts).toContain("WhatsApp à Bruno Blanc");
    expect(items.filter((i) => i.kind === "card" && i.state === "pending")).toHaveLength(A.pending);
    expect(items.find((i) => i.text === "Carte n°3 : Expirée")).toMatchObject({
      state: "expired",
      stateLabel: "expirée",
    });
    expect(texts.some((t) => t.startsWith("Zoé"))).toBe(false);
  });

  it("gives with `after` only what appeared or changed since, a message with its new state", async () => {
    const queued = (await feed()).find((i) => i.text === "WhatsApp à Bruno Blanc");
    expect(queued?.state).toBe("scheduled");
    const tenantId = ts.store.tenants.getBySlug("reporting-a")?.id ?? 0;
    ts.clock.set("2026-11-16T10:05:00Z");
    ts.store.messages.setStatus({ tenantId, actor: "test" }, Number(queued?.key.split(":")[1]), {
      status: "sent",
    });
    const since = await feed(`?after=${encodeURIComponent(NOW)}`);
    expect(since.every((i) => i.at >= NOW)).toBe(true);
    expect(since.find((i) => i.key === queued?.key)).toMatchObject({
      state: "sent",
      stateLabel: "envoyé",
      at: "2026-11-16T10:05:00.000Z",
    });
    expect(since.some((i) => i.kind === "status" || i.kind === "ai")).toBe(false);
    ts.clock.set(NOW);
  });
});
