// send_scenario_step: sends one due step of a follow-up scenario (a relance). The scheduler calls it
// through the gate in Auto; in Assisté each due step becomes a pending action of this tool that the
// owner validates. It only sends a step the scheduler prepared (a draft or a due step), once.
import { z } from "zod";
import { defineTool } from "../src/agent/tool.js";
import { scenarioOf } from "../src/scenarios/definitions.js";
import { SEND_STEP_TOOL, sendStep } from "../src/scenarios/send-step.js";

export const sendScenarioStep = defineTool({
  name: SEND_STEP_TOOL,
  description: "Envoie une relance préparée par un scénario.",
  internal: true,
  schema: z.object({ enrollmentId: z.number().int().positive(), step: z.number().int().min(0) }),
  effect: "send",
  costKey: "auto_followup",
  preview: ({ enrollmentId, step }, { store, tenant }) => {
    const e = store.scenarios.get(tenant.id, enrollmentId);
    const def = e && scenarioOf(e.scenario);
    const lead = e && store.leads.get(tenant.id, e.leadId);
    return `Relance « ${def?.label ?? "scénario"} », étape ${def?.steps[step]?.key ?? step}, pour ${lead?.name ?? "le lead"}`;
  },
  run: ({ enrollmentId, step }, ctx) => sendStep(ctx, enrollmentId, step),
});
