CREATE TABLE `agent_messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` integer NOT NULL,
	`conversation_id` integer NOT NULL,
	`turn` integer NOT NULL,
	`role` text NOT NULL,
	`payload` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`,`conversation_id`) REFERENCES `conversations`(`tenant_id`,`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `agent_messages_conversation` ON `agent_messages` (`tenant_id`,`conversation_id`,`id`);--> statement-breakpoint
CREATE TABLE `field_proposals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` integer NOT NULL,
	`trade` text NOT NULL,
	`proposal` text NOT NULL,
	`status` text DEFAULT 'proposed' NOT NULL,
	`created_at` integer NOT NULL,
	`applied_at` integer,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `field_proposals_tenant` ON `field_proposals` (`tenant_id`,`id`);--> statement-breakpoint
CREATE TABLE `llm_usage` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` integer NOT NULL,
	`conversation_id` integer,
	`user_id` integer,
	`model` text NOT NULL,
	`calls` integer NOT NULL,
	`input_tokens` integer NOT NULL,
	`output_tokens` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `llm_usage_tenant_time` ON `llm_usage` (`tenant_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `n8n_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` integer NOT NULL,
	`scenario` text NOT NULL,
	`lead_ids` text NOT NULL,
	`segment` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`http_status` integer,
	`error` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `n8n_runs_tenant` ON `n8n_runs` (`tenant_id`,`id`);--> statement-breakpoint
ALTER TABLE `messages` ADD `segment` text;--> statement-breakpoint
ALTER TABLE `pending_actions` ADD `confirmations_needed` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `pending_actions` ADD `confirmations` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `tenants` ADD `n8n_webhook_url` text;