CREATE TABLE `tenant_links` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` integer NOT NULL,
	`channel` text NOT NULL,
	`external_id` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tenant_links_channel_external` ON `tenant_links` (`channel`,`external_id`);--> statement-breakpoint
ALTER TABLE `conversations` ADD `meta` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE `messages` ADD `recipient` text;--> statement-breakpoint
ALTER TABLE `messages` ADD `attempts` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `messages` ADD `next_attempt_at` integer;--> statement-breakpoint
ALTER TABLE `messages` ADD `meta` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
CREATE INDEX `messages_outbox` ON `messages` (`status`,`next_attempt_at`);