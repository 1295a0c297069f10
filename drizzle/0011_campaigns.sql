CREATE TABLE `budget_alerts` (
	`tenant_id` integer NOT NULL,
	`period` text NOT NULL,
	`threshold` integer NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	PRIMARY KEY(`tenant_id`, `period`, `threshold`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `campaign_recipients` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` integer NOT NULL,
	`campaign_id` integer NOT NULL,
	`lead_id` integer NOT NULL,
	`email` text NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`token` text NOT NULL,
	`provider_id` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer,
	`lease_until` integer,
	`error` text,
	`sent_at` integer,
	`opened_at` integer,
	`clicked_at` integer,
	`opens` integer DEFAULT 0 NOT NULL,
	`clicks` integer DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`tenant_id`,`campaign_id`) REFERENCES `campaigns`(`tenant_id`,`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`tenant_id`,`lead_id`) REFERENCES `leads`(`tenant_id`,`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `campaign_recipients_lead` ON `campaign_recipients` (`campaign_id`,`lead_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `campaign_recipients_token` ON `campaign_recipients` (`token`);--> statement-breakpoint
CREATE INDEX `campaign_recipients_campaign_status` ON `campaign_recipients` (`tenant_id`,`campaign_id`,`status`);--> statement-breakpoint
CREATE INDEX `campaign_recipients_due` ON `campaign_recipients` (`campaign_id`,`status`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `campaigns` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` integer NOT NULL,
	`draft_message_id` integer,
	`template` text,
	`name` text NOT NULL,
	`subject` text NOT NULL,
	`body_html` text NOT NULL,
	`body_text` text DEFAULT '' NOT NULL,
	`links` text DEFAULT '[]' NOT NULL,
	`segment` text DEFAULT '{}' NOT NULL,
	`status` text DEFAULT 'scheduled' NOT NULL,
	`scheduled_at` integer NOT NULL,
	`started_at` integer,
	`finished_at` integer,
	`recipients` integer DEFAULT 0 NOT NULL,
	`excluded` integer DEFAULT 0 NOT NULL,
	`cost` integer DEFAULT 0 NOT NULL,
	`debit_id` integer,
	`created_by` integer,
	`error` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `campaigns_tenant_id_id` ON `campaigns` (`tenant_id`,`id`);--> statement-breakpoint
CREATE INDEX `campaigns_due` ON `campaigns` (`status`,`scheduled_at`);--> statement-breakpoint
CREATE INDEX `campaigns_tenant_created` ON `campaigns` (`tenant_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `crea_templates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` integer NOT NULL,
	`name` text NOT NULL,
	`subject` text NOT NULL,
	`body_html` text NOT NULL,
	`based_on` text,
	`created_by` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `crea_templates_name` ON `crea_templates` (`tenant_id`,`name`);--> statement-breakpoint
CREATE TABLE `uploads` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` integer NOT NULL,
	`name` text NOT NULL,
	`mime` text NOT NULL,
	`bytes` integer NOT NULL,
	`width` integer,
	`height` integer,
	`created_by` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `uploads_name` ON `uploads` (`name`);--> statement-breakpoint
CREATE INDEX `uploads_tenant` ON `uploads` (`tenant_id`,`id`);--> statement-breakpoint
CREATE TRIGGER change_feed_campaign_insert AFTER INSERT ON campaigns BEGIN
  INSERT INTO change_feed(tenant_id, topic, ref_id) VALUES (new.tenant_id, 'campaign', new.id);
END;
--> statement-breakpoint
CREATE TRIGGER change_feed_campaign_update AFTER UPDATE ON campaigns BEGIN
  INSERT INTO change_feed(tenant_id, topic, ref_id) VALUES (new.tenant_id, 'campaign', new.id);
END;
--> statement-breakpoint
CREATE TRIGGER change_feed_campaign_recipient AFTER UPDATE OF status, opens, clicks ON campaign_recipients BEGIN
  INSERT INTO change_feed(tenant_id, topic, ref_id) VALUES (new.tenant_id, 'campaign', new.campaign_id);
END;
