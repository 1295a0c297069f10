// The Automatisation room's read model: a tenant's scenario enrollments grouped by scenario (how many
// in each state, the next step due, what their steps cost and did, why they stopped), one scenario's
// enrollments a page at a time, and the n8n runs with what each cost. The five states a screen shows
// (planifié, en cours, en pause, terminé, échec) are derived here, in SQL, from the enrollment's status
// and its recorded steps: one definition for the counts, the filters and the rows.
import { type SQL, sql } from "drizzle-orm";
import type { StoreContext } from "./context.js";
import type { Lead } from "./leads.js";
import type { N8nRunStatus } from "./n8n-runs.js";
import type { EnrollmentStatus, StepOutcome } from "./scenarios.js";

export const AUTOMATION_STATES = ["scheduled", "running", "paused", "done", "failed"] as const;
export type AutomationState = (typeof AUTOMATION_STATES)[number];

/** The words of each state, the only place they are written. */
export const AUTOMATION_STATE_WORDS: Readonly<Record<AutomationState, string>> = {
  scheduled: "planifié",
  running: "en cours",
  paused: "en pause",
  done: "terminé",
  failed: "échec",
};

/** An n8n run in the same words: pending while M.A.X. waits for n8n's answer. */
export const N8N_RUN_STATE: Readonly<Record<N8nRunStatus, AutomationState>> = {
  pending: "running",
  sent: "done",
  failed: "failed",
};

/**
 * What the steps did, as counts and as filters of the enrolled leads (each count opens its leads):
 * a message sent, still in the outbox's queue (or handed to n8n, not yet confirmed), failed; a step
 * with no channel to reach the lead, a draft waiting for validation, a suggestion (Conseil); and the
 * leads that replied.
 */
export const AUTOMATION_RESULTS = [
  "sent",
  "queued",
  "failed",
  "skipped",
  "awaiting",
  "suggested",
  "replied",
] as const;
export type AutomationResult = (typeof AUTOMATION_RESULTS)[number];
type StepResult = Exclude<AutomationResult, "awaiting" | "replied">;

/**
 * An enrollment's state: running ones are « planifié » until their first step is acted on; an ended
 * one is « échec » when its last step failed or could not reach the lead, else « terminé » (finished,
 * or stopped for a reason the results tell).
 */
const STATE = sql.raw(`case
  when e.status = 'paused' then 'paused'
  when e.status = 'active' then case when exists (
      select 1 from scenario_steps s where s.tenant_id = e.tenant_id and s.enrollment_id = e.id
    ) then 'running' else 'scheduled' end
  when (select s.outcome from scenario_steps s where s.tenant_id = e.tenant_id and s.enrollment_id = e.id
      order by s.step_index desc limit 1) in ('failed', 'skipped') then 'failed'
  else 'done' end`);

/** The lead answered after it was enrolled: not a bounce, an out-of-office or an opt-out (scenarios.ts). */
const REPLIED = sql.raw(`exists (select 1 from messages m where m.tenant_id = e.tenant_id
  and m.lead_id = e.lead_id and m.direction = 'in' and m.created_at >= e.created_at
  and coalesce(json_extract(m.meta, '$.kind'), '') not in ('bounce', 'auto_reply')
  and json_extract(m.meta, '$.optOut') is null)`);

/**
 * A step's result from its outcome and, once queued, its message: « envoyé » only when the outbox
 * sent it (or n8n confirmed it), « en file » until then, « en échec » when the outbox gave up. Read
 * over scenario_steps s left join messages m.
 */
const STEP_RESULT = sql.raw(`case
  when s.outcome = 'failed' or (s.outcome = 'sent' and m.status = 'failed') then 'failed'
  when s.outcome = 'delivered' or (s.outcome = 'sent' and m.status in ('sent', 'delivered')) then 'sent'
  when s.outcome in ('sent', 'dispatched') then 'queued'
  else s.outcome end`);

const STEPS_WITH_MESSAGES = sql.raw(`scenario_steps s
  left join messages m on m.tenant_id = s.tenant_id and m.id = s.message_id`);

const stepWith = (result: StepResult) =>
  sql`exists (select 1 from ${STEPS_WITH_MESSAGES} where s.tenant_id = e.tenant_id
    and s.enrollment_id = e.id and ${STEP_RESULT} = ${result})`;

/**
 * A draft of Assisté (step s, its card p, its enrollment e) whose card still waits for a decision:
 * paid when validated, unless its sequence was stopped since (send-step.ts refuses it then).
 */
const DRAFTS = sql.raw(`scenario_steps s
  join pending_actions p on p.tenant_id = s.tenant_id and p.id = s.pending_action_id`);
const draftWaiting = (now: Date) =>
  sql`s.outcome = 'drafted' and e.status <> 'stopped' and p.status = 'pending' and p.expires_at > ${now.getTime()}`;

const awaiting = (now: Date) =>
  sql`exists (select 1 from ${DRAFTS} where s.tenant_id = e.tenant_id and s.enrollment_id = e.id
    and ${draftWaiting(now)})`;

