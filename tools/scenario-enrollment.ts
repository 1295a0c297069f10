// The agent's scenario tools: enroll a lead or a segment in a follow-up scenario, pause or resume an
// enrollment, list enrollments. Enrolling writes the enrollment and its first step's job; the steps
// themselves are paid one by one when they run (auto follow-up).
import { z } from "zod";
import { defineTool, type ToolContext, type ToolResult } from "../src/agent/tool.js";
import { describeSegment, frenchMoment } from "../src/domain/index.js";
import { SEQUENCE_IDS, scenarioOf } from "../src/scenarios/definitions.js";
import {
  enrollLead,
  enrollSegment,
  MAX_SEGMENT_ENROLLMENTS,
  pauseEnrollment,
  resumeEnrollment,
} from "../src/scenarios/enroll.js";
import { StoreError } from "../src/store/index.js";
import { HEATS } from "../src/store/lead-input.js";
import type { Enrollment } from "../src/store/scenarios.js";
import { ENROLLMENT_STATUSES } from "../src/store/scenarios.js";
import {
  describeEnrollment,
  describeEnrollments,
  type EnrollmentTarget,
  enrollmentIds,
  enrollmentTarget,
  enrollmentWords,
} from "./enrollment-target.js";
import { bulkLeads, leadCount, leadTarget, someLeads, unitsOf } from "./lead-target.js";

const segmentSchema = z.strictObject({
  status: z.string().min(1).optional(),
  tag: z.string().min(1).optional(),
  heat: z.enum(HEATS).optional(),
  inactiveDays: z.number().int().min(0).max(3650).optional(),
});

const enrollSchema = z
  .object({
    // The pre-qualification has its own tool, and the digest is not for leads.
    scenario: z.enum(SEQUENCE_IDS),
    leadId: leadTarget(MAX_SEGMENT_ENROLLMENTS).optional(),
    segment: segmentSchema.optional(),
    at: z.iso.datetime({ offset: true }).optional().describe("date de livraison"),
  })
  .refine(
    (a) => (a.leadId === undefined) !== (a.segment === undefined),
    "indiquez soit leadId, soit segment",
  );

const label = (id: string) => scenarioOf(id)?.label ?? id;
const leadName = (ctx: ToolContext, id: number) => ctx.store.leads.get(ctx.tenant.id, id)?.name ?? `#${id}`;

class Rollback extends Error {}

/** The leads of the list the scenario can take now (tried and rolled back), and why the others cannot. */
function eligible(ctx: ToolContext, scenario: string, ids: number[], at: Date | undefined) {
  const kept: number[] = [];
  const reasons: string[] = [];
  try {
    ctx.store.transaction(() => {
      for (const leadId of ids) {
        try {
          enrollLead(ctx.store, ctx.scope, { leadId, scenario, at, enrolledBy: ctx.user?.id ?? null });
          kept.push(leadId);
        } catch (error) {
          if (!(error instanceof StoreError)) throw error;
          reasons.push(error.message);
        }
      }
      throw new Rollback();
    });
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
  }
  return { kept, reasons };
}

/** Several leads (the dashboard's selection): each enrolled, the card priced per lead enrolled. */
function enrollMany(a: z.output<typeof enrollSchema>, ids: number[], ctx: ToolContext): ToolResult {
  const at = a.at ? new Date(a.at) : undefined;
  const enrolled: number[] = [];
  for (const leadId of ids) {
    enrolled.push(
      enrollLead(ctx.store, ctx.scope, { leadId, scenario: a.scenario, at, enrolledBy: ctx.user?.id ?? null })
        .id,
    );
  }
  return {
    ok: true,
    summary: `${leadCount(enrolled.length)} inscrit${enrolled.length > 1 ? "s" : ""} dans « ${label(a.scenario)} ».`,
    data: { enrolled: enrolled.length, enrollmentIds: enrolled },
  };
}

