// Field specs and value checks shared by vertical fields and custom fields ("MAX Fields Rebuild").
export const FIELD_TYPES = ["text", "enum", "integer", "number", "boolean", "date"] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export interface FieldSpec {
  name: string;
  type: FieldType;
  options?: readonly string[] | null;
}

export type FieldValue = string | number | boolean | null;
export type FieldCheck = { ok: true; value: FieldValue } | { ok: false; message: string };

const fail = (message: string): FieldCheck => ({ ok: false, message });

export function checkValue(spec: FieldSpec, value: unknown): FieldCheck {
  const { name } = spec;
  if (value === null) return { ok: true, value: null };
  switch (spec.type) {
    case "integer":
    case "number": {
      const n =
        typeof value === "number"
          ? value
          : typeof value === "string" && value.trim()
            ? Number(value)
            : Number.NaN;
      if (!Number.isFinite(n)) return fail(`Le champ ${name} attend un nombre.`);
      if (spec.type === "integer" && (!Number.isInteger(n) || n < 0))
        return fail(`Le champ ${name} attend un entier positif.`);
      return { ok: true, value: n };
    }
    case "boolean":
      return typeof value === "boolean"
        ? { ok: true, value }
        : fail(`Le champ ${name} attend oui ou non (true/false).`);
    case "date":
      return typeof value === "string" && /^\d{4}-\d{2}-\d{2}/.test(value) && !Number.isNaN(Date.parse(value))
        ? { ok: true, value }
        : fail(`Le champ ${name} attend une date AAAA-MM-JJ.`);
    case "enum":
      if (typeof value === "string" && spec.options?.includes(value)) return { ok: true, value };
      return fail(
        `Valeur « ${String(value)} » invalide pour ${name}. Valeurs permises : ${spec.options?.join(", ")}.`,
      );
    case "text":
      return typeof value === "string" ? { ok: true, value } : fail(`Le champ ${name} attend du texte.`);
  }
}
