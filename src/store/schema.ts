// The embedded CRM store (SQLite). Every row belongs to a tenant; rows that point at a lead carry the
// tenant too and reference (tenant_id, lead_id), so a row can never point across tenants.
import { sql } from "drizzle-orm";
import {
  check,
  foreignKey,
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";

const now = sql`(cast(unixepoch('subsec') * 1000 as integer))`;
const createdAt = () => integer("created_at", { mode: "timestamp_ms" }).notNull().default(now);
const json = <T>(name: string) => text(name, { mode: "json" }).$type<T>();

export const tenants = sqliteTable("tenants", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  plan: text("plan").notNull(),
  vertical: text("vertical").notNull(),
  extensions: json<string[]>("extensions").notNull().default([]),
  defaultMode: text("default_mode").notNull().default("assiste"),
  timezone: text("timezone").notNull().default("Europe/Paris"),
  locale: text("locale").notNull().default("fr"),
  costOverrides: json<Record<string, number>>("cost_overrides").notNull().default({}),
  /** The tenant's n8n webhook base (not a secret: bodies are signed with a key derived from env). */
  n8nWebhookUrl: text("n8n_webhook_url"),
  createdAt: createdAt(),
});

export const users = sqliteTable(
  "users",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    tenantId: integer("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    role: text("role").notNull(),
    email: text("email"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("users_tenant_id_id").on(t.tenantId, t.id),
    uniqueIndex("users_tenant_email").on(t.tenantId, t.email),
  ],
);

export const userIdentities = sqliteTable(
  "user_identities",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    tenantId: integer("tenant_id").notNull(),
    userId: integer("user_id").notNull(),
    channel: text("channel").notNull(),
    externalId: text("external_id").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("user_identities_channel_external").on(t.tenantId, t.channel, t.externalId),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }).onDelete(
      "cascade",
    ),
  ],
);

export const leads = sqliteTable(
  "leads",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    tenantId: integer("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    firstName: text("first_name").notNull().default(""),
    lastName: text("last_name").notNull().default(""),
    company: text("company"),
    email: text("email"),
    phone: text("phone"),
    city: text("city"),
    source: text("source"),
    ownerId: integer("owner_id"),
    status: text("status").notNull(),
    heat: text("heat"),
    score: integer("score"),
    notes: text("notes").notNull().default(""),
    lastActivityAt: integer("last_activity_at", { mode: "timestamp_ms" }),
    emailOptInAt: integer("email_opt_in_at", { mode: "timestamp_ms" }),
    emailOptOutAt: integer("email_opt_out_at", { mode: "timestamp_ms" }),
    whatsappOptInAt: integer("whatsapp_opt_in_at", { mode: "timestamp_ms" }),
    whatsappOptOutAt: integer("whatsapp_opt_out_at", { mode: "timestamp_ms" }),
    smsOptInAt: integer("sms_opt_in_at", { mode: "timestamp_ms" }),
    smsOptOutAt: integer("sms_opt_out_at", { mode: "timestamp_ms" }),
    // b2b
    secteurB2b: text("secteur_b2b"),
    tailleEntreprise: text("taille_entreprise"),
    typeBesoin: text("type_besoin"),
    budgetIndicatif: text("budget_indicatif"),
    resumeDossier: text("resume_dossier"),
    strategieProposee: text("strategie_proposee"),
    // coaching
    typeCoaching: text("type_coaching"),
    niveauMotivation: text("niveau_motivation"),
    budgetEstime: text("budget_estime"),
    urgenceRessentie: text("urgence_ressentie"),
    qualification: text("qualification"),
    noShow: integer("no_show").notNull().default(0),
    notesCoaching: text("notes_coaching"),
    customFields: json<Record<string, unknown>>("custom_fields").notNull().default({}),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull().default(now),
  },
  (t) => [
    uniqueIndex("leads_tenant_id_id").on(t.tenantId, t.id),
    // Filter-only searches page by last activity: each filter index ends with it, so a page is read
    // in order and stops early.
    index("leads_tenant_status").on(t.tenantId, t.status, t.lastActivityAt),
    index("leads_tenant_activity").on(t.tenantId, t.lastActivityAt),
    index("leads_tenant_email").on(t.tenantId, t.email),
    index("leads_tenant_owner").on(t.tenantId, t.ownerId, t.lastActivityAt),
    index("leads_tenant_heat").on(t.tenantId, t.heat, t.lastActivityAt),
    foreignKey({ columns: [t.tenantId, t.ownerId], foreignColumns: [users.tenantId, users.id] }),
  ],
);

