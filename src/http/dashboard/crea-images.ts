// The Espace Créa's images: POST /api/crea/images takes the raw bytes of one picture (its type read
// from the bytes, never from a name or a header: PNG, JPEG, GIF or WebP only, 2 Mo at most), keeps
// it under a random name in the media directory next to the database and answers its URL; GET
// /media/<name> serves it from our origin — to the preview and to the mail clients, without a session
// — with its stored type, nosniff and a long cache, and only for a name the uploads table knows.
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileTypeFromBuffer } from "file-type";
import { imageSize } from "image-size";
import { failure, signedIn } from "../../../channels/web/handler.js";
import { MEDIA_PATH } from "../../domain/email-html.js";
import { json, type Route } from "../../outbox/route.js";
import type { Store } from "../../store/index.js";

export const MAX_IMAGE_BYTES = 2 * 1024 * 1024;
/** Wider or taller than any picture a newsletter shows: a decompression bomb, not a photo. */
const MAX_IMAGE_SIDE = 10_000;

/** The types a mail client shows, by the MIME file-type reads from the bytes: the extension we store. */
const IMAGE_TYPES: Readonly<Record<string, string>> = {
  "image/png": "png",
  "image/jpeg": "jpg",
  "image/gif": "gif",
  "image/webp": "webp",
};

export const mediaUrl = (name: string) => `${MEDIA_PATH}${name}`;

/** Next to the database file (`data/max.db` -> `data/media/`); a database in memory gets a temp dir. */
export function mediaDirOf(dbPath: string): string {
  if (dbPath === "" || dbPath === ":memory:") return mkdtempSync(join(tmpdir(), "max-media-"));
  return join(dirname(dbPath), "media");
}

const megabytes = (bytes: number) =>
  `${new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 1 }).format(bytes / 1024 / 1024)} Mo`;

const TOO_LARGE = `Image trop lourde : ${megabytes(MAX_IMAGE_BYTES)} au plus. Réduisez-la (ou exportez-la en JPEG) et réessayez.`;

/** An SVG is text, which file-type does not name: said as such, since it is refused for its scripts. */
const looksLikeSvg = (bytes: Buffer) => /<svg[\s>]/i.test(bytes.subarray(0, 4096).toString("utf8"));

function refusedType(bytes: Buffer, detected: string | undefined): string {
  const what = looksLikeSvg(bytes)
    ? "une image SVG (refusée : elle peut contenir du code)"
    : detected
      ? `un fichier ${detected.toUpperCase()}`
      : "un format non reconnu";
  return `Fichier refusé : c'est ${what}. Envoyez une image PNG, JPEG, GIF ou WebP.`;
}

export function creaImageRoutes(store: Store): Route[] {
  const dir = mediaDirOf(store.path);
  return [
    {
      method: "POST",
      path: "/api/crea/images",
      bodyLimit: { bytes: MAX_IMAGE_BYTES, message: TOO_LARGE },
      handle: signedIn(store, async (req, me) => {
        const bytes = req.rawBody;
        if (bytes.length === 0) {
          return failure(
            400,
            "invalid_request",
            "Aucune image reçue : choisissez un fichier PNG, JPEG, GIF ou WebP.",
          );
        }
        const type = await fileTypeFromBuffer(bytes);
        const ext = type && IMAGE_TYPES[type.mime];
        if (!type || !ext) return failure(415, "invalid_request", refusedType(bytes, type?.ext));
        let size: { width: number; height: number };
        try {
          size = imageSize(bytes);
        } catch {
          return failure(
            400,
            "invalid_request",
            "Image illisible : le fichier semble abîmé. Exportez-la de nouveau.",
          );
        }
        if (size.width > MAX_IMAGE_SIDE || size.height > MAX_IMAGE_SIDE) {
          return failure(
            400,
            "invalid_request",
            `Image trop grande (${size.width} × ${size.height} pixels) : ${MAX_IMAGE_SIDE} pixels de côté au plus.`,
          );
        }
        const name = `${randomBytes(16).toString("hex")}.${ext}`;
        const file = join(dir, name);
        await mkdir(dir, { recursive: true });
        await writeFile(file, bytes, { flag: "wx" });
        try {
          store.uploads.create(
            { tenantId: me.tenant.id, actor: `user:${me.user.id}` },
            {
              name,
              mime: type.mime,
              bytes: bytes.length,
              width: size.width,
              height: size.height,
              createdBy: me.user.id,
            },
          );
        } catch (error) {
          await rm(file, { force: true });
          throw error;
        }
        return json(201, {
          name,
          url: mediaUrl(name),
          mime: type.mime,
          bytes: bytes.length,
          width: size.width,
          height: size.height,
        });
      }),
    },
    {
      method: "GET",
      path: MEDIA_PATH,
      prefix: true,
      handle: async (req) => {
        const upload = store.uploads.byName(req.url.pathname.slice(MEDIA_PATH.length));
        const body = upload && (await readFile(join(dir, upload.name)).catch(() => undefined));
        if (!upload || !body) return json(404, { error: "introuvable" });
        return {
          status: 200,
          headers: {
            "content-type": upload.mime,
            "content-length": String(body.length),
            "x-content-type-options": "nosniff",
            // The name changes with the content (a new upload, a new name): cached for good.
            "cache-control": "public, max-age=31536000, immutable",
            "content-security-policy": "default-src 'none'; sandbox",
            "referrer-policy": "no-referrer",
          },
          body,
        };
      },
    },
  ];
}
