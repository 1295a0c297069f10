// Tenants: the root of every scope. Plan, vertical, extensions, default mode and timezone.
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Extension, Mode, Plan, Vertical } from "../domain/index.js";
import {
  COST_KEYS,
  type CostKey,
  EXTENSIONS,
  isValidTimezone,
  MODES,
  PLANS,
  VERTICALS,
} from "../domain/index.js";
import type { AuditRepository } from "./audit.js";
import { compiled } from "./compiled-query.js";
import { inTransaction, type Scope, type StoreContext } from "./context.js";
import { notFound, StoreError } from "./errors.js";
import { tenants } from "./schema.js";
import { parseInput } from "./validate.js";

export interface Tenant {
  id: number;
  slug: string;
  name: string;
  plan: Plan;
  vertical: Vertical;
  extensions: Extension[];
  defaultMode: Mode;
  timezone: string;
  locale: string;
  costOverrides: Record<string, number>;
  /** Base of the tenant's n8n webhooks; a scenario is posted to `${n8nWebhookUrl}/${scenario}`. */
  n8nWebhookUrl: string | null;
  createdAt: Date;
}

/**
 * An n8n webhook base: http(s), no query or fragment (the scenario is appended as a path segment),
 * stored without its trailing slashes.
 */
export const webhookUrlSchema = z
  .url({ protocol: /^https?$/, error: "une URL http:// ou https://, p. ex. https://n8n.exemple.fr/webhook" })
  .refine((u) => !u.includes("?") && !u.includes("#"), "une URL sans paramètres ni fragment (? ou #)")
  .transform((u) => u.replace(/\/+$/, ""));

const settingsSchema = z.object({
  name: z.string().trim().min(1).max(120),
  plan: z.enum(PLANS),
  vertical: z.enum(VERTICALS),
  extensions: z.array(z.enum(EXTENSIONS)),
  defaultMode: z.enum(MODES),
  timezone: z.string().refine(isValidTimezone, "fuseau horaire IANA inconnu"),
  locale: z.enum(["fr", "en"]),
  costOverrides: z.partialRecord(
    z.enum(COST_KEYS as [CostKey, ...CostKey[]]),
    z.number().int().min(0).max(10_000),
  ),
  n8nWebhookUrl: webhookUrlSchema.nullable(),
});

export const newTenantSchema = settingsSchema.partial().extend({
  slug: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, "minuscules, chiffres et tirets (2 à 63 caractères)"),
  name: settingsSchema.shape.name,
  plan: settingsSchema.shape.plan,
  vertical: settingsSchema.shape.vertical,
});
export type NewTenant = z.input<typeof newTenantSchema>;
export type TenantSettings = Partial<z.input<typeof settingsSchema>>;

const toTenant = (row: typeof tenants.$inferSelect): Tenant => row as Tenant;

export function tenantRepository(ctx: StoreContext, audit: AuditRepository) {
  const { db } = ctx;
  // Every repository resolves the tenant on each call: prepared once.
  const byId = compiled(
    db
      .select()
      .from(tenants)
      .where(eq(tenants.id, sql.placeholder("id")))
      .prepare(),
  );
  const get = (id: number): Tenant | undefined => {
    const row = byId.get({ id });
    return row && toTenant(row);
  };
  return {
    create(input: NewTenant, actor = "system"): Tenant {
      const values = parseInput(newTenantSchema, input);
      return inTransaction(ctx, () => {
        if (db.select({ id: tenants.id }).from(tenants).where(eq(tenants.slug, values.slug)).get()) {
          throw new StoreError("CONFLICT", `Le tenant « ${values.slug} » existe déjà.`);
        }
        const tenant = toTenant(db.insert(tenants).values(values).returning().get());
        audit.record(
          { tenantId: tenant.id, actor },
          { action: "tenant.create", entity: "tenant", entityId: tenant.id, after: tenant },
        );
        return tenant;
      });
    },

    get,

    require(id: number): Tenant {
      const tenant = get(id);
      if (!tenant) throw notFound("Tenant", id);
      return tenant;
    },

    getBySlug(slug: string): Tenant | undefined {
      const row = db.select().from(tenants).where(eq(tenants.slug, slug)).get();
      return row && toTenant(row);
    },

    list(): Tenant[] {
      return db.select().from(tenants).orderBy(tenants.id).all().map(toTenant);
    },

    update(scope: Scope, settings: TenantSettings): Tenant {
      const values = parseInput(settingsSchema.partial(), settings);
      return inTransaction(ctx, () => {
        const before = get(scope.tenantId);
        if (!before) throw notFound("Tenant", scope.tenantId);
        if (Object.keys(values).length === 0) return before;
        const after = toTenant(
          db.update(tenants).set(values).where(eq(tenants.id, scope.tenantId)).returning().get(),
        );
        audit.record(scope, { action: "tenant.update", entity: "tenant", entityId: after.id, before, after });
        return after;
      });
    },
  };
}

export type TenantRepository = ReturnType<typeof tenantRepository>;