export const leadTags = sqliteTable(
  "lead_tags",
  {
    tenantId: integer("tenant_id").notNull(),
    leadId: integer("lead_id").notNull(),
    tag: text("tag").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.leadId, t.tag] }),
    index("lead_tags_tenant_tag").on(t.tenantId, t.tag),
    foreignKey({ columns: [t.tenantId, t.leadId], foreignColumns: [leads.tenantId, leads.id] }).onDelete(
      "cascade",
    ),
  ],
);

export const customFieldDefinitions = sqliteTable(
  "custom_field_definitions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    tenantId: integer("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    entity: text("entity").notNull().default("lead"),
    name: text("name").notNull(),
    label: text("label").notNull(),
    type: text("type").notNull(),
    options: json<string[]>("options"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("custom_fields_tenant_name").on(t.tenantId, t.entity, t.name)],
);

export const activities = sqliteTable(
  "activities",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    tenantId: integer("tenant_id").notNull(),
    leadId: integer("lead_id").notNull(),
    kind: text("kind").notNull(),
    body: text("body").notNull().default(""),
    meta: json<Record<string, unknown>>("meta").notNull().default({}),
    actor: text("actor").notNull(),
    occurredAt: integer("occurred_at", { mode: "timestamp_ms" }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index("activities_lead_time").on(t.tenantId, t.leadId, t.occurredAt),
    foreignKey({ columns: [t.tenantId, t.leadId], foreignColumns: [leads.tenantId, leads.id] }).onDelete(
      "cascade",
    ),
  ],
);

export const conversations = sqliteTable(
  "conversations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    tenantId: integer("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    channel: text("channel").notNull(),
    externalId: text("external_id").notNull(),
    userId: integer("user_id"),
    /** What a channel needs to answer later (a Bot Framework conversation reference, a Slack thread). */
    meta: json<Record<string, unknown>>("meta").notNull().default({}),
    /** What M.A.X.'s last reply offered (numbered choices, a next page), on every channel alike. */
    offer: json<Record<string, unknown>>("offer"),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull().default(now),
  },
  (t) => [
    uniqueIndex("conversations_tenant_id_id").on(t.tenantId, t.id),
    uniqueIndex("conversations_channel_external").on(t.tenantId, t.channel, t.externalId),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }),
  ],
);

export const messages = sqliteTable(
  "messages",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    tenantId: integer("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    leadId: integer("lead_id"),
    conversationId: integer("conversation_id"),
    channel: text("channel").notNull(),
    direction: text("direction").notNull(),
    subject: text("subject"),
    bodyHtml: text("body_html"),
    bodyText: text("body_text").notNull().default(""),
    template: text("template"),
    /** For a newsletter draft: the search filters that pick its recipients. */
    segment: json<Record<string, unknown>>("segment"),
    status: text("status").notNull(),
    providerId: text("provider_id"),
    /** Where the channel adapter delivers it (a WhatsApp number, a Slack channel). */
    recipient: text("recipient"),
    /** Delivery bookkeeping for the outbox: tries so far and when the next one may run. */
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: integer("next_attempt_at", { mode: "timestamp_ms" }),
    /** Rendering data: confirmation cards, the Slack message to update. */
    meta: json<Record<string, unknown>>("meta").notNull().default({}),
    error: text("error"),
    scheduledAt: integer("scheduled_at", { mode: "timestamp_ms" }),
    sentAt: integer("sent_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull().default(now),
  },
  (t) => [
    index("messages_tenant_status").on(t.tenantId, t.status),
    index("messages_outbox").on(t.status, t.nextAttemptAt),
    index("messages_lead").on(t.tenantId, t.leadId),
    uniqueIndex("messages_provider_id")
      .on(t.tenantId, t.channel, t.providerId)
      .where(sql`provider_id is not null`),
    foreignKey({ columns: [t.tenantId, t.leadId], foreignColumns: [leads.tenantId, leads.id] }).onDelete(
      "cascade",
    ),
    foreignKey({
      columns: [t.tenantId, t.conversationId],
      foreignColumns: [conversations.tenantId, conversations.id],
    }),
  ],
);

export const appointments = sqliteTable(
  "appointments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    tenantId: integer("tenant_id").notNull(),
    leadId: integer("lead_id").notNull(),
    startsAt: integer("starts_at", { mode: "timestamp_ms" }).notNull(),
    durationMin: integer("duration_min").notNull().default(30),
    status: text("status").notNull().default("planned"),
    location: text("location"),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull().default(now),
  },
  (t) => [
    index("appointments_tenant_start").on(t.tenantId, t.startsAt),
    foreignKey({ columns: [t.tenantId, t.leadId], foreignColumns: [leads.tenantId, leads.id] }).onDelete(
      "cascade",
    ),
  ],
);

