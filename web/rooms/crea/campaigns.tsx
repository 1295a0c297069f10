// The tenant's campaigns: name and subject, when, status in words, recipients and what became of them
// (sent, opened, clicked, bounced) — each count opens the matching leads in the CRM — and « Annuler »
// on one not yet started (cancel_campaign, through the gate). It follows the live stream: a campaign
// that starts, sends or is opened anywhere updates here.
import { useActions } from "../../actions";
import { LoadError } from "../../components/load-error";
import { formatNumber, jetons } from "../../state";
import type { CampaignRow } from "./types";
import { useLiveGet } from "./use-live-get";

const EVENTS = [
  { key: "sent", label: "Envoyés" },
  { key: "opened", label: "Ouverts" },
  { key: "clicked", label: "Cliqués" },
  { key: "bounced", label: "Rebonds" },
] as const;

export function Campaigns() {
  const { run } = useActions();
  const {
    data,
    error,
    reload: load,
  } = useLiveGet<{ campaigns: CampaignRow[] }>(
    "/api/crea/campaigns",
    ["campaign"],
    "Les campagnes n'ont pas pu être chargées : réessayez.",
  );
  const rows = data?.campaigns ?? null;

  async function cancel(row: CampaignRow) {
    await run("cancel_campaign", { campaignId: row.id });
    load();
  }

  if (error) {
    return <LoadError message={error} retry={load} />;
  }
  if (!rows) return <p role="status">Chargement des campagnes…</p>;
  if (rows.length === 0) {
    return (
      <p class="none">
        Aucune campagne pour le moment : ouvrez un <a href="#/crea">modèle</a> et choisissez « Planifier
        l'envoi ».
      </p>
    );
  }
  return (
    <section class="crea-campaigns" aria-labelledby="crea-campaigns-title">
      <h2 id="crea-campaigns-title">Campagnes</h2>
      <section
        class="crea-table-wrap"
        aria-label="Tableau des campagnes"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region is reached by keyboard too.
        tabIndex={0}
      >
        <table>
          <thead>
            <tr>
              <th scope="col">Campagne</th>
              <th scope="col">Envoi</th>
              <th scope="col">Statut</th>
              <th scope="col" class="num">
                Destinataires
              </th>
              {EVENTS.map((e) => (
                <th key={e.key} scope="col" class="num">
                  {e.label}
                </th>
              ))}
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((c) => (
              <tr key={c.id}>
                <th scope="row">
                  {c.name}
                  <span class="crea-campaign-subject">Objet : {c.subject}</span>
                </th>
                <td>
                  <time dateTime={c.scheduledAt}>{c.scheduledLabel}</time>
                </td>
                <td>
                  <span class={`crea-status st-${c.status}`}>{c.statusLabel}</span>
                  {c.error && <span class="crea-campaign-error">{c.error}</span>}
                </td>
                <td class="num">
                  {formatNumber(c.recipients)}
                  {c.excluded > 0 && <span class="hint"> ({formatNumber(c.excluded)} exclus)</span>}
                  <span class="hint crea-cost">Coût : {jetons(c.cost)}</span>
                </td>
                {EVENTS.map((e) => (
                  <td key={e.key} class="num">
                    <a
                      href={`#/crm?campaign=${c.id}&campaignEvent=${e.key}`}
                      aria-label={`${formatNumber(c.counts[e.key])} ${e.label.toLowerCase()} — voir les leads de « ${c.name} »`}
                    >
                      {formatNumber(c.counts[e.key])}
                    </a>
                  </td>
                ))}
                <td>
                  {c.status === "scheduled" && (
                    <button type="button" onClick={() => cancel(c)}>
                      Annuler<span class="visually-hidden"> la campagne « {c.name} »</span>
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </section>
  );
}
