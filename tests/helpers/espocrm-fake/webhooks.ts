// Delivering the queued webhook items, as EspoCRM's "Process Webhook Queue" job does when it runs
// (here: on `flushWebhooks()`): per webhook, POST batches of at most 50 items as a JSON array written
// like PHP's json_encode, signed `Signature: base64(id + ":" + hex(hmac_sha256(secretKey, body)))` and
// the older `X-Signature: base64(id + ":" + binary hmac)`. A failed batch stays queued for the next
// run, up to 4 attempts; a 410 deletes the webhook. Any host is allowed (EspoCRM 9.3.2+ refuses
// internal addresses unless listed in webhookAllowedAddressList).
import { createHmac } from "node:crypto";
import { phpJson } from "./php.js";
import type { EspoState } from "./state.js";

export const WEBHOOK_MAX_ATTEMPTS = 4;

export interface WebhookDelivery {
  webhookId: string;
  url: string;
  /** The HTTP status answered, or null when the receiver could not be reached. */
  status: number | null;
  count: number;
  body: string;
  headers: Record<string, string>;
}

/** The two signature headers of a body, computed independently of the client's verifier. */
export function signWebhookBody(webhookId: string, secretKey: string, body: string): Record<string, string> {
  const mac = createHmac("sha256", secretKey).update(body, "utf8");
  const digest = mac.digest();
  return {
    Signature: Buffer.from(`${webhookId}:${digest.toString("hex")}`).toString("base64"),
    "X-Signature": Buffer.concat([Buffer.from(`${webhookId}:`), digest]).toString("base64"),
  };
}

export async function flushWebhooks(
  state: EspoState,
  opts: { batchSize: number; timeoutMs: number },
): Promise<WebhookDelivery[]> {
  const deliveries: WebhookDelivery[] = [];
  for (const hook of [...state.webhooks.values()]) {
    const id = String(hook.id);
    const items = state.queue.filter((q) => q.webhookId === id);
    for (let i = 0; i < items.length; i += opts.batchSize) {
      const batch = items.slice(i, i + opts.batchSize);
      const body = phpJson(batch.map((q) => q.data));
      const headers = {
        "Content-Type": "application/json",
        ...signWebhookBody(id, String(hook.secretKey), body),
      };
      let status: number | null = null;
      try {
        const res = await fetch(String(hook.url), {
          method: "POST",
          headers,
          body,
          signal: AbortSignal.timeout(opts.timeoutMs),
        });
        status = res.status;
        await res.arrayBuffer();
      } catch {
        status = null;
      }
      deliveries.push({ webhookId: id, url: String(hook.url), status, count: batch.length, body, headers });
      if (status === 410) {
        state.webhooks.delete(id);
        removeItems(state, (q) => q.webhookId === id);
        break;
      }
      if (status !== null && status >= 200 && status < 300) {
        removeItems(state, (q) => batch.includes(q));
      } else {
        for (const q of batch) q.attempts += 1;
        removeItems(state, (q) => batch.includes(q) && q.attempts >= WEBHOOK_MAX_ATTEMPTS);
      }
    }
  }
  return deliveries;
}

function removeItems(state: EspoState, drop: (q: EspoState["queue"][number]) => boolean): void {
  for (let i = state.queue.length - 1; i >= 0; i--) {
    const item = state.queue[i];
    if (item && drop(item)) state.queue.splice(i, 1);
  }
}
