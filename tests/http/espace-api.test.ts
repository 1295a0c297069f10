// The Espace M.A.X.'s API over real HTTP on the seeded demo: suggestions whose counts are the store's
// (« à relancer » as the chat reads it, hot leads with nothing planned, cards waiting, relances drafted,
// tomorrow's appointments, a stage's follow-up sequence), each with an action that really runs through
// the gate; each tenant sees only its own; and the history of the user's requests, newest first, once
// each, without « oui », « suite » or card clicks.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSession } from "../../channels/web/session.js";
import { FOLLOW_UP_AFTER_DAYS } from "../../src/agent/nlu/vocabulary.js";
import { openStatuses } from "../../src/domain/index.js";
import { webConversationKey } from "../../src/outbox/compose.js";
import { SEND_STEP_TOOL } from "../../src/scenarios/send-step.js";
import type { Tenant } from "../../src/store/index.js";
import { apiClient, type DashboardServer, demoToken, startDashboard } from "../helpers/dashboard.js";

interface Suggestion {
  id: string;
  count: number;
  text: string;
  act: string;
  run?: { tool: string; args: Record<string, unknown> }[];
  cards?: { actionId: number }[];
  ask?: string;
  cost?: number;
}

let server: DashboardServer;
let coach: ReturnType<typeof apiClient>;
let b2b: ReturnType<typeof apiClient>;

const tenant = (slug: string): Tenant => {
  const found = server.t.store.tenants.getBySlug(slug);
  if (!found) throw new Error(slug);
  return found;
};
const owner = (t: Tenant) => {
  const user = server.t.store.users.list(t.id).find((u) => u.role === "owner");
  if (!user) throw new Error("owner");
  return user;
};
const scope = (t: Tenant) => ({ tenantId: t.id, actor: "test" });

async function suggestions(api = coach): Promise<Suggestion[]> {
  const { status, body } = await api("GET", "/api/suggestions");
  expect(status).toBe(200);
  return body.suggestions as Suggestion[];
}
const byId = (list: Suggestion[], id: string) => list.find((s) => s.id === id);

/** « À relancer » as the chat's search_leads reads it: leads still in play, silent for 5 days. */
const staleCount = (t: Tenant) =>
  server.t.store.leads.search(t.id, {
    status: openStatuses(t.vertical),
    inactiveDays: FOLLOW_UP_AFTER_DAYS,
    limit: 1,
  }).total;
const hotLeads = (t: Tenant) =>
  server.t.store.leads.search(t.id, { heat: "chaud", status: openStatuses(t.vertical), limit: 200 }).leads;

beforeAll(async () => {
  server = await startDashboard();
  coach = apiClient(server.running.url, await demoToken(server.running.url));
  const other = tenant("demo-b2b");
  b2b = apiClient(server.running.url, openSession(server.t.store, other, owner(other)));
}, 60_000);

afterAll(async () => server?.close());

