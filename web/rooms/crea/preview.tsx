// The editor's preview: the HTML as a recipient gets it (the server prepares it as the sender will,
// and merges it with a chosen lead's data), shown in a sandboxed frame of our own origin — no script
// runs in it. It follows the typing (debounced), and tells the editor which merge fields are unknown.
import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError, get, post, queryString } from "../../api";
import type { Preview } from "./types";

const PREVIEW_DEBOUNCE_MS = 300;
const SEARCH_DEBOUNCE_MS = 250;

export interface PickedLead {
  id: number;
  name: string;
  company: string | null;
}

function LeadPicker(props: { lead: PickedLead | null; onLead: (lead: PickedLead | null) => void }) {
  const [text, setText] = useState("");
  const [found, setFound] = useState<PickedLead[] | null>(null);

  useEffect(() => {
    const words = text.trim();
    if (!words) {
      setFound(null);
      return;
    }
    let current = true;
    const timer = setTimeout(async () => {
      try {
        const page = await get<{ leads: PickedLead[] }>(
          `/api/leads${queryString({ text: words, limit: 6 })}`,
        );
        if (current) setFound(page.leads);
      } catch {
        if (current) setFound([]);
      }
    }, SEARCH_DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [text]);

  return (
    <div class="crea-lead-picker">
      <label for="crea-lead">Aperçu avec les données d'un lead</label>
      <input
        id="crea-lead"
        type="search"
        value={text}
        autoComplete="off"
        placeholder="Nom, entreprise…"
        onInput={(e) => setText(e.currentTarget.value)}
      />
      {found && (
        <ul class="crea-lead-results" aria-label="Leads trouvés">
          {found.length === 0 && <li class="none">Aucun lead trouvé.</li>}
          {found.map((l) => (
            <li key={l.id}>
              <button
                type="button"
                class="link"
                onClick={() => {
                  props.onLead({ id: l.id, name: l.name, company: l.company });
                  setText("");
                }}
              >
                {l.name}
                {l.company ? ` — ${l.company}` : ""}
              </button>
            </li>
          ))}
        </ul>
      )}
      {props.lead ? (
        <p class="crea-lead-chosen">
          Aperçu pour <strong>{props.lead.name}</strong>.{" "}
          <button type="button" class="link" onClick={() => props.onLead(null)}>
            Revenir aux champs de fusion
          </button>
        </p>
      ) : (
        <p class="hint">Sans lead choisi, l'aperçu montre les champs de fusion tels quels.</p>
      )}
    </div>
  );
}

export function PreviewPane(props: {
  html: string;
  lead: PickedLead | null;
  onLead: (lead: PickedLead | null) => void;
  onChecked: (preview: Preview) => void;
}) {
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const seq = useRef(0);
  const checked = useRef(props.onChecked);
  checked.current = props.onChecked;
  const leadId = props.lead?.id ?? null;

  useEffect(() => {
    const mine = ++seq.current;
    const timer = setTimeout(async () => {
      try {
        const next = await post<Preview>("/api/crea/preview", { html: props.html, leadId });
        if (mine !== seq.current) return;
        setPreview(next);
        setError(null);
        checked.current(next);
      } catch (e) {
        if (mine === seq.current)
          setError(e instanceof ApiError ? e.message : "Aperçu indisponible : réessayez.");
      }
    }, PREVIEW_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [props.html, leadId]);

  return (
    <section class="crea-preview" aria-labelledby="crea-preview-title">
      <h3 id="crea-preview-title">Aperçu</h3>
      <LeadPicker lead={props.lead} onLead={props.onLead} />
      {error && <p role="alert">{error}</p>}
      {preview ? (
        <iframe class="crea-frame" sandbox="" src={preview.url} title="Aperçu de l'e-mail" />
      ) : (
        <p role="status">Préparation de l'aperçu…</p>
      )}
    </section>
  );
}
