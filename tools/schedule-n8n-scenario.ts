// schedule_n8n_scenario: starts one of the tenant's n8n workflows for a lead or a segment of leads.
// The run (inside the gate's transaction) chooses the leads and records a pending n8n run; the
// delivery (after commit) POSTs a signed JSON body to `${tenant.n8nWebhookUrl}/${scenario}`:
//   { runId, tenant: slug, scenario, leads: [{ id, name, email, phone, status }],
//     requestedBy: { id, name, email } | null }
// with X-Max-Timestamp, X-Max-Signature and X-Max-Run-Id (n8n dedupes a retry on it). What
// src/integrations/n8n-client.ts deems worth it (a network error, a timeout, a 5xx) is retried once at
// once, since the person waits for the turn. Anything but a 2xx fails the call, and the gate refunds it. A run the process stopped before finishing (after the
// commit, before n8n's answer was recorded) is abandoned and refunded by a job the run enqueued with
// itself: n8n may or may not have started it, so the customer is not charged for the doubt.
import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import { defineTool, type ToolContext } from "../src/agent/tool.js";
import { describeSegment } from "../src/domain/index.js";
import { postToN8n } from "../src/integrations/n8n-client.js";
import { deriveTenantKey } from "../src/integrations/n8n-signature.js";
import type { Lead, N8nRun, Store } from "../src/store/index.js";
import { HEATS } from "../src/store/lead-input.js";

/** More leads than this is a mailing, not a scenario: the person is asked to narrow the segment. */
export const MAX_SCENARIO_LEADS = 200;
const MAX_ATTEMPTS = 2;
const RETRY_PAUSE_MS = 300;
export const N8N_RUN_EXPIRY_JOB = "n8n-run.expiry";
/** Far beyond a delivery's longest run (two calls under the n8n timeout and a pause). */
export const N8N_RUN_EXPIRY_MS = 10 * 60_000;
const SEND_NOTE = "exécution n8n";
// The call may have begun before the stop: what n8n did is unknown, and the tokens go back.
const ABANDONED =
  "interrompu : le serveur s'est arrêté avant d'avoir la réponse de n8n ; vérifiez dans n8n si le scénario a démarré (jetons remboursés)";

const segmentSchema = z
  .strictObject({
    status: z.string().min(1).optional(),
    tag: z.string().min(1).optional(),
    heat: z.enum(HEATS).optional(),
    text: z.string().min(1).max(200).optional(),
  })
  .refine(
    (s) => Object.values(s).some((v) => v !== undefined),
    "indiquez au moins un filtre : status, tag, heat ou text",
  );

const schema = z
  .object({
    scenario: z
      .string()
      .max(64)
      .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "un identifiant en minuscules et tirets, p. ex. relance-devis"),
    leadId: z.number().int().positive().optional(),
    segment: segmentSchema.optional(),
  })
  .refine(
    (a) => (a.leadId === undefined) !== (a.segment === undefined),
    "indiquez soit leadId, soit segment (un seul des deux)",
  );
type Args = z.output<typeof schema>;

interface Connection {
  url: string;
  key: string;
  timeoutMs: number;
}

/** Where and how to call the tenant's n8n, or why it cannot be called. The master secret stays here. */
function connection({ settings, store, tenant }: ToolContext): Connection | { error: string } {
  const n8n = settings?.n8n;
  if (!n8n?.secret) {
    return {
      error: "n8n n'est pas configuré sur ce serveur : la variable MAX_N8N_SECRET n'est pas définie.",
    };
  }
  // Read afresh: the webhook may have been connected after this conversation loaded the tenant.
  const url = store.tenants.require(tenant.id).n8nWebhookUrl;
  if (!url) {
    return {
      error: `Aucun webhook n8n n'est configuré pour ce compte : un administrateur le connecte avec « max connect n8n --tenant ${tenant.slug} --url URL ».`,
    };
  }
  return { url, key: deriveTenantKey(n8n.secret, tenant.slug), timeoutMs: n8n.timeoutMs };
}

/** The lead, or the segment's leads when there are some and not too many; else why not. */
function targetLeads({ leadId, segment }: Args, { store, tenant }: ToolContext): Lead[] | string {
  if (leadId !== undefined) return [store.leads.require(tenant.id, leadId)];
  const page = store.leads.search(tenant.id, { ...segment, limit: MAX_SCENARIO_LEADS });
  const named = describeSegment(segment ?? {});
  if (page.total === 0) return `Aucun lead ne correspond au segment ${named}.`;
  if (page.total > MAX_SCENARIO_LEADS) {
    const count = page.totalExact ? `${page.total}` : `plus de ${page.total}`;
    return `Le segment ${named} compte ${count} leads ; un scénario en vise ${MAX_SCENARIO_LEADS} au plus : affinez-le.`;
  }
  return page.leads;
}

