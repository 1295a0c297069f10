// The store: one repository per aggregate over one SQLite connection.
import { activityRepository } from "./activities.js";
import { agentMemoryRepository } from "./agent-memory.js";
import { appointmentRepository } from "./appointments.js";
import { auditRepository } from "./audit.js";
import { automationReport } from "./automations.js";
import { budgetRepository } from "./budget.js";
import { budgetAlertRepository } from "./budget-alerts.js";
import { campaignRepository } from "./campaigns.js";
import { changeFeedRepository } from "./change-feed.js";
import { type Clock, inTransaction, type StoreContext } from "./context.js";
import { conversationRepository } from "./conversations.js";
import { creaDraftRepository } from "./crea-drafts.js";
import { creaTemplateRepository } from "./crea-templates.js";
import { customFieldRepository } from "./custom-fields.js";
import { emailAccountRepository } from "./email-accounts.js";
import { espocrmRepository } from "./espocrm.js";
import { withEspoOutbox } from "./espocrm-outbox.js";
import { fieldProposalRepository } from "./field-proposals.js";
import { jobRepository } from "./jobs.js";
import { leadBoard } from "./lead-board.js";
import { leadDetail } from "./lead-detail.js";
import { leadExport } from "./lead-export.js";
import { leadNames } from "./lead-names.js";
import { leadScores } from "./lead-scores.js";
import { leadIdPages, leadSearch } from "./lead-search.js";
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
import { reportingRepository } from "./reporting.js";
import { savedViewRepository } from "./saved-views.js";
import { scenarioRepository } from "./scenarios.js";
import { tenantLinkRepository } from "./tenant-links.js";
import { tenantRepository } from "./tenants.js";
import { unsubscribeTokenRepository } from "./unsubscribe-tokens.js";
import { uploadRepository } from "./uploads.js";
import { userRepository } from "./users.js";

export interface StoreOptions {
  path: string;
  busyTimeoutMs?: number;
  clock?: Clock;
  /**
   * false for a connection that must never run a WAL checkpoint (a checkpoint syncs the file to disk):
   * the webhook acks' own connection leaves them to the worker's.
   */
  autoCheckpoint?: boolean;
}

export function repositories(ctx: StoreContext) {
  // Audited writes of a tenant linked to EspoCRM enqueue its sync in their own transaction.
  const audit = withEspoOutbox(ctx, auditRepository(ctx));
  const tenants = tenantRepository(ctx, audit);
  const scores = leadScores(ctx);
  const activities = activityRepository(ctx, audit, scores);
  const customFields = customFieldRepository(ctx, audit);
  const leads = leadRepository(ctx, { audit, tenants, activities, customFields, scores });
  const verticalOf = (tenantId: number) => tenants.require(tenantId).vertical;
  const queryDeps = {
    verticalOf,
    customFieldNames: (tenantId: number) => customFields.list(tenantId).map((f) => f.name),
  };
  const searchLeads = leadSearch(ctx, { ...queryDeps, load: leads.list });
  return {
    audit,
    tenants,
    users: userRepository(ctx, audit),
    leads: {
      ...leads,
      search: searchLeads,
      names: leadNames(ctx, leads.list),
      /** Every id a query matches, a page at a time (the list's bulk actions on a whole filter). */
      idPages: leadIdPages(ctx, queryDeps),
    },
    activities,
    customFields,
    fieldProposals: fieldProposalRepository(ctx, audit),
    messages: messageRepository(ctx, audit),
    appointments: appointmentRepository(ctx, { audit, activities }),
    ledger: ledgerRepository(ctx, { tenants, audit }),
    budget: budgetRepository(ctx, { tenants }),
    budgetAlerts: budgetAlertRepository(ctx),
    pendingActions: pendingActionRepository(ctx, audit),
    n8nRuns: n8nRunRepository(ctx, audit),
    scenarios: scenarioRepository(ctx, audit),
    conversations: conversationRepository(ctx),
    jobs: jobRepository(ctx),
    agentMemory: agentMemoryRepository(ctx),
    tenantLinks: tenantLinkRepository(ctx, audit),
    llmUsage: llmUsageRepository(ctx),
    maintenance: maintenance(ctx),
    emailAccounts: emailAccountRepository(ctx, audit),
    // The tenant's EspoCRM: credentials (masked in every output), the lead ↔ EspoCRM id map.
    espocrm: espocrmRepository(ctx, audit),
    mailCursors: mailCursorRepository(ctx),
    unsubscribeTokens: unsubscribeTokenRepository(ctx),
    prequalifications: prequalificationRepository(ctx, audit),
    // The Espace Créa's e-mail campaigns: planned, sent under leases, opens and clicks.
    campaigns: campaignRepository(ctx, {
      audit,
      activities,
      pages: leadIdPages(ctx, queryDeps),
      load: leads.list,
    }),
    changes: changeFeedRepository(ctx),
    // The dashboard's read models.
    board: leadBoard(ctx, { verticalOf }),
    leadDetail: leadDetail(ctx, { getLead: leads.get }),
    leadExport: leadExport(ctx, {
      pages: leadIdPages(ctx, queryDeps),
      timezoneOf: (tenantId) => tenants.require(tenantId).timezone,
    }),
    savedViews: savedViewRepository(ctx, { audit, verticalOf, search: searchLeads }),
    reporting: reportingRepository(ctx, { timezoneOf: (tenantId) => tenants.require(tenantId).timezone }),
    automations: automationReport(ctx, { load: leads.list }),
    // The Espace Créa: the tenant's own templates, M.A.X.'s drafts, the uploaded images.
    creaTemplates: creaTemplateRepository(ctx, audit),
    creaDrafts: creaDraftRepository(ctx, audit),
    uploads: uploadRepository(ctx, audit),
  };
}

