// The Espace Créa: the templates (M.A.X.'s five, the tenant's own, the drafts prepared in chat) at
// #/crea, one opened in the editor at #/crea/modele/<id>, #/crea/perso/<id> or #/crea/brouillon/<id>,
// and the campaigns planned from them at #/crea/campagnes.
import { Campaigns } from "./campaigns";
import { Editor } from "./editor";
import { LibraryPage } from "./library";
import { type DocKind, KIND_PATHS } from "./types";
import "./crea.css";

const KINDS = Object.fromEntries(Object.entries(KIND_PATHS).map(([kind, path]) => [path, kind])) as Record<
  string,
  DocKind
>;

export function Crea(props: { path: string[] }) {
  const [view = "", id = ""] = props.path;
  const kind = KINDS[view];
  const tab = view === "campagnes" ? "campaigns" : "templates";
  return (
    <section class="room crea" aria-labelledby="room-title">
      <div class="room-head">
        <h1 id="room-title">Espace Créa</h1>
        <nav aria-label="Vues de l'Espace Créa" class="subnav">
          <a href="#/crea" aria-current={tab === "templates" && !kind ? "page" : undefined}>
            Modèles
          </a>
          <a href="#/crea/campagnes" aria-current={tab === "campaigns" ? "page" : undefined}>
            Campagnes
          </a>
        </nav>
      </div>
      {kind && id ? (
        <Editor key={`${kind}-${id}`} kind={kind} id={id} />
      ) : tab === "campaigns" ? (
        <Campaigns />
      ) : (
        <LibraryPage />
      )}
    </section>
  );
}
