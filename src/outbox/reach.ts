// Can this message reach this lead on this channel, now? Asked before anything is queued or paid
// (send_message, COACH-01's questions, a scenario step), so nobody is charged for a message that
// could never leave: the tenant has the channel connected, the lead has the address and its consent
// (domain/reachability.ts), and on WhatsApp the lead wrote within 24 hours or an approved template
// stands in for free text. The channel adapters check consent and the window again when sending.
import { CHANNEL_LABELS, type SendChannel, unreachableReason, whatsappWindowOpen } from "../domain/index.js";
import type { Lead, Store, Tenant } from "../store/index.js";

/** What the server has connected, as the entry point knows it from the configuration. */
export interface ChannelReadiness {
  /** Why the tenant cannot send on this channel at all, in French with how to fix it; null when it can. */
  missing(tenant: Tenant, channel: SendChannel): string | null;
  /** Whether an approved WhatsApp template is configured under this name. */
  hasTemplate(name: string): boolean;
}

export interface Reach {
  store: Store;
  tenant: Tenant;
  channels: ChannelReadiness;
}

/** Why this lead cannot get a message on this channel now; null when it can. */
export function sendBlocker(
  { store, tenant, channels }: Reach,
  lead: Lead,
  channel: SendChannel,
  template?: string,
): string | null {
  const missing = channels.missing(tenant, channel);
  if (missing) return missing;
  const refusal = unreachableReason(lead, channel);
  if (refusal) return refusal;
  if (channel !== "whatsapp" || (template && channels.hasTemplate(template))) return null;
  const last = store.messages.lastInboundAt(tenant.id, lead.id, "whatsapp");
  if (whatsappWindowOpen(last, store.clock())) return null;
  return `${lead.name} ne vous a pas écrit sur WhatsApp depuis plus de 24 h : WhatsApp n'accepte alors qu'un modèle approuvé. Écrivez-lui plutôt par ${CHANNEL_LABELS.email}, ou attendez sa réponse.`;
}

/** The first channel of the list this lead can be reached on now, or why none works. */
export function firstReachable(
  reach: Reach,
  lead: Lead,
  channels: readonly SendChannel[],
  template?: string,
): SendChannel | { blocked: string } {
  const reasons: string[] = [];
  for (const channel of channels) {
    const blocker = sendBlocker(reach, lead, channel, template);
    if (!blocker) return channel;
    if (!reasons.includes(blocker)) reasons.push(blocker);
  }
  return { blocked: reasons.join(" ") };
}
