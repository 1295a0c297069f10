// The Crea room (issue 16): being built.
import { Soon } from "../soon";

export function Crea(_props: { path: string[] }) {
  return <Soon title="Crea" what="en construction." />;
}
