// Delivers the outbox: queued messages go out through their channel's adapter at the channel's pace.
// A transient failure (429, 5xx, timeout) is retried with exponential backoff; after the last try, or
// on a permanent error, the message is marked failed with the reason. Each message is claimed by
// compare-and-set, so it is sent by one worker only.
import type { Message, Store } from "../store/index.js";
import { type ChannelAdapter, TransientError } from "./channel.js";
import { failMessage } from "./failure.js";
import type { RateLimiter } from "./rate-limit.js";

export const MAX_SEND_ATTEMPTS = 5;
const BASE_BACKOFF_MS = 1_000;
const MAX_BACKOFF_MS = 5 * 60_000;

export interface OutboxDeps {
  store: Store;
  adapters: ReadonlyMap<string, ChannelAdapter>;
  limiter: RateLimiter;
}

export function backoffMs(attempts: number, retryAfterMs?: number): number {
  const exponential = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 4 ** Math.max(0, attempts - 1));
  return Math.max(exponential, retryAfterMs ?? 0);
}

/**
 * A « je regarde… » notice means something only before the answer: it is never retried, and one
 * left over by a restart is dropped rather than sent after the reply.
 */
const WORKING_NOTICE_TTL_MS = 30_000;
const isWorkingNotice = (message: Message) => message.meta.working === true;

async function deliver({ store, adapters, limiter }: OutboxDeps, message: Message): Promise<void> {
  const scope = { tenantId: message.tenantId, actor: "outbox" };
  const fail = (error: string) => failMessage(store, message, error);
  const adapter = adapters.get(message.channel);
  if (!adapter) return fail(`canal ${message.channel} non configuré`);
  if (
    isWorkingNotice(message) &&
    store.clock().getTime() - message.createdAt.getTime() > WORKING_NOTICE_TTL_MS
  ) {
    return fail("avis « je regarde… » périmé : la réponse est déjà partie");
  }
  const tenant = store.tenants.require(message.tenantId);
  const conversation = message.conversationId
    ? store.conversations.get(message.tenantId, message.conversationId)
    : undefined;
  await limiter.take(message.channel, message.recipient);
  try {
    const { providerId } = await adapter.send({ message, tenant, conversation });
    store.messages.setStatus(scope, message.id, {
      status: "sent",
      providerId: providerId ?? null,
      error: null,
    });
  } catch (error) {
    const reason = (error as Error).message.slice(0, 500);
    if (
      error instanceof TransientError &&
      message.attempts < MAX_SEND_ATTEMPTS &&
      !isWorkingNotice(message)
    ) {
      const at = new Date(store.clock().getTime() + backoffMs(message.attempts, error.retryAfterMs));
      store.messages.retryLater(scope, message.id, reason, at);
    } else {
      fail(reason);
    }
  }
}

/** Sends one queued message now instead of at the outbox's next pass (unless someone claimed it). */
export async function deliverNow(deps: OutboxDeps, message: Message): Promise<void> {
  const claimed = deps.store.messages.claim(message.tenantId, message.id);
  if (claimed) await deliver(deps, claimed);
}

/** Sends what is due now; returns how many messages were handled. */
export async function deliverDue(deps: OutboxDeps, limit = 50): Promise<number> {
  const batch = deps.store.messages.claimOutbox(limit);
  for (const message of batch) await deliver(deps, message);
  return batch.length;
}
