// n8n: the exported workflow against the body n8n's public API accepts (exactly name, nodes,
// connections, settings), steps of a tenant on n8n posted signed to a loopback webhook, and
// M.A.X.'s callback over real HTTP: signed reports accepted once, forged or stale ones refused (401),
// an unknown tenant refused exactly alike.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { scenarioCallbackRoute } from "../../src/http/n8n-callback.js";
import { startHttpServer } from "../../src/http/server.js";
import { deriveTenantKey, signBody, verifySignature } from "../../src/integrations/n8n-signature.js";
import { SCENARIOS } from "../../src/scenarios/definitions.js";
import { enrollLead } from "../../src/scenarios/enroll.js";
import { CALLBACK_PATH, exportWorkflow, workflowSchema } from "../../src/scenarios/n8n-workflow.js";
import { reachableLead, stepLog, walk, world } from "../helpers/scenario-world.js";
import { type TestStore, testStore } from "../helpers/store.js";

const SECRET = "scenario-n8n-master-secret";
const silent = pino({ level: "silent" });
let t: TestStore;
const closers: Array<() => Promise<void>> = [];
beforeEach(() => {
  t = testStore("2026-11-16T09:00:00Z");
});
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  t.cleanup();
});

/** n8n's webhook (`POST /webhook/{path}`): records each request, answers with the next status. */
async function n8nWebhook(statuses: number[]) {
  const received: Array<{ url: string; headers: Record<string, unknown>; body: string }> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      });
      res
        .writeHead(statuses[received.length - 1] ?? 200, { "content-type": "application/json" })
        .end('{"message":"Workflow was started"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`, received };
}

function onN8n(base: string) {
  const w = world(t, "agence", "b2b", "auto");
  t.store.tenants.update(w.scope, { n8nWebhookUrl: base });
  const lead = reachableLead(t.store, w.tenant.id, "devis_envoye");
  const e = enrollLead(t.store, w.scope, { leadId: lead.id, scenario: "b2b-relance-devis" });
  return { ...w, lead, e };
}

/** M.A.X.'s callback over real HTTP, and a report to it signed with the tenant's key. */
async function callbackServer() {
  const http = await startHttpServer([scenarioCallbackRoute(t.store, SECRET, silent)], {
    port: 0,
    host: "127.0.0.1",
    log: pino({ level: "silent" }),
  });
  closers.push(() => http.close());
  return (report: Record<string, unknown>) => {
    const raw = JSON.stringify(report);
    return fetch(`${http.url}${CALLBACK_PATH}`, {
      method: "POST",
      body: raw,
      headers: {
        "x-max-tenant": "agence",
        ...signBody(deriveTenantKey(SECRET, "agence"), raw, t.store.clock),
      },
    });
  };
}

describe("n8n export", () => {
  it("writes, for every sequence, a workflow with exactly name, nodes, connections and settings", () => {
    for (const def of Object.values(SCENARIOS)) {
      const w = exportWorkflow(def, {
        publicUrl: "https://max.example.fr",
        tenantSlug: "agence",
        timezone: "Europe/Paris",
      });
      expect(Object.keys(w).sort()).toEqual(["connections", "name", "nodes", "settings"]);
      expect(workflowSchema.safeParse(JSON.parse(JSON.stringify(w))).success).toBe(true);
      const hook = w.nodes.find((n) => n.type === "n8n-nodes-base.webhook");
      expect(hook?.parameters).toMatchObject({ httpMethod: "POST", path: def.id });
      const callback = w.nodes.find((n) => n.type === "n8n-nodes-base.httpRequest");
      expect(callback?.parameters.url).toBe(`https://max.example.fr${CALLBACK_PATH}`);
    }
    const one = exportWorkflow(SCENARIOS.prospection, {
      publicUrl: "http://x",
      tenantSlug: "a",
      timezone: "Europe/Paris",
    });
    expect(
      exportWorkflow(SCENARIOS.prospection, {
        publicUrl: "http://x",
        tenantSlug: "a",
        timezone: "Europe/Paris",
      }),
    ).toEqual(one);
    // What the public API refuses: read-only fields, a missing settings, a connection to nowhere.
    expect(workflowSchema.safeParse({ ...one, active: true }).success).toBe(false);
    const { settings: _settings, ...noSettings } = one;
    expect(workflowSchema.safeParse(noSettings).success).toBe(false);
    const broken = {
      ...one,
      connections: {
        ...one.connections,
        Canal: { main: [[{ node: "Nulle part", type: "main", index: 0 }]] },
      },
    };
    expect(workflowSchema.safeParse(broken).success).toBe(false);
  });
});

