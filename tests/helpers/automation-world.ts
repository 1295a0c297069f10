// For the Automatisation room's tests: what the room must show for a scenario, computed from the rows
// by this test code on its own (the room computes it in SQL) — each enrollment's state, the next step
// due, what its steps cost (debits less refunds) and will cost, what they did, who replied, why they
// stopped; a call through the gate as the page makes it; and waiting for the server's worker.
import { COST_TABLE } from "../../src/domain/index.js";
import { SCENARIOS, type SequenceId } from "../../src/scenarios/definitions.js";
import type { Store } from "../../src/store/index.js";
import type { Enrollment } from "../../src/store/scenarios.js";
import type { apiClient } from "./dashboard.js";
import { waitFor } from "./wait-for.js";

/** Runs a tool through the gate as the page does, confirming its card when one is asked. */
export async function act(api: ReturnType<typeof apiClient>, tool: string, args: Record<string, unknown>) {
  const asked = await api("POST", "/api/actions", { tool, args });
  if (asked.body.kind !== "pending") return asked.body;
  const { actionId } = asked.body.card as { actionId: number };
  return (await api("POST", "/api/actions/decide", { actionId, decision: "confirm" })).body;
}

/** The server's worker and outbox have done everything due now (the tests' clock does not move). */
export async function settled(store: Store, tenantId: number): Promise<void> {
  const jobs = store.ctx.sqlite.prepare<[number, number], { n: number }>(
    "select count(*) as n from scheduled_jobs where tenant_id = ? and status in ('pending', 'leased') and due_at <= ?",
  );
  const mails = store.ctx.sqlite.prepare<[number], { n: number }>(
    "select count(*) as n from messages where tenant_id = ? and status in ('queued', 'sending')",
  );
  await waitFor(() => jobs.get(tenantId, store.clock().getTime())?.n === 0 && mails.get(tenantId)?.n === 0, {
    timeoutMs: 30_000,
    what: "la fin des étapes et des envois",
  });
}

export type State = "scheduled" | "running" | "paused" | "done" | "failed";

/** An enrollment's state, as the room defines it, from its rows. */
export function stateOf(store: Store, e: Enrollment): State {
  const steps = store.scenarios.steps(e.tenantId, e.id);
  if (e.status === "paused") return "paused";
  if (e.status === "active") return steps.length ? "running" : "scheduled";
  const last = [...steps].sort((a, b) => b.stepIndex - a.stepIndex)[0];
  return last && ["failed", "skipped"].includes(last.outcome) ? "failed" : "done";
}

/** What the room must show for one scenario, computed here from the rows. */
export function expectedFigures(s: Store, tenantId: number, scenario: SequenceId) {
  const t = s.tenants.require(tenantId);
  const def = SCENARIOS[scenario];
  const ledger = s.ledger.entries(t.id, 100_000);
  const debits = new Map(ledger.filter((x) => x.kind === "debit").map((x) => [x.id, -x.amount]));
  const refunds = new Map(ledger.filter((x) => x.kind === "refund").map((x) => [x.refId, x.amount]));
  const states: Record<State, number> = { scheduled: 0, running: 0, paused: 0, done: 0, failed: 0 };
  const results = { sent: 0, queued: 0, failed: 0, skipped: 0, awaiting: 0, suggested: 0, replied: 0 };
  const stops = new Map<string, number>();
  let debited = 0;
  let refunded = 0;
  let left = 0;
  let next: Enrollment | undefined;
  const enrollments = s.scenarios.list(t.id, { limit: 100_000 }).filter((e) => e.scenario === scenario);
  for (const e of enrollments) {
    states[stateOf(s, e)] += 1;
    if (e.status === "active" && e.nextRunAt && (!next || e.nextRunAt < (next.nextRunAt as Date))) next = e;
    if (e.status === "active" || e.status === "paused") {
      left += def.steps.slice(e.currentStep).filter((step) => step.action.kind === "message").length;
    }
    if (e.status === "stopped") stops.set(e.reason ?? "", (stops.get(e.reason ?? "") ?? 0) + 1);
    const replies = s.messages
      .listByLead(t.id, e.leadId, 100)
      .filter((m) => m.direction === "in" && m.createdAt >= e.createdAt);
    if (replies.length) results.replied += 1;
    for (const step of s.scenarios.steps(t.id, e.id)) {
      if (step.debitId !== null) {
        debited += debits.get(step.debitId) ?? 0;
        refunded += refunds.get(step.debitId) ?? 0;
      }
      const message = step.messageId === null ? undefined : s.messages.get(t.id, step.messageId);
      if (step.outcome === "failed" || (step.outcome === "sent" && message?.status === "failed"))
        results.failed++;
      else if (step.outcome === "delivered" || (step.outcome === "sent" && message?.status === "sent"))
        results.sent++;
      else if (step.outcome === "sent" || step.outcome === "dispatched") results.queued++;
      else if (step.outcome === "skipped") results.skipped++;
      else if (step.outcome === "suggested") results.suggested++;
      else if (step.outcome === "drafted" && e.status !== "stopped" && step.pendingActionId !== null) {
        const card = s.pendingActions.get(t.id, step.pendingActionId);
        if (card?.status === "pending" && card.expiresAt > s.clock()) results.awaiting++;
      }
    }
  }
  return {
    total: enrollments.length,
    states,
    next,
    cost: {
      spent: debited - refunded,
      debited,
      refunded,
      expected: (left + results.awaiting) * COST_TABLE.auto_followup,
    },
    results: { ...results, stops: [...stops].map(([reason, count]) => ({ reason, count })) },
  };
}
