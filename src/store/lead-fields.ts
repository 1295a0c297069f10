// Maps the seeds' snake_case vertical field names to lead columns, and validates values for a tenant.
import { checkFieldValue, type FieldValue, type Vertical } from "../domain/index.js";
import { StoreError } from "./errors.js";
import { leads } from "./schema.js";

export const VERTICAL_FIELD_COLUMNS = {
  secteur_b2b: "secteurB2b",
  taille_entreprise: "tailleEntreprise",
  type_besoin: "typeBesoin",
  budget_indicatif: "budgetIndicatif",
  resume_dossier: "resumeDossier",
  strategie_proposee: "strategieProposee",
  type_coaching: "typeCoaching",
  niveau_motivation: "niveauMotivation",
  budget_estime: "budgetEstime",
  urgence_ressentie: "urgenceRessentie",
  qualification: "qualification",
  no_show: "noShow",
  notes_coaching: "notesCoaching",
} as const satisfies Record<string, keyof typeof leads.$inferSelect>;

export type VerticalFieldColumn = (typeof VERTICAL_FIELD_COLUMNS)[keyof typeof VERTICAL_FIELD_COLUMNS];

export function columnOf(field: string) {
  const key = VERTICAL_FIELD_COLUMNS[field as keyof typeof VERTICAL_FIELD_COLUMNS];
  return key ? leads[key] : undefined;
}

/** Validates vertical field values and returns them keyed by lead column. */
export function verticalFieldValues(
  vertical: Vertical,
  fields: Record<string, unknown>,
): Partial<Record<VerticalFieldColumn, FieldValue>> {
  const out: Partial<Record<VerticalFieldColumn, FieldValue>> = {};
  for (const [name, value] of Object.entries(fields)) {
    const check = checkFieldValue(vertical, name, value);
    if (!check.ok) throw new StoreError("INVALID_FIELD", check.message, { field: name });
    out[VERTICAL_FIELD_COLUMNS[name as keyof typeof VERTICAL_FIELD_COLUMNS]] =
      name === "no_show" && check.value === null ? 0 : check.value;
  }
  return out;
}