describe("steps dispatched to n8n", () => {
  it("posts each due step signed to the tenant's webhook instead of the outbox; the signed callback marks it delivered once", async () => {
    const hook = await n8nWebhook([200]);
    const { tenant, lead, e } = onN8n(hook.base);
    await walk(t, 3, SECRET);
    expect(hook.received).toHaveLength(1);
    const [request] = hook.received;
    expect(request?.url).toBe("/webhook/b2b-relance-devis");
    const key = deriveTenantKey(SECRET, "agence");
    expect(
      verifySignature(key, request?.body ?? "", request?.headers as Record<string, string>, t.store.clock),
    ).toEqual({ ok: true });
    const body = JSON.parse(request?.body ?? "{}");
    expect(body).toMatchObject({
      tenant: "agence",
      scenario: "b2b-relance-devis",
      step: "j3-douce",
      channel: "email",
      lead: { id: lead.id },
    });
    expect(body.message.text).toContain("Je reviens vers vous");
    expect(t.store.messages.listByLead(tenant.id, lead.id)).toEqual([]);
    expect(stepLog(t.store, tenant.id, e.id)[0]?.[1]).toBe("dispatched");

    const http = await startHttpServer([scenarioCallbackRoute(t.store, SECRET, silent)], {
      port: 0,
      host: "127.0.0.1",
      log: silent,
    });
    closers.push(() => http.close());
    const report = (raw: string, headers: Record<string, string>) =>
      fetch(`${http.url}${CALLBACK_PATH}`, {
        method: "POST",
        body: raw,
        headers: { "content-type": "application/json", "x-max-tenant": "agence", ...headers },
      });
    const raw = JSON.stringify({ stepId: body.stepId, outcome: "sent" });
    const forged = signBody(deriveTenantKey("another-secret-entirely", "agence"), raw, t.store.clock);
    expect((await report(raw, { ...forged })).status).toBe(401);
    const stale = signBody(key, raw, () => new Date(t.store.clock().getTime() - 10 * 60_000));
    expect((await report(raw, { ...stale })).status).toBe(401);
    expect((await report(raw, {})).status).toBe(401);
    // Signed but nested past 64 levels: refused before it is parsed.
    const deep = "[".repeat(100_000);
    const deepAnswer = await report(deep, { ...signBody(key, deep, t.store.clock) });
    expect([deepAnswer.status, await deepAnswer.json()]).toEqual([
      400,
      { error: "JSON trop imbriqué (plus de 64 niveaux)" },
    ]);
    expect(stepLog(t.store, tenant.id, e.id)[0]?.[1]).toBe("dispatched");
    const signed = signBody(key, raw, t.store.clock);
    expect(await (await report(raw, { ...signed })).json()).toEqual({ ok: true });
    expect(await (await report(raw, { ...signed })).json()).toEqual({ ok: true, already: "delivered" });
    expect(stepLog(t.store, tenant.id, e.id)[0]?.[1]).toBe("delivered");
    expect(t.store.ledger.balance(tenant.id)).toBe(485);
  });

  it("refunds a step n8n refuses (4xx, not retried) and one n8n reports as failed", async () => {
    const hook = await n8nWebhook([400, 200]);
    const { tenant, e } = onN8n(hook.base);
    await walk(t, 3, SECRET);
    expect(hook.received).toHaveLength(1);
    expect(t.store.scenarios.steps(tenant.id, e.id)[0]).toMatchObject({
      outcome: "failed",
      detail: 'n8n : HTTP 400 {"message":"Workflow was started"}',
    });
    expect(t.store.ledger.balance(tenant.id)).toBe(500);
    await walk(t, 4, SECRET);
    const second = t.store.scenarios.steps(tenant.id, e.id)[1];
    expect(second?.outcome).toBe("dispatched");
    const report = await callbackServer();
    const res = await report({ stepId: second?.id, outcome: "failed", detail: "numéro invalide" });
    expect(res.status).toBe(200);
    expect(t.store.scenarios.steps(tenant.id, e.id)[1]).toMatchObject({
      outcome: "failed",
      detail: "n8n : numéro invalide",
    });
    expect(t.store.ledger.balance(tenant.id)).toBe(500);
  });

  it("fails and refunds a step n8n accepted but never reported on within a day; a late « sent » records the send, the refund stands", async () => {
    const hook = await n8nWebhook([200]);
    const { tenant, e } = onN8n(hook.base);
    await walk(t, 3, SECRET);
    expect(t.store.scenarios.steps(tenant.id, e.id)[0]).toMatchObject({
      outcome: "dispatched",
      detail: "transmis à n8n",
    });
    const debited = t.store.ledger.balance(tenant.id);
    await walk(t, 0.9, SECRET);
    expect(t.store.scenarios.steps(tenant.id, e.id)[0]?.outcome).toBe("dispatched");
    await walk(t, 0.2, SECRET);
    const step = t.store.scenarios.steps(tenant.id, e.id)[0];
    expect(step).toMatchObject({ outcome: "failed", detail: "n8n n'a pas confirmé l'envoi dans les 24 h" });
    expect(t.store.ledger.balance(tenant.id)).toBe(debited + 15);
    const report = await callbackServer();
    const res = await report({ stepId: step?.id, outcome: "sent" });
    expect(await res.json()).toEqual({ ok: true, late: true });
    expect(t.store.scenarios.steps(tenant.id, e.id)[0]).toMatchObject({
      outcome: "delivered",
      detail: "envoyé par n8n après le délai de 24 h (jetons déjà remboursés)",
    });
    expect(t.store.ledger.balance(tenant.id)).toBe(debited + 15);
  });
});

