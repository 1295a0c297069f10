// Measurement 5: 1,000 replies to COACH-01 waiting in a real Dovecot mailbox are fetched over IMAP,
// stored and matched to their leads, then classified offline by the worker's job handler — each
// exactly once (a second fetch stores nothing, every run ends answered once).
import { fetchNewMail } from "../channels/email/imap.js";
import { parseConfig } from "../src/config.js";
import { INBOUND_JOB } from "../src/inbound/accept.js";
import { runJobs } from "../src/inbound/run-jobs.js";
import { createRuntime } from "../src/runtime.js";
import { startPrequalification } from "../src/scenarios/prequalification/index.js";
import { openStore, type Store } from "../src/store/index.js";
import { startDovecot } from "../tests/helpers/dovecot.js";
import { withTempDb } from "./lib/tmpdb.js";

const REPLIES = 1_000;
const FROM = "coach@bench.test";

export interface EmailResults {
  replies: number;
  fetchSeconds: number;
  classifySeconds: number;
  totalSeconds: number;
  stored: number;
  refetched: number;
  answered: number;
  exact: boolean;
}

const ANSWERS = [
  "Je n'arrive pas à trouver des clients, je suis prête à investir rapidement, budget 1 500 €.",
  "Je ne sais pas trop, peut-être gagner en confiance, quand je pourrai.",
  "I'm stuck in my relationship and I'm ready to commit this year. Around 400 euros.",
];

function reply(i: number): string {
  return [
    `From: Lead ${i} <lead${i}@prospect.test>`,
    `To: ${FROM}`,
    "Subject: Re: Avant notre premier échange",
    `Message-ID: <bench-reply-${i}@prospect.test>`,
    `In-Reply-To: <bench-question-${i}@bench.test>`,
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "",
    ANSWERS[i % ANSWERS.length],
    "",
    "Le lun. 16 nov. 2026, Coach a écrit :",
    "> Si tu pouvais changer une chose…",
    "",
  ].join("\r\n");
}

function seed(store: Store, imapUrl: string) {
  const tenant = store.tenants.create({
    slug: "bench-coach",
    name: "Bench Coach",
    plan: "pro",
    vertical: "coaching",
  });
  const scope = { tenantId: tenant.id, actor: "bench" };
  store.emailAccounts.set(scope, { smtpUrl: "smtp://unused@127.0.0.1:1", imapUrl, fromAddress: FROM });
  const { channels } = createRuntime(parseConfig({ LOG_LEVEL: "silent" }), store).settings;
  for (let i = 0; i < REPLIES; i++) {
    const lead = store.leads.create(scope, {
      firstName: `Lead${i}`,
      email: `lead${i}@prospect.test`,
      consent: { email: true },
    });
    const started = startPrequalification(store, scope, tenant, lead.id, { channels });
    if (!started.ok) throw new Error(started.error);
    store.messages.setStatus(scope, started.messageId, {
      status: "sent",
      providerId: `<bench-question-${i}@bench.test>`,
    });
  }
  return tenant.id;
}

export async function emailBench(log: (line: string) => void): Promise<EmailResults> {
  const dovecot = await startDovecot(FROM, "bench-secret");
  try {
    return await withTempDb("email", async (path) => {
      const store = openStore({ path });
      try {
        log(
          `email: seeding ${REPLIES} leads waiting for an answer, delivering ${REPLIES} replies into Dovecot…`,
        );
        const tenantId = seed(store, dovecot.url);
        for (let i = 0; i < REPLIES; i += 100) {
          await dovecot.deliver(Array.from({ length: Math.min(100, REPLIES - i) }, (_, k) => reply(i + k)));
        }
        const account = {
          tenantId,
          smtpUrl: "smtp://unused@127.0.0.1:1",
          imapUrl: dovecot.url,
          fromAddress: FROM,
        };
        log("email: fetch and queue, then store, match and classify…");
        const start = performance.now();
        const fetched = await fetchNewMail(store, account);
        const fetchedAt = performance.now();
        // The worker's side: each queued mail is stored, tied to its lead and classified.
        const runtime = createRuntime(parseConfig({ LOG_LEVEL: "silent" }), store);
        for (let jobs = store.jobs.claimDue(60_000, 100, [INBOUND_JOB]); jobs.length > 0; ) {
          await runJobs(runtime, jobs, { handlers: runtime.handlers });
          jobs = store.jobs.claimDue(60_000, 100, [INBOUND_JOB]);
        }
        const end = performance.now();
        const again = await fetchNewMail(store, account);
        const count = (sql: string) => (store.ctx.sqlite.prepare(sql).get() as { n: number }).n;
        const answered = count(
          "select count(*) n from prequalifications where status = 'answered' and answer_message_id is not null",
        );
        const distinctIn = count("select count(distinct provider_id) n from messages where direction = 'in'");
        const allIn = count("select count(*) n from messages where direction = 'in'");
        return {
          replies: REPLIES,
          fetchSeconds: (fetchedAt - start) / 1000,
          classifySeconds: (end - fetchedAt) / 1000,
          totalSeconds: (end - start) / 1000,
          stored: fetched.stored,
          refetched: again.stored,
          answered,
          exact:
            fetched.stored === REPLIES &&
            again.stored === 0 &&
            answered === REPLIES &&
            allIn === REPLIES &&
            distinctIn === REPLIES,
        };
      } finally {
        store.close();
      }
    });
  } finally {
    dovecot.stop();
  }
}
