// The fake's Lead schema: EspoCRM's stock Lead fields (Crm/Resources/metadata/entityDefs/Lead.json,
// trimmed), the custom fields the field manager adds, the attributes each field stores, and field
// validation with EspoCRM's failure types (valid, required, maxLength, pattern, emailAddress, array,
// arrayOfString, maxCount, min, max). Simplified: industry is free text, phones are checked for the
// E.164 shape (not against libphonenumber's numbering plans), one e-mail and one phone per lead.
import { normalizeDateTime } from "./php.js";

export interface FieldDefs {
  type: string;
  options?: string[];
  maxLength?: number;
  required?: boolean;
  readOnly?: boolean;
  default?: unknown;
  min?: number;
  max?: number;
  maxCount?: number;
  allowCustomOptions?: boolean;
  pattern?: string;
  isCustom?: boolean;
  audited?: boolean;
  [param: string]: unknown;
}

export interface AttributeDef {
  name: string;
  field: string;
  /** The value's type: the field's, or the part's for composite fields. */
  type: string;
  defs: FieldDefs;
  writable: boolean;
}

export const LEAD_STATUSES = ["New", "Assigned", "In Process", "Converted", "Recycled", "Dead"];
export const LEAD_SOURCES = [
  "",
  "Call",
  "Email",
  "Existing Customer",
  "Partner",
  "Public Relations",
  "Web Site",
  "Campaign",
  "Other",
];

export function stockLeadFields(): Record<string, FieldDefs> {
  return {
    name: { type: "personName", isPersonalData: true },
    salutationName: { type: "enum", options: ["", "Mr.", "Ms.", "Mrs.", "Dr."] },
    firstName: { type: "varchar", maxLength: 100, pattern: "$noBadCharacters" },
    lastName: { type: "varchar", maxLength: 100, pattern: "$noBadCharacters" },
    title: { type: "varchar", maxLength: 100 },
    status: { type: "enum", options: [...LEAD_STATUSES], default: "New", audited: true },
    source: { type: "enum", options: [...LEAD_SOURCES], default: "" },
    industry: { type: "varchar", maxLength: 100 },
    opportunityAmount: { type: "currency", min: 0, audited: true },
    website: { type: "url" },
    address: { type: "address" },
    emailAddress: { type: "email" },
    phoneNumber: { type: "phone" },
    doNotCall: { type: "bool", default: false, audited: true },
    description: { type: "text" },
    accountName: { type: "varchar", maxLength: 255 },
    assignedUser: { type: "link" },
    convertedAt: { type: "datetime", readOnly: true },
    createdAt: { type: "datetime", readOnly: true },
    modifiedAt: { type: "datetime", readOnly: true },
    createdBy: { type: "link", readOnly: true },
    modifiedBy: { type: "link", readOnly: true },
  };
}

/** Field types the field manager of the fake accepts, with the params each keeps. */
export const CUSTOM_FIELD_PARAMS: Record<string, string[]> = {
  varchar: ["required", "default", "maxLength", "options", "pattern", "audited", "readOnly"],
  text: ["required", "default", "maxLength", "audited", "readOnly"],
  wysiwyg: ["required", "default", "maxLength", "readOnly"],
  enum: ["required", "default", "options", "isSorted", "audited", "readOnly", "maxLength", "style"],
  multiEnum: [
    "required",
    "default",
    "options",
    "isSorted",
    "allowCustomOptions",
    "maxCount",
    "audited",
    "readOnly",
  ],
  array: [
    "required",
    "default",
    "options",
    "isSorted",
    "allowCustomOptions",
    "maxCount",
    "audited",
    "readOnly",
  ],
  checklist: ["required", "default", "options", "maxCount", "audited", "readOnly"],
  int: ["required", "default", "min", "max", "disableFormatting", "audited", "readOnly"],
  float: ["required", "default", "min", "max", "decimalPlaces", "audited", "readOnly"],
  bool: ["default", "audited", "readOnly"],
  date: ["required", "default", "audited", "readOnly"],
  datetime: ["required", "default", "audited", "readOnly"],
  url: ["required", "default", "maxLength", "audited", "readOnly"],
  currency: ["required", "default", "min", "max", "audited", "readOnly"],
};

const SYSTEM = new Set([
  "id",
  "deleted",
  "createdAt",
  "createdById",
  "modifiedAt",
  "modifiedById",
  "versionNumber",
]);

