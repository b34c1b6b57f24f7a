/**
 * The one database schema, for better-sqlite3 (node.ts) and Cloudflare D1 alike. `npm run db:generate`
 * turns it into the SQL migrations in drizzle/ (never hand-edited). Instants are plain integers in
 * epoch milliseconds (no Date modes) so rows map 1:1 onto the model; structured values the store never
 * filters on are JSON text. Keep D1 in mind: no PRAGMAs, and at most 100 bound parameters per statement.
 */
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { Definitions } from '../model/definitions.js';
import type { EvidenceValue, FindingSubject, Severity } from '../model/finding.js';
import type {
  AgendaSignals,
  Attendee,
  EventStatus,
  EventType,
  OccurrenceKind,
  Recurrence,
  ResponseStatus,
  ShowAs,
  Source,
} from '../model/occurrence.js';
import type { Team, WorkingHours } from '../model/person.js';
import type { AuditWarning, DataGap } from '../model/warning.js';
import type { PersonWeekMetrics, SeriesSummary } from '../metrics/types.js';

// --- roster

export const people = sqliteTable('people', {
  email: text('email').primaryKey(),
  name: text('name'),
  timeZone: text('time_zone').notNull(),
  workingHours: text('working_hours', { mode: 'json' }).$type<WorkingHours>().notNull(),
  humaneHours: text('humane_hours', { mode: 'json' }).$type<WorkingHours>().notNull(),
  hourlyRate: real('hourly_rate'),
  region: text('region').notNull(),
  /** Roster order (declaration order of the last roster; people added later come after). */
  position: integer('position').notNull(),
});

export const teams = sqliteTable('teams', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  overlapWindow: text('overlap_window', { mode: 'json' }).$type<Team['overlapWindow']>(),
  noMeetingDay: integer('no_meeting_day'),
  /** Declaration order: a person's `teams` follow it. */
  position: integer('position').notNull(),
});

export type MembershipRole = 'member' | 'lead';

export const memberships = sqliteTable(
  'memberships',
  {
    teamId: text('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade', onUpdate: 'cascade' }),
    personEmail: text('person_email')
      .notNull()
      .references(() => people.email, { onDelete: 'cascade', onUpdate: 'cascade' }),
    role: text('role').$type<MembershipRole>().notNull(),
    /** Order within the team's members (or leads) list. */
    position: integer('position').notNull(),
  },
  (t) => [
    uniqueIndex('memberships_team_person_role').on(t.teamId, t.personEmail, t.role),
    index('memberships_person').on(t.personEmail),
  ],
);

// --- calendars, occurrences and imports

export const calendars = sqliteTable(
  'calendars',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    source: text('source').$type<Source>().notNull(),
    externalId: text('external_id').notNull(),
    ownerEmail: text('owner_email')
      .notNull()
      .references(() => people.email, { onDelete: 'cascade', onUpdate: 'cascade' }),
    timeZone: text('time_zone'),
    syncState: text('sync_state', { mode: 'json' }).$type<unknown>(),
    lastImportMs: integer('last_import_ms'),
  },
  (t) => [
    uniqueIndex('calendars_source_external_owner').on(t.source, t.externalId, t.ownerEmail),
    index('calendars_owner').on(t.ownerEmail),
  ],
);

/**
 * One Occurrence per row. `calendarId` is the stored calendar (which implies the source); the
 * Occurrence's own `calendarId` (a file path or provider id) is `calendarRef`. `instanceStartMs` is
 * `recurrenceIdMs ?? startMs`, the instance's identity within its UID: a moved instance keeps it.
 */
export const occurrences = sqliteTable(
  'occurrences',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    calendarId: integer('calendar_id')
      .notNull()
      .references(() => calendars.id, { onDelete: 'cascade' }),
    ownerEmail: text('owner_email').notNull(),
    uid: text('uid').notNull(),
    instanceStartMs: integer('instance_start_ms').notNull(),
    startMs: integer('start_ms').notNull(),
    endMs: integer('end_ms').notNull(),
    source: text('source').$type<Source>().notNull(),
    calendarRef: text('calendar_ref').notNull(),
    seriesId: text('series_id'),
    recurrence: text('recurrence', { mode: 'json' }).$type<Recurrence | null>(),
    recurrenceIdMs: integer('recurrence_id_ms'),
    allDay: integer('all_day', { mode: 'boolean' }).notNull(),
    floating: integer('floating', { mode: 'boolean' }).notNull(),
    timeZone: text('time_zone'),
    title: text('title').notNull(),
    isPrivate: integer('is_private', { mode: 'boolean' }).notNull(),
    organizer: text('organizer'),
    attendees: text('attendees', { mode: 'json' }).$type<Attendee[]>().notNull(),
    selfResponse: text('self_response').$type<ResponseStatus>().notNull(),
    showAs: text('show_as').$type<ShowAs>().notNull(),
    status: text('status').$type<EventStatus>().notNull(),
    eventType: text('event_type').$type<EventType>().notNull(),
    agenda: text('agenda', { mode: 'json' }).$type<AgendaSignals>().notNull(),
    createdMs: integer('created_ms'),
    lastModifiedMs: integer('last_modified_ms'),
    origin: text('origin').notNull(),
    kind: text('kind').$type<OccurrenceKind>().notNull(),
    excludedReason: text('excluded_reason'),
  },
  (t) => [
    uniqueIndex('occurrences_calendar_uid_instance').on(t.calendarId, t.uid, t.instanceStartMs),
    index('occurrences_owner_start').on(t.ownerEmail, t.startMs),
    index('occurrences_calendar_start').on(t.calendarId, t.startMs),
  ],
);