export type Repositories = ReturnType<typeof repositories>;

export type Store = Repositories & {
  /** The connection and its clock, for the repositories and for tests that inspect the raw file. */
  ctx: StoreContext;
  /** The database file, for another connection to the same data (a worker thread, the acks). */
  path: string;
  migrations: number;
  clock: Clock;
  /**
   * The unit of work: every write inside `fn` commits together or not at all (BEGIN IMMEDIATE; a
   * nested call is a savepoint of the outer one). The only way code outside the store opens one.
   */
  transaction<T>(fn: () => T): T;
  /** The repositories with another clock, for data written as of another time (the demo's history). */
  asOf(clock: Clock): Repositories;
  close(): void;
};

export function openStore({
  path,
  busyTimeoutMs,
  clock = () => new Date(),
  autoCheckpoint = true,
}: StoreOptions): Store {
  const { sqlite, db, migrations } = openDatabase({ path, busyTimeoutMs });
  if (!autoCheckpoint) sqlite.pragma("wal_autocheckpoint = 0");
  const ctx: StoreContext = { db, sqlite, clock };
  return {
    ...repositories(ctx),
    ctx,
    path: sqlite.name,
    migrations,
    clock,
    transaction: (fn) => inTransaction(ctx, fn),
    asOf: (other) => repositories({ ...ctx, clock: other }),
    close: () => sqlite.close(),
  };
}

export type { Change, ChangeTopic } from "./change-feed.js";
export type { Scope } from "./context.js";
export type { Conversation } from "./conversations.js";
export { StoreError } from "./errors.js";
export type { FieldProposal } from "./field-proposals.js";
export type { Board, BoardCard, BoardColumn, BoardColumnPage } from "./lead-board.js";
export type { LeadConsent, LeadDetail, LeadEnrollment, TimelineEntry } from "./lead-detail.js";
export type { LeadExportRow } from "./lead-export.js";
export type { LeadNames } from "./lead-names.js";
export type { LeadPage, LeadQuery, SearchOptions } from "./lead-search.js";
export type { Lead } from "./leads.js";
export type { DebitResult, LedgerEntry, TokenSummary } from "./ledger.js";
export type { Message, MessageChannel, MessageStatus } from "./messages.js";
export type { N8nRun, N8nRunStatus } from "./n8n-runs.js";
export type { SavedView, SavedViewQuery } from "./saved-views.js";
export type { LinkChannel } from "./tenant-links.js";
export type { Tenant } from "./tenants.js";
export type { User } from "./users.js";
