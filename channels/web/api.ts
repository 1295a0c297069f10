// The web chat's JSON API: open a session, send a message or a card decision (queued like any
// channel's webhook, deduplicated by the client's id), and read the conversation after an id.
import { z } from "zod";
import { welcome } from "../../src/agent/small-talk.js";
import type { ChannelDeps, InboundEvent } from "../../src/outbox/channel.js";
import { webConversationKey } from "../../src/outbox/compose.js";
import { type HttpRequest, type HttpResponse, json, type Route } from "../../src/outbox/route.js";
import type { Store, Tenant, User } from "../../src/store/index.js";
import { conversationReader, statusOf } from "./conversation.js";
import { demoSessionLimiter } from "./demo-limit.js";
import { BadRequest, bodyOf, failure, guarded, signedIn } from "./handler.js";
import {
  DEMO_SESSION_TTL_MS,
  demoOwner,
  openSession,
  redeemLoginToken,
  SESSION_TTL_MS,
  type WebUser,
} from "./session.js";

const sessionBody = z.object({ login: z.string().max(200).optional() });
const messageBody = z.object({ text: z.string().trim().min(1).max(4000), clientId: z.uuid() });
const decisionBody = z.object({
  actionId: z.number().int().positive(),
  decision: z.enum(["confirm", "cancel"]),
  clientId: z.uuid(),
});
const afterQuery = z.coerce.number().int().min(0).default(0);
/** The cards the page still shows open, whose state it asks for: « 3,7,12 », fifty at most. */
const openQuery = z
  .string()
  .max(600)
  .regex(/^(\d{1,9}(,\d{1,9}){0,49})?$/)
  .default("")
  .transform((list) => (list ? list.split(",").map(Number) : []));

/** Who is signed in, and what M.A.X. says first to a visitor whose conversation is still empty. */
const whoAmI = (store: Store, { tenant, user }: Pick<WebUser, "tenant" | "user">) => ({
  user: { name: user.name },
  tenant: { name: tenant.name },
  welcome: welcome(store, tenant),
});

/** A 429 that tells the client when to ask again. */
function tooManyDemos(): HttpResponse {
  const response = failure(
    429,
    "too_many",
    "Trop de sessions de démo ouvertes depuis cette adresse : réessayez dans une minute.",
  );
  return { ...response, headers: { ...response.headers, "retry-after": "60" } };
}

function createSession(
  { store, config }: ChannelDeps,
  mayOpenDemo: (address: string) => boolean,
  req: HttpRequest,
): HttpResponse {
  const { login } = bodyOf(req, sessionBody);
  const opened = (who: { tenant: Tenant; user: User }, ttlMs: number) =>
    json(201, { token: openSession(store, who.tenant, who.user, ttlMs), ...whoAmI(store, who) });
  if (login) {
    const who = redeemLoginToken(store, login);
    return who
      ? opened(who, SESSION_TTL_MS)
      : failure(401, "unauthorized", "Lien de connexion invalide, expiré ou déjà utilisé.");
  }
  if (!config.http.webDemo) {
    return failure(401, "unauthorized", "Connexion requise : demandez un lien à votre administrateur.");
  }
  const demo = demoOwner(store);
  if (!demo)
    return failure(503, "unavailable", "La démo n'est pas installée : lancez « npx max seed --demo ».");
  if (!mayOpenDemo(req.remoteAddress)) return tooManyDemos();
  return opened(demo, DEMO_SESSION_TTL_MS);
}

/** Queues the user's event as any verified webhook would; a retried clientId is a duplicate. */
async function queue(
  deps: ChannelDeps,
  me: WebUser,
  clientId: string,
  content: Pick<InboundEvent, "text" | "decision">,
) {
  const queued = await deps.accept({
    channel: "web",
    providerId: clientId,
    tenantId: me.tenant.id,
    sender: me.hash,
    conversationKey: webConversationKey(me.user.id),
    ...content,
  });
  return json(202, { queued });
}

export function apiRoutes(deps: ChannelDeps): Route[] {
  const conversation = conversationReader(deps.store);
  const mayOpenDemo = demoSessionLimiter(() => deps.store.clock().getTime());
  return [
    {
      method: "POST",
      path: "/api/web/session",
      handle: guarded((req) => createSession(deps, mayOpenDemo, req)),
    },
    {
      method: "GET",
      path: "/api/web/session",
      handle: signedIn(deps.store, (_req, me) => json(200, whoAmI(deps.store, me))),
    },
    {
      method: "POST",
      path: "/api/web/messages",
      handle: signedIn(deps.store, (req, me) => {
        const { text, clientId } = bodyOf(req, messageBody);
        return queue(deps, me, clientId, { text });
      }),
    },
    {
      method: "POST",
      path: "/api/web/decisions",
      handle: signedIn(deps.store, (req, me) => {
        const { actionId, decision, clientId } = bodyOf(req, decisionBody);
        return queue(deps, me, clientId, { decision: { kind: decision, actionId } });
      }),
    },
    {
      method: "GET",
      path: "/api/web/messages",
      handle: signedIn(deps.store, (req, me) => {
        const after = afterQuery.safeParse(req.url.searchParams.get("after") ?? undefined);
        if (!after.success) throw new BadRequest("after");
        const open = openQuery.safeParse(req.url.searchParams.get("open") ?? undefined);
        if (!open.success) throw new BadRequest("open");
        return json(200, {
          messages: conversation.messages(me, after.data),
          cards: conversation.cards(me, open.data),
          status: statusOf(deps.store, me),
        });
      }),
    },
  ];
}
