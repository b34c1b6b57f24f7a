DROP INDEX `findings_person`;--> statement-breakpoint
CREATE INDEX `findings_person_week` ON `findings` (`person`,`week`);