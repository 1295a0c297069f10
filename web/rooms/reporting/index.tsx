// The Reporting room (issue 16): being built.
import { Soon } from "../soon";

export function Reporting() {
  return <Soon title="Reporting" what="en construction." />;
}
