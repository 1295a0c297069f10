// The images uploaded in the Espace Créa: one row per file kept on disk under its random name (the
// bytes themselves live in the media directory, written by the HTTP room). The public /media route
// finds a file by that name alone — mail clients fetch it without a session, so the unguessable name
// is the proof, and only a name recorded here is ever served.
import { eq } from "drizzle-orm";
import type { AuditRepository } from "./audit.js";
import { inTransaction, type Scope, type StoreContext } from "./context.js";
import { StoreError } from "./errors.js";
import { uploads } from "./schema.js";
import { requireInTenant } from "./tenant-ref.js";

export type Upload = typeof uploads.$inferSelect;

export interface NewUpload {
  name: string;
  mime: string;
  bytes: number;
  width: number | null;
  height: number | null;
  createdBy?: number | null;
}

/** 32 hex characters and the type's extension: what the HTTP room names a file, nothing else. */
export const UPLOAD_NAME = /^[0-9a-f]{32}\.(png|jpg|gif|webp)$/;

export function uploadRepository(ctx: StoreContext, audit: AuditRepository) {
  const { db, clock } = ctx;
  return {
    create(scope: Scope, input: NewUpload): Upload {
      if (!UPLOAD_NAME.test(input.name)) {
        throw new StoreError("INVALID_INPUT", `Nom de fichier refusé : ${input.name}.`);
      }
      return inTransaction(ctx, () => {
        requireInTenant(ctx, "Utilisateur", scope.tenantId, input.createdBy);
        const row = db
          .insert(uploads)
          .values({
            ...input,
            createdBy: input.createdBy ?? null,
            tenantId: scope.tenantId,
            createdAt: clock(),
          })
          .returning()
          .get();
        audit.record(scope, { action: "upload.create", entity: "upload", entityId: row.id, after: row });
        return row;
      });
    },

    /** The file of this name, whichever tenant uploaded it (the public route's look-up). */
    byName(name: string): Upload | undefined {
      if (!UPLOAD_NAME.test(name)) return undefined;
      return db.select().from(uploads).where(eq(uploads.name, name)).get();
    },
  };
}

export type UploadRepository = ReturnType<typeof uploadRepository>;
