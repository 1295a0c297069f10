// The Automatisation room: the tenant's automations (#/automatisation), « Créer une nouvelle
// automatisation » above them (#/automatisation/nouvelle, so the groups below change live once it is
// confirmed) and the leads enrolled in one scenario (#/automatisation/<scenario>, narrowed by state,
// result or stop reason). Every write is an action through the gate.
import { CreateAutomation } from "./create";
import { EnrolledLeads } from "./enrolled";
import { AutomationOverview } from "./overview";
import { NEW_PATH, narrowingOf } from "./types";
import "./automatisation.css";

export function Automatisation(props: { path: string[] }) {
  const [first, kind, value] = props.path;
  const creating = first === NEW_PATH;
  return (
    <section class="room automatisation" aria-labelledby="room-title">
      <div class="room-head">
        <h1 id="room-title">Automatisation</h1>
        {!creating && (
          <a class="button primary" href={`#/automatisation/${NEW_PATH}`}>
            Créer une nouvelle automatisation
          </a>
        )}
      </div>
      {creating && <CreateAutomation scenario={kind} />}
      {first && !creating ? (
        // Keyed by the address: another scenario or narrowing starts at its first page.
        <EnrolledLeads key={props.path.join("/")} scenario={first} narrowing={narrowingOf(kind, value)} />
      ) : (
        <AutomationOverview />
      )}
    </section>
  );
}