export const tokenLedger = sqliteTable(
  "token_ledger",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    tenantId: integer("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(), // allowance | pack | debit | refund | expiry
    amount: integer("amount").notNull(), // signed: credits > 0, debits and expiries < 0
    balanceAfter: integer("balance_after").notNull(),
    period: text("period").notNull(),
    action: text("action"),
    refId: integer("ref_id"),
    actor: text("actor").notNull(),
    note: text("note"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    index("token_ledger_tenant").on(t.tenantId, t.id),
    index("token_ledger_tenant_time").on(t.tenantId, t.createdAt),
    // The partial indexes also serve the lookups of the last allowance and of a debit's refund,
    // as long as those queries spell the kind as a literal.
    uniqueIndex("token_ledger_one_allowance").on(t.tenantId, t.period).where(sql`kind = 'allowance'`),
    uniqueIndex("token_ledger_one_refund").on(t.refId).where(sql`kind = 'refund'`),
    check("token_ledger_balance_never_negative", sql`${t.balanceAfter} >= 0`),
    check("token_ledger_kind", sql`${t.kind} in ('allowance', 'pack', 'debit', 'refund', 'expiry')`),
  ],
);

export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    tenantId: integer("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    actor: text("actor").notNull(),
    action: text("action").notNull(),
    entity: text("entity").notNull(),
    entityId: text("entity_id"),
    mode: text("mode"),
    before: json<unknown>("before"),
    after: json<unknown>("after"),
    cost: integer("cost").notNull().default(0),
    undo: json<unknown>("undo"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("audit_tenant_time").on(t.tenantId, t.createdAt)],
);

export const pendingActions = sqliteTable(
  "pending_actions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    tenantId: integer("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    tool: text("tool").notNull(),
    args: json<Record<string, unknown>>("args").notNull(),
    preview: text("preview").notNull(),
    mode: text("mode").notNull(),
    cost: integer("cost").notNull(),
    balanceAfter: integer("balance_after").notNull(),
    requesterId: integer("requester_id"),
    conversationId: integer("conversation_id"),
    status: text("status").notNull().default("pending"),
    /** Switching to Auto needs two confirmations in a row; everything else one. */
    confirmationsNeeded: integer("confirmations_needed").notNull().default(1),
    confirmations: integer("confirmations").notNull().default(0),
    result: json<unknown>("result"),
    decidedBy: integer("decided_by"),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    decidedAt: integer("decided_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
  },
  (t) => [
    index("pending_actions_tenant_status").on(t.tenantId, t.status),
    foreignKey({ columns: [t.tenantId, t.requesterId], foreignColumns: [users.tenantId, users.id] }),
    foreignKey({ columns: [t.tenantId, t.decidedBy], foreignColumns: [users.tenantId, users.id] }),
    foreignKey({
      columns: [t.tenantId, t.conversationId],
      foreignColumns: [conversations.tenantId, conversations.id],
    }),
  ],
);

export const scheduledJobs = sqliteTable(
  "scheduled_jobs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    tenantId: integer("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    payload: json<Record<string, unknown>>("payload").notNull().default({}),
    idempotencyKey: text("idempotency_key").notNull(),
    dueAt: integer("due_at", { mode: "timestamp_ms" }).notNull(),
    status: text("status").notNull().default("pending"), // pending | leased | done | failed | cancelled
    leaseUntil: integer("lease_until", { mode: "timestamp_ms" }),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull().default(now),
  },
  (t) => [
    uniqueIndex("scheduled_jobs_idempotency").on(t.tenantId, t.idempotencyKey),
    index("scheduled_jobs_due").on(t.status, t.dueAt),
  ],
);

