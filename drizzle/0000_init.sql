CREATE TABLE `api_tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`hash` text NOT NULL,
	`role` text NOT NULL,
	`team_id` text,
	`person_email` text,
	`label` text,
	`created_ms` integer NOT NULL,
	`revoked_ms` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_hash` ON `api_tokens` (`hash`);--> statement-breakpoint
CREATE TABLE `baselines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`scope_type` text NOT NULL,
	`team_id` text,
	`weeks` text NOT NULL,
	`definitions_version` text NOT NULL,
	`definitions` text NOT NULL,
	`numbers` text,
	`created_ms` integer NOT NULL,
	`actor` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `baselines_scope` ON `baselines` (`scope_type`,`team_id`,`created_ms`);--> statement-breakpoint
CREATE TABLE `calendars` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`source` text NOT NULL,
	`external_id` text NOT NULL,
	`owner_email` text NOT NULL,
	`time_zone` text,
	`sync_state` text,
	`last_import_ms` integer,
	FOREIGN KEY (`owner_email`) REFERENCES `people`(`email`) ON UPDATE cascade ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `calendars_source_external_owner` ON `calendars` (`source`,`external_id`,`owner_email`);--> statement-breakpoint
CREATE INDEX `calendars_owner` ON `calendars` (`owner_email`);--> statement-breakpoint
CREATE TABLE `findings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`rank` integer NOT NULL,
	`rule_id` text NOT NULL,
	`severity` text NOT NULL,
	`person` text,
	`week` text,
	`subject` text NOT NULL,
	`message` text NOT NULL,
	`evidence` text NOT NULL,
	`hours_at_stake` real NOT NULL
);
--> statement-breakpoint
CREATE INDEX `findings_rank` ON `findings` (`rank`);--> statement-breakpoint
CREATE INDEX `findings_week_rank` ON `findings` (`week`,`rank`);--> statement-breakpoint
CREATE INDEX `findings_person` ON `findings` (`person`);--> statement-breakpoint
CREATE TABLE `gaps` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`gap` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `imports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`calendar_id` integer NOT NULL,
	`actor` text NOT NULL,
	`at_ms` integer NOT NULL,
	`from_ms` integer NOT NULL,
	`to_ms` integer NOT NULL,
	`checksum` text NOT NULL,
	`counts` text NOT NULL,
	`warnings` text NOT NULL,
	FOREIGN KEY (`calendar_id`) REFERENCES `calendars`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `imports_calendar` ON `imports` (`calendar_id`);--> statement-breakpoint
CREATE TABLE `memberships` (
	`team_id` text NOT NULL,
	`person_email` text NOT NULL,
	`role` text NOT NULL,
	`position` integer NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE cascade ON DELETE cascade,
	FOREIGN KEY (`person_email`) REFERENCES `people`(`email`) ON UPDATE cascade ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `memberships_team_person_role` ON `memberships` (`team_id`,`person_email`,`role`);--> statement-breakpoint
CREATE INDEX `memberships_person` ON `memberships` (`person_email`);--> statement-breakpoint
CREATE TABLE `occurrences` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`calendar_id` integer NOT NULL,
	`owner_email` text NOT NULL,
	`uid` text NOT NULL,
	`instance_start_ms` integer NOT NULL,
	`start_ms` integer NOT NULL,
	`end_ms` integer NOT NULL,
	`source` text NOT NULL,
	`calendar_ref` text NOT NULL,
	`series_id` text,
	`recurrence` text,
	`recurrence_id_ms` integer,
	`all_day` integer NOT NULL,
	`floating` integer NOT NULL,
	`time_zone` text,
	`title` text NOT NULL,
	`is_private` integer NOT NULL,
	`organizer` text,
	`attendees` text NOT NULL,
	`self_response` text NOT NULL,
	`show_as` text NOT NULL,
	`status` text NOT NULL,
	`event_type` text NOT NULL,
	`agenda` text NOT NULL,
	`created_ms` integer,
	`last_modified_ms` integer,
	`origin` text NOT NULL,
	`kind` text NOT NULL,
	`excluded_reason` text,
	FOREIGN KEY (`calendar_id`) REFERENCES `calendars`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `occurrences_calendar_uid_instance` ON `occurrences` (`calendar_id`,`uid`,`instance_start_ms`);--> statement-breakpoint
CREATE INDEX `occurrences_owner_start` ON `occurrences` (`owner_email`,`start_ms`);--> statement-breakpoint
CREATE INDEX `occurrences_calendar_start` ON `occurrences` (`calendar_id`,`start_ms`);--> statement-breakpoint
CREATE TABLE `people` (
	`email` text PRIMARY KEY NOT NULL,
	`name` text,
	`time_zone` text NOT NULL,
	`working_hours` text NOT NULL,
	`humane_hours` text NOT NULL,
	`hourly_rate` real,
	`region` text NOT NULL,
	`position` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `person_weeks` (
	`person` text NOT NULL,
	`week` text NOT NULL,
	`metrics` text NOT NULL,
	PRIMARY KEY(`person`, `week`)
);
--> statement-breakpoint
CREATE INDEX `person_weeks_week` ON `person_weeks` (`week`);--> statement-breakpoint
CREATE TABLE `series` (
	`series_id` text PRIMARY KEY NOT NULL,
	`rank` integer NOT NULL,
	`summary` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `series_rank` ON `series` (`rank`);--> statement-breakpoint
CREATE TABLE `series_people` (
	`series_id` text NOT NULL,
	`person` text NOT NULL,
	PRIMARY KEY(`series_id`, `person`),
	FOREIGN KEY (`series_id`) REFERENCES `series`(`series_id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `series_people_person` ON `series_people` (`person`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `teams` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`overlap_window` text,
	`no_meeting_day` integer,
	`position` integer NOT NULL
);
