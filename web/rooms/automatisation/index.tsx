// The Automatisation room (issue 16): being built.
import { Soon } from "../soon";

export function Automatisation(_props: { path: string[] }) {
  return <Soon title="Automatisation" what="en construction." />;
}
