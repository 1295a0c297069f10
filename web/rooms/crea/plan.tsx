// « Planifier l'envoi »: the segment (the CRM's filters: status, tag, heat, inactivity), the date and
// time (tomorrow 9 h by default, in the tenant's timezone), and — before anything is confirmed — who
// would receive it, how many are left out and why, and what it costs. « Planifier » hands the call to
// the editor, which runs schedule_campaign through the gate (the card in Assisté).
import { useEffect, useState } from "preact/hooks";
import { ApiError, get, queryString } from "../../api";
import { Dialog } from "../../components/dialog";
import { formatNumber, jetons, useApp } from "../../state";
import type { Audience, Segment } from "./types";

const AUDIENCE_DEBOUNCE_MS = 250;

const plural = (n: number, one: string, many = `${one}s`) => `${formatNumber(n)} ${n > 1 ? many : one}`;

const tagList = (tags: string) =>
  tags
    .split(",")
    .map((t) => t.trim())
    .filter(Boolean);

export interface PlanArgs {
  name: string;
  segment: Segment;
  at: string;
}

function Summary(props: { audience: Audience | null; error: string | null }) {
  const { audience, error } = props;
  if (error) return <p role="alert">{error}</p>;
  if (!audience) return <p>Calcul des destinataires…</p>;
  const { moment } = audience;
  return (
    <div class="crea-audience">
      {audience.recipients === 0 ? (
        <p>
          <strong>Aucun destinataire</strong> joignable par e-mail dans ce segment (
          {plural(audience.matched, "lead")}).
        </p>
      ) : (
        <dl class="card-facts">
          <dt>Destinataires</dt>
          <dd>{plural(audience.recipients, "lead")}</dd>
          <dt>Exclus</dt>
          <dd>
            {plural(audience.excluded, "lead")}
            {audience.excluded > 0 && " (sans e-mail, sans accord ou désinscrits)"}
          </dd>
          <dt>Coût</dt>
          <dd>
            {jetons(audience.cost)} <span class="hint">(par centaine de destinataires entamée)</span>
          </dd>
          {"atLabel" in moment && (
            <>
              <dt>Envoi</dt>
              <dd>le {moment.atLabel}</dd>
            </>
          )}
        </dl>
      )}
      {moment.problem && <p role="alert">{moment.problem}</p>}
    </div>
  );
}

export function PlanDialog(props: {
  defaultName: string;
  segment?: Segment;
  onPlan: (args: PlanArgs) => void;
  onClose: () => void;
}) {
  const { me } = useApp();
  const start = props.segment ?? {};
  const [name, setName] = useState(props.defaultName);
  const [status, setStatus] = useState<string[]>(start.status ?? []);
  const [tags, setTags] = useState((start.tag ?? []).join(", "));
  const [heat, setHeat] = useState(start.heat ?? "");
  const [inactiveDays, setInactiveDays] = useState(start.inactiveDays?.toString() ?? "");
  const [date, setDate] = useState("");
  const [time, setTime] = useState("");
  const [audience, setAudience] = useState<Audience | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    const timer = setTimeout(async () => {
      const days = inactiveDays.trim();
      try {
        const next = await get<Audience>(
          `/api/crea/audience${queryString({
            status,
            tag: tagList(tags),
            heat,
            inactiveDays: /^\d+$/.test(days) ? days : undefined,
            date,
            time,
          })}`,
        );
        if (!current) return;
        setAudience(next);
        setError(null);
        // The first answer brings the default moment: tomorrow 9 h in the tenant's timezone.
        if ("date" in next.moment && !date) {
          setDate(next.moment.date);
          setTime(next.moment.time);
        }
      } catch (e) {
        if (current)
          setError(e instanceof ApiError ? e.message : "Le segment n'a pas pu être compté : réessayez.");
      }
    }, AUDIENCE_DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [status, tags, heat, inactiveDays, date, time]);

  const moment = audience?.moment;
  const ready = audience !== null && audience.recipients > 0 && moment && "at" in moment && !moment.problem;

  function submit(e: Event) {
    e.preventDefault();
    if (!ready || !audience || !moment || !("at" in moment)) return;
    props.onPlan({ name: name.trim() || props.defaultName, segment: audience.segment, at: moment.at });
  }

  const toggle = (code: string, on: boolean) =>
    setStatus((all) => (on ? [...all, code] : all.filter((s) => s !== code)));

  return (
    <Dialog title="Planifier l'envoi" onClose={props.onClose}>
      <form class="crea-plan" onSubmit={submit}>
        <label for="plan-name">Nom de la campagne</label>
        <input id="plan-name" value={name} maxLength={120} onInput={(e) => setName(e.currentTarget.value)} />
        <fieldset class="crea-plan-status">
          <legend>Statut</legend>
          {me.pipeline.map((p) => (
            <label key={p.status} class="check">
              <input
                type="checkbox"
                checked={status.includes(p.status)}
                onChange={(e) => toggle(p.status, e.currentTarget.checked)}
              />
              {p.label}
            </label>
          ))}
        </fieldset>
        <div class="crea-plan-grid">
          <div>
            <label for="plan-tag">Tag</label>
            <input
              id="plan-tag"
              value={tags}
              autoComplete="off"
              onInput={(e) => setTags(e.currentTarget.value)}
            />
          </div>
          <div>
            <label for="plan-heat">Chaleur</label>
            <select id="plan-heat" value={heat} onChange={(e) => setHeat(e.currentTarget.value)}>
              <option value="">Toutes</option>
              {me.heats.map((h) => (
                <option key={h.value} value={h.value}>
                  {h.label}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label for="plan-inactive">Inactifs depuis (jours)</label>
            <input
              id="plan-inactive"
              type="number"
              min={0}
              max={3650}
              inputMode="numeric"
              value={inactiveDays}
              onInput={(e) => setInactiveDays(e.currentTarget.value)}
            />
          </div>
          <div>
            <label for="plan-date">Date d'envoi</label>
            <input
              id="plan-date"
              type="date"
              value={date}
              required
              onInput={(e) => setDate(e.currentTarget.value)}
            />
          </div>
          <div>
            <label for="plan-time">Heure {audience ? `(${audience.timezone})` : ""}</label>
            <input
              id="plan-time"
              type="time"
              value={time}
              required
              onInput={(e) => setTime(e.currentTarget.value)}
            />
          </div>
        </div>
        <div aria-live="polite">
          <Summary audience={audience} error={error} />
        </div>
        <div class="buttons">
          <button type="submit" class="primary" disabled={!ready}>
            Planifier
          </button>
          <button type="button" onClick={props.onClose}>
            Annuler
          </button>
        </div>
      </form>
    </Dialog>
  );
}