/** Which tenant a channel's workspace or number belongs to (Slack team, WhatsApp business number). */
export const tenantLinks = sqliteTable(
  "tenant_links",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    tenantId: integer("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    channel: text("channel").notNull(),
    externalId: text("external_id").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("tenant_links_channel_external").on(t.channel, t.externalId)],
);

/** The agent's memory: LangChain messages of a conversation (human, ai with tool calls, tool results). */
export const agentMessages = sqliteTable(
  "agent_messages",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    tenantId: integer("tenant_id").notNull(),
    conversationId: integer("conversation_id").notNull(),
    turn: integer("turn").notNull(),
    role: text("role").notNull(),
    payload: json<Record<string, unknown>>("payload").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    index("agent_messages_conversation").on(t.tenantId, t.conversationId, t.id),
    foreignKey({
      columns: [t.tenantId, t.conversationId],
      foreignColumns: [conversations.tenantId, conversations.id],
    }).onDelete("cascade"),
  ],
);

/** LLM tokens per turn, kept apart from the token ledger for cost reports. */
export const llmUsage = sqliteTable(
  "llm_usage",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    tenantId: integer("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    conversationId: integer("conversation_id"),
    userId: integer("user_id"),
    model: text("model").notNull(),
    calls: integer("calls").notNull(),
    inputTokens: integer("input_tokens").notNull(),
    outputTokens: integer("output_tokens").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("llm_usage_tenant_time").on(t.tenantId, t.createdAt)],
);

/** One trigger of a tenant's n8n scenario and what became of it. */
export const n8nRuns = sqliteTable(
  "n8n_runs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    tenantId: integer("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    scenario: text("scenario").notNull(),
    leadIds: json<number[]>("lead_ids").notNull(),
    segment: json<Record<string, unknown>>("segment"),
    status: text("status").notNull().default("pending"), // pending | sent | failed
    attempts: integer("attempts").notNull().default(0),
    httpStatus: integer("http_status"),
    error: text("error"),
    // The ledger row the run was paid with: refunded if the run is abandoned before n8n is called.
    debitId: integer("debit_id"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("n8n_runs_tenant").on(t.tenantId, t.id)],
);

