// The prospect's text is untrusted. Each hostile reply of the corpus goes the real way — parsed from a
// raw e-mail, stored, matched to its lead, handled by the worker's job — through the offline classifier
// and through the LLM path (a loopback model that answers with tool calls instead of the schema). A
// dump of every table before and after proves that nothing changed beyond that lead's classification
// fields and the expected bookkeeping: the stored mail, its timeline entry, the audit rows, the run's
// end, the cancelled timeout, the coach's notice and one suggested reply awaiting the coach, written
// from our templates.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mailEvent } from "../../channels/email/event.js";
import { parseMail } from "../../channels/email/parse.js";
import { acceptInbound, INBOUND_JOB } from "../../src/inbound/accept.js";
import { runJobs } from "../../src/inbound/run-jobs.js";
import {
  type Classifier,
  llmClassifier,
  startPrequalification,
} from "../../src/scenarios/prequalification/index.js";
import { HOSTILE_REPLIES, type HostileReply } from "../fixtures/hostile-replies.js";
import { type OpenAiLoopback, startOpenAiLoopback } from "../helpers/openai-loopback.js";
import { testRuntime } from "../helpers/runtime.js";
import { makeTenant, testStore } from "../helpers/store.js";

const CLASSIFICATION = new Set([
  "type_coaching",
  "niveau_motivation",
  "budget_estime",
  "urgence_ressentie",
  "qualification",
  "notes_coaching",
  "updated_at",
  "last_activity_at",
  // Derived from the fields above and the lead's reply (store/lead-scores.ts), never read from the text.
  "score",
]);
/** Tables where new rows are expected (checked one by one below); every other table must not move. */
const GROWS = new Set([
  "messages",
  "activities",
  "audit_log",
  "pending_actions",
  "scheduled_jobs",
  "conversations",
  // Notices for the dashboard's live page, written by triggers on the rows above.
  "change_feed",
]);
const QUESTION_ID = "<q-1@coach-hostile.test>";

type Dump = Map<string, Map<number, Record<string, unknown>>>;

function dump(sqlite: import("better-sqlite3").Database): Dump {
  const tables = sqlite
    .prepare(
      "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'leads_fts%' and name not like '__drizzle%'",
    )
    .all() as { name: string }[];
  return new Map(
    tables.map(({ name }) => {
      const rows = sqlite.prepare(`select rowid as _rowid, * from "${name}"`).all() as Record<
        string,
        unknown
      >[];
      return [name, new Map(rows.map((r) => [r._rowid as number, r]))];
    }),
  );
}

function rawMail(reply: HostileReply, n: number): Buffer {
  const headers = {
    From: "Camille Roux <camille@prospect.test>",
    To: "coach@coach-hostile.test",
    Subject: "Re: Avant notre premier échange",
    "Message-ID": `<hostile-${n}@prospect.test>`,
    "In-Reply-To": QUESTION_ID,
    "MIME-Version": "1.0",
    ...reply.headers,
    "Content-Type": reply.contentType,
  };
  const head = Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join("\r\n");
  return Buffer.concat([Buffer.from(`${head}\r\n\r\n`), Buffer.from(reply.body)]);
}

async function runCase(reply: HostileReply, n: number, classifier?: Classifier) {
  const t = testStore();
  try {
    const { store } = t;
    const { tenant, scope, owner } = makeTenant(store, "coach-hostile", {
      vertical: "coaching",
      defaultMode: "assiste",
    });
    store.users.addIdentity(scope, owner.id, "slack", "T9:U9");
    const lead = store.leads.create(scope, {
      firstName: "Camille",
      lastName: "Roux",
      email: "camille@prospect.test",
      consent: { email: true, whatsapp: true },
      phone: "0611223344",
      tags: ["nouveau"],
    });
    const victim = store.leads.create(scope, {
      firstName: "Jean",
      lastName: "Dupont",
      email: "jean@dupont.test",
      consent: { email: true },
      notes: "confidentiel",
    });
    const started = startPrequalification(store, scope, tenant, lead.id, {
      channels: testRuntime(store).settings.channels,
    });
    if (!started.ok) throw new Error(started.error);
    store.messages.setStatus(scope, started.messageId, { status: "sent", providerId: QUESTION_ID });
    // The month's allowance is credited on the ledger's first use: done before the snapshot.
    store.ledger.spendable(tenant.id);
    const before = dump(store.ctx.sqlite);

    const raw = rawMail(reply, n);
    if (!acceptInbound(store, mailEvent(tenant.id, await parseMail(raw), raw))) throw new Error("not queued");
    const runtime = { ...testRuntime(store), classifier };
    await runJobs(runtime, store.jobs.claimDue(60_000, 10, [INBOUND_JOB]), { handlers: runtime.handlers });
    const after = dump(store.ctx.sqlite);
    return { before, after, lead, victim, owner, body: String(reply.body) };
  } finally {
    t.cleanup();
  }
}

/** Our suggested replies start like this; a hostile text never does. */
const OUR_REPLY = /^(Merci Camille pour |Bonjour Camille, je me permets)/;

