// EspoCRM → M.A.X. over real HTTP: a change made in EspoCRM's UI reaches M.A.X. by its webhook
// (delivered by the fake's queue job to the server's route, verified on the raw body), and by polling
// alone when webhooks are lost, including a change saved in the very second of the cursor; a forged
// delivery is refused and changes nothing, a replayed one is acknowledged and ignored; a conflict
// keeps the losing value on the timeline; deleted and merged leads are said and no longer synced.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ESPO_JOBS } from "../../src/store/espocrm.js";
import { signWebhookBody } from "../helpers/espocrm-fake.js";
import { type EspoWorld, espoWorld } from "../helpers/espocrm-world.js";

let w: EspoWorld;
let ids: string[];

const at = (iso: string) => {
  w.t.clock.now = new Date(iso);
};
const local = (espoId: string) => w.store.leads.get(w.tenant.id, w.leadOf(espoId) ?? 0);
const timeline = (espoId: string) =>
  w.store.activities.list(w.tenant.id, w.leadOf(espoId) ?? 0, 50).map((a) => a.body);
const webhookJobs = () => w.store.jobs.list(w.tenant.id).filter((j) => j.kind === ESPO_JOBS.webhook);

beforeEach(async () => {
  w = await espoWorld();
  await w.connect();
  ids = w.fake.seedLeads(5, (i) => ({ status: "New", cTags: i === 0 ? ["vip"] : [] }));
  await w.pull();
  at("2026-11-16T10:05:00Z");
  w.fake.requests.length = 0;
});
afterEach(() => w.close());