describe("GET /api/suggestions", () => {
  it("refuses without a session, in French with a code", async () => {
    expect(await apiClient(server.running.url)("GET", "/api/suggestions")).toEqual({
      status: 401,
      body: { error: "unauthorized", message: "Session absente ou expirée : reconnectez-vous." },
    });
  });

  it("counts the leads to follow up and the hot leads with nothing planned, as the store has them", async () => {
    const t = tenant("demo-coaching");
    const store = server.t.store;
    // The demo starts with nothing planned: no card, no appointment, no enrollment.
    expect(store.pendingActions.listPending(t.id)).toEqual([]);
    expect(store.appointments.upcoming(t.id, store.clock())).toEqual([]);
    expect(store.scenarios.list(t.id)).toEqual([]);

    const list = await suggestions();
    expect(list.every((s) => s.count > 0)).toBe(true);
    const stale = byId(list, "stale");
    expect(stale?.count).toBe(staleCount(t));
    expect(stale?.count).toBeGreaterThan(0);
    expect(stale?.text).toBe(`${stale?.count} leads non relancés depuis 5 jours`);
    // One click asks M.A.X. what the chat answers with these very leads.
    expect(stale?.ask).toBe("quels leads dois-je relancer aujourd'hui ?");

    const hot = byId(list, "hot");
    expect(hot?.count).toBe(hotLeads(t).length);
    expect(hot?.text).toBe(`${hot?.count} leads chauds sans action prévue`);
    // One analysis of them all (at most twenty), the longest silent first: one card, one debit.
    const ids = hot?.run?.[0]?.args.leadId as number[];
    expect(hot?.run).toEqual([{ tool: "analyze_lead", args: { leadId: ids } }]);
    expect([...ids].sort()).toEqual(
      hotLeads(t)
        .map((l) => l.id)
        .sort(),
    );
    // Nothing waits, nothing was drafted, no appointment tomorrow: no such suggestion.
    expect(list.map((s) => s.id)).not.toContain("pending");
    expect(list.map((s) => s.id)).not.toContain("drafts");
    expect(list.map((s) => s.id)).not.toContain("tomorrow");
  });

  it("tells the cards waiting, the relances drafted and tomorrow's appointments, and takes them out of the hot leads", async () => {
    const t = tenant("demo-coaching");
    const store = server.t.store;
    const [first, second, third] = hotLeads(t);
    if (!first || !second || !third) throw new Error("the demo needs three hot leads");
    const before = byId(await suggestions(), "hot")?.count ?? 0;

    // A card from a button (the same gate as chat): it waits for its decision.
    const tag = await coach("POST", "/api/actions", {
      tool: "apply_tags",
      args: { leadId: first.id, add: ["vip"] },
    });
    expect(tag.body.kind).toBe("pending");
    // A relance M.A.X. drafted for a scenario step, waiting for validate_followups.
    const draft = store.pendingActions.create(scope(t), {
      tool: SEND_STEP_TOOL,
      args: { enrollmentId: 1, step: 1 },
      preview: "Relance J+1",
      mode: "assiste",
      cost: 2,
      balanceAfter: 100,
    });
    // An appointment tomorrow at 10:00 (Paris), without its anti no-show reminders.
    store.appointments.create(scope(t), {
      leadId: second.id,
      startsAt: new Date(store.clock().getTime() + 24 * 3_600_000),
    });

    const list = await suggestions();
    const pending = byId(list, "pending");
    expect(pending?.count).toBe(1);
    expect(pending?.text).toBe("1 action en attente de confirmation");
    expect(pending?.cards?.map((c) => c.actionId)).toEqual([
      (tag.body.card as { actionId: number }).actionId,
    ]);
    expect(byId(list, "drafts")).toMatchObject({
      count: 1,
      text: "1 relance préparée attend votre validation",
      run: [{ tool: "validate_followups", args: {} }],
    });
    expect(byId(list, "tomorrow")).toMatchObject({
      count: 1,
      text: "1 rendez-vous demain sans rappel prévu",
      run: [{ tool: "enroll_in_scenario", args: { scenario: "coach-no-show", leadId: second.id } }],
    });
    // The lead with a card and the one with an appointment have something planned now.
    expect(byId(list, "hot")?.count).toBe(before - 2);

    // The reminders start from the suggestion's action, through the gate: a card, confirmed.
    const reminder = byId(list, "tomorrow")?.run?.[0];
    const card = await coach("POST", "/api/actions", reminder);
    expect(card.body.kind).toBe("pending");
    const done = await coach("POST", "/api/actions/decide", {
      actionId: (card.body.card as { actionId: number }).actionId,
      decision: "confirm",
    });
    expect(done.body.kind).toBe("executed");
    expect(store.scenarios.running(t.id, second.id, "coach-no-show")).toBeDefined();
    expect(byId(await suggestions(), "tomorrow")).toBeUndefined();

    // Cleared, the suggestions go.
    await coach("POST", "/api/actions/decide", {
      actionId: (tag.body.card as { actionId: number }).actionId,
      decision: "cancel",
    });
    store.pendingActions.transition(scope(t), draft.id, "pending", "cancelled");
    const after = await suggestions();
    expect(byId(after, "pending")).toBeUndefined();
    expect(byId(after, "drafts")).toBeUndefined();
  });

  it("analyses the hot leads in one card priced per lead, then drops them for the day", async () => {
    const hot = byId(await suggestions(), "hot");
    const call = hot?.run?.[0];
    if (!hot || !call) throw new Error("hot leads to analyse");
    const ids = call.args.leadId as number[];
    const card = await coach("POST", "/api/actions", call);
    expect(card.body.kind).toBe("pending");
    expect((card.body.card as { cost: number }).cost).toBe(2 * ids.length);
    const done = await coach("POST", "/api/actions/decide", {
      actionId: (card.body.card as { actionId: number }).actionId,
      decision: "confirm",
    });
    expect(done.body.kind).toBe("executed");
    const advice = (done.body.data as { leads: { id: number; action: string }[] }).leads;
    expect(advice.map((l) => l.id).sort()).toEqual([...ids].sort());
    // Analysed today: not suggested again (it would only cost the same tokens).
    const again = byId(await suggestions(), "hot");
    expect(again?.count ?? 0).toBe(hot.count - ids.length);
  });

  it("gives each tenant its own: the B2B demo's quotes to follow up, none of the coach's", async () => {
    const t = tenant("demo-b2b");
    const list = await suggestions(b2b);
    expect(byId(list, "stale")?.count).toBe(staleCount(t));
    expect(list.map((s) => s.id)).not.toContain("pending");
    // Quotes sent and silent for 5 days: « Relances après devis » enrolls them as one segment.
    const quotes = server.t.store.leads.search(t.id, {
      status: "devis_envoye",
      inactiveDays: FOLLOW_UP_AFTER_DAYS,
      limit: 1,
    }).total;
    expect(quotes).toBeGreaterThan(0);
    expect(byId(list, "sequence:b2b-relance-devis:devis_envoye")).toEqual({
      id: "sequence:b2b-relance-devis:devis_envoye",
      count: quotes,
      text: `${quotes} leads en « Devis envoyé » non relancés depuis 5 jours`,
      act: "Relancer avec « Relances après devis » ?",
      run: [
        {
          tool: "enroll_in_scenario",
          args: { scenario: "b2b-relance-devis", segment: { status: "devis_envoye", inactiveDays: 5 } },
        },
      ],
    });
    // A coaching sequence never shows for a B2B tenant, nor the other way round.
    expect(list.some((s) => s.id.startsWith("sequence:coach-"))).toBe(false);
    expect((await suggestions()).some((s) => s.id.startsWith("sequence:b2b-"))).toBe(false);
  });

  it("enrolls a stage's silent leads in its sequence from one click, and then stops suggesting it", async () => {
    const t = tenant("demo-b2b");
    const store = server.t.store;
    const suggestion = byId(await suggestions(b2b), "sequence:b2b-relance-devis:devis_envoye");
    const call = suggestion?.run?.[0];
    if (!suggestion || !call) throw new Error("the B2B demo's quotes");
    const card = await b2b("POST", "/api/actions", call);
    expect(card.body.kind).toBe("pending");
    expect((card.body.card as { preview: string }).preview).toContain("Relances après devis");
    const done = await b2b("POST", "/api/actions/decide", {
      actionId: (card.body.card as { actionId: number }).actionId,
      decision: "confirm",
    });
    expect(done.body.kind).toBe("executed");
    expect(store.scenarios.list(t.id, { status: "active" }).length).toBe(suggestion.count);
    expect(byId(await suggestions(b2b), "sequence:b2b-relance-devis:devis_envoye")).toBeUndefined();
  });
});

