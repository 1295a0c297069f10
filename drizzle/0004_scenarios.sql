CREATE TABLE `scenario_enrollments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` integer NOT NULL,
	`lead_id` integer NOT NULL,
	`scenario` text NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`current_step` integer DEFAULT 0 NOT NULL,
	`version` integer DEFAULT 0 NOT NULL,
	`next_run_at` integer,
	`anchor_at` integer NOT NULL,
	`appointment_id` integer,
	`expected_status` text NOT NULL,
	`reason` text,
	`enrolled_by` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`,`lead_id`) REFERENCES `leads`(`tenant_id`,`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "scenario_enrollments_status" CHECK("scenario_enrollments"."status" in ('active', 'paused', 'stopped', 'completed'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `scenario_enrollments_tenant_id_id` ON `scenario_enrollments` (`tenant_id`,`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `scenario_enrollments_one_running` ON `scenario_enrollments` (`tenant_id`,`lead_id`,`scenario`) WHERE status in ('active', 'paused');--> statement-breakpoint
CREATE INDEX `scenario_enrollments_tenant_status` ON `scenario_enrollments` (`tenant_id`,`status`);--> statement-breakpoint
CREATE TABLE `scenario_steps` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` integer NOT NULL,
	`enrollment_id` integer NOT NULL,
	`step_index` integer NOT NULL,
	`step_key` text NOT NULL,
	`outcome` text NOT NULL,
	`channel` text,
	`message_id` integer,
	`pending_action_id` integer,
	`debit_id` integer,
	`detail` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`,`enrollment_id`) REFERENCES `scenario_enrollments`(`tenant_id`,`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `scenario_steps_once` ON `scenario_steps` (`tenant_id`,`enrollment_id`,`step_index`);