// The dashboard's frame over real HTTP: the app page and its hashed assets under a strict CSP, the
// signed-in user's tenant (in words), and actions from buttons through the same gate as chat — the
// mode switch to Auto needs two confirmations, a member cannot make it, bad input is a French 400.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSession } from "../../channels/web/session.js";
import { apiClient, type DashboardServer, demoToken, startDashboard } from "../helpers/dashboard.js";

let server: DashboardServer;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  server = await startDashboard();
  api = apiClient(server.running.url, await demoToken(server.running.url));
}, 60_000);

afterAll(async () => server?.close());

const demoTenant = () => {
  const tenant = server.t.store.tenants.getBySlug("demo-coaching");
  if (!tenant) throw new Error("demo");
  return tenant;
};

describe("the app page", () => {
  it("is served at / with a CSP that allows only our own scripts and styles, and hashed assets", async () => {
    const res = await fetch(`${server.running.url}/`);
    expect(res.status).toBe(200);
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain("unsafe");
    const html = await res.text();
    expect(html).toContain('<html lang="fr">');
    const script = /src="(\/assets\/app-[A-Z0-9]+\.js)"/.exec(html)?.[1];
    const style = /href="(\/assets\/app-[A-Z0-9]+\.css)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    expect(style).toBeDefined();

    const js = await fetch(server.running.url + script, { headers: { "accept-encoding": "gzip" } });
    expect(js.status).toBe(200);
    expect(js.headers.get("content-type")).toMatch(/^text\/javascript/);
    expect(js.headers.get("cache-control")).toContain("immutable");
    expect(js.headers.get("content-encoding")).toBe("gzip");
    expect((await js.text()).length).toBeGreaterThan(1000);
  });
});

describe("GET /api/me", () => {
  it("refuses without a session, in French with a code", async () => {
    const answer = await apiClient(server.running.url)("GET", "/api/me");
    expect(answer).toEqual({
      status: 401,
      body: { error: "unauthorized", message: "Session absente ou expirée : reconnectez-vous." },
    });
  });

  it("gives the tenant, its mode and balance, and its pipeline in words", async () => {
    const { status, body } = await api("GET", "/api/me");
    expect(status).toBe(200);
    const tenant = demoTenant();
    expect(body.tenant).toMatchObject({ name: tenant.name, mode: "assiste", modeLabel: "Assisté" });
    expect(body.balance).toBe(server.t.store.ledger.balance(tenant.id));
    const pipeline = body.pipeline as { status: string; label: string }[];
    expect(pipeline.map((p) => p.label)).toContain("Offre envoyée");
    expect(pipeline.every((p) => !p.label.includes("_"))).toBe(true);
    expect(body.user).toMatchObject({ role: "owner", manager: true });
  });
});

describe("POST /api/actions", () => {
  it("switches to Auto only after two confirmations, then back, each change visible to every channel", async () => {
    const asked = await api("POST", "/api/actions", { tool: "set_mode", args: { mode: "auto" } });
    expect(asked.body).toMatchObject({ kind: "pending", card: { confirmationsNeeded: 2, cost: 0 } });
    const actionId = (asked.body.card as { actionId: number }).actionId;

    const first = await api("POST", "/api/actions/decide", { actionId, decision: "confirm" });
    expect(first.body).toMatchObject({ kind: "confirm_again", card: { confirmations: 1 } });
    expect(demoTenant().defaultMode).toBe("assiste");

    const second = await api("POST", "/api/actions/decide", { actionId, decision: "confirm" });
    expect(second.body).toMatchObject({
      kind: "executed",
      message: expect.stringContaining("Mode Auto activé"),
    });
    expect(demoTenant().defaultMode).toBe("auto");

    // In Auto the switch back still asks once (a setting is always confirmed).
    const back = await api("POST", "/api/actions", { tool: "set_mode", args: { mode: "assiste" } });
    const backId = (back.body.card as { actionId: number }).actionId;
    const done = await api("POST", "/api/actions/decide", { actionId: backId, decision: "confirm" });
    expect(done.body.kind).toBe("executed");
    expect(demoTenant().defaultMode).toBe("assiste");
  });

  it("cancels a card: nothing done, nothing paid", async () => {
    const tenant = demoTenant();
    const lead = server.t.store.leads.search(tenant.id, { limit: 1 }).leads[0];
    if (!lead) throw new Error("lead");
    const balance = server.t.store.ledger.balance(tenant.id);
    const asked = await api("POST", "/api/actions", {
      tool: "apply_tags",
      args: { leadId: lead.id, add: ["vip"] },
    });
    expect(asked.body).toMatchObject({ kind: "pending" });
    const card = asked.body.card as { actionId: number; cost: number; balanceAfter: number };
    expect(card.balanceAfter).toBe(balance - card.cost);
    const cancelled = await api("POST", "/api/actions/decide", {
      actionId: card.actionId,
      decision: "cancel",
    });
    expect(cancelled.body.kind).toBe("cancelled");
    expect(server.t.store.ledger.balance(tenant.id)).toBe(balance);
    expect(server.t.store.leads.get(tenant.id, lead.id)?.tags).not.toContain("vip");
  });

  it("refuses a member's mode switch before any card", async () => {
    const tenant = demoTenant();
    const scope = { tenantId: tenant.id, actor: "test" };
    const member = server.t.store.users.create(scope, { name: "Léo Membre", role: "member" });
    const asMember = apiClient(server.running.url, openSession(server.t.store, tenant, member));
    const me = await asMember("GET", "/api/me");
    expect(me.body.user).toMatchObject({ role: "member", manager: false });
    // Refused before any card is made: the dry run reads the tool's own rule.
    const asked = await asMember("POST", "/api/actions", { tool: "set_mode", args: { mode: "conseil" } });
    expect(asked.body.kind).toBe("unavailable");
    expect(asked.body.message).toContain("seul un propriétaire ou un administrateur");
    expect(asked.body.card).toBeUndefined();
    expect(demoTenant().defaultMode).toBe("assiste");
  });

  it("answers bad input with a 400 in French, and an unknown tool as invalid", async () => {
    const bad = await api("POST", "/api/actions", "{not json");
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({
      error: "invalid_request",
      message: expect.stringMatching(/^Requête invalide/),
    });
    const unknown = await api("POST", "/api/actions", { tool: "drop_tables", args: {} });
    expect(unknown).toMatchObject({
      status: 400,
      body: { kind: "invalid", message: "Outil inconnu : drop_tables." },
    });
    const wrongArgs = await api("POST", "/api/actions", { tool: "apply_tags", args: { leadId: "x" } });
    expect(wrongArgs.body.kind).toBe("invalid");
    expect(wrongArgs.body.message).toMatch(/^Arguments invalides pour apply_tags/);
  });
});