/** "MAX Fields Rebuild": a proposed set of fields, stages, tags and views, applied only on confirmation. */
export const fieldProposals = sqliteTable(
  "field_proposals",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    tenantId: integer("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    trade: text("trade").notNull(),
    proposal: json<Record<string, unknown>>("proposal").notNull(),
    status: text("status").notNull().default("proposed"), // proposed | applied
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    appliedAt: integer("applied_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("field_proposals_tenant").on(t.tenantId, t.id)],
);

// ── Scenarios (follow-up sequences, issue 6) ────────────────────────────────────────────────────

/** One lead following one scenario: where it is, its next step's run, why it stopped. */
export const scenarioEnrollments = sqliteTable(
  "scenario_enrollments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    tenantId: integer("tenant_id").notNull(),
    leadId: integer("lead_id").notNull(),
    scenario: text("scenario").notNull(),
    status: text("status").notNull().default("active"), // active | paused | stopped | completed
    /** Index of the next step to run. */
    currentStep: integer("current_step").notNull().default(0),
    /** Bumped whenever the next step is rescheduled, so a job of an older schedule does nothing. */
    version: integer("version").notNull().default(0),
    nextRunAt: integer("next_run_at", { mode: "timestamp_ms" }),
    /** What the steps' delays count from: the enrollment, or the appointment's start. */
    anchorAt: integer("anchor_at", { mode: "timestamp_ms" }).notNull(),
    appointmentId: integer("appointment_id"),
    /** The lead status the scenario expects; another one means someone moved the lead: stop. */
    expectedStatus: text("expected_status").notNull(),
    reason: text("reason"),
    enrolledBy: integer("enrolled_by"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    uniqueIndex("scenario_enrollments_tenant_id_id").on(t.tenantId, t.id),
    uniqueIndex("scenario_enrollments_one_running")
      .on(t.tenantId, t.leadId, t.scenario)
      .where(sql`status in ('active', 'paused')`),
    index("scenario_enrollments_tenant_status").on(t.tenantId, t.status),
    foreignKey({ columns: [t.tenantId, t.leadId], foreignColumns: [leads.tenantId, leads.id] }).onDelete(
      "cascade",
    ),
    check("scenario_enrollments_status", sql`${t.status} in ('active', 'paused', 'stopped', 'completed')`),
  ],
);

/** What became of one step of one enrollment; unique per step, so a step is acted on once. */
export const scenarioSteps = sqliteTable(
  "scenario_steps",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    tenantId: integer("tenant_id").notNull(),
    enrollmentId: integer("enrollment_id").notNull(),
    stepIndex: integer("step_index").notNull(),
    stepKey: text("step_key").notNull(),
    // due | drafted | suggested | sent | dispatched | delivered | done | skipped | failed
    outcome: text("outcome").notNull(),
    channel: text("channel"),
    messageId: integer("message_id"),
    pendingActionId: integer("pending_action_id"),
    debitId: integer("debit_id"),
    detail: text("detail"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    uniqueIndex("scenario_steps_once").on(t.tenantId, t.enrollmentId, t.stepIndex),
    foreignKey({
      columns: [t.tenantId, t.enrollmentId],
      foreignColumns: [scenarioEnrollments.tenantId, scenarioEnrollments.id],
    }).onDelete("cascade"),
  ],
);

// --- email channel and pre-qualification (COACH-01) ---

/**
 * A tenant's mailbox, from `max connect email`. The SMTP and IMAP URLs carry the password: each
 * tenant has its own mailbox, so its credentials cannot all live in the environment. They are stored
 * here, never logged, and masked in every output (channels/email/mail-url.ts).
 */
export const emailAccounts = sqliteTable("email_accounts", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  tenantId: integer("tenant_id")
    .notNull()
    .unique()
    .references(() => tenants.id, { onDelete: "cascade" }),
  smtpUrl: text("smtp_url").notNull(),
  imapUrl: text("imap_url").notNull(),
  fromAddress: text("from_address").notNull(),
  createdAt: createdAt(),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull().default(now),
});

/** How far a tenant's IMAP mailbox has been read: its UIDVALIDITY and the last UID stored. */
export const mailCursors = sqliteTable(
  "mail_cursors",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    tenantId: integer("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    mailbox: text("mailbox").notNull(),
    uidValidity: text("uid_validity").notNull(),
    lastUid: integer("last_uid").notNull().default(0),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull().default(now),
  },
  (t) => [uniqueIndex("mail_cursors_tenant_mailbox").on(t.tenantId, t.mailbox)],
);

/** One-click unsubscribe links: only a hash of each token is kept; the token names its lead. */
export const unsubscribeTokens = sqliteTable(
  "unsubscribe_tokens",
  {
    tokenHash: text("token_hash").primaryKey(),
    tenantId: integer("tenant_id").notNull(),
    leadId: integer("lead_id").notNull(),
    createdAt: createdAt(),
    usedAt: integer("used_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    foreignKey({ columns: [t.tenantId, t.leadId], foreignColumns: [leads.tenantId, leads.id] }).onDelete(
      "cascade",
    ),
  ],
);

/** COACH-01 per lead: questions sent, then answered, unanswered (timeout) or cancelled. */
export const prequalifications = sqliteTable(
  "prequalifications",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    tenantId: integer("tenant_id").notNull(),
    leadId: integer("lead_id").notNull(),
    status: text("status").notNull(), // waiting | answered | no_answer | cancelled
    channel: text("channel").notNull(),
    questionMessageId: integer("question_message_id"),
    answerMessageId: integer("answer_message_id"),
    /** The classification and where it came from (llm | offline), without the prospect's text. */
    result: json<Record<string, unknown>>("result"),
    startedAt: integer("started_at", { mode: "timestamp_ms" }).notNull(),
    dueAt: integer("due_at", { mode: "timestamp_ms" }).notNull(),
    finishedAt: integer("finished_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    uniqueIndex("prequalifications_tenant_lead").on(t.tenantId, t.leadId),
    foreignKey({ columns: [t.tenantId, t.leadId], foreignColumns: [leads.tenantId, leads.id] }).onDelete(
      "cascade",
    ),
  ],
);

export const schema = {
  tenants,
  users,
  userIdentities,
  leads,
  leadTags,
  customFieldDefinitions,
  activities,
  conversations,
  messages,
  appointments,
  tokenLedger,
  auditLog,
  pendingActions,
  scheduledJobs,
  agentMessages,
  llmUsage,
  n8nRuns,
  fieldProposals,
  tenantLinks,
  scenarioEnrollments,
  scenarioSteps,
  emailAccounts,
  mailCursors,
  unsubscribeTokens,
  prequalifications,
};

/**
 * What changed, for the dashboard's live updates: written by triggers (drizzle/0009), so a change made
 * by any process — the server, its worker thread, the CLI — is seen; the server streams it by id.
 */
export const changeFeed = sqliteTable(
  "change_feed",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    tenantId: integer("tenant_id").notNull(),
    /** lead | action | message | balance | mode | automation */
    topic: text("topic").notNull(),
    refId: integer("ref_id"),
    at: integer("at", { mode: "timestamp_ms" }).notNull().default(now),
  },
  (t) => [index("change_feed_tenant").on(t.tenantId, t.id), index("change_feed_at").on(t.at)],
);

