// Routes of the Espace M.A.X. (the chat itself is channels/web/api.ts): the suggestions computed from
// the tenant's data (suggestions.ts), and the history of what the user asked M.A.X. in the web chat —
// newest first, each request once, without the words that only answer a card or a list (« oui »,
// « suite », « 2 », « Confirmer l'action n°12 »), which mean nothing replayed.
import { signedIn } from "../../../channels/web/handler.js";
import { exactCommand } from "../../agent/nlu/exact-commands.js";
import { webConversationKey } from "../../outbox/compose.js";
import { json, type Route } from "../../outbox/route.js";
import { type DashboardDeps, gateContextFor } from "./context.js";
import { suggestionsFor } from "./suggestions.js";

/** Requests shown in the history. */
export const HISTORY_SIZE = 20;

const replayable = (text: string) => {
  const command = exactCommand(text);
  return command === undefined || command.kind === "enrollment";
};

export function espaceRoutes(deps: DashboardDeps): Route[] {
  const { store } = deps;
  return [
    {
      method: "GET",
      path: "/api/suggestions",
      handle: signedIn(store, (_req, me) =>
        json(200, { suggestions: suggestionsFor(gateContextFor(deps, me)) }),
      ),
    },
    {
      method: "GET",
      path: "/api/history",
      handle: signedIn(store, (_req, me) => {
        const conversation = store.conversations.open(
          me.tenant.id,
          "web",
          webConversationKey(me.user.id),
          me.user.id,
        );
        const seen = new Set<string>();
        const requests: { text: string; at: string }[] = [];
        for (const message of store.messages.recentInbound(me.tenant.id, conversation.id)) {
          const text = message.bodyText.trim().replace(/\s+/g, " ");
          const key = text.toLocaleLowerCase("fr");
          if (!text || seen.has(key) || !replayable(text)) continue;
          seen.add(key);
          requests.push({ text, at: message.createdAt.toISOString() });
          if (requests.length === HISTORY_SIZE) break;
        }
        return json(200, { requests });
      }),
    },
  ];
}
