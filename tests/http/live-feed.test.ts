// The dashboard's live stream over real HTTP: a change made by another process's connection (the CLI)
// reaches the open stream, only the tenant's own; a stream resumed with Last-Event-ID gets what it
// missed; a resume from before the kept history is told to reload.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { liveFeed } from "../../src/http/live-feed.js";
import type { StreamSink } from "../../src/outbox/route.js";
import { openStore, type Store } from "../../src/store/index.js";
import { inProcessMax } from "../helpers/cli.js";
import { type DashboardServer, demoToken, openStream, startDashboard } from "../helpers/dashboard.js";
import { makeTenant, testStore } from "../helpers/store.js";
import { waitFor } from "../helpers/wait-for.js";

let server: DashboardServer;
let token: string;
let cli: ReturnType<typeof openStore>;

beforeAll(async () => {
  server = await startDashboard();
  token = await demoToken(server.running.url);
  // Another connection to the same file, as the CLI or the worker thread has.
  cli = openStore({ path: server.t.path });
}, 60_000);

afterAll(async () => {
  cli?.close();
  await server?.close();
});

const demo = (store: Store, slug = "demo-coaching") => {
  const tenant = store.tenants.getBySlug(slug);
  if (!tenant) throw new Error(slug);
  return { tenant, scope: { tenantId: tenant.id, actor: "cli" } };
};

describe("GET /api/events", () => {
  it("refuses a page without a session", async () => {
    const res = await fetch(`${server.running.url}/api/events`);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: "unauthorized" });
  });

  it("streams a lead changed and a pack added by another connection, with the new balance", async () => {
    const stream = await openStream(server.running.url, token);
    expect(stream.status).toBe(200);
    expect(stream.type).toMatch(/^text\/event-stream/);
    const { tenant, scope } = demo(cli);
    const lead = cli.leads.search(tenant.id, { limit: 1 }).leads[0];
    if (!lead) throw new Error("no demo lead");
    cli.leads.changeTags(scope, lead.id, { add: ["salon-2027"] });
    const leadEvent = await waitFor(
      () => stream.events.find((e) => (e.data.changes as { lead?: number[] }).lead?.includes(lead.id)),
      { what: "l'événement du lead" },
    );
    expect(Number(leadEvent.id)).toBeGreaterThan(0);

    cli.ledger.addPacks(scope, 1);
    const after = cli.ledger.balance(tenant.id);
    const balanceEvent = await waitFor(
      () => stream.events.find((e) => (e.data.status as { balance?: number } | undefined)?.balance === after),
      { what: "le nouveau solde" },
    );
    expect(balanceEvent.data.changes).toHaveProperty("balance");
    await stream.close();
  });

  it("streams the mode switched by the CLI (`max mode … --yes --yes`)", async () => {
    const stream = await openStream(server.running.url, token);
    const max = inProcessMax(() => server.t.path);
    const run = await max("mode", "--tenant", "demo-coaching", "conseil");
    expect(run.code).toBe(0);
    const event = await waitFor(
      () => stream.events.find((e) => (e.data.status as { mode?: string } | undefined)?.mode === "conseil"),
      { what: "le mode Conseil" },
    );
    expect(event.data.changes).toHaveProperty("tenant");
    await max("mode", "--tenant", "demo-coaching", "assiste");
    await stream.close();
  });

  it("never streams another tenant's change", async () => {
    const stream = await openStream(server.running.url, token);
    const other = demo(cli, "demo-b2b");
    const lead = cli.leads.search(other.tenant.id, { limit: 1 }).leads[0];
    if (!lead) throw new Error("no b2b lead");
    cli.leads.changeTags(other.scope, lead.id, { add: ["secret-b2b"] });
    // A change of the page's own tenant afterwards: once it arrives, the other one would have too.
    const own = demo(cli);
    const mine = cli.leads.search(own.tenant.id, { limit: 1 }).leads[0];
    if (!mine) throw new Error("no demo lead");
    cli.leads.changeTags(own.scope, mine.id, { add: ["apres-b2b"] });
    await waitFor(() =>
      stream.events.find((e) => (e.data.changes as { lead?: number[] }).lead?.includes(mine.id)),
    );
    const seen = stream.events.flatMap((e) => (e.data.changes as { lead?: number[] }).lead ?? []);
    expect(seen).not.toContain(lead.id);
    await stream.close();
  });

  it("resumes with Last-Event-ID: what changed while the page was away arrives first", async () => {
    const first = await openStream(server.running.url, token);
    const { tenant, scope } = demo(cli);
    const [a, b] = cli.leads.search(tenant.id, { limit: 2 }).leads;
    if (!a || !b) throw new Error("demo leads");
    cli.leads.changeTags(scope, a.id, { add: ["avant-coupure"] });
    const seen = await waitFor(() =>
      first.events.find((e) => (e.data.changes as { lead?: number[] }).lead?.includes(a.id)),
    );
    await first.close();

    cli.leads.changeTags(scope, b.id, { add: ["pendant-coupure"] });
    const resumed = await openStream(server.running.url, token, seen.id);
    const missed = await waitFor(() =>
      resumed.events.find((e) => (e.data.changes as { lead?: number[] }).lead?.includes(b.id)),
    );
    expect(Number(missed.id)).toBeGreaterThan(Number(seen.id));
    await resumed.close();
  });
});

describe("the live feed's resume rules", () => {
  const sink = () => {
    const written: string[] = [];
    const value: StreamSink = { write: (c) => void written.push(c), onClose: () => {}, end: () => {} };
    return { written, value };
  };

  it("tells a page resuming from before the kept history to reload (reset)", () => {
    const t = testStore();
    try {
      const a = makeTenant(t.store, "tenant-live");
      t.store.leads.create(a.scope, { firstName: "Alix" });
      const live = liveFeed(t.store, { pollMs: 60_000 });
      t.store.changes.prune(new Date(Date.now() + 60_000));
      t.store.leads.create(a.scope, { firstName: "Bea" });
      live.tick();
      const page = sink();
      live.subscribe(a.tenant.id, page.value, 0);
      live.stop();
      expect(page.written.join("")).toMatch(/"reset":true/);
    } finally {
      t.cleanup();
    }
  });

  it("replays nothing to a page that is up to date, and streams what comes next", () => {
    const t = testStore();
    try {
      const a = makeTenant(t.store, "tenant-live");
      const live = liveFeed(t.store, { pollMs: 60_000 });
      const page = sink();
      live.subscribe(a.tenant.id, page.value, live.cursor());
      expect(page.written).toEqual(["retry: 1000\n\n"]);
      const lead = t.store.leads.create(a.scope, { firstName: "Chloé" });
      live.tick();
      live.stop();
      expect(page.written.join("")).toContain(`"lead":[${lead.id}]`);
    } finally {
      t.cleanup();
    }
  });
});
