/**
 * The one storage interface the API, the CLI and the reports' orchestration use. Every method is async
 * so that a Cloudflare D1 implementation can follow without touching callers; every write method is
 * atomic on its own (one transaction on better-sqlite3, one `batch` on D1), so callers never need a
 * transaction handle. Implementations: `node.ts` (better-sqlite3). The contract test suite in
 * test/storage/store-contract.ts runs against each of them.
 */
import type { Definitions } from '../model/definitions.js';
import type { Finding } from '../model/finding.js';
import type { Occurrence, Source } from '../model/occurrence.js';
import type { Person, Team, WorkingHours } from '../model/person.js';
import type { AuditWarning, DataGap } from '../model/warning.js';
import type { PersonWeekMetrics, SeriesSummary } from '../metrics/types.js';

/** Organisation-wide settings that come from the roster/config file. */
export interface OrgSettings {
  defaults: {
    timeZone: string | null;
    workingHours: WorkingHours;
    humaneHours: WorkingHours;
    hourlyRate: number | null;
  };
  definitions: Definitions;
  /** Per-rule settings, keyed by rule id (the config file's `rules`). */
  rules: Record<string, { enabled?: boolean; severity?: 'info' | 'warning' | 'critical'; options?: Record<string, unknown> }>;
  /** Fewest people a team or region aggregate may show. */
  minGroupSize: number;
}

export interface Roster {
  people: Person[];
  teams: Team[];
  settings: OrgSettings;
}

export interface StoredCalendar {
  id: number;
  source: Source;
  /** The provider's id: a Google/Graph calendar id, or the upload's name for .ics ("upload" by default). */
  externalId: string;
  ownerEmail: string;
  timeZone: string | null;
  /** Connector-specific sync state (sync token, delta link, ...); null for .ics uploads. */
  syncState: unknown;
  /** The last import's time and window, null before the first one. */
  lastImportMs: number | null;
}

/** One upload or sync of one calendar, covering [fromMs, toMs). */
export interface CalendarImport {
  source: Source;
  externalId: string;
  ownerEmail: string;
  timeZone: string | null;
  fromMs: number;
  toMs: number;
  /** sha256 (hex) of the raw export, or of the normalized occurrences for providers. */
  checksum: string;
  /** Who asked for it: a token id ("token:12"), "cli", "demo", "sync". */
  actor: string;
  atMs: number;
  /** Every occurrence of this calendar starting in [fromMs, toMs), classified. */
  occurrences: Occurrence[];
  warnings: AuditWarning[];
  /** Provider sync state to keep with the calendar (replaces the old one when given). */
  syncState?: unknown;
}

export interface ImportCounts {
  occurrences: number;
  meetings: number;
  /** Occurrences of the calendar inside the window that were there before and are gone now. */
  removed: number;
  warnings: number;
}

export interface ImportResult {
  importId: number;
  calendarId: number;
  /** "unchanged": the same export (checksum, window) was already the latest import of this calendar; nothing was written. */
  status: 'imported' | 'unchanged';
  counts: ImportCounts;
  /** What the import recorded: the connector's warnings and the store's own (e.g. duplicate occurrences). */
  warnings: AuditWarning[];
}

export interface ImportRecord {
  id: number;
  calendarId: number;
  ownerEmail: string;
  actor: string;
  atMs: number;
  fromMs: number;
  toMs: number;
  checksum: string;
  counts: ImportCounts;
  warnings: AuditWarning[];
}

/** One provider sync of one calendar (see connectors/types.ts SyncOutcome), stored at once. */
export interface CalendarSync {
  source: Exclude<Source, 'ics'>;
  externalId: string;
  ownerEmail: string;
  timeZone: string | null;
  fromMs: number;
  toMs: number;
  /** A full sync replaces the calendar's occurrences in [fromMs, toMs) by `upserts`; else changes are applied. */
  full: boolean;
  upserts: Occurrence[];
  /** `instanceStartMs` null removes every row of the uid. */
  removals: { uid: string; instanceStartMs: number | null }[];
  warnings: AuditWarning[];
  /** Stored with the calendar for the next incremental sync; undefined keeps the old one. */
  syncState?: unknown;
  actor: string;
  atMs: number;
}

/** A calendar that could not be read: shown as missing coverage in every report until a sync succeeds. */
export interface SyncGap {
  ownerEmail: string;
  source: Exclude<Source, 'ics'>;
  reason: string;
  fromMs: number | null;
  toMs: number | null;
  atMs: number;
}

export interface OccurrenceQuery {
  people?: string[];
  /** Occurrences starting in [fromMs, toMs). */
  fromMs?: number;
  toMs?: number;
}

/** Each person's weeks of metrics, findings and the series inventory, computed from the stored data. */
export interface Analysis {
  /** The data version (see `getDataVersion`) this was computed from. */
  dataVersion: number;
  atMs: number;
  definitionsVersion: string;
  personWeeks: { person: string; metrics: PersonWeekMetrics }[];
  findings: Finding[];
  series: SeriesSummary[];
  gaps: DataGap[];
}

export interface FindingQuery {
  people?: string[];
  week?: string;
  ruleId?: string;
  /** Include findings with no week (series-wide ones) along with `week`'s. Default false. */
  includeUnweeked?: boolean;
  limit?: number;
}

export interface PersonWeekQuery {
  people?: string[];
  /** ISO weeks "2025-W02", inclusive bounds (string order is week order). */
  fromWeek?: string;
  toWeek?: string;
}

