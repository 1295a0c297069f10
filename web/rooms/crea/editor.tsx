// The editor of a template or a draft: the subject, the HTML (with buttons that insert the merge
// fields), the picture that replaces « [Votre image ici] », and beside it the live preview. An unknown
// merge field (« {{prenom}} ») is flagged as it is typed, and saving, the test e-mail and the
// planning are refused on the page until it is fixed (the server refuses them too). Saving keeps an
// own template or a draft; « Planifier l'envoi » runs schedule_campaign through the gate.
import { useEffect, useRef, useState } from "preact/hooks";
import { useActions } from "../../actions";
import { ApiError, get, post, queryString } from "../../api";
import { Dialog } from "../../components/dialog";
import { go } from "../../route";
import { useApp } from "../../state";
import { ImageUpload, MergeFieldButtons } from "./editor-tools";
import { imageTag, placeholdersLeft, replacePlaceholder } from "./image-slot";
import { type PlanArgs, PlanDialog } from "./plan";
import { type PickedLead, PreviewPane } from "./preview";
import {
  type DocKind,
  type EditedDoc,
  editorHref,
  type OwnTemplate,
  type Preview,
  type UploadedImage,
} from "./types";

interface Content {
  subject: string;
  html: string;
  name: string;
}

const SAVE_LABELS: Partial<Record<DocKind, string>> = {
  own: "Enregistrer le modèle",
  draft: "Enregistrer le brouillon",
};

