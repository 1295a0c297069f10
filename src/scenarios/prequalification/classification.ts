// What an answer to COACH-01 becomes: the seed's coaching fields (options from
// src/domain/vertical-fields.ts) plus a short summary for notes_coaching, as a zod schema the LLM's
// structured output is held to, and the lead fields it writes.
import { z } from "zod";
import { fieldsFor } from "../../domain/index.js";

const optionsOf = (name: string): [string, ...string[]] => {
  const options = fieldsFor("coaching").find((f) => f.name === name)?.options;
  if (!options?.length) throw new Error(`coaching field ${name} has no options`);
  return [...options] as [string, ...string[]];
};

export const classificationSchema = z.object({
  type_coaching: z.enum(optionsOf("type_coaching")),
  niveau_motivation: z.enum(optionsOf("niveau_motivation")),
  urgence_ressentie: z.enum(optionsOf("urgence_ressentie")).nullable(),
  budget_estime: z.enum(optionsOf("budget_estime")).nullable(),
  resume: z.string().max(400),
});

export type Classification = z.infer<typeof classificationSchema> & {
  /** Who classified: the model, or the offline heuristic (also when the model failed). */
  source: "llm" | "offline";
};

export type Classifier = (text: string) => Promise<Classification>;

const NOTES_MAX = 2_000;

type Levels = Pick<Classification, "niveau_motivation"> &
  Partial<Pick<Classification, "type_coaching" | "urgence_ressentie" | "budget_estime">>;

/** The lead's fields after the answer: only the classification fields, nothing else. */
export function leadFieldsOf(
  c: Levels,
  summary: string,
  current: Record<string, unknown>,
): Record<string, string> {
  const notes = typeof current.notes_coaching === "string" ? current.notes_coaching : "";
  const fields: Record<string, string> = {
    niveau_motivation: c.niveau_motivation,
    notes_coaching: [summary, notes].filter(Boolean).join("\n").slice(0, NOTES_MAX),
  };
  if (c.type_coaching) fields.type_coaching = c.type_coaching;
  if (c.urgence_ressentie) fields.urgence_ressentie = c.urgence_ressentie;
  if (c.budget_estime) fields.budget_estime = c.budget_estime;
  // Clear pain + commitment: to qualify on a call (a lead already qualified stays so).
  if (c.niveau_motivation === "forte" && current.qualification !== "qualifie")
    fields.qualification = "a_qualifier";
  return fields;
}
