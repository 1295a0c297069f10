// What the dashboard's handlers work with: the store, the tool set and its settings, the live feed;
// and, per request, the gate's context for the signed-in user — the same mode, plan, ledger and audit
// as a chat message, with the user's web conversation as where a later failure is told.
import type { GateContext } from "../../agent/gate.js";
import type { ToolSet, ToolSettings } from "../../agent/tool.js";
import type { Mode } from "../../domain/index.js";
import { webConversationKey } from "../../outbox/compose.js";
import type { Store } from "../../store/index.js";
import type { LiveFeed } from "../live-feed.js";

export interface DashboardDeps {
  store: Store;
  tools: ToolSet;
  settings?: ToolSettings;
  live: LiveFeed;
  /** MAX_PUBLIC_URL: where n8n calls back, written into an exported workflow. */
  publicUrl: string;
}

export interface SignedInUser {
  tenant: { id: number };
  user: { id: number };
}

export function gateContextFor(deps: DashboardDeps, me: SignedInUser): GateContext {
  const { store } = deps;
  const tenant = store.tenants.require(me.tenant.id);
  const user = store.users.list(tenant.id).find((u) => u.id === me.user.id) ?? null;
  const conversation = store.conversations.open(tenant.id, "web", webConversationKey(me.user.id), me.user.id);
  return {
    store,
    tools: deps.tools,
    tenant,
    user,
    scope: { tenantId: tenant.id, actor: `user:${me.user.id}` },
    settings: deps.settings,
    mode: tenant.defaultMode as Mode,
    conversationId: conversation.id,
  };
}
