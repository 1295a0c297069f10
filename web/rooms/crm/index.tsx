// The CRM room: the list of leads (#/crm), the pipeline board (#/crm/pipeline) and a lead's page
// (#/crm/lead/12).
import { Board } from "./board";
import { LeadPage } from "./lead";
import { LeadList } from "./list";

export function Crm(props: { path: string[] }) {
  const [view, id] = props.path;
  const tab = view === "pipeline" ? "pipeline" : view === "lead" ? "lead" : "list";
  return (
    <section class="room crm" aria-labelledby="room-title">
      <div class="room-head">
        <h1 id="room-title">CRM</h1>
        <nav aria-label="Vues du CRM" class="subnav">
          <a href="#/crm" aria-current={tab === "list" ? "page" : undefined}>
            Leads
          </a>
          <a href="#/crm/pipeline" aria-current={tab === "pipeline" ? "page" : undefined}>
            Pipeline
          </a>
        </nav>
      </div>
      {tab === "pipeline" ? <Board /> : tab === "lead" ? <LeadPage id={Number(id)} /> : <LeadList />}
    </section>
  );
}
