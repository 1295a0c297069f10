CREATE TABLE `espocrm_leads` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` integer NOT NULL,
	`lead_id` integer NOT NULL,
	`espo_id` text,
	`state` text DEFAULT 'linked' NOT NULL,
	`synced` text DEFAULT '{}' NOT NULL,
	`dirty` text DEFAULT '{}' NOT NULL,
	`rejected` text DEFAULT '{}' NOT NULL,
	`remote_modified_at` text,
	`merged_into` text,
	`version` integer DEFAULT 0 NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`tenant_id`,`lead_id`) REFERENCES `leads`(`tenant_id`,`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `espocrm_leads_lead` ON `espocrm_leads` (`tenant_id`,`lead_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `espocrm_leads_espo` ON `espocrm_leads` (`tenant_id`,`espo_id`);--> statement-breakpoint
CREATE TABLE `espocrm_links` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` integer NOT NULL,
	`url` text NOT NULL,
	`api_key` text NOT NULL,
	`hmac_secret` text,
	`admin_user` text,
	`admin_password` text,
	`from_address` text,
	`api_user_id` text,
	`field_map` text DEFAULT '{"fields":{},"custom":{}}' NOT NULL,
	`webhooks` text DEFAULT '[]' NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`paused_until` integer,
	`cursor_modified_at` text,
	`cursor_id` text,
	`imported_at` integer,
	`import_counts` text DEFAULT '{}' NOT NULL,
	`last_poll_at` integer,
	`last_reconcile_at` integer,
	`last_error` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `espocrm_links_tenant_id_unique` ON `espocrm_links` (`tenant_id`);