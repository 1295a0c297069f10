// The n8n runs repository and the tenant's webhook URL: what the n8n tool records, audited.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { StoreError } from "../../src/store/index.js";
import { makeTenant, type TestStore, testStore } from "../helpers/store.js";

let t: TestStore;
beforeEach(() => {
  t = testStore();
});
afterEach(() => t.cleanup());

describe("n8n runs", () => {
  it("records a run pending, then each attempt, until it ends once", () => {
    const { tenant, scope } = makeTenant(t.store, "agence");
    const lead = t.store.leads.create(scope, { firstName: "Jean", lastName: "Dupont" });
    const run = t.store.n8nRuns.create(scope, {
      scenario: "relance-devis",
      leadIds: [lead.id],
      segment: { heat: "chaud" },
    });
    expect(run).toMatchObject({
      status: "pending",
      attempts: 0,
      leadIds: [lead.id],
      segment: { heat: "chaud" },
    });

    t.clock.set("2026-11-16T10:00:05Z");
    t.store.n8nRuns.recordAttempt(scope, run.id, { status: "pending", httpStatus: 502, error: "HTTP 502" });
    const sent = t.store.n8nRuns.recordAttempt(scope, run.id, {
      status: "sent",
      httpStatus: 200,
      error: null,
    });
    expect(sent).toMatchObject({ status: "sent", attempts: 2, httpStatus: 200, error: null });
    expect(sent.updatedAt).toEqual(new Date("2026-11-16T10:00:05Z"));
    expect(() =>
      t.store.n8nRuns.recordAttempt(scope, run.id, { status: "failed", httpStatus: 500, error: "x" }),
    ).toThrow(/déjà terminée/);

    const audited = t.store.audit.list(tenant.id, { entity: "n8n_run" }).map((a) => a.action);
    expect(audited).toEqual(["n8n_run.attempt", "n8n_run.attempt", "n8n_run.create"]);
  });

  it("lists a tenant's recent runs, newest first, and refuses an unknown status", () => {
    const { tenant, scope } = makeTenant(t.store, "agence");
    const lead = t.store.leads.create(scope, { firstName: "Jean", lastName: "Dupont" });
    const first = t.store.n8nRuns.create(scope, { scenario: "a", leadIds: [lead.id] });
    const second = t.store.n8nRuns.create(scope, { scenario: "b", leadIds: [lead.id] });
    expect(t.store.n8nRuns.listRecent(tenant.id).map((r) => r.id)).toEqual([second.id, first.id]);
    expect(t.store.n8nRuns.listRecent(tenant.id, 1)).toHaveLength(1);
    expect(() =>
      t.store.n8nRuns.recordAttempt(scope, first.id, {
        status: "done" as "sent",
        httpStatus: 200,
        error: null,
      }),
    ).toThrow(StoreError);
  });

  it("stores a tenant's webhook base without its trailing slash, and refuses what is not http(s)", () => {
    const { tenant, scope } = makeTenant(t.store, "agence");
    expect(tenant.n8nWebhookUrl).toBeNull();
    const updated = t.store.tenants.update(scope, { n8nWebhookUrl: "https://n8n.agence.fr/webhook/" });
    expect(updated.n8nWebhookUrl).toBe("https://n8n.agence.fr/webhook");
    for (const bad of ["ftp://n8n.agence.fr", "n8n.agence.fr/webhook", "https://n8n.agence.fr/w?x=1"]) {
      expect(() => t.store.tenants.update(scope, { n8nWebhookUrl: bad })).toThrow(/n8nWebhookUrl/);
    }
    expect(t.store.tenants.update(scope, { n8nWebhookUrl: null }).n8nWebhookUrl).toBeNull();
  });
});
