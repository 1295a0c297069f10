// The one core handler of every inbound event, whichever channel queued it (the job INBOUND_JOB).
// Who wrote decides: a staff user talks to M.A.X. (staff-turn.ts); a lead's message is data for its
// timeline (lead-message.ts: their text never reaches a tool); a mail from nobody known is kept for
// a human; anyone else on a chat channel gets a polite refusal and no data.
import type { InboundEvent } from "../outbox/channel.js";
import { queueReply } from "../outbox/compose.js";
import type { Tenant } from "../store/index.js";
import type { JobDeps, JobHandler } from "./jobs.js";
import { keepForHuman, leadMessage } from "./lead-message.js";
import { senderOf } from "./sender.js";
import { staffTurn } from "./staff-turn.js";

export const UNKNOWN_SENDER_FR =
  "Bonjour, je ne reconnais pas ce compte. Demandez à votre administrateur de le relier à M.A.X. pour pouvoir m'écrire.";

function refuseStranger({ store }: JobDeps, tenant: Tenant, event: InboundEvent) {
  const scope = { tenantId: tenant.id, actor: `${event.channel}:unknown` };
  const conversation = store.conversations.open(tenant.id, event.channel, event.conversationKey, null);
  queueReply(
    store,
    scope,
    conversation,
    { text: UNKNOWN_SENDER_FR, cards: [] },
    { inReplyTo: event.meta ?? {} },
  );
}

const CAMPAIGN_BOUNCE_FR = "Rebond : le serveur du destinataire a renvoyé l'e-mail de la campagne.";

export async function handleInbound(deps: JobDeps, event: InboundEvent): Promise<void> {
  const tenant = deps.store.tenants.get(event.tenantId);
  if (!tenant) return;
  // A campaign's mail came back: the report quotes its Message-ID, and its recipient is bounced.
  if (event.mail?.kind === "bounce")
    deps.store.campaigns.markBounced(tenant.id, event.mail.threadIds, CAMPAIGN_BOUNCE_FR);
  const sender = senderOf(deps.store, tenant, event);
  if (sender.kind === "staff") return staffTurn(deps, tenant, sender.user, event);
  if (sender.kind === "lead") return leadMessage(deps, tenant, sender, event);
  if (event.channel === "email") return keepForHuman(deps, tenant, event);
  refuseStranger(deps, tenant, event);
}

export const inboundHandler: JobHandler = {
  run: (deps, job) => handleInbound(deps, job.payload as unknown as InboundEvent),
  maxAttempts: 3,
  retryMs: 5_000,
};
