// The scenario enrollment a tool acts on, or several: the Automatisation room pauses, resumes and
// stops its selection in one call (one card, one audit row, priced per enrollment). The model still
// sends one id: the list is left out of the schema it reads (model-schema.ts), as for leads.
import { z } from "zod";
import type { ToolContext } from "../src/agent/tool.js";
import { scenarioOf } from "../src/scenarios/definitions.js";
import { MAX_SEGMENT_ENROLLMENTS } from "../src/scenarios/enroll.js";
import type { Enrollment } from "../src/store/scenarios.js";

const enrollmentId = z.number().int().positive();

/** `enrollmentId`: one id (what the model sends) or a list of them (the dashboard's selection). */
export const enrollmentTarget = z.union(
  [enrollmentId, z.array(enrollmentId).min(1).max(MAX_SEGMENT_ENROLLMENTS).meta({ offered: false })],
  { error: `un numéro d'inscription, ou une liste de ${MAX_SEGMENT_ENROLLMENTS} au plus` },
);

export type EnrollmentTarget = z.output<typeof enrollmentTarget>;

/** Each id once, in the order given. */
export const enrollmentIds = (target: EnrollmentTarget): number[] =>
  Array.isArray(target) ? [...new Set(target)] : [target];

/** One id back to the single call (its card names the lead), several as the list. */
export const targetOf = (ids: number[]): EnrollmentTarget => (ids.length === 1 ? (ids[0] as number) : ids);

/** « l'inscription n°12 », « 3 inscriptions (n°12, 13, 14) »: for a card. */
export function enrollmentWords(target: EnrollmentTarget): string {
  const ids = enrollmentIds(target);
  if (ids.length === 1) return `l'inscription n°${ids[0]}`;
  const shown = ids.slice(0, 5).join(", ");
  return `${ids.length} inscriptions (n°${shown}${ids.length > 5 ? "…" : ""})`;
}

/** « Jean Dupont — « Relances après devis » (n°12) »: an enrollment as a reply names it. */
export function describeEnrollment(e: Enrollment, ctx: ToolContext): string {
  const lead = ctx.store.leads.get(ctx.tenant.id, e.leadId)?.name ?? `#${e.leadId}`;
  return `${lead} — « ${scenarioOf(e.scenario)?.label ?? e.scenario} » (n°${e.id})`;
}

/** The first three enrollments named, and how many in all when there are more. */
export function describeEnrollments(list: readonly Enrollment[], ctx: ToolContext): string {
  const named = list.slice(0, 3).map((e) => describeEnrollment(e, ctx));
  if (list.length <= 3) return named.join(" ; ");
  return `${list.length} inscriptions, dont ${named.join(" ; ")}…`;
}
