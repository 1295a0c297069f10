// Restarts in the middle of a sync lose and duplicate nothing. An import killed with SIGKILL (a real
// `max sync espocrm` process) resumes from the last page it committed and ends with every lead once.
// A worker whose connection dies after EspoCRM applied its write but before the local commit leaves
// its job leased; once the lease runs out another connection takes the job again, finds the lead it
// created and the post it made, and makes neither twice.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { espoJobHandlers } from "../../src/inbound/espocrm-jobs.js";
import { runJobs } from "../../src/inbound/run-jobs.js";
import { connectEspo } from "../../src/integrations/espocrm-sync/index.js";
import { ESPO_OUTBOX_KINDS } from "../../src/store/espocrm.js";
import { openStore } from "../../src/store/index.js";
import { inProcessMax } from "../helpers/cli.js";
import { type EspoFake, startEspoFake } from "../helpers/espocrm-fake.js";
import { type EspoWorld, espoWorld } from "../helpers/espocrm-world.js";
import { testRuntime } from "../helpers/runtime.js";
import { makeTenant, tempDir } from "../helpers/store.js";
import { waitFor } from "../helpers/wait-for.js";

const ROOT = new URL("../..", import.meta.url).pathname;

describe("an import killed mid-way", () => {
  const dbPath = join(tempDir("max-espocrm-kill-"), "max.db");
  const env = { MAX_PUBLIC_URL: "https://max.test", LOG_LEVEL: "silent" };
  const max = inProcessMax(() => dbPath, env);
  let fake: EspoFake;
  beforeAll(async () => {
    fake = await startEspoFake();
    fake.seedLeads(2_000);
    // Linked without its import, which the killed process makes.
    const store = openStore({ path: dbPath });
    const { tenant } = makeTenant(store, "agence", { vertical: "b2b" });
    const link = { url: fake.siteUrl, apiKey: fake.credentials.apiKey, publicUrl: env.MAX_PUBLIC_URL };
    await connectEspo(store, tenant, link, 5_000);
    store.close();
  });
  afterAll(() => fake.close());

  const count = (sql: string) => {
    const store = openStore({ path: dbPath });
    try {
      return store.ctx.sqlite.prepare(sql).pluck().get() as number;
    } finally {
      store.close();
    }
  };

  it("resumes where it stood and has every lead once", async () => {
    fake.setFaults([{ match: "^GET /Lead$", delay: 0.25 }]);
    const child = spawn(process.execPath, ["bin/max.js", "sync", "espocrm", "--tenant", "agence"], {
      cwd: ROOT,
      env: { ...process.env, MAX_DB_PATH: dbPath, ...env },
      stdio: "ignore",
    });
    const exited = new Promise((resolve) => child.once("exit", resolve));
    await waitFor(() => count("select count(*) from espocrm_leads") >= 400, {
      timeoutMs: 30_000,
      what: "400 leads importés",
    });
    child.kill("SIGKILL");
    await exited;
    const partly = count("select count(*) from leads");
    expect(partly).toBeGreaterThanOrEqual(400);
    expect(partly).toBeLessThan(2_000);
    expect(count("select count(*) from espocrm_leads")).toBe(partly);

    fake.clearFaults();
    const requestsBefore = fake.requests.length;
    const r = await max("sync", "espocrm", "--tenant", "agence", "--json");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      imported: true,
      pulled: { created: 2_000 - partly, updated: 0, skipped: 0 },
    });
    // It went on from its cursor: the pages already read were not read again.
    const pages = fake.requests.slice(requestsBefore).filter((q) => q.method === "GET" && q.path === "/Lead");
    expect(pages.length).toBeLessThanOrEqual(Math.ceil((2_000 - partly) / 200) + 2);
    expect(count("select count(*) from leads")).toBe(2_000);
    expect(count("select count(distinct espo_id) from espocrm_leads where state = 'linked'")).toBe(2_000);
  }, 90_000);
});

describe("a worker that dies between EspoCRM's write and its own commit", () => {
  let w: EspoWorld;
  beforeAll(async () => {
    w = await espoWorld();
    await w.connect();
  });
  afterAll(() => w.close());

  /** Runs the due jobs on a second connection, and closes it while EspoCRM holds the first write. */
  async function dieDuringWrite(write: RegExp) {
    const other = openStore({ path: w.t.path, clock: () => w.t.clock.now });
    const runtime = testRuntime(other);
    const jobs = other.espocrm.claimJobs(w.tenant.id, ESPO_OUTBOX_KINDS, 30_000, 10);
    expect(jobs.length).toBeGreaterThan(0);
    w.fake.setFaults([{ match: write.source, delay: 0.4, first: 1 }]);
    const running = runJobs(runtime, jobs, {
      handlers: espoJobHandlers({ timeoutMs: 5_000, pollMs: 60_000 }),
    }).catch((error: unknown) => error);
    await waitFor(() => w.fake.requestsMatching(write).length > 0, { what: "l'écriture dans EspoCRM" });
    other.close();
    expect(String(await running)).toMatch(/database connection is not open/);
    w.fake.clearFaults();
    // The job is still leased by the dead worker; its lease runs out.
    w.t.clock.now = new Date(w.t.clock.now.getTime() + 31_000);
  }

  it("creates the lead once", async () => {
    const lead = w.store.leads.create(w.scope, {
      firstName: "Nina",
      lastName: "Relance",
      email: "nina@x.fr",
    });
    await dieDuringWrite(/^POST \/Lead$/);
    expect(w.fake.leads().filter((l) => l.emailAddress === "nina@x.fr")).toHaveLength(1);
    expect(w.store.espocrm.leadLink(w.tenant.id, lead.id)?.state).toBe("creating");
    await w.drain();
    expect(w.fake.leads().filter((l) => l.emailAddress === "nina@x.fr")).toHaveLength(1);
    expect(w.store.espocrm.leadLink(w.tenant.id, lead.id)).toMatchObject({ state: "linked" });
    expect(w.fake.requestsMatching(/^POST \/Lead$/)).toHaveLength(1);
  });

  it("posts the note once and writes the status once", async () => {
    const lead = w.store.leads.findByEmail(w.tenant.id, "nina@x.fr");
    const espoId = w.store.espocrm.leadLink(w.tenant.id, lead?.id ?? 0)?.espoId as string;
    w.store.activities.add(w.scope, lead?.id ?? 0, { kind: "note", body: "Appel de suivi fait" });
    await dieDuringWrite(/^POST \/Note$/);
    w.store.leads.setStatus(w.scope, lead?.id ?? 0, "en_negociation");
    await dieDuringWrite(/^PATCH \/Lead\//);
    await w.drain();
    const posts = w.fake.notes(espoId).filter((n) => String(n.post).startsWith("Appel de suivi fait"));
    expect(posts).toHaveLength(1);
    expect(w.fake.lead(espoId)).toMatchObject({ status: "In Process", cStatutB2b: "en_negociation" });
    const statusNotes = w.fake.notes(espoId).filter((n) => n.type === "Update");
    expect(statusNotes).toHaveLength(1);
  });
});
