// Turns a zod failure into a StoreError whose message names the field, in French.
import type { z } from "zod";
import { StoreError } from "./errors.js";

export function parseInput<T>(schema: z.ZodType<T>, input: unknown): T {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const where = issue?.path.length ? `${issue.path.join(".")} : ` : "";
  throw new StoreError("INVALID_INPUT", `${where}${issue?.message ?? "entrée invalide"}`, {
    path: issue?.path,
  });
}
