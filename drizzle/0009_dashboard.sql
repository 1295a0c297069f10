CREATE TABLE `change_feed` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` integer NOT NULL,
	`topic` text NOT NULL,
	`ref_id` integer,
	`at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `change_feed_tenant` ON `change_feed` (`tenant_id`,`id`);--> statement-breakpoint
CREATE INDEX `change_feed_at` ON `change_feed` (`at`);--> statement-breakpoint
CREATE TABLE `saved_views` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`name` text NOT NULL,
	`query` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`tenant_id`,`user_id`) REFERENCES `users`(`tenant_id`,`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `saved_views_user_name` ON `saved_views` (`tenant_id`,`user_id`,`name`);--> statement-breakpoint
CREATE TRIGGER change_feed_lead_insert AFTER INSERT ON leads BEGIN
  INSERT INTO change_feed(tenant_id, topic, ref_id) VALUES (new.tenant_id, 'lead', new.id);
END;
--> statement-breakpoint
CREATE TRIGGER change_feed_lead_update AFTER UPDATE ON leads BEGIN
  INSERT INTO change_feed(tenant_id, topic, ref_id) VALUES (new.tenant_id, 'lead', new.id);
END;
--> statement-breakpoint
CREATE TRIGGER change_feed_lead_delete AFTER DELETE ON leads BEGIN
  INSERT INTO change_feed(tenant_id, topic, ref_id) VALUES (old.tenant_id, 'lead', old.id);
END;
--> statement-breakpoint
CREATE TRIGGER change_feed_tag_insert AFTER INSERT ON lead_tags BEGIN
  INSERT INTO change_feed(tenant_id, topic, ref_id) VALUES (new.tenant_id, 'lead', new.lead_id);
END;
--> statement-breakpoint
CREATE TRIGGER change_feed_tag_delete AFTER DELETE ON lead_tags BEGIN
  INSERT INTO change_feed(tenant_id, topic, ref_id) VALUES (old.tenant_id, 'lead', old.lead_id);
END;
--> statement-breakpoint
CREATE TRIGGER change_feed_activity_insert AFTER INSERT ON activities BEGIN
  INSERT INTO change_feed(tenant_id, topic, ref_id) VALUES (new.tenant_id, 'lead', new.lead_id);
END;
--> statement-breakpoint
CREATE TRIGGER change_feed_action_insert AFTER INSERT ON pending_actions BEGIN
  INSERT INTO change_feed(tenant_id, topic, ref_id) VALUES (new.tenant_id, 'action', new.id);
END;
--> statement-breakpoint
CREATE TRIGGER change_feed_action_update AFTER UPDATE OF status ON pending_actions BEGIN
  INSERT INTO change_feed(tenant_id, topic, ref_id) VALUES (new.tenant_id, 'action', new.id);
END;
--> statement-breakpoint
CREATE TRIGGER change_feed_audit_insert AFTER INSERT ON audit_log BEGIN
  INSERT INTO change_feed(tenant_id, topic, ref_id) VALUES (new.tenant_id, 'audit', new.id);
END;
--> statement-breakpoint
CREATE TRIGGER change_feed_message_insert AFTER INSERT ON messages BEGIN
  INSERT INTO change_feed(tenant_id, topic, ref_id) VALUES (new.tenant_id, 'message', new.id);
END;
--> statement-breakpoint
CREATE TRIGGER change_feed_message_status AFTER UPDATE OF status ON messages BEGIN
  INSERT INTO change_feed(tenant_id, topic, ref_id) VALUES (new.tenant_id, 'message', new.id);
END;
--> statement-breakpoint
CREATE TRIGGER change_feed_ledger_insert AFTER INSERT ON token_ledger BEGIN
  INSERT INTO change_feed(tenant_id, topic, ref_id) VALUES (new.tenant_id, 'balance', new.id);
END;
--> statement-breakpoint
CREATE TRIGGER change_feed_tenant_update AFTER UPDATE ON tenants BEGIN
  INSERT INTO change_feed(tenant_id, topic, ref_id) VALUES (new.id, 'tenant', new.id);
END;
--> statement-breakpoint
CREATE TRIGGER change_feed_enrollment_insert AFTER INSERT ON scenario_enrollments BEGIN
  INSERT INTO change_feed(tenant_id, topic, ref_id) VALUES (new.tenant_id, 'automation', new.id);
END;
--> statement-breakpoint
CREATE TRIGGER change_feed_enrollment_update AFTER UPDATE ON scenario_enrollments BEGIN
  INSERT INTO change_feed(tenant_id, topic, ref_id) VALUES (new.tenant_id, 'automation', new.id);
END;
--> statement-breakpoint
CREATE TRIGGER change_feed_n8n_run AFTER UPDATE OF status ON n8n_runs BEGIN
  INSERT INTO change_feed(tenant_id, topic, ref_id) VALUES (new.tenant_id, 'automation', new.id);
END;
