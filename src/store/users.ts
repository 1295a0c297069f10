// Staff users of a tenant and their channel identities (Slack, WhatsApp, email, web, Bot Framework).
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { AuditRepository } from "./audit.js";
import { inTransaction, type Scope, type StoreContext } from "./context.js";
import { notFound, StoreError } from "./errors.js";
import { userIdentities, users } from "./schema.js";
import { parseInput } from "./validate.js";

export const ROLES = ["owner", "admin", "member"] as const;
export type Role = (typeof ROLES)[number];
export const IDENTITY_CHANNELS = ["slack", "whatsapp", "email", "web", "botframework"] as const;
export type IdentityChannel = (typeof IDENTITY_CHANNELS)[number];

export type User = Omit<typeof users.$inferSelect, "role"> & { role: Role };

const newUserSchema = z.object({
  name: z.string().trim().min(1, "un nom est requis").max(120),
  role: z.enum(ROLES),
  email: z.string().trim().toLowerCase().pipe(z.email("adresse e-mail invalide")).nullable().optional(),
});
export type UserIdentity = typeof userIdentities.$inferSelect;

export function userRepository(ctx: StoreContext, audit: AuditRepository) {
  const { db } = ctx;
  const get = (tenantId: number, id: number): User | undefined =>
    db
      .select()
      .from(users)
      .where(and(eq(users.tenantId, tenantId), eq(users.id, id)))
      .get() as User | undefined;

  return {
    create(scope: Scope, input: z.input<typeof newUserSchema>): User {
      const values = parseInput(newUserSchema, input);
      return inTransaction(ctx, () => {
        const user = db
          .insert(users)
          .values({ tenantId: scope.tenantId, ...values, email: values.email ?? null })
          .onConflictDoNothing()
          .returning()
          .get() as User | undefined;
        if (!user) throw new StoreError("CONFLICT", `Un utilisateur utilise déjà l'adresse ${values.email}.`);
        audit.record(scope, { action: "user.create", entity: "user", entityId: user.id, after: user });
        return user;
      });
    },

    get,

    list(tenantId: number): User[] {
      return db.select().from(users).where(eq(users.tenantId, tenantId)).orderBy(users.id).all() as User[];
    },

    /** The tenant's owner (the first one): who is told about the budget, and the demo's user. */
    owner(tenantId: number): User | undefined {
      return db
        .select()
        .from(users)
        .where(and(eq(users.tenantId, tenantId), eq(users.role, "owner")))
        .orderBy(users.id)
        .get() as User | undefined;
    },

    addIdentity(scope: Scope, userId: number, channel: IdentityChannel, externalId: string): UserIdentity {
      return inTransaction(ctx, () => {
        if (!get(scope.tenantId, userId)) throw notFound("Utilisateur", userId);
        const identity = db
          .insert(userIdentities)
          .values({ tenantId: scope.tenantId, userId, channel, externalId })
          .onConflictDoNothing()
          .returning()
          .get();
        if (!identity) throw new StoreError("CONFLICT", `L'identité ${channel} ${externalId} est déjà liée.`);
        audit.record(scope, {
          action: "user.identity.add",
          entity: "user",
          entityId: userId,
          after: identity,
        });
        return identity;
      });
    },

    identities(tenantId: number, userId: number): UserIdentity[] {
      return db
        .select()
        .from(userIdentities)
        .where(and(eq(userIdentities.tenantId, tenantId), eq(userIdentities.userId, userId)))
        .all();
    },

    /**
     * Removes a one-time identity (a login link) and returns its user: the delete is the claim, so
     * of two concurrent redemptions only one finds the row.
     */
    redeemIdentity(tenantId: number, channel: IdentityChannel, externalId: string): User | undefined {
      return inTransaction(ctx, () => {
        const row = db
          .delete(userIdentities)
          .where(
            and(
              eq(userIdentities.tenantId, tenantId),
              eq(userIdentities.channel, channel),
              eq(userIdentities.externalId, externalId),
            ),
          )
          .returning({ userId: userIdentities.userId })
          .get();
        if (!row) return undefined;
        const user = get(tenantId, row.userId);
        audit.record(
          { tenantId, actor: `user:${row.userId}` },
          { action: "user.identity.redeem", entity: "user", entityId: row.userId, after: { channel } },
        );
        return user;
      });
    },

    findByIdentity(tenantId: number, channel: IdentityChannel, externalId: string): User | undefined {
      const row = db
        .select({ userId: userIdentities.userId })
        .from(userIdentities)
        .where(
          and(
            eq(userIdentities.tenantId, tenantId),
            eq(userIdentities.channel, channel),
            eq(userIdentities.externalId, externalId),
          ),
        )
        .get();
      return row ? get(tenantId, row.userId) : undefined;
    },
  };
}

export type UserRepository = ReturnType<typeof userRepository>;
