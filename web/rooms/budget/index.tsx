// The Budget room (issue 16): being built.
import { Soon } from "../soon";

export function Budget() {
  return <Soon title="Budget" what="en construction." />;
}
