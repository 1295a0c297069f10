// A tenant's own e-mail templates of the Espace Créa (the five of prompts/newsletters/ are files): a
// name used once per tenant, a subject, the HTML as edited, and the file template it started from.
// A body with a {{champ}} the sender cannot fill is refused here, whoever saves it.
import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import { mergeFieldRefusal } from "../domain/index.js";
import type { AuditRepository } from "./audit.js";
import { inTransaction, type Scope, type StoreContext } from "./context.js";
import { notFound, StoreError } from "./errors.js";
import { creaTemplates } from "./schema.js";
import { parseInput } from "./validate.js";

export const CREA_NAME_MAX = 80;
export const CREA_SUBJECT_MAX = 200;
/** An e-mail body far larger than any newsletter, well under the server's 1 MB request. */
export const CREA_HTML_MAX = 200_000;

export type CreaTemplate = typeof creaTemplates.$inferSelect;
export type CreaTemplateSummary = Omit<CreaTemplate, "bodyHtml">;

export const creaSubject = z
  .string({ error: "l'objet est attendu" })
  .trim()
  .min(1, { error: "l'objet est vide" })
  .max(CREA_SUBJECT_MAX, { error: `l'objet fait au plus ${CREA_SUBJECT_MAX} caractères` });

export const creaHtml = z
  .string({ error: "le HTML est attendu" })
  .min(1, { error: "le HTML est vide" })
  .max(CREA_HTML_MAX, { error: `le HTML fait au plus ${CREA_HTML_MAX} caractères` })
  .superRefine((html, ctx) => {
    const refusal = mergeFieldRefusal(html);
    if (refusal) ctx.addIssue({ code: "custom", message: refusal });
  });

const templateInput = z.object({
  name: z
    .string({ error: "le nom du modèle est attendu" })
    .trim()
    .transform((n) => n.replace(/\s+/g, " "))
    .pipe(
      z
        .string()
        .min(1, { error: "donnez un nom au modèle" })
        .max(CREA_NAME_MAX, { error: `le nom fait au plus ${CREA_NAME_MAX} caractères` }),
    ),
  subject: creaSubject,
  html: creaHtml,
  basedOn: z.string().max(80).nullish(),
});
export type CreaTemplateInput = z.input<typeof templateInput>;

const sameName = new Intl.Collator("fr", { sensitivity: "accent" });
const byName = new Intl.Collator("fr", { sensitivity: "base", numeric: true });

/** What the audit keeps of a template: not its body. */
const trace = (t: CreaTemplate) => ({ id: t.id, name: t.name, subject: t.subject, basedOn: t.basedOn });

export function creaTemplateRepository(ctx: StoreContext, audit: AuditRepository) {
  const { db, clock } = ctx;
  const get = (tenantId: number, id: number): CreaTemplate | undefined =>
    db
      .select()
      .from(creaTemplates)
      .where(and(eq(creaTemplates.tenantId, tenantId), eq(creaTemplates.id, id)))
      .get();
  const summaries = (tenantId: number): CreaTemplateSummary[] =>
    db
      .select({
        id: creaTemplates.id,
        tenantId: creaTemplates.tenantId,
        name: creaTemplates.name,
        subject: creaTemplates.subject,
        basedOn: creaTemplates.basedOn,
        createdBy: creaTemplates.createdBy,
        createdAt: creaTemplates.createdAt,
        updatedAt: creaTemplates.updatedAt,
      })
      .from(creaTemplates)
      .where(eq(creaTemplates.tenantId, tenantId))
      .orderBy(asc(creaTemplates.id))
      .all();
  /** « Relance » and « relance » are one name; « Été » and « Ete » are two. */
  const refuseTaken = (tenantId: number, name: string, except?: number) => {
    const taken = summaries(tenantId).find((t) => t.id !== except && sameName.compare(t.name, name) === 0);
    if (taken) {
      throw new StoreError(
        "CONFLICT",
        `Vous avez déjà un modèle nommé « ${taken.name} » : choisissez un autre nom.`,
        {
          id: taken.id,
        },
      );
    }
  };

  return {
    /** The tenant's templates without their bodies, by name as a French reader sorts them. */
    list(tenantId: number): CreaTemplateSummary[] {
      return summaries(tenantId).sort((a, b) => byName.compare(a.name, b.name) || a.id - b.id);
    },

    get,

    create(scope: Scope, input: CreaTemplateInput, createdBy: number | null = null): CreaTemplate {
      const { name, subject, html, basedOn } = parseInput(templateInput, input);
      return inTransaction(ctx, () => {
        refuseTaken(scope.tenantId, name);
        const now = clock();
        const row = db
          .insert(creaTemplates)
          .values({
            tenantId: scope.tenantId,
            name,
            subject,
            bodyHtml: html,
            basedOn: basedOn ?? null,
            createdBy,
            createdAt: now,
            updatedAt: now,
          })
          .returning()
          .get();
        audit.record(scope, {
          action: "crea_template.create",
          entity: "crea_template",
          entityId: row.id,
          after: trace(row),
        });
        return row;
      });
    },

    /** Replaces a template's name, subject and body. */
    update(scope: Scope, id: number, input: CreaTemplateInput): CreaTemplate {
      const { name, subject, html } = parseInput(templateInput, input);
      return inTransaction(ctx, () => {
        const before = get(scope.tenantId, id);
        if (!before) throw notFound("Modèle", id);
        refuseTaken(scope.tenantId, name, id);
        const after = db
          .update(creaTemplates)
          .set({ name, subject, bodyHtml: html, updatedAt: clock() })
          .where(and(eq(creaTemplates.tenantId, scope.tenantId), eq(creaTemplates.id, id)))
          .returning()
          .get();
        audit.record(scope, {
          action: "crea_template.update",
          entity: "crea_template",
          entityId: id,
          before: trace(before),
          after: trace(after),
        });
        return after;
      });
    },

    remove(scope: Scope, id: number): CreaTemplate {
      return inTransaction(ctx, () => {
        const before = get(scope.tenantId, id);
        if (!before) throw notFound("Modèle", id);
        db.delete(creaTemplates)
          .where(and(eq(creaTemplates.tenantId, scope.tenantId), eq(creaTemplates.id, id)))
          .run();
        audit.record(scope, {
          action: "crea_template.remove",
          entity: "crea_template",
          entityId: id,
          before: trace(before),
        });
        return before;
      });
    },
  };
}

export type CreaTemplateRepository = ReturnType<typeof creaTemplateRepository>;