const resultSql = (result: AutomationResult, now: Date): SQL => {
  if (result === "replied") return REPLIED;
  if (result === "awaiting") return awaiting(now);
  return stepWith(result);
};

export interface ScenarioFigures {
  scenario: string;
  total: number;
  states: Record<AutomationState, number>;
  /** The running enrollment due first: its step index, its lead, when. */
  next: { at: Date; step: number; leadId: number } | null;
  /** Running (active or paused) enrollments by the index of their next step: what is left to pay. */
  remaining: { step: number; count: number }[];
  /** Recorded steps by result (sent, queued, failed, skipped, suggested; drafts and tasks too). */
  steps: Partial<Record<StepResult | StepOutcome, number>>;
  /** Drafts (Assisté) whose card still waits for a decision: paid when validated. */
  awaitingValidation: number;
  /** Tokens debited for its steps, and given back for those that failed. */
  debited: number;
  refunded: number;
  /** Enrollments whose lead answered after being enrolled. */
  replied: number;
  /** Stopped enrollments by their reason, most frequent first. */
  stops: { reason: string; count: number }[];
}

export interface EnrollmentFilter {
  scenario: string;
  state?: AutomationState;
  /** A stopped enrollment's reason, as stored. */
  reason?: string;
  result?: AutomationResult;
  limit: number;
  offset: number;
}

