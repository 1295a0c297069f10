// The templates of the Espace Créa, each one click from the editor: M.A.X.'s five, the tenant's own
// (which can be deleted), and the newsletter drafts M.A.X. prepared in chat — the list follows the
// live stream, so a draft asked for in the chat appears here at once.
import { useState } from "preact/hooks";
import { ApiError, post } from "../../api";
import { Dialog } from "../../components/dialog";
import { LoadError } from "../../components/load-error";
import { useApp } from "../../state";
import { frenchDate } from "../crm/lead-format";
import { editorHref, type Library, type OwnTemplate } from "./types";
import { useLiveGet } from "./use-live-get";

function Section(props: { id: string; title: string; hint?: string; children: preact.ComponentChildren }) {
  return (
    <section class="crea-section" aria-labelledby={props.id}>
      <h2 id={props.id}>{props.title}</h2>
      {props.hint && <p class="hint">{props.hint}</p>}
      {props.children}
    </section>
  );
}

export function LibraryPage() {
  const { notify } = useApp();
  const {
    data: library,
    error,
    reload: load,
  } = useLiveGet<Library>(
    "/api/crea/templates",
    ["message"],
    "Les modèles n'ont pas pu être chargés : réessayez.",
  );
  const [removing, setRemoving] = useState<OwnTemplate | null>(null);

  async function remove(template: OwnTemplate) {
    try {
      await post("/api/crea/templates/delete", { id: template.id });
      notify(`Modèle « ${template.name} » supprimé.`, "success");
      await load();
    } catch (e) {
      notify(e instanceof ApiError ? e.message : "Le modèle n'a pas pu être supprimé.", "error");
    }
    setRemoving(null);
  }

  if (error) {
    return <LoadError message={error} retry={load} />;
  }
  if (!library) return <p role="status">Chargement des modèles…</p>;
  return (
    <div class="crea-library">
      <Section
        id="crea-files"
        title="Modèles M.A.X."
        hint="Ouvrez un modèle, adaptez-le et enregistrez-le comme le vôtre."
      >
        <ul class="crea-cards">
          {library.files.map((t) => (
            <li key={t.id} class="crea-card">
              <h3>
                <a href={editorHref("file", t.id)}>{t.title}</a>
              </h3>
              <p class="crea-subject">Objet : {t.subject}</p>
              <p class="hint">Canal : {t.channelLabel}</p>
            </li>
          ))}
        </ul>
      </Section>

      <Section id="crea-own" title="Vos modèles">
        {library.own.length === 0 ? (
          <p class="none">
            Aucun modèle enregistré : ouvrez un modèle M.A.X. et enregistrez-le comme nouveau modèle.
          </p>
        ) : (
          <ul class="crea-cards">
            {library.own.map((t) => (
              <li key={t.id} class="crea-card">
                <h3>
                  <a href={editorHref("own", t.id)}>{t.name}</a>
                </h3>
                <p class="crea-subject">Objet : {t.subject}</p>
                <p class="hint">Modifié le {frenchDate(t.updatedAt)}</p>
                <button type="button" class="link" onClick={() => setRemoving(t)}>
                  Supprimer<span class="visually-hidden"> le modèle « {t.name} »</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </Section>

      <Section
        id="crea-drafts"
        title="Brouillons préparés par M.A.X."
        hint="Demandez dans le chat « prépare une newsletter… » : le brouillon arrive ici, prêt à relire."
      >
        {library.drafts.length === 0 ? (
          <p class="none">Aucun brouillon pour le moment.</p>
        ) : (
          <ul class="crea-cards">
            {library.drafts.map((d) => (
              <li key={d.id} class="crea-card">
                <h3>
                  <a href={editorHref("draft", d.id)}>
                    Brouillon n°{d.id}
                    {d.templateTitle ? ` — ${d.templateTitle}` : ""}
                  </a>
                </h3>
                <p class="crea-subject">Objet : {d.subject || "sans objet"}</p>
                <p class="hint">
                  {d.channelLabel} · pour {d.segment} · préparé le {frenchDate(d.createdAt)}
                </p>
              </li>
            ))}
          </ul>
        )}
      </Section>

      {removing && (
        <Dialog title="Supprimer le modèle" onClose={() => setRemoving(null)}>
          <p>
            Supprimer définitivement le modèle « {removing.name} » ? Les campagnes déjà planifiées ne changent
            pas.
          </p>
          <div class="buttons">
            <button type="button" class="primary" onClick={() => remove(removing)}>
              Supprimer
            </button>
            <button type="button" onClick={() => setRemoving(null)}>
              Annuler
            </button>
          </div>
        </Dialog>
      )}
    </div>
  );
}
