// The plan of a new automation as the server computed it: each step with its date for a start now
// (or relative to each lead's appointment), who can be enrolled and why the others cannot, and what it
// costs now and as the messages go out.
import { formatNumber, jetons } from "../../state";
import { ScrollRegion } from "./scroll-region";
import type { Plan } from "./types";
import { leadsWord } from "./words";

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export function PlanView(props: { plan: Plan }) {
  const { plan } = props;
  const eligible = plan.leads.eligible.length;
  return (
    <div class="auto-plan">
      <h3>Étapes</h3>
      <p class="hint">
        {plan.dated
          ? `Pour un départ maintenant (${plan.startLabel}, heure de ${plan.timezone}) : les messages partent entre 9 h et 19 h les jours ouvrés.`
          : "Les dates suivent le rendez-vous de chaque lead."}
      </p>
      <ScrollRegion label="Tableau des étapes et de leurs dates">
        <table class="auto-steps">
          <caption class="visually-hidden">Étapes de « {plan.scenario.label} » et leurs dates</caption>
          <thead>
            <tr>
              <th scope="col">Étape</th>
              <th scope="col">Quand</th>
              <th scope="col">Date prévue</th>
              <th scope="col">Coût par lead</th>
            </tr>
          </thead>
          <tbody>
            {plan.steps.map((s) => (
              <tr key={s.index}>
                <th scope="row">{s.name}</th>
                <td>
                  {s.when} — {s.what}
                </td>
                <td>{s.at ? <time dateTime={s.at}>{s.atLabel}</time> : s.when}</td>
                <td>{s.cost === 0 ? "gratuit" : jetons(s.cost)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>

      <h3>Leads</h3>
      {plan.leads.tooMany ? (
        <p role="alert">
          {capitalized(plan.target)} : {leadsWord(plan.leads.matched)}, {formatNumber(plan.leads.max)} au plus
          par automatisation. Affinez le filtre.
        </p>
      ) : (
        <>
          <p>
            {capitalized(plan.target)} : {leadsWord(plan.leads.matched)} ;{" "}
            <strong>{formatNumber(eligible)}</strong> peuvent être inscrits.
          </p>
          {plan.leads.refused.length > 0 && (
            <ul class="auto-refused">
              {plan.leads.refused.map((r) => (
                <li key={r.reason}>
                  <details>
                    <summary>
                      {leadsWord(r.count)} écarté{r.count > 1 ? "s" : ""} : {r.reason}
                    </summary>
                    <ul>
                      {r.leads.map((l) => (
                        <li key={l.id}>
                          <a href={`#/crm/lead/${l.id}`}>{l.name}</a>
                        </li>
                      ))}
                      {r.count > r.leads.length && (
                        <li>et {formatNumber(r.count - r.leads.length)} autres</li>
                      )}
                    </ul>
                  </details>
                </li>
              ))}
            </ul>
          )}
        </>
      )}

      <h3>Coût</h3>
      <dl class="card-facts auto-cost">
        <dt>Inscription, maintenant</dt>
        <dd>{jetons(plan.cost.enrollment)}</dd>
        <dt>Messages, au fil des étapes</dt>
        <dd>
          {jetons(plan.cost.steps)} ({jetons(plan.cost.perLead)} par lead)
        </dd>
        <dt>Total prévu</dt>
        <dd>{jetons(plan.cost.total)}</dd>
      </dl>
    </div>
  );
}