describe("GET /api/history", () => {
  it("refuses without a session", async () => {
    expect((await apiClient(server.running.url)("GET", "/api/history")).status).toBe(401);
  });

  it("lists the user's requests to M.A.X., newest first, once each, without answers to a card or a list", async () => {
    const t = tenant("demo-coaching");
    const store = server.t.store;
    const send = (text: string) =>
      coach("POST", "/api/web/messages", { text, clientId: crypto.randomUUID() });
    // Through the real chat: the worker takes each message in.
    expect((await send("montre-moi mes leads chauds")).status).toBe(202);
    await expect
      .poll(async () => ((await coach("GET", "/api/history")).body.requests as unknown[]).length, {
        timeout: 10_000,
      })
      .toBe(1);
    // Older and newer requests of the same conversation, as the worker stores them.
    const conversation = store.conversations.open(t.id, "web", webConversationKey(owner(t).id), owner(t).id);
    const said = (bodyText: string) =>
      store.messages.create(scope(t), {
        channel: "web",
        direction: "in",
        status: "received",
        conversationId: conversation.id,
        bodyText,
      });
    for (let i = 1; i <= 25; i++) said(`cherche lead numéro ${i}`);
    for (const text of ["suite", "2", "oui", "Confirmer l'action n°3", "annule 4"]) said(text);
    said("Montre-moi  mes leads chauds");
    said("pause l'inscription 12");

    const { status, body } = await coach("GET", "/api/history");
    expect(status).toBe(200);
    const texts = (body.requests as { text: string; at: string }[]).map((r) => r.text);
    expect(texts).toHaveLength(20);
    expect(texts.slice(0, 4)).toEqual([
      "pause l'inscription 12",
      "Montre-moi mes leads chauds",
      "cherche lead numéro 25",
      "cherche lead numéro 24",
    ]);
    // The same request typed twice is listed once, at its newest.
    expect(texts.filter((x) => x.toLowerCase() === "montre-moi mes leads chauds")).toHaveLength(1);
    for (const answer of ["suite", "2", "oui", "Confirmer l'action n°3", "annule 4"]) {
      expect(texts).not.toContain(answer);
    }
  });

  it("gives each user only their own conversation", async () => {
    const { body } = await b2b("GET", "/api/history");
    expect(body.requests).toEqual([]);
  });
});
