// schedule_n8n_scenario through the real gate, against a loopback server that plays n8n's webhook
// (`POST /webhook/{path}`): what is sent and signed, retries, timeouts, refunds and the modes.
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { confirmPending } from "../../src/agent/confirmations.js";
import { callTool, type GateContext, type GateOutcome, payAndRun } from "../../src/agent/gate.js";
import { offlineTurn } from "../../src/agent/offline-turn.js";
import type { MaxTool } from "../../src/agent/tool.js";
import type { Mode } from "../../src/domain/index.js";
import { deriveTenantKey, verifySignature } from "../../src/integrations/n8n-signature.js";
import type { N8nRun } from "../../src/store/index.js";
import { N8N_RUN_EXPIRY_JOB, scheduleN8nScenario } from "../../tools/schedule-n8n-scenario.js";
import { tools } from "../helpers/agent.js";
import { testRuntime } from "../helpers/runtime.js";
import { drain, jobDeps } from "../helpers/scenario-jobs.js";
import { makeTenant, type TestStore, testStore } from "../helpers/store.js";

const SECRET = "n8n-master-secret-for-tests";
const KEY = deriveTenantKey(SECRET, "agence");
const START_BALANCE = 500; // the Pro plan's monthly allowance

/** What n8n answers to each request in turn: a status code, or nothing at all. */
type Reply = number | "hang";
interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