export type BaselineScope = { type: 'team'; teamId: string } | { type: 'org' };

export interface BaselineInput {
  scope: BaselineScope;
  weeks: string[];
  definitionsVersion: string;
  definitions: Definitions;
  createdMs: number;
  actor: string;
  /** The frozen numbers (see reports/baseline.ts); stored as given and never recomputed. */
  numbers: unknown;
}

export interface Baseline extends BaselineInput {
  id: number;
}

export type Role = 'admin' | 'leader' | 'member';

export interface TokenInput {
  /** sha256 (hex) of the token; the token itself is never stored. */
  hash: string;
  role: Role;
  /** The team a leader token may read. */
  teamId: string | null;
  /** The person a member token acts as. */
  personEmail: string | null;
  label: string | null;
  createdMs: number;
}

export interface StoredToken extends TokenInput {
  id: number;
  revokedMs: number | null;
}

export interface Store {
  /** Applies pending migrations (idempotent). */
  migrate(): Promise<void>;
  close(): Promise<void>;

  /** True when nobody and no calendar has been stored yet (the demo loads only then). */
  isEmpty(): Promise<boolean>;

  // --- roster
  getRoster(): Promise<Roster>;
  /**
   * Replaces the roster atomically: people are upserted (people not listed keep their data), teams and
   * memberships are replaced by `teams`, settings replaced. Bumps the data version.
   */
  replaceRoster(roster: Roster): Promise<void>;
  /** Adds or updates one person (by email). Bumps the data version. */
  upsertPerson(person: Person): Promise<void>;
  /** Adds or updates one team with its members and leads; unknown emails are created as people with defaults. Bumps the data version. */
  upsertTeam(team: Team): Promise<void>;
  getPerson(email: string): Promise<Person | null>;
  getTeam(id: string): Promise<Team | null>;

  // --- calendars and imports
  /**
   * Stores one calendar's occurrences for a window, atomically: the calendar's occurrences starting in
   * [fromMs, toMs) are replaced by the given ones. The same checksum and window as the calendar's latest
   * import writes nothing and returns status "unchanged". On any error the store is left as it was.
   * Bumps the data version when something was written.
   */
  importCalendar(input: CalendarImport): Promise<ImportResult>;
  /**
   * Stores one provider sync atomically (the calendar is created on first use). Writes an import
   * record and the new sync state; bumps the data version when occurrences changed.
   */
  applyCalendarSync(input: CalendarSync): Promise<ImportResult>;
  getCalendar(source: Source, externalId: string, ownerEmail: string): Promise<StoredCalendar | null>;
  listCalendars(ownerEmail?: string): Promise<StoredCalendar[]>;
  /** Records (or replaces) the gap of one person's calendar at one source. Bumps the data version. */
  recordSyncGap(gap: SyncGap): Promise<void>;
  /** Clears it after a successful sync; bumps the data version when there was one. */
  clearSyncGap(ownerEmail: string, source: Exclude<Source, 'ics'>): Promise<void>;
  listSyncGaps(): Promise<SyncGap[]>;
  /** Opaque encrypted blobs by key (the caller encrypts: see connectors' credential vault). */
  putCredential(key: string, ciphertext: string, atMs: number): Promise<void>;
  getCredential(key: string): Promise<string | null>;
  listImports(ownerEmail?: string): Promise<ImportRecord[]>;
  /** Classified occurrences sorted by owner, then start, uid, end. */
  listOccurrences(query?: OccurrenceQuery): Promise<(Occurrence & { ownerEmail: string })[]>;
  /** Per person: the union span of their calendars' import windows. */
  listCoverage(): Promise<{ person: string; fromMs: number; toMs: number; calendars: number; lastImportMs: number }[]>;

  // --- analysis (derived, replaced as a whole)
  /** Increases with every write that can change a report (imports, roster, people, teams). */
  getDataVersion(): Promise<number>;
  /** The data version of the stored analysis, or null before the first one. */
  getAnalysisVersion(): Promise<number | null>;
  replaceAnalysis(analysis: Analysis): Promise<void>;
  listPersonWeeks(query?: PersonWeekQuery): Promise<{ person: string; metrics: PersonWeekMetrics }[]>;
  /** Ranked as the rules engine ranks them (hoursAtStake, then rule id, message, subject). */
  listFindings(query?: FindingQuery): Promise<Finding[]>;
  /** The series inventory, ranked by weeklyAttendeeHours; with `people`, only series one of them attends. */
  listSeries(people?: string[]): Promise<SeriesSummary[]>;
  /** The analysis' gaps followed by the current sync gaps (as DataGaps). */
  listGaps(): Promise<DataGap[]>;
  /** The weeks that have any person-week, sorted. */
  listWeeks(): Promise<string[]>;

  // --- baselines (frozen: never updated)
  createBaseline(input: BaselineInput): Promise<Baseline>;
  /** The newest baseline of the scope, or null. */
  getLatestBaseline(scope: BaselineScope): Promise<Baseline | null>;
  listBaselines(): Promise<Baseline[]>;

  // --- API tokens
  createToken(input: TokenInput): Promise<StoredToken>;
  findTokenByHash(hash: string): Promise<StoredToken | null>;
  listTokens(): Promise<StoredToken[]>;
  revokeToken(id: number, atMs: number): Promise<boolean>;
}
