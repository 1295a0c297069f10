// The worker's side of a stored e-mail (job EMAIL_RECEIVED_JOB): a bounce marks the mail it reports
// on as failed; a reply from a lead goes to the pre-qualification answer handler, as a WhatsApp
// answer does. The text is data all the way.
import { type AnswerDeps, handleProspectAnswer } from "../../src/scenarios/prequalification/answer.js";

const BOUNCED_FR = "Adresse e-mail en échec : le serveur du destinataire a renvoyé le message (rebond).";

export async function handleReceivedEmail(
  deps: AnswerDeps,
  tenantId: number,
  payload: { messageId?: unknown },
) {
  const { store } = deps;
  const message = store.messages.get(tenantId, Number(payload.messageId));
  if (!message?.leadId || message.direction !== "in") return;
  const meta = message.meta as { kind?: string; answers?: number | null };
  if (meta.kind === "bounce") {
    const original = meta.answers ? store.messages.get(tenantId, meta.answers) : undefined;
    if (original && ["sent", "delivered"].includes(original.status)) {
      store.messages.setStatus({ tenantId, actor: "email:bounce" }, original.id, {
        status: "failed",
        error: BOUNCED_FR,
      });
    }
    return;
  }
  if (meta.kind !== "reply") return;
  await handleProspectAnswer(deps, {
    tenantId,
    leadId: message.leadId,
    messageId: message.id,
    text: message.bodyText,
  });
}