async function fakeN8n(replies: Reply[]) {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => {
      body += chunk;
    });
    req.on("end", () => {
      received.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
      const reply = replies[received.length - 1] ?? 200;
      if (reply === "hang") return;
      // n8n's own bodies: a started workflow, or a refusal that says why.
      const answer =
        reply < 300
          ? { message: "Workflow was started" }
          : { code: reply, message: reply < 500 ? "Champ « leads » attendu" : "Internal error" };
      res.writeHead(reply, { "content-type": "application/json" }).end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}/webhook`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let t: TestStore;
let world: ReturnType<typeof setup>;
let n8n: Awaited<ReturnType<typeof fakeN8n>> | undefined;

function setup() {
  const { tenant, scope, owner } = makeTenant(t.store, "agence", { vertical: "b2b", plan: "pro" });
  const lead = (firstName: string, lastName: string, heat: "chaud" | "froid") =>
    t.store.leads.create(scope, {
      firstName,
      lastName,
      email: `${lastName.toLowerCase()}@exemple.fr`,
      phone: "+33612345678",
      status: "devis_envoye",
      heat,
    });
  const dupont = lead("Jean", "Dupont", "chaud");
  const martin = lead("Lise", "Martin", "chaud");
  lead("Paul", "Durand", "froid");
  t.store.ledger.summary(tenant.id); // credits the month's allowance
  return { tenant, scope, owner, dupont, martin };
}

async function connectN8n(replies: Reply[]) {
  n8n = await fakeN8n(replies);
  t.store.tenants.update(world.scope, { n8nWebhookUrl: `${n8n.base}/` });
  return n8n;
}

const ctxFor = (
  mode: Mode,
  n8nSettings: { secret?: string; timeoutMs: number } = { secret: SECRET, timeoutMs: 2000 },
): GateContext => ({
  store: t.store,
  tools,
  tenant: t.store.tenants.require(world.tenant.id),
  user: world.owner,
  scope: { tenantId: world.tenant.id, actor: `user:${world.owner.id}` },
  mode,
  settings: { ...testRuntime(t.store).settings, n8n: n8nSettings },
});

const schedule = (args: Record<string, unknown>, ctx = ctxFor("auto")) =>
  callTool(ctx, "schedule_n8n_scenario", { scenario: "relance-devis", ...args });
const balance = () => t.store.ledger.balance(world.tenant.id);
const runs = (): N8nRun[] => t.store.n8nRuns.listRecent(world.tenant.id);
const onlyRun = (): N8nRun => {
  const [run, ...more] = runs();
  if (!run || more.length) throw new Error(`expected one n8n run, got ${runs().length}`);
  return run;
};

/** A failed call that was refunded: the debit and its refund are the last two ledger rows. */
function expectRefunded(out: GateOutcome) {
  expect(out).toMatchObject({ kind: "failed", cost: 8, refunded: true, balance: START_BALANCE });
  expect(out.message).toMatch(/8 jetons remboursés/);
  const [refund, debit] = t.store.ledger.entries(world.tenant.id, 2);
  expect(debit).toMatchObject({ kind: "debit", amount: -8, action: "n8n_automation" });
  expect(refund).toMatchObject({ kind: "refund", amount: 8, refId: debit?.id });
  expect(balance()).toBe(START_BALANCE);
}

/** Refused before anything is paid or posted: no ledger row, no n8n run. */
function expectRefusedUnpaid(out: GateOutcome) {
  expect(out).toMatchObject({ kind: "unavailable" });
  expect(balance()).toBe(START_BALANCE);
  expect(t.store.ledger.entries(world.tenant.id, 10).filter((e) => e.kind !== "allowance")).toEqual([]);
  expect(runs()).toHaveLength(0);
}

beforeEach(() => {
  t = testStore();
  world = setup();
});
afterEach(async () => {
  await n8n?.close();
  n8n = undefined;
  t.cleanup();
});

describe("schedule_n8n_scenario in Auto", () => {
  it("posts one signed JSON body to the scenario's webhook, records the run sent and debits 8 tokens", async () => {
    const mock = await connectN8n([200]);
    const out = await schedule({ leadId: world.dupont.id });
    expect(out).toMatchObject({ kind: "executed", cost: 8, balance: START_BALANCE - 8 });
    expect(out.message).toMatch(/Scénario n8n « relance-devis » lancé pour 1 lead\(s\)/);

    expect(mock.received).toHaveLength(1);
    const [request] = mock.received;
    if (!request) throw new Error("no request");
    expect(request).toMatchObject({ method: "POST", url: "/webhook/relance-devis" });
    expect(request.headers["content-type"]).toBe("application/json");
    expect(verifySignature(KEY, request.body, request.headers, t.store.clock)).toEqual({ ok: true });
    expect(
      verifySignature(deriveTenantKey(SECRET, "autre"), request.body, request.headers, t.store.clock),
    ).toMatchObject({ ok: false });

    const run = onlyRun();
    expect(request.headers["x-max-run-id"]).toBe(String(run.id));
    expect(JSON.parse(request.body)).toEqual({
      runId: run.id,
      tenant: "agence",
      scenario: "relance-devis",
      leads: [
        {
          id: world.dupont.id,
          name: "Jean Dupont",
          email: "dupont@exemple.fr",
          phone: "+33612345678",
          status: "devis_envoye",
        },
      ],
      requestedBy: { id: world.owner.id, name: world.owner.name, email: world.owner.email },
    });
    expect(run).toMatchObject({
      scenario: "relance-devis",
      leadIds: [world.dupont.id],
      segment: null,
      status: "sent",
      attempts: 1,
      httpStatus: 200,
      error: null,
    });
    const debits = t.store.ledger.entries(world.tenant.id).filter((e) => e.kind === "debit");
    expect(debits).toEqual([expect.objectContaining({ amount: -8, action: "n8n_automation" })]);
  });

  it("never lets the master secret or the tenant's key out: not in the request, the outcome, the audit or the run", async () => {
    const mock = await connectN8n([200]);
    const out = await schedule({ leadId: world.dupont.id });
    const everything = JSON.stringify([
      mock.received,
      out,
      t.store.audit.list(world.tenant.id, { limit: 1000 }),
      runs(),
    ]);
    expect(everything).not.toContain(SECRET);
    expect(everything).not.toContain(KEY);
  });

  it("sends a segment's leads and keeps the segment on the run", async () => {
    const mock = await connectN8n([200]);
    const out = await schedule({ segment: { heat: "chaud", status: "devis_envoye" } });
    expect(out).toMatchObject({ kind: "executed" });
    const sent = JSON.parse(mock.received[0]?.body ?? "{}") as { leads: Array<{ id: number }> };
    expect(sent.leads.map((l) => l.id).sort()).toEqual([world.dupont.id, world.martin.id].sort());
    expect(onlyRun()).toMatchObject({ segment: { heat: "chaud", status: "devis_envoye" }, status: "sent" });
  });

  it("refuses an empty or oversized segment readably, before any HTTP or debit", async () => {
    const mock = await connectN8n([200]);
    const none = await schedule({ segment: { tag: "salon" } });
    expectRefusedUnpaid(none);
    expect(none.message).toMatch(/Aucun lead ne correspond au segment tag salon/);
    for (let i = 0; i < 201; i++) {
      t.store.leads.create(world.scope, { firstName: "Visiteur", lastName: `N${i}`, tags: ["salon"] });
    }
    const tooMany = await schedule({ segment: { tag: "salon" } });
    expectRefusedUnpaid(tooMany);
    expect(tooMany.message).toMatch(/compte 201 leads ; un scénario en vise 200 au plus : affinez-le/);
    expect(mock.received).toHaveLength(0);
    expect(runs()).toHaveLength(0);
  });

  it("retries a 5xx once: 500 then 200 is two attempts, sent, with the same run id", async () => {
    const mock = await connectN8n([500, 200]);
    const out = await schedule({ leadId: world.dupont.id });
    expect(out).toMatchObject({ kind: "executed", balance: START_BALANCE - 8 });
    expect(mock.received).toHaveLength(2);
    const [first, second] = mock.received;
    expect(second?.headers["x-max-run-id"]).toBe(first?.headers["x-max-run-id"]);
    expect(second?.body).toBe(first?.body);
    expect(onlyRun()).toMatchObject({ status: "sent", attempts: 2, httpStatus: 200, error: null });
  });

  it("two 5xx: failed after two attempts, refunded, the run failed with n8n's status", async () => {
    const mock = await connectN8n([500, 503, 200]);
    const out = await schedule({ leadId: world.dupont.id });
    expectRefunded(out);
    expect(out.message).toMatch(
      /n8n n'a pas lancé le scénario « relance-devis » .*2 tentative\(s\)\) : HTTP 503/,
    );
    expect(mock.received).toHaveLength(2);
    expect(onlyRun()).toMatchObject({ status: "failed", attempts: 2, httpStatus: 503 });
    const attempts = t.store.audit
      .list(world.tenant.id, { entity: "n8n_run" })
      .filter((a) => a.action === "n8n_run.attempt");
    expect(attempts.map((a) => (a.after as N8nRun).httpStatus)).toEqual([503, 500]);
  });

  it("a webhook that never answers times out, is retried once, then fails and is refunded", async () => {
    const mock = await connectN8n(["hang", "hang"]);
    const started = Date.now();
    const out = await schedule(
      { leadId: world.dupont.id },
      ctxFor("auto", { secret: SECRET, timeoutMs: 150 }),
    );
    expect(Date.now() - started).toBeLessThan(5000);
    expectRefunded(out);
    expect(out.message).toMatch(/pas de réponse en 150 ms/);
    expect(mock.received).toHaveLength(2);
    expect(onlyRun()).toMatchObject({
      status: "failed",
      attempts: 2,
      httpStatus: null,
      error: "pas de réponse en 150 ms",
    });
  });

  it("a network error is retried once, then fails and is refunded", async () => {
    const mock = await connectN8n([]);
    await mock.close(); // nothing listens on the port any more
    const out = await schedule({ leadId: world.dupont.id });
    expectRefunded(out);
    expect(onlyRun()).toMatchObject({ status: "failed", attempts: 2, httpStatus: null });
    expect(onlyRun().error).toMatch(/erreur réseau \(ECONNREFUSED\)/);
  });

  it("a 4xx is n8n refusing: no retry, failed with its reason, refunded", async () => {
    const mock = await connectN8n([400, 200]);
    const out = await schedule({ leadId: world.dupont.id });
    expectRefunded(out);
    expect(out.message).toMatch(/HTTP 400 .*Champ « leads » attendu/);
    expect(mock.received).toHaveLength(1);
    expect(onlyRun()).toMatchObject({ status: "failed", attempts: 1, httpStatus: 400 });
  });

  it("without a webhook or without MAX_N8N_SECRET: a clear refusal before any HTTP or debit", async () => {
    const noWebhook = await schedule({ leadId: world.dupont.id });
    expectRefusedUnpaid(noWebhook);
    expect(noWebhook.message).toMatch(/Aucun webhook n8n n'est configuré .*max connect n8n --tenant agence/);

    const mock = await connectN8n([200]);
    const noSecret = await schedule({ leadId: world.dupont.id }, ctxFor("auto", { timeoutMs: 2000 }));
    expectRefusedUnpaid(noSecret);
    expect(noSecret.message).toMatch(/MAX_N8N_SECRET n'est pas définie/);
    expect(mock.received).toHaveLength(0);
    expect(runs()).toHaveLength(0);
  });

  it("a run committed but never delivered (the process stopped in between) is abandoned and refunded after 10 minutes; a delivered one is left alone", async () => {
    await connectN8n([200]);
    const delivered = await schedule({ leadId: world.dupont.id });
    expect(delivered.kind).toBe("executed");
    // The gate's commit without the delivery that follows it: what a process killed in between leaves.
    const args = { scenario: "relance-devis", leadId: world.martin.id };
    const paid = payAndRun(ctxFor("auto"), scheduleN8nScenario as MaxTool, args, 8);
    expect(paid).toMatchObject({ kind: "ran", result: { ok: true } });
    expect(balance()).toBe(START_BALANCE - 16);
    const expire = () => drain(jobDeps(t.store, SECRET), [N8N_RUN_EXPIRY_JOB]);
    t.clock.now = new Date(t.clock.now.getTime() + 9 * 60_000);
    expect(await expire()).toBe(0);
    t.clock.now = new Date(t.clock.now.getTime() + 2 * 60_000);
    expect(await expire()).toBe(2);
    const [abandoned, sent] = runs();
    expect(sent).toMatchObject({ status: "sent", attempts: 1 });
    expect(abandoned).toMatchObject({
      status: "failed",
      attempts: 0,
      error: expect.stringMatching(/^interrompu/),
    });
    expect(t.store.ledger.entries(world.tenant.id, 1)[0]).toMatchObject({ kind: "refund", amount: 8 });
    expect(balance()).toBe(START_BALANCE - 8);
    expect(n8n?.received).toHaveLength(1);
  });

  it("refuses arguments that name both or neither target, or a scenario that is not a slug", async () => {
    await connectN8n([200]);
    const both = await schedule({ leadId: world.dupont.id, segment: { heat: "chaud" } });
    expect(both).toMatchObject({ kind: "invalid" });
    expect(both.message).toMatch(/soit leadId, soit segment/);
    expect((await schedule({})).kind).toBe("invalid");
    expect((await schedule({ segment: {} })).message).toMatch(/au moins un filtre/);
    const slug = await callTool(ctxFor("auto"), "schedule_n8n_scenario", {
      scenario: "../admin",
      leadId: world.dupont.id,
    });
    expect(slug.message).toMatch(/scenario : un identifiant en minuscules et tirets/);
    expect(balance()).toBe(START_BALANCE);
  });
});

describe("schedule_n8n_scenario in the other modes", () => {
  it("Assisté: waits as a pending action with its cost; nothing is sent until confirmed, then once", async () => {
    const mock = await connectN8n([200]);
    const ctx = ctxFor("assiste");
    const out = await schedule({ leadId: world.dupont.id }, ctx);
    if (out.kind !== "pending") throw new Error(`expected pending, got ${out.kind}`);
    expect(out.message).toMatch(
      /Déclencher le scénario n8n « relance-devis » pour Jean Dupont.*Coût : 8 jeton/,
    );
    expect(mock.received).toHaveLength(0);
    expect(runs()).toHaveLength(0);
    expect(balance()).toBe(START_BALANCE);

    const confirmed = await confirmPending(ctx, out.action.id);
    expect(confirmed).toMatchObject({ kind: "executed", cost: 8, balance: START_BALANCE - 8 });
    expect(mock.received).toHaveLength(1);
    expect(onlyRun()).toMatchObject({ status: "sent", attempts: 1 });
    expect((await confirmPending(ctx, out.action.id)).kind).toBe("already");
    expect(mock.received).toHaveLength(1);
  });

  it("the offline brain: a French sentence names the lead or the segment, and the scenario goes out", async () => {
    const mock = await connectN8n([200, 200]);
    const one = await offlineTurn(ctxFor("auto"), "lance le scénario relance-devis pour Dupont");
    expect(one.reply).toMatch(/lancé pour 1 lead\(s\)/);
    const hot = await offlineTurn(ctxFor("auto"), "déclenche n8n relance-devis pour les leads chauds");
    expect(hot.reply).toMatch(/lancé pour 2 lead\(s\)/);
    const bodies = mock.received.map((r) => JSON.parse(r.body) as { leads: Array<{ name: string }> });
    expect(bodies.map((b) => b.leads.map((l) => l.name).sort())).toEqual([
      ["Jean Dupont"],
      ["Jean Dupont", "Lise Martin"],
    ]);
    expect(balance()).toBe(START_BALANCE - 16);
  });

  it("Conseil: only a suggestion, nothing sent or debited", async () => {
    const mock = await connectN8n([200]);
    const out = await schedule({ segment: { heat: "chaud" } }, ctxFor("conseil"));
    expect(out.kind).toBe("suggested");
    expect(out.message).toMatch(/pour le segment leads chauds/);
    expect(mock.received).toHaveLength(0);
    expect(balance()).toBe(START_BALANCE);
  });
});
