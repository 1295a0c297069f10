// stop_scenario: ends one enrollment in a follow-up scenario, or the Automatisation room's selection,
// for good (stopByHand: « arrêt manuel »); no step of it runs any more. Offered to the dashboard's
// buttons only: the chat pauses and resumes, and the model's prompt stays as small as it is.
//
// Free (a correction, like an undo): a stop spends nothing and saves the steps it cancels, and a
// price on it would make someone think twice before stopping messages to a lead who asked for that.
// It still goes through the gate: a card in Assisté, a suggestion in Conseil, audited in every mode.
import { z } from "zod";
import { defineTool, type ToolContext } from "../src/agent/tool.js";
import { stopByHand } from "../src/scenarios/enroll.js";
import { StoreError } from "../src/store/index.js";
import type { Enrollment } from "../src/store/scenarios.js";
import {
  describeEnrollment,
  describeEnrollments,
  enrollmentIds,
  enrollmentTarget,
  enrollmentWords,
  targetOf,
} from "./enrollment-target.js";

const running = (e: Enrollment | undefined): e is Enrollment =>
  e?.status === "active" || e?.status === "paused";

const enrollmentsOf = (ctx: ToolContext, ids: number[]) =>
  ids.map((id) => ctx.store.scenarios.get(ctx.tenant.id, id));

export const stopScenario = defineTool({
  name: "stop_scenario",
  description: "Arrête définitivement une inscription à un scénario.",
  schema: z.object({ enrollmentId: enrollmentTarget }),
  effect: "write",
  costKey: "crm_change",
  free: true,
  dashboardOnly: true,
  // Those of the selection that already ended are left out of the card; none running is said at once.
  prepare(args, ctx) {
    const found = enrollmentsOf(ctx, enrollmentIds(args.enrollmentId));
    if (found.some((e) => e === undefined)) {
      return {
        unavailable: "Une inscription de la sélection est introuvable dans ce compte : rechargez la page.",
      };
    }
    const left = found.filter(running);
    if (left.length === 0) {
      const one = found.length === 1 ? found[0] : undefined;
      return {
        unavailable: one
          ? `${describeEnrollment(one, ctx)} est déjà terminée${one.reason ? ` (${one.reason})` : ""}.`
          : "Aucune de ces inscriptions n'est encore en cours : rien à arrêter.",
      };
    }
    return { args: { enrollmentId: targetOf(left.map((e) => e.id)) } };
  },
  preview: ({ enrollmentId }, ctx) => {
    const ids = enrollmentIds(enrollmentId);
    const one = ids.length === 1 ? ctx.store.scenarios.get(ctx.tenant.id, ids[0] as number) : undefined;
    const what = one ? describeEnrollment(one, ctx) : enrollmentWords(enrollmentId);
    return `Arrêter définitivement ${what} : plus aucune étape ne partira`;
  },
  run: ({ enrollmentId }, ctx) => {
    const stopped = enrollmentIds(enrollmentId).map((id) => {
      const e = stopByHand(ctx.store, ctx.scope, id);
      if (!e) throw new StoreError("CONFLICT", `L'inscription n°${id} vient de changer : réessayez.`);
      return e;
    });
    return {
      ok: true,
      summary: `Arrêté : ${describeEnrollments(stopped, ctx)}. Pour reprendre plus tard, inscrivez le lead à nouveau.`,
      data: { stopped: stopped.map((e) => e.id) },
    };
  },
});
