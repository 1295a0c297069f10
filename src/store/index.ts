// The store: one repository per aggregate over one SQLite connection.
import { activityRepository } from "./activities.js";
import { agentMemoryRepository } from "./agent-memory.js";
import { appointmentRepository } from "./appointments.js";
import { auditRepository } from "./audit.js";
import type { Clock, StoreContext } from "./context.js";
import { conversationRepository } from "./conversations.js";
import { customFieldRepository } from "./custom-fields.js";
import { emailAccountRepository } from "./email-accounts.js";
import { fieldProposalRepository } from "./field-proposals.js";
import { inboundRepository } from "./inbound.js";
import { jobRepository } from "./jobs.js";
import { leadSearch } from "./lead-search.js";
import { leadRepository } from "./leads.js";
import { ledgerRepository } from "./ledger.js";
import { llmUsageRepository } from "./llm-usage.js";
import { mailCursorRepository } from "./mail-cursors.js";
import { maintenance } from "./maintenance.js";
import { messageRepository } from "./messages.js";
import { n8nRunRepository } from "./n8n-runs.js";
import { openDatabase } from "./open.js";
import { pendingActionRepository } from "./pending-actions.js";
import { prequalificationRepository } from "./prequalifications.js";
import { scenarioRepository } from "./scenarios.js";
import { tenantLinkRepository } from "./tenant-links.js";
import { tenantRepository } from "./tenants.js";
import { unsubscribeTokenRepository } from "./unsubscribe-tokens.js";
import { userRepository } from "./users.js";

export interface StoreOptions {
  path: string;
  busyTimeoutMs?: number;
  clock?: Clock;
}

export function repositories(ctx: StoreContext) {
  const audit = auditRepository(ctx);
  const tenants = tenantRepository(ctx, audit);
  const activities = activityRepository(ctx, audit);
  const customFields = customFieldRepository(ctx, audit);
  const leads = leadRepository(ctx, { audit, tenants, activities, customFields });
  const searchLeads = leadSearch(ctx, {
    verticalOf: (tenantId) => tenants.require(tenantId).vertical,
    customFieldNames: (tenantId) => customFields.list(tenantId).map((f) => f.name),
    load: leads.list,
  });
  return {
    audit,
    tenants,
    users: userRepository(ctx, audit),
    leads: { ...leads, search: searchLeads },
    activities,
    customFields,
    fieldProposals: fieldProposalRepository(ctx, audit),
    messages: messageRepository(ctx, audit),
    appointments: appointmentRepository(ctx, { audit, activities }),
    ledger: ledgerRepository(ctx, { tenants, audit }),
    pendingActions: pendingActionRepository(ctx, audit),
    n8nRuns: n8nRunRepository(ctx, audit),
    scenarios: scenarioRepository(ctx, audit),
    conversations: conversationRepository(ctx),
    inbound: inboundRepository(ctx),
    jobs: jobRepository(ctx),
    agentMemory: agentMemoryRepository(ctx),
    tenantLinks: tenantLinkRepository(ctx, audit),
    llmUsage: llmUsageRepository(ctx),
    maintenance: maintenance(ctx),
    emailAccounts: emailAccountRepository(ctx, audit),
    mailCursors: mailCursorRepository(ctx),
    unsubscribeTokens: unsubscribeTokenRepository(ctx),
    prequalifications: prequalificationRepository(ctx, audit),
  };
}

export type Repositories = ReturnType<typeof repositories>;
export type Store = Repositories & { ctx: StoreContext; migrations: number; close(): void };

export function openStore({ path, busyTimeoutMs, clock = () => new Date() }: StoreOptions): Store {
  const { sqlite, db, migrations } = openDatabase({ path, busyTimeoutMs });
  const ctx: StoreContext = { db, sqlite, clock };
  return { ...repositories(ctx), ctx, migrations, close: () => sqlite.close() };
}

export type { Scope } from "./context.js";
export type { Conversation } from "./conversations.js";
export { StoreError } from "./errors.js";
export type { FieldProposal } from "./field-proposals.js";
export type { LeadPage, LeadQuery } from "./lead-search.js";
export type { Lead } from "./leads.js";
export type { DebitResult, LedgerEntry, TokenSummary } from "./ledger.js";
export type { Message, MessageChannel, MessageStatus } from "./messages.js";
export type { N8nRun, N8nRunStatus } from "./n8n-runs.js";
export type { LinkChannel } from "./tenant-links.js";
export type { Tenant } from "./tenants.js";
export type { User } from "./users.js";