export interface EnrollmentRow {
  id: number;
  leadId: number;
  leadName: string;
  company: string | null;
  status: EnrollmentStatus;
  state: AutomationState;
  currentStep: number;
  nextRunAt: Date | null;
  reason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface N8nRunFigures {
  id: number;
  scenario: string;
  status: N8nRunStatus;
  state: AutomationState;
  leadIds: number[];
  attempts: number;
  httpStatus: number | null;
  error: string | null;
  debited: number;
  refunded: number;
  createdAt: Date;
  updatedAt: Date;
}

const emptyStates = (): Record<AutomationState, number> => ({
  scheduled: 0,
  running: 0,
  paused: 0,
  done: 0,
  failed: 0,
});

export function automationReport(
  ctx: StoreContext,
  deps: { load: (tenantId: number, ids: number[]) => Lead[] },
) {
  const { db, clock } = ctx;

  function figures(tenantId: number): ScenarioFigures[] {
    const byScenario = new Map<string, ScenarioFigures>();
    const of = (scenario: string) => {
      let f = byScenario.get(scenario);
      if (!f) {
        f = {
          scenario,
          total: 0,
          states: emptyStates(),
          next: null,
          remaining: [],
          steps: {},
          awaitingValidation: 0,
          debited: 0,
          refunded: 0,
          replied: 0,
          stops: [],
        };
        byScenario.set(scenario, f);
      }
      return f;
    };
    for (const r of db.all<{ scenario: string; state: AutomationState; n: number }>(
      sql`select e.scenario, ${STATE} as state, count(*) as n from scenario_enrollments e
        where e.tenant_id = ${tenantId} group by e.scenario, state`,
    )) {
      const f = of(r.scenario);
      f.states[r.state] = r.n;
      f.total += r.n;
    }
    // SQLite gives the other columns of the row that holds the min().
    for (const r of db.all<{ scenario: string; step: number; lead_id: number; at: number }>(
      sql`select scenario, current_step as step, lead_id, min(next_run_at) as at from scenario_enrollments
        where tenant_id = ${tenantId} and status = 'active' and next_run_at is not null group by scenario`,
    )) {
      of(r.scenario).next = { at: new Date(r.at), step: r.step, leadId: r.lead_id };
    }
    for (const r of db.all<{ scenario: string; step: number; n: number }>(
      sql`select scenario, current_step as step, count(*) as n from scenario_enrollments
        where tenant_id = ${tenantId} and status in ('active', 'paused') group by scenario, current_step`,
    )) {
      of(r.scenario).remaining.push({ step: r.step, count: r.n });
    }
    for (const r of db.all<{ scenario: string; result: StepResult; n: number }>(
      sql`select e.scenario, ${STEP_RESULT} as result, count(*) as n from ${STEPS_WITH_MESSAGES}
        join scenario_enrollments e on e.tenant_id = s.tenant_id and e.id = s.enrollment_id
        where s.tenant_id = ${tenantId} group by e.scenario, result`,
    )) {
      of(r.scenario).steps[r.result] = r.n;
    }
    for (const r of db.all<{ scenario: string; n: number }>(
      sql`select e.scenario, count(*) as n from ${DRAFTS}
        join scenario_enrollments e on e.tenant_id = s.tenant_id and e.id = s.enrollment_id
        where s.tenant_id = ${tenantId} and ${draftWaiting(clock())} group by e.scenario`,
    )) {
      of(r.scenario).awaitingValidation = r.n;
    }
    // The refund lookup spells its kind as a literal: it reads the partial index of refunds.
    for (const r of db.all<{ scenario: string; debited: number; refunded: number }>(
      sql`select e.scenario, coalesce(sum(-d.amount), 0) as debited, coalesce(sum(f.amount), 0) as refunded
        from scenario_steps s
        join scenario_enrollments e on e.tenant_id = s.tenant_id and e.id = s.enrollment_id
        join token_ledger d on d.tenant_id = s.tenant_id and d.id = s.debit_id
        left join token_ledger f on f.kind = 'refund' and f.ref_id = d.id
        where s.tenant_id = ${tenantId} group by e.scenario`,
    )) {
      Object.assign(of(r.scenario), { debited: r.debited, refunded: r.refunded });
    }
    for (const r of db.all<{ scenario: string; n: number }>(
      sql`select e.scenario, count(*) as n from scenario_enrollments e
        where e.tenant_id = ${tenantId} and ${REPLIED} group by e.scenario`,
    )) {
      of(r.scenario).replied = r.n;
    }
    for (const r of db.all<{ scenario: string; reason: string | null; n: number }>(
      sql`select scenario, reason, count(*) as n from scenario_enrollments
        where tenant_id = ${tenantId} and status = 'stopped' group by scenario, reason order by n desc, reason`,
    )) {
      of(r.scenario).stops.push({ reason: r.reason ?? "", count: r.n });
    }
    return [...byScenario.values()].sort((a, b) => b.total - a.total || a.scenario.localeCompare(b.scenario));
  }

  function enrollments(tenantId: number, filter: EnrollmentFilter): { total: number; rows: EnrollmentRow[] } {
    const conditions = [sql`e.tenant_id = ${tenantId}`, sql`e.scenario = ${filter.scenario}`];
    if (filter.state) conditions.push(sql`${STATE} = ${filter.state}`);
    if (filter.reason !== undefined)
      conditions.push(sql`e.status = 'stopped' and e.reason = ${filter.reason}`);
    if (filter.result) conditions.push(resultSql(filter.result, clock()));
    const where = sql.join(conditions, sql` and `);
    const total = db.get<{ n: number }>(sql`select count(*) as n from scenario_enrollments e where ${where}`);
    // Running ones first, the soonest due on top; then the most recently ended.
    const rows = db.all<{
      id: number;
      lead_id: number;
      status: EnrollmentStatus;
      state: AutomationState;
      current_step: number;
      next_run_at: number | null;
      reason: string | null;
      created_at: number;
      updated_at: number;
    }>(
      sql`select e.id, e.lead_id, e.status, ${STATE} as state, e.current_step, e.next_run_at, e.reason,
          e.created_at, e.updated_at
        from scenario_enrollments e where ${where}
        order by e.status not in ('active', 'paused'), e.next_run_at is null, e.next_run_at,
          e.updated_at desc, e.id desc
        limit ${filter.limit} offset ${filter.offset}`,
    );
    const leads = new Map(
      deps
        .load(
          tenantId,
          rows.map((r) => r.lead_id),
        )
        .map((l) => [l.id, l]),
    );
    return {
      total: total?.n ?? 0,
      rows: rows.map((r) => ({
        id: r.id,
        leadId: r.lead_id,
        leadName: leads.get(r.lead_id)?.name ?? `#${r.lead_id}`,
        company: leads.get(r.lead_id)?.company ?? null,
        status: r.status,
        state: r.state,
        currentStep: r.current_step,
        nextRunAt: r.next_run_at === null ? null : new Date(r.next_run_at),
        reason: r.reason,
        createdAt: new Date(r.created_at),
        updatedAt: new Date(r.updated_at),
      })),
    };
  }

  function runs(tenantId: number, limit = 20): N8nRunFigures[] {
    return db
      .all<{
        id: number;
        scenario: string;
        status: N8nRunStatus;
        lead_ids: string;
        attempts: number;
        http_status: number | null;
        error: string | null;
        debited: number;
        refunded: number;
        created_at: number;
        updated_at: number;
      }>(
        sql`select r.id, r.scenario, r.status, r.lead_ids, r.attempts, r.http_status, r.error,
            coalesce(-d.amount, 0) as debited, coalesce(f.amount, 0) as refunded, r.created_at, r.updated_at
          from n8n_runs r
          left join token_ledger d on d.tenant_id = r.tenant_id and d.id = r.debit_id
          left join token_ledger f on f.kind = 'refund' and f.ref_id = d.id
          where r.tenant_id = ${tenantId} order by r.id desc limit ${limit}`,
      )
      .map((r) => ({
        id: r.id,
        scenario: r.scenario,
        status: r.status,
        state: N8N_RUN_STATE[r.status],
        leadIds: JSON.parse(r.lead_ids) as number[],
        attempts: r.attempts,
        httpStatus: r.http_status,
        error: r.error,
        debited: r.debited,
        refunded: r.refunded,
        createdAt: new Date(r.created_at),
        updatedAt: new Date(r.updated_at),
      }));
  }

  return {
    /** Every scenario the tenant has enrolled leads in, with its figures, the most used first. */
    figures,
    /** A page of one scenario's enrollments, narrowed to a state, a stop reason or a result. */
    enrollments,
    /** The latest n8n runs, newest first, each with its debit and refund. */
    runs,
  };
}

export type AutomationReport = ReturnType<typeof automationReport>;