export interface StoredImportCounts {
  occurrences: number;
  meetings: number;
  removed: number;
  warnings: number;
}

export const imports = sqliteTable(
  'imports',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    calendarId: integer('calendar_id')
      .notNull()
      .references(() => calendars.id, { onDelete: 'cascade' }),
    actor: text('actor').notNull(),
    atMs: integer('at_ms').notNull(),
    fromMs: integer('from_ms').notNull(),
    toMs: integer('to_ms').notNull(),
    checksum: text('checksum').notNull(),
    counts: text('counts', { mode: 'json' }).$type<StoredImportCounts>().notNull(),
    warnings: text('warnings', { mode: 'json' }).$type<AuditWarning[]>().notNull(),
  },
  (t) => [index('imports_calendar').on(t.calendarId)],
);

// --- analysis (derived from the above, replaced as a whole)

export const personWeeks = sqliteTable(
  'person_weeks',
  {
    person: text('person').notNull(),
    week: text('week').notNull(),
    metrics: text('metrics', { mode: 'json' }).$type<PersonWeekMetrics>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.person, t.week] }), index('person_weeks_week').on(t.week)],
);

export const findings = sqliteTable(
  'findings',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** Position in the ranked list the rules engine produced (0 first). */
    rank: integer('rank').notNull(),
    ruleId: text('rule_id').notNull(),
    severity: text('severity').$type<Severity>().notNull(),
    person: text('person'),
    week: text('week'),
    subject: text('subject', { mode: 'json' }).$type<FindingSubject>().notNull(),
    message: text('message').notNull(),
    evidence: text('evidence', { mode: 'json' }).$type<Record<string, EvidenceValue>>().notNull(),
    hoursAtStake: real('hours_at_stake').notNull(),
  },
  (t) => [
    index('findings_rank').on(t.rank),
    index('findings_week_rank').on(t.week, t.rank),
    // (person, week) rather than person alone: a team's findings of a week (`person IN (...) AND
    // (week = ? OR week IS NULL)`) are then found per person and week, not by scanning the whole week.
    index('findings_person_week').on(t.person, t.week),
  ],
);

export const series = sqliteTable(
  'series',
  {
    seriesId: text('series_id').primaryKey(),
    /** Position in the inventory (ranked by weeklyAttendeeHours, 0 first). */
    rank: integer('rank').notNull(),
    summary: text('summary', { mode: 'json' }).$type<SeriesSummary>().notNull(),
  },
  (t) => [index('series_rank').on(t.rank)],
);

/** The audited people who have a series on their calendar (SeriesSummary.audited), for filtering. */
export const seriesPeople = sqliteTable(
  'series_people',
  {
    seriesId: text('series_id')
      .notNull()
      .references(() => series.seriesId, { onDelete: 'cascade' }),
    person: text('person').notNull(),
  },
  (t) => [primaryKey({ columns: [t.seriesId, t.person] }), index('series_people_person').on(t.person)],
);

export const gaps = sqliteTable('gaps', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  gap: text('gap', { mode: 'json' }).$type<DataGap>().notNull(),
});

// --- baselines (frozen) and API tokens

export const baselines = sqliteTable(
  'baselines',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    scopeType: text('scope_type').$type<'team' | 'org'>().notNull(),
    /** The team of a team baseline (no foreign key: a baseline outlives roster changes). */
    teamId: text('team_id'),
    weeks: text('weeks', { mode: 'json' }).$type<string[]>().notNull(),
    definitionsVersion: text('definitions_version').notNull(),
    definitions: text('definitions', { mode: 'json' }).$type<Definitions>().notNull(),
    numbers: text('numbers', { mode: 'json' }).$type<unknown>(),
    createdMs: integer('created_ms').notNull(),
    actor: text('actor').notNull(),
  },
  (t) => [index('baselines_scope').on(t.scopeType, t.teamId, t.createdMs)],
);

export const apiTokens = sqliteTable(
  'api_tokens',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    hash: text('hash').notNull(),
    role: text('role').$type<'admin' | 'leader' | 'member'>().notNull(),
    teamId: text('team_id'),
    personEmail: text('person_email'),
    label: text('label'),
    createdMs: integer('created_ms').notNull(),
    revokedMs: integer('revoked_ms'),
  },
  (t) => [uniqueIndex('api_tokens_hash').on(t.hash)],
);

/**
 * Small singletons, by key: 'org' (OrgSettings), 'dataVersion' (number), 'analysis' (the stored
 * analysis' dataVersion, atMs, definitionsVersion).
 */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value', { mode: 'json' }).$type<unknown>().notNull(),
});

// --- provider sync

/** A person whose calendar could not be synced, with the reason; cleared by their next successful sync. */
export const syncGaps = sqliteTable(
  'sync_gaps',
  {
    ownerEmail: text('owner_email').notNull(),
    source: text('source').$type<Source>().notNull(),
    reason: text('reason').notNull(),
    fromMs: integer('from_ms'),
    toMs: integer('to_ms'),
    atMs: integer('at_ms').notNull(),
  },
  (t) => [primaryKey({ columns: [t.ownerEmail, t.source] })],
);

/** Provider credentials (OAuth refresh tokens), only ever stored encrypted by the caller. */
export const credentials = sqliteTable('credentials', {
  key: text('key').primaryKey(),
  ciphertext: text('ciphertext').notNull(),
  updatedMs: integer('updated_ms').notNull(),
});
