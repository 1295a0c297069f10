// The newsletter drafts M.A.X. prepared in chat (draft_newsletter): messages in status `draft` with an
// HTML body, listed in the Espace Créa and edited there (subject and body) while they are still drafts.
import { and, desc, eq, isNotNull } from "drizzle-orm";
import { z } from "zod";
import { htmlToText, IMAGE_PLACEHOLDER } from "../domain/index.js";
import type { AuditRepository } from "./audit.js";
import { inTransaction, type Scope, type StoreContext } from "./context.js";
import { creaHtml, creaSubject } from "./crea-templates.js";
import { notFound, StoreError } from "./errors.js";
import { messages } from "./schema.js";
import { parseInput } from "./validate.js";

export type CreaDraft = typeof messages.$inferSelect;
export type CreaDraftSummary = Pick<
  CreaDraft,
  "id" | "tenantId" | "channel" | "subject" | "template" | "segment" | "createdAt" | "updatedAt"
>;

const draftEdit = z.object({ subject: creaSubject, html: creaHtml });

/** A draft as the room lists it: a newsletter M.A.X. prepared, not yet planned or sent. */
const isDraft = (tenantId: number) =>
  and(
    eq(messages.tenantId, tenantId),
    eq(messages.status, "draft"),
    eq(messages.direction, "out"),
    isNotNull(messages.bodyHtml),
  );

export function creaDraftRepository(ctx: StoreContext, audit: AuditRepository) {
  const { db, clock } = ctx;
  const get = (tenantId: number, id: number): CreaDraft | undefined =>
    db
      .select()
      .from(messages)
      .where(and(isDraft(tenantId), eq(messages.id, id)))
      .get();

  return {
    /** The newest drafts first, without their bodies. */
    list(tenantId: number, limit = 50): CreaDraftSummary[] {
      return db
        .select({
          id: messages.id,
          tenantId: messages.tenantId,
          channel: messages.channel,
          subject: messages.subject,
          template: messages.template,
          segment: messages.segment,
          createdAt: messages.createdAt,
          updatedAt: messages.updatedAt,
        })
        .from(messages)
        .where(isDraft(tenantId))
        .orderBy(desc(messages.id))
        .limit(limit)
        .all();
    },

    get,

    /** New subject and body; the plain-text part follows (without the image placeholder, like the tool's). */
    update(scope: Scope, id: number, edit: z.input<typeof draftEdit>): CreaDraft {
      const { subject, html } = parseInput(draftEdit, edit);
      return inTransaction(ctx, () => {
        const before = get(scope.tenantId, id);
        if (!before) {
          const other = db
            .select({ status: messages.status })
            .from(messages)
            .where(and(eq(messages.tenantId, scope.tenantId), eq(messages.id, id)))
            .get();
          if (other) {
            throw new StoreError(
              "CONFLICT",
              `Le message n°${id} n'est plus un brouillon : enregistrez vos changements comme nouveau modèle.`,
            );
          }
          throw notFound("Brouillon", id);
        }
        const after = db
          .update(messages)
          .set({
            subject,
            bodyHtml: html,
            bodyText: htmlToText(html.replaceAll(IMAGE_PLACEHOLDER, "")),
            updatedAt: clock(),
          })
          .where(and(eq(messages.tenantId, scope.tenantId), eq(messages.id, id)))
          .returning()
          .get();
        audit.record(scope, {
          action: "message.draft.update",
          entity: "message",
          entityId: id,
          before: { subject: before.subject },
          after: { subject: after.subject },
        });
        return after;
      });
    },
  };
}

export type CreaDraftRepository = ReturnType<typeof creaDraftRepository>;
