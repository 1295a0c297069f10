// Kill the server in the middle of a campaign and restart it: every consenting recipient receives
// exactly one mail. The server runs in its own process (serve(), its campaign sender inline) and is
// killed with SIGKILL while it sends; a new one then sends what is left once the dead one's leases
// ran out (its clock runs past them). The one duplicate the design allows — a death between the SMTP
// server's 250 and the commit of `sent`, a fraction of a millisecond measured by the bench — is
// stepped around: the process is frozen (SIGSTOP) and killed only at a moment when every mail the
// sink holds is recorded as sent; otherwise it runs a little more and is frozen again.
import { type ChildProcess, spawn } from "node:child_process";
import { afterEach, beforeEach, expect, it } from "vitest";
import { CAMPAIGN_LEASE_MS } from "../../channels/email/campaign-loop.js";
import { callTool } from "../../src/agent/gate.js";
import { turnContext } from "../helpers/agent.js";
import { type SmtpSink, startSmtpSink } from "../helpers/smtp-sink.js";
import { type TestStore, testStore } from "../helpers/store.js";
import { settle, waitFor } from "../helpers/wait-for.js";
import { BODY, campaignWorld, TAG } from "./world.js";

const RECIPIENTS = 200;
const FROM = "contact@crash.test";

let t: TestStore;
let sink: SmtpSink;
const children: ChildProcess[] = [];
beforeEach(async () => {
  t = testStore(new Date().toISOString());
  sink = await startSmtpSink(FROM, "secret");
});
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
  await sink.close();
  t.cleanup();
});

async function server(aheadMs: number): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "tests/campaigns/campaign-server.ts", t.path, String(aheadMs)],
    {
      cwd: new URL("../..", import.meta.url).pathname,
      env: { ...process.env, MAX_CAMPAIGN_RATE: "50" },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => chunk.toString().includes("ready") && resolve());
    child.once("exit", (code) => reject(new Error(`le serveur s'est arrêté (${code})`)));
  });
  return child;
}

const rows = <T>(sql: string, ...params: unknown[]) => t.store.ctx.sqlite.prepare(sql).all(...params) as T[];

/** Mails the sink holds whose recipient is not recorded as sent: the server is between 250 and commit. */
function unrecorded(campaignId: number): number {
  const sent = new Set(
    rows<{ id: string }>(
      "select provider_id as id from campaign_recipients where campaign_id = ? and status = 'sent'",
      campaignId,
    ).map((r) => r.id),
  );
  return sink.mails.filter((m) => !sent.has(m.parsed.messageId ?? "")).length;
}

it("sends every consenting recipient exactly one mail across a SIGKILL mid-campaign and a restart", async () => {
  const { tenant, owner, leads, excluded } = campaignWorld(t.store, "crash", RECIPIENTS, {
    smtpUrl: sink.url,
    from: FROM,
  });
  const planned = await callTool(turnContext(t.store, tenant.id, owner), "schedule_campaign", {
    subject: "Offre",
    html: BODY,
    segment: { tag: TAG },
    at: t.clock.now.toISOString(),
  });
  if (planned.kind !== "executed") throw new Error(planned.message);
  const campaignId = (planned.data as { campaignId: number }).campaignId;

  const first = await server(0);
  await waitFor(() => sink.mails.length >= 40, {
    timeoutMs: 60_000,
    intervalMs: 2,
    what: "des e-mails partis",
  });
  // Frozen at a moment outside the window between the sink's 250 and the commit of `sent`.
  for (;;) {
    first.kill("SIGSTOP");
    await settle(50); // what was on the wire reaches the sink
    if (unrecorded(campaignId) === 0) break;
    first.kill("SIGCONT");
    await settle(3);
  }
  const exited = new Promise((resolve) => first.once("exit", resolve));
  first.kill("SIGKILL");
  await exited;

  const before = rows<{ status: string; n: number }>(
    "select status, count(*) as n from campaign_recipients where campaign_id = ? group by status",
    campaignId,
  );
  const sentBefore = before.find((r) => r.status === "sent")?.n ?? 0;
  expect(sentBefore).toBeLessThan(RECIPIENTS);
  // The dead sender held a batch under lease: claimed, not sent.
  expect(before.find((r) => r.status === "sending")?.n ?? 0).toBeGreaterThan(0);
  expect(sink.mails).toHaveLength(sentBefore);

  // A restart after the leases ran out sends what is left.
  await server(CAMPAIGN_LEASE_MS + 1_000);
  await waitFor(() => t.store.campaigns.get(tenant.id, campaignId)?.status === "sent", {
    timeoutMs: 60_000,
    what: "la fin de la campagne",
  });

  const perAddress = new Map<string, number>();
  for (const mail of sink.mails) for (const to of mail.to) perAddress.set(to, (perAddress.get(to) ?? 0) + 1);
  expect(sink.mails).toHaveLength(RECIPIENTS);
  expect([...perAddress.keys()].sort()).toEqual(leads.map((l) => l.email).sort());
  expect([...perAddress.values()].every((n) => n === 1)).toBe(true);
  for (const lead of excluded) expect(perAddress.has(lead.email ?? "none")).toBe(false);
  // Each mail carries its recipient's Message-ID, stored when the campaign started.
  const ids = new Set(
    rows<{ id: string }>(
      "select provider_id as id from campaign_recipients where campaign_id = ?",
      campaignId,
    ).map((r) => r.id),
  );
  expect(new Set(sink.mails.map((m) => m.parsed.messageId))).toEqual(ids);
  expect(t.store.campaigns.perCampaign(tenant.id, campaignId)).toMatchObject({
    total: RECIPIENTS,
    sent: RECIPIENTS,
    queued: 0,
    sending: 0,
  });
}, 180_000);