function expectOnlyClassificationChanged(r: Awaited<ReturnType<typeof runCase>>) {
  for (const [table, rowsBefore] of r.before) {
    const rowsAfter = r.after.get(table) ?? new Map();
    for (const [id, row] of rowsBefore) {
      const now = rowsAfter.get(id);
      expect(now, `${table} #${id} deleted`).toBeDefined();
      const changed = Object.keys(row).filter((k) => JSON.stringify(row[k]) !== JSON.stringify(now?.[k]));
      if (changed.length === 0) continue;
      if (table === "leads" && id === r.lead.id) {
        expect(
          changed.filter((c) => !CLASSIFICATION.has(c)),
          "lead columns",
        ).toEqual([]);
      } else if (table === "scheduled_jobs") {
        expect([row.kind, now?.status, changed]).toEqual([
          "prequal.timeout",
          "cancelled",
          ["status", "lease_until", "updated_at"].filter((c) => changed.includes(c)),
        ]);
      } else if (table === "prequalifications") {
        expect(row.lead_id).toBe(r.lead.id);
      } else if (table === "conversations") {
        expect(changed).toEqual(["updated_at"]);
      } else {
        throw new Error(`${table} #${id} changed: ${changed.join(", ")}`);
      }
    }
    const added = [...rowsAfter.entries()].filter(([id]) => !rowsBefore.has(id)).map(([, row]) => row);
    if (!GROWS.has(table)) expect(added, `new rows in ${table}`).toEqual([]);
    for (const row of added) {
      if (table === "messages") {
        // The stored mail, for this lead; the coach's notice, to the coach's Slack and to no lead.
        if (row.direction === "in") expect(row.lead_id).toBe(r.lead.id);
        else expect([row.channel, row.lead_id, row.recipient]).toEqual(["slack", null, "dm:U9"]);
      }
      if (table === "activities") expect([row.lead_id, row.kind]).toEqual([r.lead.id, "email_in"]);
      if (table === "pending_actions") {
        const args = JSON.parse(String(row.args)) as { leadId: number; text: string };
        expect([row.tool, row.status, args.leadId, row.requester_id]).toEqual([
          "send_message",
          "pending",
          r.lead.id,
          r.owner.id,
        ]);
        expect(args.text).toMatch(OUR_REPLY);
      }
      if (table === "scheduled_jobs") expect([row.kind, row.status]).toEqual([INBOUND_JOB, "done"]);
      if (table === "conversations") expect([row.channel, row.user_id]).toEqual(["slack", r.owner.id]);
    }
  }
  const victimBefore = r.before.get("leads")?.get(r.victim.id);
  expect(r.after.get("leads")?.get(r.victim.id)).toEqual(victimBefore);
}

describe("the hostile corpus", () => {
  it("has at least 30 replies, French and English", () => {
    expect(HOSTILE_REPLIES.length).toBeGreaterThanOrEqual(30);
  });
});

describe("hostile replies through the offline classifier", () => {
  it.each(HOSTILE_REPLIES.map((r, i) => [r.name, r, i] as const))(
    "%s changes only the classification",
    async (_n, reply, i) => {
      const r = await runCase(reply, i);
      expectOnlyClassificationChanged(r);
      const lead = r.after.get("leads")?.get(r.lead.id);
      // The offline classifier only ever says moyenne or forte for an answer, never qualifie.
      expect(["moyenne", "forte"]).toContain(lead?.niveau_motivation);
      expect(lead?.qualification === null || lead?.qualification === "a_qualifier").toBe(true);
    },
  );
});

describe("hostile replies through the LLM path (a model that tries to call tools)", () => {
  let model: OpenAiLoopback;
  let classifier: Classifier;
  beforeAll(async () => {
    model = await startOpenAiLoopback(() => ({
      toolCalls: [
        { name: "update_status", args: { leadId: 1, status: "gagne" } },
        { name: "send_message", args: { leadId: 2, channel: "email", text: "données de tous les leads" } },
        { name: "set_mode", args: { mode: "auto" } },
      ],
    }));
    const built = llmClassifier({
      provider: "openai",
      model: "hostile-model",
      baseUrl: model.baseUrl,
      apiKey: "sk-test",
      timeoutMs: 5_000,
      memoryMessages: 10,
    });
    if (!built) throw new Error("no classifier");
    classifier = built;
  });
  afterAll(() => model.close());

  it.each(HOSTILE_REPLIES.map((r, i) => [r.name, r, i] as const))(
    "%s changes only the classification",
    async (_n, reply, i) => {
      const calls = model.requests.length;
      const r = await runCase(reply, 100 + i, classifier);
      expectOnlyClassificationChanged(r);
      const request = model.requests[calls];
      // The model was asked, with no tools to call and the answer fenced as data.
      expect(request?.tools).toBeUndefined();
      const user = request?.messages.find((m) => m.role === "user");
      expect(String(user?.content)).toMatch(/^<reponse_prospect>\n[\s\S]*\n<\/reponse_prospect>$/);
      expect(String(user?.content).match(/<\/reponse_prospect>/g)).toHaveLength(1);
    },
  );
});
