// COACH-01's trigger "a coaching lead is created": the call goes through the gate on behalf of the
// lead's coach, so the tenant's mode decides — Auto sends, Assisté prepares a pending action for the
// coach to confirm, Conseil only suggests. For whoever creates leads (an import, a form, the scheduler).
import { callTool, type GateOutcome } from "../../agent/gate.js";
import type { Lead } from "../../store/index.js";
import type { ScenarioDeps } from "../deps.js";
import { coachOf } from "./notify.js";
import { SCENARIO_ACTOR } from "./start.js";

export async function onCoachingLeadCreated(
  { store, tools, settings }: ScenarioDeps,
  lead: Lead,
): Promise<GateOutcome | undefined> {
  const tenant = store.tenants.require(lead.tenantId);
  if (tenant.vertical !== "coaching") return undefined;
  const coach = coachOf(store, tenant, lead);
  return callTool(
    {
      store,
      tools,
      tenant,
      user: coach ?? null,
      scope: { tenantId: tenant.id, actor: SCENARIO_ACTOR },
      mode: tenant.defaultMode,
      settings,
    },
    "start_prequalification",
    { leadId: lead.id },
  );
}