/** A user's own list of leads: a name and the CRM filters that make it. */
export const savedViews = sqliteTable(
  "saved_views",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    tenantId: integer("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    userId: integer("user_id").notNull(),
    name: text("name").notNull(),
    query: json<Record<string, unknown>>("query").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("saved_views_user_name").on(t.tenantId, t.userId, t.name),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }).onDelete(
      "cascade",
    ),
  ],
);

/**
 * An e-mail campaign of the Espace Créa: one body (sanitised, CSS inlined, merge fields kept until
 * each recipient's copy), a segment and a date. Its recipients are fixed when it starts sending.
 */
export const campaigns = sqliteTable(
  "campaigns",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    tenantId: integer("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    /** The draft in Messages HTML it was planned from, if any. */
    draftMessageId: integer("draft_message_id"),
    template: text("template"),
    name: text("name").notNull(),
    subject: text("subject").notNull(),
    bodyHtml: text("body_html").notNull(),
    bodyText: text("body_text").notNull().default(""),
    /** The campaign's own links, in order: the click redirect only ever goes to one of these. */
    links: json<string[]>("links").notNull().default([]),
    segment: json<Record<string, unknown>>("segment").notNull().default({}),
    /** scheduled | sending | sent | cancelled | failed */
    status: text("status").notNull().default("scheduled"),
    scheduledAt: integer("scheduled_at", { mode: "timestamp_ms" }).notNull(),
    startedAt: integer("started_at", { mode: "timestamp_ms" }),
    finishedAt: integer("finished_at", { mode: "timestamp_ms" }),
    /** Counted when it was planned and when it started: who will receive it, who is left out and why. */
    recipients: integer("recipients").notNull().default(0),
    excluded: integer("excluded").notNull().default(0),
    cost: integer("cost").notNull().default(0),
    debitId: integer("debit_id"),
    createdBy: integer("created_by"),
    error: text("error"),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull().default(now),
  },
  (t) => [
    uniqueIndex("campaigns_tenant_id_id").on(t.tenantId, t.id),
    index("campaigns_due").on(t.status, t.scheduledAt),
    index("campaigns_tenant_created").on(t.tenantId, t.createdAt),
  ],
);

