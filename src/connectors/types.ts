/**
 * What every calendar provider connector (google/, outlook/) offers the sync job. A connector reads
 * one person's primary calendar through the provider's real SDK and maps it to the model; it never
 * touches the store. Errors are ConnectorError (source, kind: auth | rate-limited | not-found | parse |
 * network, retryAfterMs) after the connector's own bounded retries.
 */
import type { Occurrence, Source } from '../model/occurrence.js';
import type { WorkingHours } from '../model/person.js';
import type { AuditWarning } from '../model/warning.js';
import type { Definitions } from '../model/definitions.js';

/** An instance that is gone: `instanceStartMs` null removes every stored row of that uid. */
export interface OccurrenceRemoval {
  uid: string;
  instanceStartMs: number | null;
}

export interface CalendarSettings {
  /** IANA zone of the person's calendar/mailbox (Windows names already mapped), when the provider says. */
  timeZone: string | null;
  /** Working hours from the provider (Google `workingHours`, Graph mailboxSettings.workingHours), when present. */
  workingHours: WorkingHours | null;
}

export interface SyncOptions {
  /** The audit window [fromMs, toMs): a full sync asks for it; incremental changes outside it are dropped. */
  fromMs: number;
  toMs: number;
  /** The state a previous successful sync of this calendar returned; null or undefined means a full sync. */
  state?: unknown;
  /** Occurrences are classified (`classifyOccurrence`) with these before they are returned. */
  definitions: Definitions;
  /** The person's zone, for all-day dates and floating times the provider leaves zoneless. */
  timeZone: string;
  /** Called after each page with the events seen so far (for progress display). */
  onProgress?(events: number): void;
}

/**
 * The whole result of one calendar's sync, returned only when every page was read, so that the caller
 * can store it in one transaction: a crash or an error never leaves half a calendar behind.
 */
export interface SyncOutcome {
  /** True for a full sync (also after a stale state forced one): `upserts` replace the window. */
  full: boolean;
  /** New or changed occurrences starting in the window, classified. */
  upserts: Occurrence[];
  /** Instances that are gone (incremental syncs; empty for a full sync). */
  removals: OccurrenceRemoval[];
  warnings: AuditWarning[];
  /** The state to store for the next incremental sync (sync token / delta link). */
  state: unknown;
  /** HTTP requests made, retries included (quota accounting). */
  requests: number;
}

export interface CalendarConnector {
  readonly source: Exclude<Source, 'ics'>;
  /** The person's calendar zone and working hours, for people the roster does not describe. */
  readSettings(email: string): Promise<CalendarSettings>;
  /**
   * Syncs one person's primary calendar. With a state, asks only for changes; when the provider says
   * the state is stale (Google 410 fullSyncRequired, Graph 410 on a delta token), reports `full: true`
   * and starts over from a full sync, so the caller discards what it had for that window.
   */
  sync(email: string, options: SyncOptions): Promise<SyncOutcome>;
}
