// The editor's tools beside the HTML: buttons that insert a merge field where the cursor stands, and
// the picture that takes the « [Votre image ici] » placeholder's place — uploaded as raw bytes (its
// type and size are checked again by the server, from the bytes), then placed in the HTML.
import { useState } from "preact/hooks";
import { authHeaders } from "../../api";
import { placeholdersLeft } from "./image-slot";
import type { UploadedImage } from "./types";

const MAX_IMAGE_BYTES = 2 * 1024 * 1024;
const ACCEPTED = ["image/png", "image/jpeg", "image/gif", "image/webp"];

const megabytes = (bytes: number) =>
  `${new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 1 }).format(bytes / 1024 / 1024)} Mo`;

export function MergeFieldButtons(props: { fields: string[]; onInsert: (text: string) => void }) {
  return (
    <fieldset class="crea-fields">
      <legend>Insérer un champ de fusion</legend>
      {props.fields.map((f) => (
        <button key={f} type="button" onClick={() => props.onInsert(`{{${f}}}`)}>
          <span class="visually-hidden">Insérer </span>
          {`{{${f}}}`}
        </button>
      ))}
    </fieldset>
  );
}

type Status = { tone: "ok" | "error" | "busy"; text: string } | null;

async function upload(file: File): Promise<UploadedImage> {
  const res = await fetch("/api/crea/images", {
    method: "POST",
    headers: { "content-type": file.type || "application/octet-stream", ...authHeaders() },
    body: file,
  });
  const data = (await res.json().catch(() => ({}))) as Partial<UploadedImage> & {
    message?: string;
    error?: string;
  };
  if (!res.ok) throw new Error(data.message ?? data.error ?? `Envoi refusé (erreur ${res.status}).`);
  return data as UploadedImage;
}

export function ImageUpload(props: {
  html: string;
  placeholder: string;
  defaultAlt: string;
  /** Puts the picture in the HTML; says where. */
  onPlace: (image: UploadedImage, alt: string) => string;
}) {
  const [alt, setAlt] = useState("");
  const [status, setStatus] = useState<Status>(null);
  const left = placeholdersLeft(props.html, props.placeholder);

  async function choose(input: HTMLInputElement) {
    const file = input.files?.[0];
    input.value = "";
    if (!file) return;
    if (file.size > MAX_IMAGE_BYTES) {
      setStatus({ tone: "error", text: `Image trop lourde (${megabytes(file.size)}) : 2 Mo au plus.` });
      return;
    }
    if (file.type && !ACCEPTED.includes(file.type)) {
      setStatus({ tone: "error", text: "Fichier refusé : envoyez une image PNG, JPEG, GIF ou WebP." });
      return;
    }
    setStatus({ tone: "busy", text: "Envoi de l'image…" });
    try {
      const image = await upload(file);
      const where = props.onPlace(image, alt.trim() || props.defaultAlt);
      setStatus({ tone: "ok", text: `Image ajoutée (${image.width} × ${image.height} px) : ${where}` });
    } catch (e) {
      setStatus({ tone: "error", text: e instanceof Error ? e.message : "L'image n'a pas pu être envoyée." });
    }
  }

  return (
    <fieldset class="crea-image">
      <legend>Image</legend>
      <p class="hint" id="crea-image-hint">
        {left > 0
          ? `Elle remplace « ${props.placeholder} »${left > 1 ? ` (${left} emplacements restants)` : ""}.`
          : `Aucun emplacement « ${props.placeholder} » : elle sera insérée à l'endroit du curseur.`}{" "}
        PNG, JPEG, GIF ou WebP, 2 Mo au plus.
      </p>
      <label for="crea-image-alt">Description de l'image (lue à qui ne la voit pas)</label>
      <input
        id="crea-image-alt"
        value={alt}
        placeholder={props.defaultAlt}
        maxLength={200}
        onInput={(e) => setAlt(e.currentTarget.value)}
      />
      <label for="crea-image-file">Choisir une image</label>
      <input
        id="crea-image-file"
        type="file"
        accept={ACCEPTED.join(",")}
        aria-describedby="crea-image-hint"
        disabled={status?.tone === "busy"}
        onChange={(e) => choose(e.currentTarget)}
      />
      {status && (
        <p
          class={`crea-image-status tone-${status.tone}`}
          role={status.tone === "error" ? "alert" : "status"}
        >
          {status.text}
        </p>
      )}
    </fieldset>
  );
}
