// The tiles: each figure of the period with its comparison to the previous one (the sign for the eye,
// the words for a screen reader), a link to the CRM list of those leads when there is one, and under
// each group what its figures count.
import { formatNumber } from "../../state";
import { compare } from "./format";
import type { Report, Tile, TileGroup } from "./types";

/** What each group's figures count, as the API defines them (src/http/dashboard/reporting-report.ts). */
function caption(group: TileGroup["id"], followUpDays: number): string {
  switch (group) {
    case "leads":
      return "Au total et actifs : en ce moment (actifs : ni gagnés ni perdus). Nouveaux : créés sur la période. Gagnés et perdus : passés à ce statut sur la période ; leur lien ouvre tous les leads à ce statut.";
    case "messages":
      return `Messages aux leads créés sur la période, selon où ils en sont maintenant (envoyés ou remis, en file, en échec). À relancer : leads en cours sans nouvelles depuis ${followUpDays} jours, en ce moment.`;
    case "campaigns":
      return "Campagnes planifiées, et e-mails de campagne envoyés, ouverts et cliqués sur la période (un clic compte comme une ouverture).";
    case "ai":
      return "Actions passées par M.A.X. (hors simples recherches), exécutées ou en échec sur la période ; une action dont l'envoi a échoué après son exécution compte dans les deux. En attente : cartes à confirmer en ce moment.";
  }
}

function TileBody(props: { tile: Tile }) {
  const { tile } = props;
  const delta = compare(tile.value, tile.previous);
  return (
    <>
      <span class="tile-label">{tile.label}</span>
      <span class="tile-value">{formatNumber(tile.value)}</span>
      {delta ? (
        <>
          <span class={`tile-delta delta-${delta.trend}`} aria-hidden="true">
            {delta.short}
          </span>
          <span class="visually-hidden">, {delta.words}</span>
        </>
      ) : (
        <span class="tile-delta tile-now">en ce moment</span>
      )}
    </>
  );
}

export function Tiles(props: { report: Report }) {
  const { report } = props;
  return (
    <div class="tile-groups">
      {report.groups.map((group) => (
        <section key={group.id} class="tile-group" aria-labelledby={`tiles-${group.id}`}>
          <h2 id={`tiles-${group.id}`}>{group.title}</h2>
          <ul class="tiles">
            {group.tiles.map((tile) => (
              <li key={tile.id} class="tile" data-tile={`${group.id}.${tile.id}`}>
                {tile.link ? (
                  <a href={tile.link.href} class="tile-box">
                    <TileBody tile={tile} />
                    <span class="visually-hidden">. Ouvrir la liste : {tile.link.list}</span>
                  </a>
                ) : (
                  <div class="tile-box">
                    <TileBody tile={tile} />
                  </div>
                )}
              </li>
            ))}
          </ul>
          <p class="caption">{caption(group.id, report.followUpDays)}</p>
        </section>
      ))}
    </div>
  );
}
