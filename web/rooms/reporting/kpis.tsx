// The trade's indicators, for the tenants of that trade only: logistique (quotes handled and sent,
// reply rate, mean time to confirmation) and e-commerce (per campaign: sent, opened, clicked,
// conversions; WhatsApp replies). What cannot be computed is said in a sentence, never shown as 0.
import { formatNumber } from "../../state";
import { compare, daysWords, percent } from "./format";
import type { CampaignKpi, Kpi, Kpis as KpisData } from "./types";

const shown = (k: Pick<Kpi, "unit">, value: number) =>
  k.unit === "percent" ? percent(value) : k.unit === "days" ? daysWords(value) : formatNumber(value);

function Indicator(props: { kpi: Kpi }) {
  const { kpi } = props;
  if (kpi.value === null) {
    return (
      <li class="tile">
        <div class="tile-box">
          <span class="tile-label">{kpi.label}</span>
          <span class="tile-value tile-none">—</span>
          <span class="tile-delta tile-now">pas de donnée</span>
        </div>
      </li>
    );
  }
  // A count compares as a count; a rate or a delay says its previous value in words.
  const delta = kpi.unit === "count" ? compare(kpi.value, kpi.previous) : null;
  const before = kpi.unit !== "count" && kpi.previous !== null ? `avant : ${shown(kpi, kpi.previous)}` : null;
  const body = (
    <>
      <span class="tile-label">{kpi.label}</span>
      <span class="tile-value">{shown(kpi, kpi.value)}</span>
      {delta && (
        <>
          <span class={`tile-delta delta-${delta.trend}`} aria-hidden="true">
            {delta.short}
          </span>
          <span class="visually-hidden">, {delta.words}</span>
        </>
      )}
      {before && <span class="tile-delta tile-now">{before}</span>}
    </>
  );
  return (
    <li class="tile">
      {kpi.link ? (
        <a class="tile-box" href={kpi.link.href}>
          {body}
          <span class="visually-hidden">. Ouvrir la liste : {kpi.link.list}</span>
        </a>
      ) : (
        <div class="tile-box">{body}</div>
      )}
    </li>
  );
}

function CampaignRow(props: { c: CampaignKpi }) {
  const { c } = props;
  const cell = (n: number, key: keyof CampaignKpi["links"], rate?: number | null) => (
    <td class="num">
      <a href={c.links[key].href} aria-label={`${formatNumber(n)} : ${c.links[key].list}`}>
        {formatNumber(n)}
      </a>
      {rate !== undefined && rate !== null && <span class="muted"> ({percent(rate)})</span>}
    </td>
  );
  return (
    <tr>
      <th scope="row">{c.name}</th>
      {cell(c.sent, "sent")}
      {cell(c.opened, "opened", c.openRate)}
      {cell(c.clicked, "clicked", c.clickRate)}
      {cell(c.converted, "converted")}
    </tr>
  );
}

export function Kpis(props: { kpis: KpisData }) {
  const { kpis } = props;
  return (
    <section class="report-block" aria-labelledby="kpis-title">
      <h2 id="kpis-title">
        {kpis.vertical === "logistique" ? "Indicateurs logistique" : "Indicateurs e-commerce"}
      </h2>
      {kpis.vertical === "logistique" ? (
        <>
          <ul class="tiles">
            {kpis.items.map((k) => (
              <Indicator key={k.id} kpi={k} />
            ))}
          </ul>
          <p class="caption">
            Devis envoyés : leads passés au statut Devis envoyé sur la période. Devis traités : leads ayant
            reçu un devis passés à Gagné ou Perdu. Taux de réponse : part des devis de la période dont le lead
            a répondu depuis. Délai moyen de confirmation : du devis au passage à Gagné.
          </p>
        </>
      ) : (
        <>
          <p>
            Réponses WhatsApp sur la période : {formatNumber(kpis.whatsappReplies.current)} (période
            précédente : {formatNumber(kpis.whatsappReplies.previous)}).
          </p>
          {kpis.campaigns.length > 0 && (
            <table class="campaign-table">
              <caption>Campagnes envoyées sur la période</caption>
              <thead>
                <tr>
                  <th scope="col">Campagne</th>
                  <th scope="col">Envoyés</th>
                  <th scope="col">Ouvertures</th>
                  <th scope="col">Clics</th>
                  <th scope="col">Conversions</th>
                </tr>
              </thead>
              <tbody>
                {kpis.campaigns.map((c) => (
                  <CampaignRow key={c.id} c={c} />
                ))}
              </tbody>
            </table>
          )}
          <p class="caption">
            Conversions : destinataires devenus clients après l'envoi. Leur lien ouvre les destinataires qui
            sont clients en ce moment, y compris ceux qui l'étaient déjà.
          </p>
        </>
      )}
      {kpis.missing.map((m) => (
        <p key={m} class="kpi-missing">
          {m}
        </p>
      ))}
    </section>
  );
}
