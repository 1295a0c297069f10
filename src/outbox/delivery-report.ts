// A provider's delivery report (Twilio's status callback) moves our outbound message forward: sent,
// then delivered or failed, never backwards. A report can beat our own record of the provider's id
// (Twilio may call back before its API's answer reaches the outbox), so one that finds no message
// is kept as a job and tried again shortly instead of being dropped.
import type { MessageChannel, MessageStatus, Store } from "../store/index.js";
import type { Job } from "../store/jobs.js";
import { failMessage } from "./failure.js";

export const DELIVERY_REPORT_JOB = "delivery-report";
const EARLY_REPORT_RETRY_MS = 2_000;

export interface DeliveryReport {
  channel: MessageChannel;
  providerId: string;
  status: MessageStatus;
  error: string | null;
}

/** Reports may arrive out of order: "sent" after "delivered" must not undo it. */
const RANK: Partial<Record<MessageStatus, number>> = { sent: 1, delivered: 2, failed: 2 };
const moves = (from: MessageStatus, to: MessageStatus) => (RANK[to] ?? 0) > (RANK[from] ?? 0);

/** Applies the report; false when no outbound message of the tenant has that provider id (yet). */
export function applyDeliveryReport(store: Store, tenantId: number, report: DeliveryReport): boolean {
  const message = store.messages.findByProviderId(tenantId, report.channel, report.providerId);
  if (message?.direction !== "out") return false;
  if (!moves(message.status as MessageStatus, report.status)) return true;
  if (report.status === "failed") {
    failMessage(store, message, report.error ?? "échec de remise signalé par le fournisseur");
  } else {
    store.messages.setStatus({ tenantId, actor: report.channel }, message.id, {
      status: report.status,
      error: report.error,
    });
  }
  return true;
}

/** Applies the report now, or queues it for when the outbox has recorded the provider's id. */
export function receiveDeliveryReport(store: Store, tenantId: number, report: DeliveryReport): void {
  if (applyDeliveryReport(store, tenantId, report)) return;
  store.jobs.enqueueOnce(
    { tenantId, actor: report.channel },
    {
      kind: DELIVERY_REPORT_JOB,
      idempotencyKey: `delivery:${report.channel}:${report.providerId}:${report.status}`,
      dueAt: new Date(store.clock().getTime() + EARLY_REPORT_RETRY_MS),
      payload: { ...report },
    },
  );
}

/** A report about a message that never shows up (not ours, or its send failed) gives up after ~1 min. */
export const deliveryReportHandler = {
  async run({ store }: { store: Store }, job: Job) {
    if (!applyDeliveryReport(store, job.tenantId, job.payload as unknown as DeliveryReport)) {
      throw new Error("aucun message sortant avec cet identifiant pour l'instant");
    }
  },
  maxAttempts: 6,
  retryMs: EARLY_REPORT_RETRY_MS,
};