export function Editor(props: { kind: DocKind; id: string }) {
  const { notify } = useApp();
  const { run } = useActions();
  const [doc, setDoc] = useState<EditedDoc | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [content, setContent] = useState<Content>({ subject: "", html: "", name: "" });
  const [saved, setSaved] = useState<Content | null>(null);
  const [check, setCheck] = useState<Preview | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [lead, setLead] = useState<PickedLead | null>(null);
  const [asking, setAsking] = useState<"name" | "plan" | null>(null);
  const [newName, setNewName] = useState("");
  const [busy, setBusy] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);
  const { subject, html, name } = content;
  const edit = (change: Partial<Content>) => setContent((c) => ({ ...c, ...change }));

  useEffect(() => {
    get<EditedDoc>(`/api/crea/template${queryString({ kind: props.kind, id: props.id })}`).then(
      (d) => {
        const loaded = { subject: d.subject, html: d.html, name: d.name ?? "" };
        setDoc(d);
        setContent(loaded);
        setSaved(loaded);
      },
      (e) =>
        setLoadError(e instanceof ApiError ? e.message : "Ce modèle n'a pas pu être ouvert : réessayez."),
    );
  }, [props.kind, props.id]);

  /** Puts text where the cursor stands (at the end if the HTML was never focused). */
  function insert(text: string) {
    const el = area.current;
    const start = el?.selectionStart ?? html.length;
    const end = el?.selectionEnd ?? start;
    edit({ html: html.slice(0, start) + text + html.slice(end) });
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(start + text.length, start + text.length);
    });
  }

  function placeImage(image: UploadedImage, alt: string): string {
    const tag = imageTag(image, alt);
    const placeholder = doc?.imagePlaceholder ?? "";
    const replaced = replacePlaceholder(html, placeholder, tag);
    if (replaced === null) {
      insert(tag);
      return "insérée à l'endroit du curseur.";
    }
    edit({ html: replaced });
    return `elle remplace « ${placeholder} ».`;
  }

  /** The server's check of the HTML as it is now; true (and said) when a merge field is unknown. */
  async function refusedNow(what: string): Promise<boolean> {
    setProblem(null);
    try {
      const fresh = await post<Preview>("/api/crea/preview", { html });
      setCheck(fresh);
      if (!fresh.refusal) return false;
      setProblem(`${what} refusé : ${fresh.refusal}`);
    } catch (e) {
      setProblem(e instanceof ApiError ? e.message : "Vérification impossible : réessayez.");
    }
    area.current?.focus();
    return true;
  }

  async function save(asNew: boolean) {
    if (!doc || (await refusedNow("Enregistrement"))) return;
    setBusy(true);
    try {
      if (asNew) {
        const basedOn = doc.kind === "file" ? String(doc.id) : (doc.basedOn ?? null);
        const { template } = await post<{ template: OwnTemplate }>("/api/crea/templates", {
          name: newName,
          subject,
          html,
          basedOn,
        });
        setAsking(null);
        notify(`Modèle « ${template.name} » enregistré.`, "success");
        go(editorHref("own", template.id));
      } else if (doc.kind === "own") {
        await post("/api/crea/templates", { id: doc.id, name, subject, html });
        setSaved(content);
        notify(`Modèle « ${name} » enregistré.`, "success");
      } else if (doc.kind === "draft") {
        await post("/api/crea/drafts", { id: doc.id, subject, html });
        setSaved(content);
        notify(`Brouillon n°${doc.id} enregistré.`, "success");
      }
    } catch (e) {
      setProblem(e instanceof ApiError ? e.message : "Enregistrement impossible : réessayez.");
    } finally {
      setBusy(false);
    }
  }

  async function sendTest() {
    if (await refusedNow("Envoi du test")) return;
    setBusy(true);
    try {
      const answer = await post<{ message: string }>("/api/crea/test-send", {
        subject,
        html,
        leadId: lead?.id ?? null,
      });
      notify(answer.message, "success");
    } catch (e) {
      setProblem(e instanceof ApiError ? e.message : "Le test n'a pas pu être mis en file : réessayez.");
    } finally {
      setBusy(false);
    }
  }

  async function openPlan() {
    if (await refusedNow("Planification")) return;
    const placeholder = doc?.imagePlaceholder ?? "";
    if (placeholder && placeholdersLeft(html, placeholder) > 0) {
      setProblem(
        `Remplacez « ${placeholder} » par une image avant de planifier l'envoi (section « Image »).`,
      );
      return;
    }
    setAsking("plan");
  }

  async function plan(args: PlanArgs) {
    if (!doc) return;
    setAsking(null);
    const outcome = await run("schedule_campaign", {
      name: args.name,
      subject,
      html,
      segment: args.segment,
      at: args.at,
      ...(doc.kind === "draft" ? { draftId: doc.id } : {}),
    });
    if (outcome.kind === "executed") go("#/crea/campagnes");
  }

  if (loadError) {
    return (
      <div class="crea-editor">
        <p role="alert">{loadError}</p>
        <p>
          <a href="#/crea">Revenir aux modèles</a>
        </p>
      </div>
    );
  }
  if (!doc) return <p role="status">Ouverture du modèle…</p>;
  const refusal = check?.refusal ?? null;
  const dirty = saved !== null && (saved.html !== html || saved.subject !== subject || saved.name !== name);
  const saveLabel = SAVE_LABELS[doc.kind];
  return (
    <div class="crea-editor">
      <p class="crea-back">
        <a href="#/crea">← Tous les modèles</a>
      </p>
      <h2>{doc.title}</h2>
      <p class="hint">
        Canal : {doc.channelLabel}
        {doc.channel === "whatsapp" && " — une campagne l'enverra par e-mail."}
        {doc.segmentWords && ` · Segment du brouillon : ${doc.segmentWords}`}
      </p>
      <div class="crea-columns">
        <section class="crea-edit" aria-labelledby="crea-edit-title">
          <h3 id="crea-edit-title">Contenu</h3>
          {doc.kind === "own" && (
            <>
              <label for="crea-name">Nom du modèle</label>
              <input
                id="crea-name"
                value={name}
                maxLength={80}
                onInput={(e) => edit({ name: e.currentTarget.value })}
              />
            </>
          )}
          <label for="crea-subject">Objet de l'e-mail</label>
          <input
            id="crea-subject"
            value={subject}
            maxLength={200}
            onInput={(e) => edit({ subject: e.currentTarget.value })}
          />
          <MergeFieldButtons fields={doc.mergeFields} onInsert={insert} />
          <label for="crea-html">HTML du message</label>
          <textarea
            id="crea-html"
            ref={area}
            value={html}
            rows={22}
            spellcheck={false}
            aria-invalid={refusal ? true : undefined}
            aria-describedby={refusal ? "crea-refusal" : undefined}
            onInput={(e) => edit({ html: e.currentTarget.value })}
          />
          {refusal && (
            <p id="crea-refusal" class="crea-refusal" role="alert">
              {refusal}
            </p>
          )}
          <ImageUpload
            html={html}
            placeholder={doc.imagePlaceholder}
            defaultAlt={subject || doc.title}
            onPlace={placeImage}
          />
          {problem && asking === null && (
            <p class="crea-problem" role="alert">
              {problem}
            </p>
          )}
          <div class="buttons crea-actions">
            {saveLabel && (
              <button type="button" class="primary" disabled={busy} onClick={() => save(false)}>
                {saveLabel}
              </button>
            )}
            <button
              type="button"
              disabled={busy}
              onClick={() => {
                setProblem(null);
                setNewName(doc.kind === "own" ? `${name} (copie)` : doc.title);
                setAsking("name");
              }}
            >
              Enregistrer comme nouveau modèle
            </button>
            <button type="button" disabled={busy} onClick={sendTest}>
              M'envoyer un test
            </button>
            <button type="button" disabled={busy} onClick={openPlan}>
              Planifier l'envoi
            </button>
          </div>
          <p class="hint" aria-live="polite">
            {dirty ? "Modifications non enregistrées. " : ""}Le test part à votre propre adresse : gratuit,
            aucun jeton débité.
          </p>
        </section>
        <PreviewPane html={html} lead={lead} onLead={setLead} onChecked={setCheck} />
      </div>

      {asking === "name" && (
        <Dialog title="Enregistrer comme nouveau modèle" onClose={() => setAsking(null)}>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              save(true);
            }}
          >
            <label for="crea-new-name">Nom du modèle</label>
            <input
              id="crea-new-name"
              value={newName}
              required
              maxLength={80}
              autoComplete="off"
              onInput={(e) => setNewName(e.currentTarget.value)}
            />
            {problem && <p role="alert">{problem}</p>}
            <div class="buttons">
              <button type="submit" class="primary" disabled={busy}>
                Enregistrer
              </button>
              <button type="button" onClick={() => setAsking(null)}>
                Annuler
              </button>
            </div>
          </form>
        </Dialog>
      )}
      {asking === "plan" && (
        <PlanDialog
          defaultName={subject || doc.title}
          segment={doc.segment}
          onPlan={plan}
          onClose={() => setAsking(null)}
        />
      )}
    </div>
  );
}