describe("the callback's refusals", () => {
  it("answers an unknown tenant exactly as a bad signature (status, body, headers); the reason is logged only", async () => {
    world(t, "agence", "b2b", "auto");
    const logged: Array<{ tenant?: string; reason?: string; msg?: string }> = [];
    const log = pino({ level: "warn" }, { write: (line: string) => logged.push(JSON.parse(line)) });
    const http = await startHttpServer([scenarioCallbackRoute(t.store, SECRET, log)], {
      port: 0,
      host: "127.0.0.1",
      log: silent,
    });
    closers.push(() => http.close());
    const raw = JSON.stringify({ stepId: 1, outcome: "sent" });
    const post = async (headers: Record<string, string>) => {
      const res = await fetch(`${http.url}${CALLBACK_PATH}`, {
        method: "POST",
        body: raw,
        headers: { "content-type": "application/json", ...headers },
      });
      const seen = Object.fromEntries([...res.headers].filter(([name]) => name !== "date"));
      return { status: res.status, headers: seen, body: await res.text() };
    };
    const key = deriveTenantKey(SECRET, "agence");
    const answers = [
      await post({
        "x-max-tenant": "agence",
        ...signBody(deriveTenantKey("autre", "agence"), raw, t.store.clock),
      }),
      await post({
        "x-max-tenant": "agence",
        ...signBody(key, raw, () => new Date(t.store.clock().getTime() - 10 * 60_000)),
      }),
      await post({ "x-max-tenant": "agence" }),
      // Signed with the key its name would have: the name alone still tells nothing.
      await post({
        "x-max-tenant": "inconnue",
        ...signBody(deriveTenantKey(SECRET, "inconnue"), raw, t.store.clock),
      }),
      await post({ "x-max-tenant": "inconnue" }),
      await post({}),
    ];
    expect(answers[0]).toMatchObject({ status: 401, body: JSON.stringify({ error: "signature invalide" }) });
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    expect(logged.map((l) => [l.tenant, l.reason])).toEqual([
      ["agence", "forged"],
      ["agence", "stale"],
      ["agence", "missing"],
      ["inconnue", "unknown tenant"],
      ["inconnue", "unknown tenant"],
      ["", "unknown tenant"],
    ]);
  });
});
