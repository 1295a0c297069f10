// Vertical fields from the seeds. They are real columns of the lead; fields added later by
// "MAX Fields Rebuild" are custom fields stored in the lead's metadata instead.

import { checkValue, type FieldCheck, type FieldSpec } from "./field-values.js";
import type { Vertical } from "./pipelines.js";

const B2B_FIELDS: readonly FieldSpec[] = [
  { name: "secteur_b2b", type: "text" },
  { name: "taille_entreprise", type: "enum", options: ["solo", "TPE", "PME", "grande"] },
  { name: "type_besoin", type: "text" },
  { name: "budget_indicatif", type: "text" },
  { name: "resume_dossier", type: "text" },
  { name: "strategie_proposee", type: "text" },
];

const LEVELS = ["faible", "moyenne", "forte"] as const;
const COACHING_FIELDS: readonly FieldSpec[] = [
  { name: "type_coaching", type: "enum", options: ["business", "mindset", "relationnel", "autre"] },
  { name: "niveau_motivation", type: "enum", options: LEVELS },
  { name: "budget_estime", type: "enum", options: ["<100€", "100–500€", "500–2000€", ">2000€"] },
  { name: "urgence_ressentie", type: "enum", options: LEVELS },
  { name: "qualification", type: "enum", options: ["non_qualifie", "a_qualifier", "qualifie"] },
  { name: "no_show", type: "integer" },
  { name: "notes_coaching", type: "text" },
];

export const ALL_VERTICAL_FIELDS: readonly FieldSpec[] = [...B2B_FIELDS, ...COACHING_FIELDS];

export function fieldsFor(vertical: Vertical): readonly FieldSpec[] {
  if (vertical === "coaching") return COACHING_FIELDS;
  if (vertical === "b2b" || vertical === "logistique") return B2B_FIELDS;
  return [];
}

/** Validates one vertical field value for a tenant's vertical. */
export function checkFieldValue(vertical: Vertical, name: string, value: unknown): FieldCheck {
  const spec = fieldsFor(vertical).find((f) => f.name === name);
  if (spec) return checkValue(spec, value);
  const known = fieldsFor(vertical).map((f) => f.name);
  return {
    ok: false,
    message: `Champ « ${name} » inconnu. Champs disponibles : ${known.join(", ") || "aucun"}.`,
  };
}
