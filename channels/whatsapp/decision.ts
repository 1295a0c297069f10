// WhatsApp's native confirmations: a typed "OUI 12" / "NON 12" (any case, "n°12" or "#12" too) or
// a quick-reply button's payload "confirm:12" / "cancel:12" decides pending action 12 without the
// model. A bare "oui" stays text: the agent maps it to the only pending action, if there is one.
import type { InboundEvent } from "../../src/outbox/channel.js";

type Decision = NonNullable<InboundEvent["decision"]>;

const TYPED = /^(oui|non)\s*(?:n\s*[°º]|no\.?|#)?\s*(\d{1,9})[\s.!]*$/iu;
const PAYLOAD = /^(confirm|cancel):(\d{1,9})$/;

export function decisionOf(body: string, buttonPayload?: string): Decision | undefined {
  const button = buttonPayload?.trim().match(PAYLOAD);
  if (button) return { kind: button[1] === "confirm" ? "confirm" : "cancel", actionId: Number(button[2]) };
  const typed = body.trim().match(TYPED);
  if (!typed) return undefined;
  return { kind: typed[1]?.toLowerCase() === "oui" ? "confirm" : "cancel", actionId: Number(typed[2]) };
}
