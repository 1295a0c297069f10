// What a due step does, by the tenant's mode: Conseil only suggests (the digest shows it); Assisté
// turns a message into a draft, a pending action of send_scenario_step the owner validates; Auto
// sends it through the gate (debit of an auto follow-up, audit, refund when the send fails). Tasks
// and summaries are written in Assisté and Auto. Not enough tokens: the step waits.
import { payAndRun } from "../agent/gate.js";
import type { MaxTool } from "../agent/tool.js";
import { costOf, type SendChannel } from "../domain/index.js";
import type { Lead, Scope, Tenant } from "../store/index.js";
import type { Enrollment } from "../store/scenarios.js";
import type { ScenarioDefinition, ScenarioStep } from "./definitions.js";
import type { ScenarioDeps } from "./deps.js";
import { renderFor, SEND_STEP_TOOL, sendChecked, stepChannel } from "./send-step.js";
import { fill, mergeFields } from "./templates.js";

export type StepResult = "done" | "wait" | "end";
const DRAFT_TTL_MS = 3 * 86_400_000;

export interface StepContext extends ScenarioDeps {
  scope: Scope;
  tenant: Tenant;
}

/** The step's record: inserted as due, or the one a previous try left (a step that waited). */
function dueRecord(ctx: StepContext, e: Enrollment, index: number, step: ScenarioStep) {
  const { store, scope } = ctx;
  return (
    store.scenarios.recordStep(scope, e.id, { index, key: step.key, outcome: "due" }) ??
    store.scenarios.step(scope.tenantId, e.id, index)
  );
}

function previewOf(ctx: StepContext, e: Enrollment, def: ScenarioDefinition, step: ScenarioStep, lead: Lead) {
  const action = step.action;
  const what =
    action.kind === "message"
      ? `« ${renderFor(ctx.tenant, e, lead, action.template).text.slice(0, 160)} »`
      : action.kind === "task"
        ? fill(action.text, mergeFields(lead, ctx.tenant, e.anchorAt))
        : `résumé dans ${action.field}`;
  return `${def.label} (${step.key}) pour ${lead.name} : ${what}`;
}

function draft(
  ctx: StepContext,
  e: Enrollment,
  def: ScenarioDefinition,
  index: number,
  lead: Lead,
): StepResult {
  const { store, scope, tenant } = ctx;
  const step = def.steps[index] as ScenarioStep;
  const cost = costOf("auto_followup", tenant.costOverrides);
  const balance = store.ledger.spendable(tenant.id);
  if (balance < cost) return "wait";
  const record = dueRecord(ctx, e, index, step);
  if (record?.outcome !== "due") return "done";
  const action = store.pendingActions.create(scope, {
    tool: SEND_STEP_TOOL,
    args: { enrollmentId: e.id, step: index },
    preview: previewOf(ctx, e, def, step, lead),
    mode: "assiste",
    cost,
    balanceAfter: balance - cost,
    requesterId: e.enrolledBy,
    ttlMs: DRAFT_TTL_MS,
  });
  store.scenarios.updateStep(scope, record.id, ["due"], { outcome: "drafted", pendingActionId: action.id });
  return "done";
}

/**
 * Sends through the gate (debit, audit, refund on failure) with the checks the runner has just made
 * in this transaction, rather than the tool reading the enrollment, the lead and the replies again.
 */
function sendNow(
  ctx: StepContext,
  e: Enrollment,
  def: ScenarioDefinition,
  index: number,
  to: { lead: Lead; channel: SendChannel; template: string },
): StepResult {
  const { store, scope, tenant, settings, tools } = ctx;
  const step = def.steps[index] as ScenarioStep;
  const sender = tools.find(SEND_STEP_TOOL);
  if (!sender) throw new Error(`${SEND_STEP_TOOL} is missing from the tool set`);
  const record = dueRecord(ctx, e, index, step);
  if (record?.outcome !== "due") return "done";
  const checked = { ...to, e, def, record, step: index };
  const tool: MaxTool = { ...sender, run: (_args, toolCtx) => sendChecked(toolCtx, checked) };
  const gate = {
    store,
    tools,
    tenant,
    user: null,
    scope: { ...scope, mode: "auto" },
    settings,
    mode: "auto" as const,
  };
  const paid = payAndRun(
    gate,
    tool,
    { enrollmentId: e.id, step: index },
    costOf("auto_followup", tenant.costOverrides),
  );
  if (paid.kind === "insufficient") return "wait";
  if (!paid.result.ok) {
    store.scenarios.updateStep(scope, record.id, ["due"], { outcome: "failed", detail: paid.result.error });
  }
  return "done";
}

function writeStep(ctx: StepContext, e: Enrollment, step: ScenarioStep, index: number, lead: Lead): void {
  const { store, scope, tenant } = ctx;
  const action = step.action;
  const fields = mergeFields(lead, tenant, e.anchorAt);
  if (action.kind === "task") {
    store.activities.add(scope, lead.id, {
      kind: "note",
      body: `À faire : ${fill(action.text, fields)}`,
      meta: { task: true, scenario: e.scenario },
    });
  } else if (action.kind === "summary" && !lead.fields[action.field]) {
    const text = fill(renderFor(tenant, e, lead, action.template).text, fields);
    store.leads.update(scope, lead.id, { fields: { [action.field]: text } });
  }
  store.scenarios.recordStep(scope, e.id, { index, key: step.key, outcome: "done" });
}

export function performStep(
  ctx: StepContext,
  e: Enrollment,
  def: ScenarioDefinition,
  index: number,
  lead: Lead,
): StepResult {
  const { store, scope, tenant } = ctx;
  const step = def.steps[index] as ScenarioStep;
  if (step.onlyIfAppointment) {
    const appointment = e.appointmentId ? store.appointments.get(tenant.id, e.appointmentId) : undefined;
    if (!appointment || !step.onlyIfAppointment.includes(appointment.status)) return "end";
  }
  if (tenant.defaultMode === "conseil") {
    store.scenarios.recordStep(scope, e.id, {
      index,
      key: step.key,
      outcome: "suggested",
      detail: previewOf(ctx, e, def, step, lead),
    });
    return "done";
  }
  if (step.action.kind !== "message") {
    writeStep(ctx, e, step, index, lead);
    return "done";
  }
  const channel = stepChannel(ctx, def, lead);
  if (typeof channel !== "string") {
    store.scenarios.recordStep(scope, e.id, {
      index,
      key: step.key,
      outcome: "skipped",
      detail: `${lead.name} injoignable : ${channel.blocked}`.slice(0, 500),
    });
    return "done";
  }
  return tenant.defaultMode === "assiste"
    ? draft(ctx, e, def, index, lead)
    : sendNow(ctx, e, def, index, { lead, channel, template: step.action.template });
}
