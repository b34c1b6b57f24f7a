CREATE TABLE `credentials` (
	`key` text PRIMARY KEY NOT NULL,
	`ciphertext` text NOT NULL,
	`updated_ms` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sync_gaps` (
	`owner_email` text NOT NULL,
	`source` text NOT NULL,
	`reason` text NOT NULL,
	`from_ms` integer,
	`to_ms` integer,
	`at_ms` integer NOT NULL,
	PRIMARY KEY(`owner_email`, `source`)
);