/** Posts the body, retrying once when worth it, and records every attempt on the run. */
async function send(ctx: ToolContext, conn: Connection, run: N8nRun, body: string): Promise<N8nRun> {
  const call = {
    url: `${conn.url}/${run.scenario}`,
    key: conn.key,
    body,
    timeoutMs: conn.timeoutMs,
    headers: { "x-max-run-id": String(run.id) },
  };
  for (let attempt = 1; ; attempt++) {
    const { retryable, ...outcome } = await postToN8n(call, ctx.store.clock);
    const last = outcome.error === null || !retryable || attempt === MAX_ATTEMPTS;
    const status = outcome.error === null ? "sent" : last ? "failed" : "pending";
    const recorded = ctx.store.n8nRuns.recordAttempt(ctx.scope, run.id, { status, ...outcome });
    if (last) return recorded;
    await sleep(RETRY_PAUSE_MS);
  }
}

export const scheduleN8nScenario = defineTool({
  name: "schedule_n8n_scenario",
  description:
    "Déclenche un scénario n8n du compte (ex. relance-devis) pour un lead ou un segment (200 leads au plus).",
  schema,
  effect: "send",
  costKey: "n8n_automation",
  preview: (args, { store, tenant }) => {
    const who =
      args.leadId !== undefined
        ? (store.leads.get(tenant.id, args.leadId)?.name ?? `le lead #${args.leadId}`)
        : `le segment ${describeSegment(args.segment ?? {})}`;
    return `Déclencher le scénario n8n « ${args.scenario} » pour ${who}`;
  },
  run(args, ctx) {
    const conn = connection(ctx);
    if ("error" in conn) return { ok: false, error: conn.error };
    const leads = targetLeads(args, ctx);
    if (typeof leads === "string") return { ok: false, error: leads };
    const { store, scope } = ctx;
    const run = store.n8nRuns.create(scope, {
      scenario: args.scenario,
      leadIds: leads.map((l) => l.id),
      segment: args.segment ?? null,
      debitId: ctx.debitId ?? null,
    });
    store.jobs.enqueueOnce(scope, {
      kind: N8N_RUN_EXPIRY_JOB,
      idempotencyKey: `n8n-run-expiry:${run.id}`,
      dueAt: new Date(store.clock().getTime() + N8N_RUN_EXPIRY_MS),
      payload: { runId: run.id },
    });
    return {
      ok: true,
      summary: `Scénario « ${args.scenario} » prêt pour ${leads.length} lead(s).`,
      data: { runId: run.id },
    };
  },
  async deliver(args, data, ctx) {
    const { store, tenant, user, scope } = ctx;
    const run = store.n8nRuns.get(tenant.id, (data as { runId: number }).runId);
    if (!run) return { ok: false, error: "Exécution n8n introuvable." };
    const conn = connection(ctx);
    if ("error" in conn) {
      // Only if the configuration changed between the run and now: the run must not stay pending.
      store.n8nRuns.recordAttempt(scope, run.id, { status: "failed", httpStatus: null, error: conn.error });
      return { ok: false, error: conn.error };
    }
    const leads = store.leads
      .list(tenant.id, run.leadIds)
      .map(({ id, name, email, phone, status }) => ({ id, name, email, phone, status }));
    const body = JSON.stringify({
      runId: run.id,
      tenant: tenant.slug,
      scenario: run.scenario,
      leads,
      requestedBy: user ? { id: user.id, name: user.name, email: user.email } : null,
    });
    const done = await send(ctx, conn, run, body);
    if (done.status !== "sent") {
      return {
        ok: false,
        error: `n8n n'a pas lancé le scénario « ${args.scenario} » (exécution n°${run.id}, ${done.attempts} tentative(s)) : ${done.error}`,
      };
    }
    return {
      ok: true,
      summary: `Scénario n8n « ${args.scenario} » lancé pour ${leads.length} lead(s) (exécution n°${run.id}).`,
      data: { runId: run.id, status: done.status, attempts: done.attempts, leads: leads.length },
    };
  },
});

/** The expiry job: a run still pending long after its commit was never delivered; refunded once. */
export function abandonUndelivered(store: Store, tenantId: number, payload: { runId?: unknown }): void {
  const scope = { tenantId, actor: "n8n" };
  store.transaction(() => {
    const run = store.n8nRuns.abandon(scope, Number(payload.runId), ABANDONED);
    if (run?.debitId != null) store.ledger.refund(scope, run.debitId, `${SEND_NOTE} n°${run.id} abandonnée`);
  });
}
