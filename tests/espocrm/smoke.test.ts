import { afterAll, beforeAll, expect, it } from "vitest";
import { type EspoWorld, espoWorld } from "../helpers/espocrm-world.js";

let w: EspoWorld;
beforeAll(async () => {
  w = await espoWorld();
});
afterAll(() => w.close());

it("smoke", async () => {
  w.fake.seedLeads(450, (i) => ({ status: i % 3 === 0 ? "Converted" : "New" }));
  const report = await w.connect();
  console.log(report.created, report.missing, report.webhooks, report.webhookProblem);
  const counts = await w.pull();
  console.log(counts);
  const lead = w.store.leads.create(w.scope, { firstName: "Zoé", lastName: "Martin", email: "zoe@x.fr", tags: ["vip"] });
  console.log(await w.drain());
  console.log(w.store.espocrm.leadLink(w.tenant.id, lead.id));
  const out = await w.tool("update_status", { leadId: lead.id, status: "devis_envoye" });
  console.log(out.kind, out.message);
  console.log(await w.drain());
  const espoId = w.store.espocrm.leadLink(w.tenant.id, lead.id)?.espoId as string;
  console.log(w.fake.lead(espoId));
  console.log(w.fake.notes(espoId).map((n) => [n.type, n.post]));
  w.fake.ui.update(espoId, { status: "Dead" });
  console.log(await w.deliverWebhooks());
  console.log(w.store.jobs.list(w.tenant.id).filter((j) => j.kind === "espocrm.webhook"));
  console.log(w.fake.requests.slice(-4).map((r) => [r.method, r.path, r.status, JSON.stringify(r.query).slice(0, 300)]));
  console.log(w.store.leads.get(w.tenant.id, lead.id)?.status);
  expect(1).toBe(1);
});