/** Every attribute of the lead's fields, by name. */
export function leadAttributes(fields: Record<string, FieldDefs>): Map<string, AttributeDef> {
  const out = new Map<string, AttributeDef>();
  const add = (name: string, field: string, type: string, defs: FieldDefs, writable: boolean) =>
    out.set(name, { name, field, type, defs, writable: writable && !SYSTEM.has(name) && !defs.readOnly });
  add("id", "id", "id", { type: "id" }, false);
  for (const [field, defs] of Object.entries(fields)) {
    switch (defs.type) {
      case "personName":
        add(field, field, "varchar", defs, false);
        break;
      case "address":
        for (const part of ["Street", "City", "State", "Country", "PostalCode"]) {
          add(`${field}${part}`, field, part === "Street" ? "text" : "varchar", { type: "varchar" }, true);
        }
        break;
      case "link":
        add(`${field}Id`, field, "id", defs, true);
        add(`${field}Name`, field, "varchar", defs, false);
        break;
      case "currency":
        add(field, field, "float", defs, true);
        add(`${field}Currency`, field, "varchar", { type: "varchar" }, true);
        break;
      case "email":
        add(field, field, "email", defs, true);
        add(`${field}IsOptedOut`, field, "bool", { type: "bool" }, true);
        add(`${field}IsInvalid`, field, "bool", { type: "bool" }, true);
        break;
      default:
        add(field, field, defs.type, defs, true);
    }
  }
  return out;
}

const ARRAY_TYPES = new Set(["array", "multiEnum", "checklist"]);
export const isArrayType = (type: string) => ARRAY_TYPES.has(type);

export type Checked = { value: unknown } | { error: string };

/** One value against its attribute: the value as stored, or EspoCRM's validation failure type. */
export function checkValue(attr: AttributeDef, raw: unknown): Checked {
  const defs = attr.defs;
  if (isArrayType(attr.type)) {
    if (raw === null) return defs.required ? { error: "required" } : { value: [] };
    if (!Array.isArray(raw)) return { error: "array" };
    if (!raw.every((v) => typeof v === "string")) return { error: "arrayOfString" };
    const allowAny = attr.type === "array" && (defs.allowCustomOptions || !defs.options);
    if (!allowAny && defs.options && raw.some((v) => !defs.options?.includes(v))) return { error: "valid" };
    if (defs.maxCount !== undefined && raw.length > defs.maxCount) return { error: "maxCount" };
    if (defs.required && raw.length === 0) return { error: "required" };
    return { value: [...raw] };
  }
  if (raw === null || raw === undefined) return defs.required ? { error: "required" } : { value: null };
  switch (attr.type) {
    case "enum": {
      if (typeof raw !== "string" || !(defs.options ?? []).includes(raw)) return { error: "valid" };
      if (defs.required && raw === "") return { error: "required" };
      return { value: raw };
    }
    case "bool":
      return typeof raw === "boolean" ? { value: raw } : { error: "valid" };
    case "int":
    case "float": {
      const n =
        typeof raw === "number" ? raw : typeof raw === "string" && raw.trim() ? Number(raw) : Number.NaN;
      if (!Number.isFinite(n) || (attr.type === "int" && !Number.isInteger(n))) return { error: "valid" };
      if (defs.min !== undefined && n < defs.min) return { error: "min" };
      if (defs.max !== undefined && n > defs.max) return { error: "max" };
      return { value: n };
    }
    case "date":
      return typeof raw === "string" && /^\d{4}-\d{2}-\d{2}$/.test(raw) ? { value: raw } : { error: "valid" };
    case "datetime": {
      const value = typeof raw === "string" ? normalizeDateTime(raw) : null;
      return value ? { value } : { error: "valid" };
    }
    default: {
      if (typeof raw === "object") return { error: "valid" };
      const text = String(raw);
      if (defs.required && text.trim() === "") return { error: "required" };
      if (defs.maxLength !== undefined && text.length > defs.maxLength) return { error: "maxLength" };
      if (defs.pattern === "$noBadCharacters" && /[<>=]/.test(text)) return { error: "pattern" };
      if (attr.type === "email" && text !== "" && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text)) {
        return { error: "emailAddress" };
      }
      if (attr.type === "phone" && text !== "" && !/^\+[1-9]\d{6,14}$/.test(text)) return { error: "valid" };
      return { value: text };
    }
  }
}
