// Who wrote an inbound event: a staff user of the tenant (by their channel identity), a lead (by
// the WhatsApp number, or for an e-mail by the thread it answers, then the sender's address), or a
// stranger. E-mail is never a staff channel: a mail from anyone but a lead is kept for a human.
import type { InboundEvent } from "../outbox/channel.js";
import type { Message, Store, Tenant, User } from "../store/index.js";

export type Sender =
  | { kind: "staff"; user: User }
  | {
      kind: "lead";
      leadId: number;
      /** How the message was tied to the lead. */
      matchedBy: "thread" | "sender" | "phone";
      /** Our message this one answers or reports on (an e-mail's thread). */
      original: Message | null;
    }
  | { kind: "stranger" };

/** The lead an e-mail is about: our mail it answers (thread ids, a bounce's quoted ids), else its sender. */
function mailSender(store: Store, tenantId: number, event: InboundEvent): Sender {
  for (const id of event.mail?.threadIds ?? []) {
    const original = store.messages.findByProviderId(tenantId, "email", id);
    if (original?.direction === "out" && original.leadId) {
      return { kind: "lead", leadId: original.leadId, matchedBy: "thread", original };
    }
  }
  const lead =
    event.mail?.kind !== "bounce" && event.sender
      ? store.leads.findByEmail(tenantId, event.sender)
      : undefined;
  return lead ? { kind: "lead", leadId: lead.id, matchedBy: "sender", original: null } : { kind: "stranger" };
}

export function senderOf(store: Store, tenant: Tenant, event: InboundEvent): Sender {
  if (event.channel === "email") return mailSender(store, tenant.id, event);
  const user = store.users.findByIdentity(tenant.id, event.channel, event.sender);
  if (user) return { kind: "staff", user };
  const lead = event.channel === "whatsapp" ? store.leads.findByPhone(tenant.id, event.sender) : undefined;
  return lead ? { kind: "lead", leadId: lead.id, matchedBy: "phone", original: null } : { kind: "stranger" };
}
