// Measurement 9: EspoCRM as the CRM of record, against the loopback fake over real HTTP. First, the
// import of 20,000 leads (statuses, tags, vertical fields) page by page into a fresh store. Then
// 1,000 local changes (status changes, tags added and removed, notes) pushed through the outbox by
// the runtime's job handlers while one request in ten fails — 503 before applying for the updates,
// 503 after applying for the posts and tag changes — and the outcome checked: every change there
// exactly once (statuses and tags equal, each note posted once), none lost or doubled.
import { parseConfig } from "../src/config.js";
import { espoJobHandlers } from "../src/inbound/espocrm-jobs.js";
import { runJobs } from "../src/inbound/run-jobs.js";
import { connectEspo, noCounts, openSync, syncPass } from "../src/integrations/espocrm-sync/index.js";
import { createRuntime } from "../src/runtime.js";
import { ESPO_OUTBOX_KINDS } from "../src/store/espocrm.js";
import { openStore } from "../src/store/index.js";
import { startEspoFake } from "../tests/helpers/espocrm-fake.js";
import { withTempDb } from "./lib/tmpdb.js";

const IMPORTED = 20_000;
const CHANGES = 1_000;
const FROM = "max@bench.test";
const STATUSES = ["New", "In Process", "Converted", "Dead", "Assigned"];
const SECTORS = ["BTP", "Santé", "Industrie", "Services", "Commerce"];

export interface EspocrmResults {
  imported: number;
  importSeconds: number;
  importPerSecond: number;
  pages: number;
  changes: number;
  pushSeconds: number;
  requests: number;
  faultsInjected: number;
  /** Leads whose status or tags differ between both sides after the push. */
  mismatched: number;
  /** Notes posted more than once, and notes missing. */
  doubledNotes: number;
  missingNotes: number;
  exact: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function espocrmBench(log: (line: string) => void): Promise<EspocrmResults> {
  const fake = await startEspoFake({ allowedFrom: [FROM] });
  try {
    return await withTempDb("espocrm", async (path) => {
      const store = openStore({ path });
      const config = parseConfig({ LOG_LEVEL: "silent", MAX_DB_PATH: path });
      const runtime = createRuntime(config, store);
      const tenant = store.tenants.create({
        slug: "bench-espo",
        name: "Bench Espo",
        plan: "pro",
        vertical: "b2b",
      });
      const scope = { tenantId: tenant.id, actor: "user:bench" };
      await connectEspo(
        store,
        tenant,
        {
          url: fake.siteUrl,
          apiKey: fake.credentials.apiKey,
          adminUser: fake.credentials.admin.user,
          adminPassword: fake.credentials.admin.password,
          fromAddress: FROM,
          publicUrl: "http://bench.max.test",
        },
        15_000,
      );
      fake.seedLeads(IMPORTED, (i) => ({
        status: STATUSES[i % STATUSES.length],
        cTags: i % 4 === 0 ? ["vip"] : [],
        cSecteurB2b: SECTORS[i % SECTORS.length],
        phoneNumber: `+3361${String(i).padStart(7, "0")}`,
        accountName: `Société ${i % 997}`,
      }));

      log(`espocrm: importing ${IMPORTED} leads…`);
      const sync = openSync({ store, log: runtime.log, timeoutMs: 15_000 }, tenant.id);
      if (!sync) throw new Error("no link");
      const counts = noCounts();
      const importStart = performance.now();
      await syncPass(sync, counts, { checkDeletions: false });
      const importSeconds = (performance.now() - importStart) / 1000;
      const pages = fake.requestsMatching(/^GET \/Lead$/).length;

      // 1,000 local changes on linked leads: 500 statuses, 250 tag changes, 250 notes.
      const ids = store.espocrm.linkedEspoIds(tenant.id).slice(0, CHANGES);
      const noteRefs: string[] = [];
      const moved = new Set<number>();
      store.transaction(() => {
        ids.forEach(({ leadId }, i) => {
          if (i % 4 < 2) {
            const to = store.leads.require(tenant.id, leadId).status === "gagne" ? "perdu" : "gagne";
            store.leads.setStatus(scope, leadId, i % 8 < 4 ? "devis_envoye" : to);
            moved.add(leadId);
          } else if (i % 4 === 2)
            store.leads.changeTags(scope, leadId, { add: ["relance"], remove: ["vip"] });
          else
            noteRefs.push(`a${store.activities.add(scope, leadId, { kind: "note", body: `Note ${i}` }).id}`);
        });
      });
      const before = fake.requests.length;
      fake.setFaults([
        { match: "^PATCH /Lead/", every: 10, mode: "before", status: 503 },
        { match: "^POST /(Note|MassAction)$", every: 10, mode: "after", status: 503 },
      ]);
      log(`espocrm: pushing ${CHANGES} local changes with 10 % injected 503s…`);
      const handlers = espoJobHandlers(config.espocrm);
      const pushStart = performance.now();
      for (;;) {
        const jobs = store.espocrm.claimJobs(tenant.id, ESPO_OUTBOX_KINDS, 30_000, 100);
        if (jobs.length > 0) {
          await runJobs(runtime, jobs, { handlers });
          continue;
        }
        const waiting = store.jobs
          .list(tenant.id, "pending")
          .filter((j) => ESPO_OUTBOX_KINDS.includes(j.kind))
          .map((j) => j.dueAt.getTime());
        if (waiting.length === 0) break;
        await sleep(Math.max(10, Math.min(...waiting) - Date.now()));
      }
      const pushSeconds = (performance.now() - pushStart) / 1000;
      const requests = fake.requests.length - before;
      const faultsInjected = fake.requests.slice(before).filter((r) => r.fault).length;
      fake.clearFaults();

      let mismatched = 0;
      for (const { leadId, espoId } of ids) {
        const lead = store.leads.require(tenant.id, leadId);
        const there = fake.lead(espoId) ?? {};
        const tags = [...((there.cTags as string[]) ?? [])].sort();
        const statusThere = moved.has(leadId) ? there.cStatutB2b === lead.status : true;
        if (!statusThere || JSON.stringify(tags) !== JSON.stringify(lead.tags)) mismatched++;
      }
      const posts = fake.notes().filter((n) => n.type === "Post" && typeof n.post === "string");
      let doubledNotes = 0;
      let missingNotes = 0;
      for (const ref of noteRefs) {
        const n = posts.filter((p) => String(p.post).endsWith(`(réf. M.A.X. ${ref})`)).length;
        if (n > 1) doubledNotes++;
        if (n === 0) missingNotes++;
      }
      store.close();
      return {
        imported: counts.created,
        importSeconds,
        importPerSecond: counts.created / importSeconds,
        pages,
        changes: ids.length,
        pushSeconds,
        requests,
        faultsInjected,
        mismatched,
        doubledNotes,
        missingNotes,
        exact: counts.created === IMPORTED && mismatched === 0 && doubledNotes === 0 && missingNotes === 0,
      };
    });
  } finally {
    await fake.close();
  }
}
