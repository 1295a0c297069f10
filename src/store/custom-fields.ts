// Custom field definitions ("MAX Fields Rebuild"): their values live in the lead's custom_fields JSON,
// not in new SQL columns, so a tenant's schema change never migrates the shared database.
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { ALL_VERTICAL_FIELDS, FIELD_TYPES, type FieldSpec } from "../domain/index.js";
import type { AuditRepository } from "./audit.js";
import { inTransaction, type Scope, type StoreContext } from "./context.js";
import { StoreError } from "./errors.js";
import { customFieldDefinitions } from "./schema.js";
import { parseInput } from "./validate.js";

export type CustomFieldDefinition = typeof customFieldDefinitions.$inferSelect;

export const customFieldSchema = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, "nom en snake_case (a-z, 0-9, _), 2 à 40 caractères"),
    label: z.string().trim().min(1).max(80),
    type: z.enum(FIELD_TYPES),
    options: z.array(z.string().trim().min(1).max(60)).min(1).max(50).optional(),
  })
  .refine((f) => (f.type === "enum") === Boolean(f.options), {
    message: "les options sont requises pour un champ enum, et seulement pour lui",
    path: ["options"],
  });
export type NewCustomField = z.input<typeof customFieldSchema>;

export function customFieldRepository(ctx: StoreContext, audit: AuditRepository) {
  const { db } = ctx;
  const list = (tenantId: number): CustomFieldDefinition[] =>
    db.select().from(customFieldDefinitions).where(eq(customFieldDefinitions.tenantId, tenantId)).all();

  return {
    define(scope: Scope, input: NewCustomField): CustomFieldDefinition {
      const field = parseInput(customFieldSchema, input);
      if (ALL_VERTICAL_FIELDS.some((f) => f.name === field.name)) {
        throw new StoreError("CONFLICT", `« ${field.name} » est déjà un champ métier standard.`);
      }
      return inTransaction(ctx, () => {
        const row = db
          .insert(customFieldDefinitions)
          .values({ tenantId: scope.tenantId, entity: "lead", ...field, options: field.options ?? null })
          .onConflictDoNothing()
          .returning()
          .get();
        if (!row) throw new StoreError("CONFLICT", `Le champ « ${field.name} » existe déjà.`);
        audit.record(scope, {
          action: "custom_field.define",
          entity: "custom_field",
          entityId: row.id,
          after: row,
        });
        return row;
      });
    },

    list,

    specs(tenantId: number): FieldSpec[] {
      return list(tenantId).map((d) => ({
        name: d.name,
        type: d.type as FieldSpec["type"],
        options: d.options,
      }));
    },

    get(tenantId: number, name: string): CustomFieldDefinition | undefined {
      return db
        .select()
        .from(customFieldDefinitions)
        .where(and(eq(customFieldDefinitions.tenantId, tenantId), eq(customFieldDefinitions.name, name)))
        .get();
    },
  };
}

export type CustomFieldRepository = ReturnType<typeof customFieldRepository>;