/**
 * One recipient of a campaign: its own status (queued, sending, sent, failed, bounced, skipped), the
 * Message-ID chosen before the send (a send retried after a crash carries the same one), a lease while
 * it is being sent, and what the recipient did with it (opens, clicks) through its tracking token.
 */
export const campaignRecipients = sqliteTable(
  "campaign_recipients",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    tenantId: integer("tenant_id").notNull(),
    campaignId: integer("campaign_id").notNull(),
    leadId: integer("lead_id").notNull(),
    email: text("email").notNull(),
    status: text("status").notNull().default("queued"),
    /** Unguessable: names the recipient in the pixel and link URLs. */
    token: text("token").notNull(),
    providerId: text("provider_id"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: integer("next_attempt_at", { mode: "timestamp_ms" }),
    leaseUntil: integer("lease_until", { mode: "timestamp_ms" }),
    error: text("error"),
    sentAt: integer("sent_at", { mode: "timestamp_ms" }),
    openedAt: integer("opened_at", { mode: "timestamp_ms" }),
    clickedAt: integer("clicked_at", { mode: "timestamp_ms" }),
    opens: integer("opens").notNull().default(0),
    clicks: integer("clicks").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull().default(now),
  },
  (t) => [
    uniqueIndex("campaign_recipients_lead").on(t.campaignId, t.leadId),
    uniqueIndex("campaign_recipients_token").on(t.token),
    index("campaign_recipients_campaign_status").on(t.tenantId, t.campaignId, t.status),
    index("campaign_recipients_due").on(t.campaignId, t.status, t.nextAttemptAt),
    foreignKey({
      columns: [t.tenantId, t.campaignId],
      foreignColumns: [campaigns.tenantId, campaigns.id],
    }).onDelete("cascade"),
    foreignKey({ columns: [t.tenantId, t.leadId], foreignColumns: [leads.tenantId, leads.id] }).onDelete(
      "cascade",
    ),
  ],
);

/** A tenant's own e-mail template of the Espace Créa (the five of prompts/newsletters/ are files). */
export const creaTemplates = sqliteTable(
  "crea_templates",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    tenantId: integer("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    subject: text("subject").notNull(),
    bodyHtml: text("body_html").notNull(),
    /** The file template it started from, if any. */
    basedOn: text("based_on"),
    createdBy: integer("created_by"),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull().default(now),
  },
  (t) => [uniqueIndex("crea_templates_name").on(t.tenantId, t.name)],
);

/** An image uploaded in the Espace Créa, stored on disk under its random name, served from our origin. */
export const uploads = sqliteTable(
  "uploads",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    tenantId: integer("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    /** Random file name with its extension, e.g. `3f9c…e1.png`: the URL `/media/<name>`. */
    name: text("name").notNull(),
    mime: text("mime").notNull(),
    bytes: integer("bytes").notNull(),
    width: integer("width"),
    height: integer("height"),
    createdBy: integer("created_by"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("uploads_name").on(t.name), index("uploads_tenant").on(t.tenantId, t.id)],
);

/** A budget alert already given: once per tenant, period and threshold (80 or 100 % of the allowance). */
export const budgetAlerts = sqliteTable(
  "budget_alerts",
  {
    tenantId: integer("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    period: text("period").notNull(),
    threshold: integer("threshold").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.period, t.threshold] })],
);

/** Where a tenant's EspoCRM keeps what M.A.X. syncs: the stored name of each field it uses. */
export interface EspoFieldMap {
  /** The array field holding the tags (`cTags`), when it exists. */
  tags?: string;
  /** The enum field holding the vertical's pipeline status (`cStatutB2b`…), when it exists. */
  status?: string;
  /** Vertical fields (`secteur_b2b` → `cSecteurB2b`) that exist in EspoCRM. */
  fields: Record<string, string>;
  /** Custom fields of "MAX Fields Rebuild" (`incoterm` → `cIncoterm`) that exist in EspoCRM. */
  custom: Record<string, string>;
}

