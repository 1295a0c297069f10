CREATE TABLE `activities` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` integer NOT NULL,
	`lead_id` integer NOT NULL,
	`kind` text NOT NULL,
	`body` text DEFAULT '' NOT NULL,
	`meta` text DEFAULT '{}' NOT NULL,
	`actor` text NOT NULL,
	`occurred_at` integer NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`tenant_id`,`lead_id`) REFERENCES `leads`(`tenant_id`,`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `activities_lead_time` ON `activities` (`tenant_id`,`lead_id`,`occurred_at`);--> statement-breakpoint
CREATE TABLE `appointments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` integer NOT NULL,
	`lead_id` integer NOT NULL,
	`starts_at` integer NOT NULL,
	`duration_min` integer DEFAULT 30 NOT NULL,
	`status` text DEFAULT 'planned' NOT NULL,
	`location` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`tenant_id`,`lead_id`) REFERENCES `leads`(`tenant_id`,`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `appointments_tenant_start` ON `appointments` (`tenant_id`,`starts_at`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` integer NOT NULL,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`entity` text NOT NULL,
	`entity_id` text,
	`mode` text,
	`before` text,
	`after` text,
	`cost` integer DEFAULT 0 NOT NULL,
	`undo` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `audit_tenant_time` ON `audit_log` (`tenant_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `conversations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` integer NOT NULL,
	`channel` text NOT NULL,
	`external_id` text NOT NULL,
	`user_id` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`tenant_id`,`user_id`) REFERENCES `users`(`tenant_id`,`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `conversations_tenant_id_id` ON `conversations` (`tenant_id`,`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `conversations_channel_external` ON `conversations` (`tenant_id`,`channel`,`external_id`);--> statement-breakpoint
CREATE TABLE `custom_field_definitions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` integer NOT NULL,
	`entity` text DEFAULT 'lead' NOT NULL,
	`name` text NOT NULL,
	`label` text NOT NULL,
	`type` text NOT NULL,
	`options` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `custom_fields_tenant_name` ON `custom_field_definitions` (`tenant_id`,`entity`,`name`);--> statement-breakpoint
CREATE TABLE `lead_tags` (
	`tenant_id` integer NOT NULL,
	`lead_id` integer NOT NULL,
	`tag` text NOT NULL,
	PRIMARY KEY(`lead_id`, `tag`),
	FOREIGN KEY (`tenant_id`,`lead_id`) REFERENCES `leads`(`tenant_id`,`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `lead_tags_tenant_tag` ON `lead_tags` (`tenant_id`,`tag`);--> statement-breakpoint
CREATE TABLE `leads` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` integer NOT NULL,
	`first_name` text DEFAULT '' NOT NULL,
	`last_name` text DEFAULT '' NOT NULL,
	`company` text,
	`email` text,
	`phone` text,
	`city` text,
	`source` text,
	`owner_id` integer,
	`status` text NOT NULL,
	`heat` text,
	`score` integer,
	`notes` text DEFAULT '' NOT NULL,
	`last_activity_at` integer,
	`email_opt_in_at` integer,
	`email_opt_out_at` integer,
	`whatsapp_opt_in_at` integer,
	`whatsapp_opt_out_at` integer,
	`sms_opt_in_at` integer,
	`sms_opt_out_at` integer,
	`secteur_b2b` text,
	`taille_entreprise` text,
	`type_besoin` text,
	`budget_indicatif` text,
	`resume_dossier` text,
	`strategie_proposee` text,
	`type_coaching` text,
	`niveau_motivation` text,
	`budget_estime` text,
	`urgence_ressentie` text,
	`qualification` text,
	`no_show` integer DEFAULT 0 NOT NULL,
	`notes_coaching` text,
	`custom_fields` text DEFAULT '{}' NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`tenant_id`,`owner_id`) REFERENCES `users`(`tenant_id`,`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `leads_tenant_id_id` ON `leads` (`tenant_id`,`id`);--> statement-breakpoint
CREATE INDEX `leads_tenant_status` ON `leads` (`tenant_id`,`status`,`last_activity_at`);--> statement-breakpoint
CREATE INDEX `leads_tenant_activity` ON `leads` (`tenant_id`,`last_activity_at`);--> statement-breakpoint
CREATE INDEX `leads_tenant_email` ON `leads` (`tenant_id`,`email`);--> statement-breakpoint
CREATE INDEX `leads_tenant_owner` ON `leads` (`tenant_id`,`owner_id`,`last_activity_at`);--> statement-breakpoint
CREATE INDEX `leads_tenant_heat` ON `leads` (`tenant_id`,`heat`,`last_activity_at`);--> statement-breakpoint
CREATE TABLE `messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` integer NOT NULL,
	`lead_id` integer,
	`conversation_id` integer,
	`channel` text NOT NULL,
	`direction` text NOT NULL,
	`subject` text,
	`body_html` text,
	`body_text` text DEFAULT '' NOT NULL,
	`template` text,
	`status` text NOT NULL,
	`provider_id` text,
	`error` text,
	`scheduled_at` integer,
	`sent_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`tenant_id`,`lead_id`) REFERENCES `leads`(`tenant_id`,`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`tenant_id`,`conversation_id`) REFERENCES `conversations`(`tenant_id`,`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `messages_tenant_status` ON `messages` (`tenant_id`,`status`);--> statement-breakpoint
CREATE INDEX `messages_lead` ON `messages` (`tenant_id`,`lead_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `messages_provider_id` ON `messages` (`tenant_id`,`channel`,`provider_id`) WHERE provider_id is not null;--> statement-breakpoint
CREATE TABLE `pending_actions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` integer NOT NULL,
	`tool` text NOT NULL,
	`args` text NOT NULL,
	`preview` text NOT NULL,
	`mode` text NOT NULL,
	`cost` integer NOT NULL,
	`balance_after` integer NOT NULL,
	`requester_id` integer,
	`conversation_id` integer,
	`status` text DEFAULT 'pending' NOT NULL,
	`result` text,
	`decided_by` integer,
	`expires_at` integer NOT NULL,
	`decided_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`tenant_id`,`requester_id`) REFERENCES `users`(`tenant_id`,`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`tenant_id`,`decided_by`) REFERENCES `users`(`tenant_id`,`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`tenant_id`,`conversation_id`) REFERENCES `conversations`(`tenant_id`,`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `pending_actions_tenant_status` ON `pending_actions` (`tenant_id`,`status`);--> statement-breakpoint
CREATE TABLE `processed_inbound` (
	`provider` text NOT NULL,
	`provider_id` text NOT NULL,
	`tenant_id` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	PRIMARY KEY(`provider`, `provider_id`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `scheduled_jobs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` integer NOT NULL,
	`kind` text NOT NULL,
	`payload` text DEFAULT '{}' NOT NULL,
	`idempotency_key` text NOT NULL,
	`due_at` integer NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`lease_until` integer,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `scheduled_jobs_idempotency` ON `scheduled_jobs` (`tenant_id`,`idempotency_key`);--> statement-breakpoint
CREATE INDEX `scheduled_jobs_due` ON `scheduled_jobs` (`status`,`due_at`);--> statement-breakpoint
CREATE TABLE `tenants` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`plan` text NOT NULL,
	`vertical` text NOT NULL,
	`extensions` text DEFAULT '[]' NOT NULL,
	`default_mode` text DEFAULT 'assiste' NOT NULL,
	`timezone` text DEFAULT 'Europe/Paris' NOT NULL,
	`locale` text DEFAULT 'fr' NOT NULL,
	`cost_overrides` text DEFAULT '{}' NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tenants_slug_unique` ON `tenants` (`slug`);--> statement-breakpoint
CREATE TABLE `token_ledger` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` integer NOT NULL,
	`kind` text NOT NULL,
	`amount` integer NOT NULL,
	`balance_after` integer NOT NULL,
	`period` text NOT NULL,
	`action` text,
	`ref_id` integer,
	`actor` text NOT NULL,
	`note` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "token_ledger_balance_never_negative" CHECK("token_ledger"."balance_after" >= 0),
	CONSTRAINT "token_ledger_kind" CHECK("token_ledger"."kind" in ('allowance', 'pack', 'debit', 'refund', 'expiry'))
);
--> statement-breakpoint
CREATE INDEX `token_ledger_tenant` ON `token_ledger` (`tenant_id`,`id`);--> statement-breakpoint
CREATE INDEX `token_ledger_tenant_time` ON `token_ledger` (`tenant_id`,`created_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `token_ledger_one_allowance` ON `token_ledger` (`tenant_id`,`period`) WHERE kind = 'allowance';--> statement-breakpoint
CREATE UNIQUE INDEX `token_ledger_one_refund` ON `token_ledger` (`ref_id`) WHERE kind = 'refund';--> statement-breakpoint
CREATE TABLE `user_identities` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`channel` text NOT NULL,
	`external_id` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`tenant_id`,`user_id`) REFERENCES `users`(`tenant_id`,`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `user_identities_channel_external` ON `user_identities` (`tenant_id`,`channel`,`external_id`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` integer NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`email` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_tenant_id_id` ON `users` (`tenant_id`,`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `users_tenant_email` ON `users` (`tenant_id`,`email`);