const post = (body: string, headers: Record<string, string>, tenant = "agence") =>
  fetch(`${w.receiver.url}/espocrm/webhook?tenant=${tenant}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });

describe("EspoCRM → M.A.X.", () => {
  it("applies a change made in EspoCRM at once through its signed webhook", async () => {
    const id = ids[1] as string;
    w.fake.ui.update(id, {
      status: "In Process",
      cStatutB2b: "devis_envoye",
      addressCity: "Nantes",
      cTags: ["salon"],
    });
    expect(await w.deliverWebhooks()).toEqual([200, 200]);
    expect(local(id)).toMatchObject({ status: "devis_envoye", city: "Nantes", tags: ["salon"] });
    expect(timeline(id)[0]).toBe("Nouveau → Devis envoyé");
    // Applied, not echoed back: nothing was written to EspoCRM.
    expect(w.fake.requests.filter((r) => r.method !== "GET")).toEqual([]);
  });

  it("maps a status moved only on EspoCRM's own field, then writes the vertical's field to match", async () => {
    const id = ids[2] as string;
    w.fake.ui.update(id, { status: "Converted" });
    await w.deliverWebhooks();
    expect(local(id)?.status).toBe("gagne");
    await w.drain();
    expect(w.fake.lead(id)).toMatchObject({ status: "Converted", cStatutB2b: "gagne" });
  });

  it("refuses a forged delivery (401, nothing queued) and acknowledges a replay without applying it twice", async () => {
    const hook = w.fake.webhooks().find((h) => h.event === "Lead.update");
    const body = JSON.stringify([{ id: ids[3], status: "Dead" }]);
    const forged = signWebhookBody(String(hook?.id), "0".repeat(32), body);
    expect((await post(body, forged)).status).toBe(401);
    expect((await post(body, {})).status).toBe(401);
    const good = signWebhookBody(String(hook?.id), String(hook?.secretKey), body);
    expect((await post(body.replace("Dead", "Converted"), good)).status).toBe(401);
    expect((await post(body, good, "autre-tenant")).status).toBe(401);
    expect(webhookJobs()).toEqual([]);

    w.fake.ui.update(ids[3] as string, { status: "Dead" });
    const first = await post(body, good);
    expect(first.status).toBe(200);
    const replay = await post(body, good);
    expect(await replay.json()).toEqual({ ok: true, duplicate: true });
    expect(webhookJobs()).toHaveLength(1);
    await w.drain();
    expect(local(ids[3] as string)?.status).toBe("perdu");
  });

  it("reaches M.A.X. by polling alone when webhooks are lost, a change in the cursor's very second included", async () => {
    const [a, b] = ids as [string, string];
    w.fake.ui.update(b, { lastName: "Poll-B" });
    await w.pull();
    expect(local(b)?.lastName).toBe("Poll-B");
    // Same second as the cursor (b's modifiedAt), a smaller id: a cursor-exact poll would skip it.
    w.fake.ui.update(a, { lastName: "Poll-A" });
    expect(a < b).toBe(true);
    expect(w.fake.lead(a)?.modifiedAt).toBe(w.fake.lead(b)?.modifiedAt);
    at("2026-11-16T10:05:01Z");
    await w.pull();
    expect(local(a)?.lastName).toBe("Poll-A");
    expect(w.fake.queuedWebhookItems()).toBeGreaterThan(0); // never delivered
  });

  it("the server's poll job runs on its own and schedules the next one", async () => {
    w.fake.ui.update(ids[4] as string, { firstName: "Auto" });
    const job = w.store.jobs.enqueue(
      { tenantId: w.tenant.id, actor: "espocrm" },
      { kind: ESPO_JOBS.poll, idempotencyKey: "espocrm:poll:test", dueAt: w.t.clock.now },
    ).job;
    await w.runtime.handlers[ESPO_JOBS.poll]?.run(w.runtime, job);
    expect(local(ids[4] as string)?.firstName).toBe("Auto");
    const next = w.store.jobs
      .list(w.tenant.id, "pending")
      .filter((j) => j.kind === ESPO_JOBS.poll && j.id !== job.id);
    expect(next).toHaveLength(1);
    expect(next[0]?.dueAt.getTime()).toBeGreaterThan(w.t.clock.now.getTime());
  });

  it("in a conflict the later change wins and the other value is kept on the timeline", async () => {
    const [a, b] = ids as [string, string];
    // M.A.X. first (10:05), then EspoCRM (10:07): EspoCRM's wins, M.A.X.'s is kept on the timeline.
    w.store.leads.setStatus(w.scope, w.leadOf(a) ?? 0, "devis_envoye");
    at("2026-11-16T10:07:00Z");
    w.fake.ui.update(a, { status: "Dead", cStatutB2b: "perdu" });
    await w.deliverWebhooks();
    expect(local(a)?.status).toBe("perdu");
    expect(timeline(a)[0]).toMatch(
      /^Conflit de synchronisation sur « Statut » : « Perdu » \(EspoCRM, modifié le 16\/11\/2026 à 11:07:00\) remplace « Devis envoyé » \(M\.A\.X\., modifié le 16\/11\/2026 à 11:05:00\), plus ancien\.$/,
    );
    await w.drain();
    expect(w.fake.lead(a)).toMatchObject({ status: "Dead", cStatutB2b: "perdu" });

    // EspoCRM first (10:08), then M.A.X. (10:09) before the webhook came: M.A.X.'s wins and is written back.
    at("2026-11-16T10:08:00Z");
    w.fake.ui.update(b, { accountName: "Vu dans EspoCRM" });
    at("2026-11-16T10:09:00Z");
    w.store.leads.update(w.scope, w.leadOf(b) ?? 0, { company: "Vu dans M.A.X." });
    await w.deliverWebhooks();
    await w.drain();
    expect(local(b)?.company).toBe("Vu dans M.A.X.");
    expect(w.fake.lead(b)?.accountName).toBe("Vu dans M.A.X.");
    expect(timeline(b)[0]).toMatch(
      /« Vu dans M\.A\.X\. » .* est conservé et renvoyé à EspoCRM ; la valeur d'EspoCRM « Vu dans EspoCRM » .* est gardée ici\./,
    );
    const said = w.fake
      .notes(b)
      .filter((n) => n.type === "Post")
      .map((n) => String(n.post));
    expect(said.filter((p) => p.startsWith("Conflit avec M.A.X. sur « Entreprise »"))).toHaveLength(1);
  });

  it("merges tags added on both sides instead of picking one", async () => {
    const a = ids[0] as string;
    w.store.leads.changeTags(w.scope, w.leadOf(a) ?? 0, { add: ["chaud"] });
    w.fake.ui.update(a, { cTags: ["vip", "salon"] });
    await w.deliverWebhooks();
    await w.drain();
    expect(local(a)?.tags).toEqual(["chaud", "salon", "vip"]);
    expect([...((w.fake.lead(a)?.cTags ?? []) as string[])].sort()).toEqual(["chaud", "salon", "vip"]);
  });

  it("says a lead deleted in EspoCRM on its timeline and stops syncing it; so for a lead merged there", async () => {
    const [a, b, c] = ids as [string, string, string];
    w.fake.ui.delete(a);
    await w.deliverWebhooks();
    expect(w.store.espocrm.leadLink(w.tenant.id, w.leadOf(a) ?? 0)?.state).toBe("deleted");
    expect(timeline(a)[0]).toBe(
      "Supprimé dans EspoCRM : ce lead n'est plus synchronisé, son historique reste ici.",
    );
    w.store.leads.setStatus(w.scope, w.leadOf(a) ?? 0, "gagne");
    await w.drain();
    expect(w.fake.requests.filter((r) => r.method === "PATCH")).toEqual([]);

    // b merged into c (same e-mail); webhooks lost: the deletion walk finds it.
    w.fake.ui.update(c, { emailAddress: "dup@x.fr" });
    w.fake.ui.update(b, { emailAddress: "dup@x.fr" });
    await w.pull();
    w.fake.ui.merge(c, [b]);
    const counts = await w.pull({ checkDeletions: true });
    expect(counts).toMatchObject({ merged: 1, deleted: 0 });
    expect(w.store.espocrm.leadLink(w.tenant.id, w.leadOf(b) ?? 0)).toMatchObject({
      state: "merged",
      mergedInto: c,
    });
    expect(timeline(b)[0]).toMatch(
      /^Fusionné dans EspoCRM avec « Prénom2 Nom2 » \(lead n°\d+\) : ce lead n'est plus synchronisé/,
    );
    expect(timeline(c)[0]).toMatch(
      /« Prénom1 Nom1 » \(lead n°\d+\) a été fusionné dans ce lead dans EspoCRM\./,
    );
  });
});