/**
 * A tenant's EspoCRM, from `max connect espocrm`: its URL, the API user's key (or HMAC secret) and
 * the optional admin user's password, stored like the mailbox's passwords (each tenant has its own
 * CRM, so they cannot live in the environment), never logged and masked in every output. Also the
 * registered webhooks with their secret keys, the fields found or created, and how far the sync
 * stands: the import's progress and the polling cursor (last modifiedAt and id seen).
 */
export const espocrmLinks = sqliteTable("espocrm_links", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  tenantId: integer("tenant_id")
    .notNull()
    .unique()
    .references(() => tenants.id, { onDelete: "cascade" }),
  url: text("url").notNull(),
  apiKey: text("api_key").notNull(),
  hmacSecret: text("hmac_secret"),
  adminUser: text("admin_user"),
  adminPassword: text("admin_password"),
  /** The sender of the e-mail drafts M.A.X. writes there (EspoCRM checks it is allowed). */
  fromAddress: text("from_address"),
  /** The API user's id: what EspoCRM records as the author of M.A.X.'s writes. */
  apiUserId: text("api_user_id"),
  fieldMap: json<EspoFieldMap>("field_map").notNull().default({ fields: {}, custom: {} }),
  webhooks: json<Array<{ id: string; event: string; secretKey: string }>>("webhooks").notNull().default([]),
  /** active | unauthorized (a 401: nothing is sent until `max connect espocrm` again) */
  status: text("status").notNull().default("active"),
  /** After a lockout (too many failed logins from our address), nothing is sent before this. */
  pausedUntil: integer("paused_until", { mode: "timestamp_ms" }),
  cursorModifiedAt: text("cursor_modified_at"),
  cursorId: text("cursor_id"),
  importedAt: integer("imported_at", { mode: "timestamp_ms" }),
  importCounts: json<Record<string, number>>("import_counts").notNull().default({}),
  lastPollAt: integer("last_poll_at", { mode: "timestamp_ms" }),
  lastReconcileAt: integer("last_reconcile_at", { mode: "timestamp_ms" }),
  lastError: text("last_error"),
  createdAt: createdAt(),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull().default(now),
});

/**
 * A lead and its EspoCRM twin (one each way per tenant), with what both sides last agreed on per
 * field (`synced`, in M.A.X.'s terms), the local changes not pushed yet and when they were made
 * (`dirty`: the later change wins a conflict), and values EspoCRM refused (`rejected`, not sent
 * again). `state`: creating (not in EspoCRM yet), linked, deleted or merged there.
 */
export const espocrmLeads = sqliteTable(
  "espocrm_leads",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    tenantId: integer("tenant_id").notNull(),
    leadId: integer("lead_id").notNull(),
    espoId: text("espo_id"),
    state: text("state").notNull().default("linked"),
    synced: json<Record<string, unknown>>("synced").notNull().default({}),
    dirty: json<Record<string, number>>("dirty").notNull().default({}),
    rejected: json<Record<string, unknown>>("rejected").notNull().default({}),
    /** EspoCRM's modifiedAt of the version last applied or written. */
    remoteModifiedAt: text("remote_modified_at"),
    /** The EspoCRM lead a merged one went into. */
    mergedInto: text("merged_into"),
    /** Counts the pushes asked for: each one's job key. */
    version: integer("version").notNull().default(0),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull().default(now),
  },
  (t) => [
    uniqueIndex("espocrm_leads_lead").on(t.tenantId, t.leadId),
    uniqueIndex("espocrm_leads_espo").on(t.tenantId, t.espoId),
    foreignKey({ columns: [t.tenantId, t.leadId], foreignColumns: [leads.tenantId, leads.id] }).onDelete(
      "cascade",
    ),
  ],
);