export const enrollInScenario = defineTool({
  name: "enroll_in_scenario",
  description: "Inscrit un lead (leadId) ou un segment dans un scénario de relance.",
  schema: enrollSchema,
  effect: "write",
  costKey: "crm_change",
  units: (a) => (a.leadId === undefined ? 1 : unitsOf(a.leadId)),
  // Several leads: those the scenario cannot take (already in it, wrong status…) are left out of the
  // card, and not paid for.
  prepare(a, ctx) {
    if (!Array.isArray(a.leadId)) return { args: a };
    const leads = bulkLeads(ctx, a.leadId);
    if (!Array.isArray(leads)) return leads;
    const { kept, reasons } = eligible(
      ctx,
      a.scenario,
      leads.map((l) => l.id),
      a.at ? new Date(a.at) : undefined,
    );
    if (kept.length === 0) {
      const why = [...new Set(reasons)].slice(0, 3).join(" ");
      return { unavailable: `Aucun des ${leadCount(leads.length)} ne peut être inscrit. ${why}`.trim() };
    }
    return { args: { ...a, leadId: kept } };
  },
  preview: (a, ctx) =>
    `Inscrire ${Array.isArray(a.leadId) ? someLeads(ctx, a.leadId) : a.leadId !== undefined ? leadName(ctx, a.leadId) : `le segment « ${describeSegment(a.segment ?? {})} »`} dans « ${label(a.scenario)} »`,
  run: (a, ctx) => {
    const by = ctx.user?.id ?? null;
    const at = a.at ? new Date(a.at) : undefined;
    if (Array.isArray(a.leadId)) return enrollMany(a, a.leadId, ctx);
    if (a.leadId !== undefined) {
      const e = enrollLead(ctx.store, ctx.scope, {
        leadId: a.leadId,
        scenario: a.scenario,
        at,
        enrolledBy: by,
      });
      const next = e.nextRunAt ? ` Prochaine étape : ${frenchMoment(e.nextRunAt, ctx.tenant.timezone)}.` : "";
      return {
        ok: true,
        summary: `${leadName(ctx, a.leadId)} suit « ${label(a.scenario)} » (inscription n°${e.id}).${next}`,
        data: { enrollmentId: e.id },
      };
    }
    const r = enrollSegment(ctx.store, ctx.scope, a.scenario, a.segment ?? {}, by);
    if (r.enrolled.length === 0)
      return { ok: false, error: `Aucun lead inscrit. ${r.skipped.map((s) => s.reason).join(" ")}`.trim() };
    const skipped = r.skipped.length ? ` ${r.skipped.length} écarté(s).` : "";
    return {
      ok: true,
      summary: `${r.enrolled.length} lead(s) inscrit(s) dans « ${label(a.scenario)} ».${skipped}`,
      data: { enrolled: r.enrolled.length, skipped: r.skipped },
    };
  },
});

// One enrollment, or the Automatisation room's selection (one card, priced per enrollment).
const byId = z.object({ enrollmentId: enrollmentTarget });

const STATUS_WORDS: Record<string, string> = {
  active: "en cours",
  paused: "en pause",
  stopped: "arrêtée",
  completed: "terminée",
};

/** Whether each enrollment is still where the action left it. */
function stillIn(ctx: ToolContext, target: EnrollmentTarget, status: Enrollment["status"]): string | null {
  for (const id of enrollmentIds(target)) {
    const e = ctx.store.scenarios.get(ctx.tenant.id, id);
    if (!e) return "l'inscription n'existe plus.";
    if (e.status !== status)
      return `l'inscription n°${e.id} est ${STATUS_WORDS[e.status] ?? e.status} depuis.`;
  }
  return null;
}

export const pauseScenario = defineTool({
  name: "pause_scenario",
  description: "Met en pause une inscription à un scénario.",
  schema: byId,
  effect: "write",
  costKey: "crm_change",
  units: ({ enrollmentId }) => enrollmentIds(enrollmentId).length,
  changedSince: ({ args }, ctx) => stillIn(ctx, args.enrollmentId, "paused"),
  preview: ({ enrollmentId }) => `Mettre en pause ${enrollmentWords(enrollmentId)}`,
  run: ({ enrollmentId }, ctx) => {
    const paused = enrollmentIds(enrollmentId).map((id) => pauseEnrollment(ctx.store, ctx.scope, id));
    return {
      ok: true,
      summary: `En pause : ${describeEnrollments(paused, ctx)}.`,
      undo: { tool: "resume_scenario", args: { enrollmentId } },
    };
  },
});

export const resumeScenario = defineTool({
  name: "resume_scenario",
  description: "Reprend une inscription en pause.",
  schema: byId,
  effect: "write",
  costKey: "crm_change",
  units: ({ enrollmentId }) => enrollmentIds(enrollmentId).length,
  changedSince: ({ args }, ctx) => stillIn(ctx, args.enrollmentId, "active"),
  preview: ({ enrollmentId }) => `Reprendre ${enrollmentWords(enrollmentId)}`,
  run: ({ enrollmentId }, ctx) => {
    const resumed = enrollmentIds(enrollmentId).map((id) =>
      resumeEnrollment(ctx.store, ctx.scope, ctx.tenant, id),
    );
    return {
      ok: true,
      summary: `Reprise : ${describeEnrollments(resumed, ctx)}.`,
      undo: { tool: "pause_scenario", args: { enrollmentId } },
    };
  },
});

export const listEnrollments = defineTool({
  name: "list_enrollments",
  description: "Liste les inscriptions aux scénarios.",
  schema: z.object({
    leadId: z.number().int().positive().optional(),
    status: z.enum(ENROLLMENT_STATUSES).optional(),
  }),
  effect: "read",
  costKey: "read",
  preview: () => "Lister les inscriptions aux scénarios",
  run: (filter, ctx) => {
    const rows = ctx.store.scenarios.list(ctx.tenant.id, { ...filter, limit: 50 });
    if (rows.length === 0) return { ok: true, summary: "Aucune inscription.", data: [] };
    const lines = rows.map((e) => {
      const next =
        e.status === "active" && e.nextRunAt
          ? `, prochaine étape ${frenchMoment(e.nextRunAt, ctx.tenant.timezone)}`
          : "";
      return `${describeEnrollment(e, ctx)} : ${STATUS_WORDS[e.status] ?? e.status}${e.reason ? ` (${e.reason})` : ""}${next}`;
    });
    return {
      ok: true,
      summary: lines.join("\n"),
      data: rows.map((e) => ({ id: e.id, leadId: e.leadId, scenario: e.scenario, status: e.status })),
    };
  },
});
