-- Login links are single-use by removing their identity when redeemed; links redeemed while
-- processed_inbound recorded their use lose their identity here, so they stay used.
DELETE FROM `user_identities` WHERE `channel` = 'web' AND `external_id` IN (SELECT 'login:' || `provider_id` FROM `processed_inbound` WHERE `provider` = 'web-login');--> statement-breakpoint
DROP TABLE `processed_inbound`;
