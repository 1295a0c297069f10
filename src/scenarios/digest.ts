// The daily digest of each staff user, at 08:00 in the tenant's timezone (Monday to Saturday), on
// their channel: relances waiting for validation (one card each, and one to validate them all),
// tasks and suggestions of the day, leads not followed up, today's appointments. In Conseil it only
// suggests. Each digest schedules the next one; the job key is the user and the day, so one a day.
import { isManager } from "../domain/index.js";
import { cardOf, type Reply } from "../outbox/reply.js";
import type { Scope, Store, Tenant, User } from "../store/index.js";
import type { Job } from "../store/jobs.js";
import { notifyStaff } from "./notices.js";
import { SEND_STEP_TOOL } from "./send-step.js";
import { localDay, nextLocalTime, startOfLocalDay } from "./timing.js";

export const DIGEST_JOB = "scenario-digest";
export const DIGEST_TIME = "08:00";
const DIGEST_DAYS = [1, 2, 3, 4, 5, 6];
/** A lead untouched this long counts as "non relancé". */
export const NOT_FOLLOWED_UP_DAYS = 7;

/** Enqueues the next digest of a user (idempotent: keyed by user and local day). */
export function scheduleDigest(store: Store, tenant: Tenant, user: User, after: Date): void {
  const at = nextLocalTime(after, tenant.timezone, DIGEST_TIME, DIGEST_DAYS);
  store.jobs.enqueueOnce(
    { tenantId: tenant.id, actor: "scenario" },
    {
      kind: DIGEST_JOB,
      idempotencyKey: `digest:${user.id}:${localDay(at, tenant.timezone)}`,
      dueAt: at,
      payload: { userId: user.id },
    },
  );
}

/** At start-up: every staff user of every tenant has their next digest queued. */
export function ensureDigests(store: Store): void {
  const now = store.clock();
  for (const tenant of store.tenants.list()) {
    for (const user of store.users.list(tenant.id)) scheduleDigest(store, tenant, user, now);
  }
}

/** The digest's content for a user now; the batch card is created only when there is a batch. */
export function buildDigest(store: Store, scope: Scope, tenant: Tenant, user: User): Reply {
  const now = store.clock();
  const dayStart = startOfLocalDay(now, tenant.timezone);
  const dayEnd = new Date(dayStart.getTime() + 86_400_000);
  const yesterday = new Date(dayStart.getTime() - 86_400_000);
  const drafts = store.pendingActions
    .listPending(tenant.id)
    .filter((a) => a.tool === SEND_STEP_TOOL && (a.requesterId === user.id || isManager(user)));
  const steps = store.scenarios.stepsSince(tenant.id, yesterday, ["suggested", "done"]);
  const suggestions = steps.filter((s) => s.outcome === "suggested").map((s) => s.detail ?? s.stepKey);
  const appointments = store.appointments
    .upcoming(tenant.id, dayStart, 50)
    .filter((a) => a.startsAt < dayEnd);
  const idle = store.leads.search(tenant.id, {
    inactiveDays: NOT_FOLLOWED_UP_DAYS,
    ...(isManager(user) ? {} : { ownerId: user.id }),
    limit: 1,
  });
  const lines = [`☀️ Bonjour ${user.name}, votre point du jour :`];
  if (drafts.length) lines.push(`✉️ ${drafts.length} relance(s) préparée(s) attendent votre validation.`);
  if (suggestions.length)
    lines.push(
      "💡 Relances suggérées (mode Conseil, rien n'est envoyé) :",
      ...suggestions.map((s) => `  • ${s}`),
    );
  const tasks = steps.filter((s) => s.outcome === "done" && s.stepKey.includes("appel")).length;
  if (tasks) lines.push(`📞 ${tasks} appel(s) à passer (voir la timeline des leads).`);
  lines.push(
    `⏰ ${idle.total}${idle.totalExact ? "" : "+"} leads non relancés depuis ${NOT_FOLLOWED_UP_DAYS} jours.`,
  );
  const hour = (d: Date) =>
    d.toLocaleTimeString("fr-FR", { timeZone: tenant.timezone, hour: "2-digit", minute: "2-digit" });
  lines.push(
    appointments.length
      ? `📅 Rendez-vous aujourd'hui : ${appointments.map((a) => `${hour(a.startsAt)} (lead #${a.leadId})`).join(", ")}.`
      : "📅 Aucun rendez-vous aujourd'hui.",
  );
  const cards = drafts.map(cardOf);
  if (drafts.length > 1 && tenant.defaultMode !== "conseil") {
    const batch = store.pendingActions.create(scope, {
      tool: "validate_followups",
      args: { actionIds: drafts.map((d) => d.id) },
      preview: `Valider les ${drafts.length} relances préparées`,
      mode: "assiste",
      cost: 0,
      balanceAfter: store.ledger.balance(tenant.id),
      requesterId: user.id,
    });
    cards.unshift(cardOf(batch));
  }
  return { text: lines.join("\n"), cards };
}

export async function runDigest({ store }: { store: Store }, job: Job): Promise<void> {
  const scope = { tenantId: job.tenantId, actor: "scenario" };
  store.transaction(() => {
    const tenant = store.tenants.require(job.tenantId);
    const user = store.users.get(tenant.id, Number((job.payload as { userId?: number }).userId));
    if (!user) return;
    notifyStaff(store, scope, user, buildDigest(store, scope, tenant, user), {
      digest: localDay(job.dueAt, tenant.timezone),
    });
    scheduleDigest(store, tenant, user, store.clock());
    store.jobs.complete(job.tenantId, job.id);
  });
}
