// The argument schema as the model reads it: the tool's zod schema in JSON Schema, minus the keywords
// that only validate (lengths, patterns, bounds, closed or typed-open objects). The gate still validates
// every call against the full zod schema; the model only needs names, types, enums and what is
// required, and every keyword dropped here is prompt tokens saved on every turn.
import { z } from "zod";

const VALIDATION_ONLY = new Set([
  "$schema",
  "pattern",
  "minLength",
  "maxLength",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "propertyNames",
  "minItems",
  "maxItems",
]);

/** A branch marked `.meta({ offered: false })`: for the dashboard's calls, not offered to the model. */
const offered = (node: unknown) => (node as { offered?: unknown } | null)?.offered !== false;

function compact(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(compact);
  if (node === null || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (VALIDATION_ONLY.has(key)) continue;
    // A closed object validates; an open one's value types only validate too.
    if (key === "additionalProperties") continue;
    if (key === "anyOf" && Array.isArray(value) && !value.every(offered)) {
      // One lead or, from the dashboard, a list: the model reads only the one lead.
      const kept = value.filter(offered);
      if (kept.length === 1) Object.assign(out, compact(kept[0]));
      else out[key] = compact(kept);
      continue;
    }
    out[key] = compact(value);
  }
  return out;
}

export function modelSchema(schema: z.ZodType): Record<string, unknown> {
  return compact(z.toJSONSchema(schema, { io: "input", unrepresentable: "any" })) as Record<string, unknown>;
}
