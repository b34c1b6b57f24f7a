/**
 * The Store on better-sqlite3 (Node). Every write method runs in one synchronous better-sqlite3
 * transaction (drizzle's `db.transaction`, no awaits inside), so a failure anywhere leaves the
 * database as it was. Multi-row inserts are chunked to at most 100 bound parameters per statement,
 * as D1 requires, so the same statements carry over to d1.ts.
 */
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { and, asc, desc, eq, getTableColumns, type Column, gte, inArray, isNull, lt, lte, max, or, sql, type SQL } from 'drizzle-orm';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import type { BaseSQLiteDatabase, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { DEFAULT_DEFINITIONS } from '../model/definitions.js';
import { InputError } from '../model/errors.js';
import type { Finding } from '../model/finding.js';
import type { Occurrence, Source } from '../model/occurrence.js';
import { DEFAULT_WORKING_HOURS, regionOfTimeZone, type Person, type Team, type WorkingHours } from '../model/person.js';
import { isValidTimeZone } from '../model/time.js';
import type { AuditWarning, DataGap } from '../model/warning.js';
import type { PersonWeekMetrics, SeriesSummary } from '../metrics/types.js';
import * as schema from './schema.js';
import type {
  Analysis,
  Baseline,
  BaselineInput,
  BaselineScope,
  CalendarImport,
  CalendarSync,
  FindingQuery,
  ImportCounts,
  ImportRecord,
  ImportResult,
  OccurrenceQuery,
  OrgSettings,
  PersonWeekQuery,
  Roster,
  Store,
  StoredCalendar,
  StoredToken,
  SyncGap,
  TokenInput,
} from './store.js';

const {
  apiTokens,
  baselines,
  calendars,
  credentials,
  findings,
  gaps,
  syncGaps,
  imports,
  memberships,
  occurrences,
  people,
  personWeeks,
  series,
  seriesPeople,
  settings,
  teams,
} = schema;

export interface SqliteStoreOptions {
  /** A database file, or ':memory:'. */
  file: string;
  /** Where the generated migrations are; default: the repository's drizzle/ folder. */
  migrationsFolder?: string;
}

type Db = BetterSQLite3Database<typeof schema>;
/** The database or a transaction on it: both run the same synchronous queries. */
type Q = BaseSQLiteDatabase<'sync', Database.RunResult, typeof schema>;
type Tx = Q;

/** D1 binds at most 100 parameters per statement. */
const MAX_PARAMS = 100;
const PRIVATE_TITLE = 'Private event';
/** Fewest people an aggregate may show, when no roster has set it (config/roster.ts DEFAULT_MIN_GROUP_SIZE). */
const DEFAULT_MIN_GROUP_SIZE = 5;

const KEY_ORG = 'org';
const KEY_DATA_VERSION = 'dataVersion';
const KEY_ANALYSIS = 'analysis';

interface AnalysisMeta {
  dataVersion: number;
  atMs: number;
  definitionsVersion: string;
}

const DEFAULT_MIGRATIONS_FOLDER = fileURLToPath(new URL('../../drizzle', import.meta.url));

export function createSqliteStore(options: SqliteStoreOptions): Store {
  const client = new Database(options.file);
  const isMemory = options.file === ':memory:' || options.file === '';
  client.pragma('busy_timeout = 5000');
  if (!isMemory) {
    client.pragma('journal_mode = WAL');
    client.pragma('synchronous = NORMAL');
  }
  client.pragma('foreign_keys = ON');
  const db: Db = drizzle({ client, schema });
  return new SqliteStore(client, db, options.migrationsFolder ?? DEFAULT_MIGRATIONS_FOLDER);
}

class SqliteStore implements Store {
  /** The hot path of an import: prepared once, run inside the import's transaction. */
  private readonly occurrenceInsert: BulkInsert;
  /**
   * Reads every API request makes (the token, the data and analysis versions), prepared on first use
   * (the tables exist only after `migrate`) rather than built and prepared again each time.
   */
  private prepared?: ReturnType<SqliteStore['prepareHotReads']>;

  constructor(
    private readonly client: Database.Database,
    private readonly db: Db,
    private readonly migrationsFolder: string,
  ) {
    this.occurrenceInsert = new BulkInsert(db, occurrences, ['id'], (insert) =>
      insert.onConflictDoUpdate({
        target: [occurrences.calendarId, occurrences.uid, occurrences.instanceStartMs],
        set: excludedSet(occurrences, ['id', 'calendarId', 'uid', 'instanceStartMs']),
      }),
    );
  }

  private prepareHotReads() {
    return {
      setting: this.db.select({ value: settings.value }).from(settings).where(eq(settings.key, sql.placeholder('key'))).prepare(),
      token: this.db.select().from(apiTokens).where(eq(apiTokens.hash, sql.placeholder('hash'))).prepare(),
    };
  }

  private get hot() {
    return (this.prepared ??= this.prepareHotReads());
  }

  /** One synchronous transaction: drizzle passes the callback to better-sqlite3's `transaction`. */
  private write<T>(fn: (tx: Tx) => T): T {
    return this.db.transaction((tx) => fn(tx as Tx), { behavior: 'immediate' });
  }

  async migrate(): Promise<void> {
    migrate(this.db, { migrationsFolder: this.migrationsFolder });
  }

  async close(): Promise<void> {
    if (this.client.open) this.client.close();
  }

  async isEmpty(): Promise<boolean> {
    const person = this.db.select({ one: sql`1` }).from(people).limit(1).get();
    const calendar = this.db.select({ one: sql`1` }).from(calendars).limit(1).get();
    return person === undefined && calendar === undefined;
  }

  // --- roster

  async getRoster(): Promise<Roster> {
    const teamRows = this.db.select().from(teams).orderBy(asc(teams.position), asc(teams.id)).all();
    const memberRows = this.db.select().from(memberships).orderBy(asc(memberships.position), asc(memberships.personEmail)).all();
    const personRows = this.db.select().from(people).orderBy(asc(people.position), asc(people.email)).all();
    const teamsOf = new Map<string, string[]>();
    const byTeam = new Map<string, { members: string[]; leads: string[] }>();
    for (const t of teamRows) byTeam.set(t.id, { members: [], leads: [] });
    for (const m of memberRows) {
      const lists = byTeam.get(m.teamId);
      if (!lists) continue;
      (m.role === 'lead' ? lists.leads : lists.members).push(m.personEmail);
    }
    // A person's teams follow the teams' order, as config/roster.ts builds them.
    for (const t of teamRows) {
      for (const email of byTeam.get(t.id)!.members) {
        let list = teamsOf.get(email);
        if (!list) teamsOf.set(email, (list = []));
        list.push(t.id);
      }
    }
    return {
      people: personRows.map((row) => toPerson(row, teamsOf.get(row.email) ?? [])),
      teams: teamRows.map((row) => toTeam(row, byTeam.get(row.id)!)),
      settings: readOrgSettings(this.db),
    };
  }

  async replaceRoster(roster: Roster): Promise<void> {
    const teamIds = new Set(roster.teams.map((t) => t.id));
    for (const p of roster.people) checkTeamIds(p, teamIds);
    this.write((tx) => {
      writeSetting(tx, KEY_ORG, roster.settings);
      // People the roster lists take positions 0..n-1 in its order; the others keep theirs, after them.
      const n = roster.people.length;
      if (n > 0) tx.update(people).set({ position: sql`${people.position} + ${n}` }).run();
      const personRows = dedupeBy(roster.people, (p) => p.email).map((p, i) => toPersonRow(p, i));
      insertChunked(tx, people, personRows, (q) =>
        q.onConflictDoUpdate({ target: people.email, set: excludedSet(people, ['email']) }),
      );
      tx.delete(memberships).run();
      tx.delete(teams).run();
      insertChunked(
        tx,
        teams,
        dedupeBy(roster.teams, (t) => t.id).map((t, i) => toTeamRow(t, i)),
      );
      const defaults = roster.settings.defaults;
      for (const team of dedupeBy(roster.teams, (t) => t.id)) {
        const members = unique([...team.members, ...roster.people.filter((p) => p.teams.includes(team.id)).map((p) => p.email)]);
        insertMemberships(tx, team.id, members, unique(team.leads), defaults);
      }
      bumpDataVersion(tx);
    });
  }

  async upsertPerson(person: Person): Promise<void> {
    this.write((tx) => {
      const known = tx.select({ id: teams.id }).from(teams).all();
      checkTeamIds(person, new Set(known.map((t) => t.id)));
      const existing = tx.select({ position: people.position }).from(people).where(eq(people.email, person.email)).get();
      const position = existing?.position ?? nextPosition(tx, people);
      tx.insert(people)
        .values(toPersonRow(person, position))
        .onConflictDoUpdate({ target: people.email, set: excludedSet(people, ['email', 'position']) })
        .run();
      // The person's `teams` are the teams they are a member of; their lead roles are untouched.
      const current = tx
        .select({ teamId: memberships.teamId })
        .from(memberships)
        .where(and(eq(memberships.personEmail, person.email), eq(memberships.role, 'member')))
        .all()
        .map((m) => m.teamId);
      const wanted = unique(person.teams);
      const gone = current.filter((id) => !wanted.includes(id));
      if (gone.length > 0) {
        tx.delete(memberships)
          .where(and(eq(memberships.personEmail, person.email), eq(memberships.role, 'member'), inArray(memberships.teamId, gone)))
          .run();
      }
      for (const teamId of wanted) {
        if (current.includes(teamId)) continue;
        const last = tx
          .select({ position: max(memberships.position) })
          .from(memberships)
          .where(and(eq(memberships.teamId, teamId), eq(memberships.role, 'member')))
          .get();
        tx.insert(memberships)
          .values({ teamId, personEmail: person.email, role: 'member', position: (last?.position ?? -1) + 1 })
          .run();
      }
      bumpDataVersion(tx);
    });
  }

  async upsertTeam(team: Team): Promise<void> {
    this.write((tx) => {
      const existing = tx.select({ position: teams.position }).from(teams).where(eq(teams.id, team.id)).get();
      const position = existing?.position ?? nextPosition(tx, teams);
      tx.insert(teams)
        .values(toTeamRow(team, position))
        .onConflictDoUpdate({ target: teams.id, set: excludedSet(teams, ['id', 'position']) })
        .run();
      tx.delete(memberships).where(eq(memberships.teamId, team.id)).run();
      insertMemberships(tx, team.id, unique(team.members), unique(team.leads), readOrgSettings(tx).defaults);
      bumpDataVersion(tx);
    });
  }

  async getPerson(email: string): Promise<Person | null> {
    const row = this.db.select().from(people).where(eq(people.email, email)).get();
    if (!row) return null;
    const teamIds = this.db
      .select({ id: teams.id })
      .from(memberships)
      .innerJoin(teams, eq(teams.id, memberships.teamId))
      .where(and(eq(memberships.personEmail, email), eq(memberships.role, 'member')))
      .orderBy(asc(teams.position), asc(teams.id))
      .all()
      .map((t) => t.id);
    return toPerson(row, teamIds);
  }

  async getTeam(id: string): Promise<Team | null> {
    const row = this.db.select().from(teams).where(eq(teams.id, id)).get();
    if (!row) return null;
    const rows = this.db
      .select()
      .from(memberships)
      .where(eq(memberships.teamId, id))
      .orderBy(asc(memberships.position), asc(memberships.personEmail))
      .all();
    return toTeam(row, {
      members: rows.filter((m) => m.role === 'member').map((m) => m.personEmail),
      leads: rows.filter((m) => m.role === 'lead').map((m) => m.personEmail),
    });
  }

  // --- calendars and imports

  async importCalendar(input: CalendarImport): Promise<ImportResult> {
    if (!Number.isFinite(input.fromMs) || !Number.isFinite(input.toMs) || input.fromMs > input.toMs) {
      throw new InputError(`import window [${input.fromMs}, ${input.toMs}) is not a window`, 'fromMs');
    }
    return this.write((tx): ImportResult => {
      const calendarKey = and(
        eq(calendars.source, input.source),
        eq(calendars.externalId, input.externalId),
        eq(calendars.ownerEmail, input.ownerEmail),
      );
      const calendar = tx.select({ id: calendars.id }).from(calendars).where(calendarKey).get();
      if (calendar) {
        const latest = tx
          .select()
          .from(imports)
          .where(eq(imports.calendarId, calendar.id))
          .orderBy(desc(imports.id))
          .limit(1)
          .get();
        if (latest && latest.checksum === input.checksum && latest.fromMs === input.fromMs && latest.toMs === input.toMs) {
          return { importId: latest.id, calendarId: calendar.id, status: 'unchanged', counts: latest.counts, warnings: latest.warnings };
        }
      }

      const calendarId = saveCalendar(tx, input, calendar?.id ?? null);

      const warnings = [...input.warnings];
      const rows = toOccurrenceRows(calendarId, input.ownerEmail, input.occurrences, warnings);
      const windowRange = and(
        eq(occurrences.calendarId, calendarId),
        gte(occurrences.startMs, input.fromMs),
        lt(occurrences.startMs, input.toMs),
      );
      const before = tx
        .select({ uid: occurrences.uid, instanceStartMs: occurrences.instanceStartMs })
        .from(occurrences)
        .where(windowRange)
        .all();
      tx.delete(occurrences).where(windowRange).run();
      // A moved instance keeps its key but may have started outside this window before: replace it too.
      this.occurrenceInsert.run(rows);

      const incoming = new Set(rows.map((r) => occurrenceKey(r.uid, r.instanceStartMs)));
      const removed = before.filter((r) => !incoming.has(occurrenceKey(r.uid, r.instanceStartMs))).length;
      const { importId, counts } = recordImport(tx, calendarId, input, input.checksum, rows, removed, warnings);
      bumpDataVersion(tx);
      return { importId, calendarId, status: 'imported', counts, warnings };
    });
  }

  async applyCalendarSync(input: CalendarSync): Promise<ImportResult> {
    if (!Number.isFinite(input.fromMs) || !Number.isFinite(input.toMs) || input.fromMs > input.toMs) {
      throw new InputError(`sync window [${input.fromMs}, ${input.toMs}) is not a window`, 'fromMs');
    }
    return this.write((tx): ImportResult => {
      const existing = tx
        .select({ id: calendars.id })
        .from(calendars)
        .where(and(eq(calendars.source, input.source), eq(calendars.externalId, input.externalId), eq(calendars.ownerEmail, input.ownerEmail)))
        .get();
      const calendarId = saveCalendar(tx, input, existing?.id ?? null);
      const warnings = [...input.warnings];
      const rows = toOccurrenceRows(calendarId, input.ownerEmail, input.upserts, warnings);
      let removed = 0;
      if (input.full) {
        const windowRange = and(eq(occurrences.calendarId, calendarId), gte(occurrences.startMs, input.fromMs), lt(occurrences.startMs, input.toMs));
        const incoming = new Set(rows.map((r) => occurrenceKey(r.uid, r.instanceStartMs)));
        const before = tx.select({ uid: occurrences.uid, instanceStartMs: occurrences.instanceStartMs }).from(occurrences).where(windowRange).all();
        removed = before.filter((r) => !incoming.has(occurrenceKey(r.uid, r.instanceStartMs))).length;
        tx.delete(occurrences).where(windowRange).run();
      } else {
        for (const r of input.removals) {
          const match =
            r.instanceStartMs === null
              ? and(eq(occurrences.calendarId, calendarId), eq(occurrences.uid, r.uid))
              : and(eq(occurrences.calendarId, calendarId), eq(occurrences.uid, r.uid), eq(occurrences.instanceStartMs, r.instanceStartMs));
          removed += tx.delete(occurrences).where(match).run().changes;
        }
      }
      this.occurrenceInsert.run(rows);
      const checksum = input.full ? 'sync:full' : 'sync:incremental';
      const { importId, counts } = recordImport(tx, calendarId, input, checksum, rows, removed, warnings);
      if (input.full || rows.length > 0 || removed > 0 || !existing) bumpDataVersion(tx);
      return { importId, calendarId, status: 'imported', counts, warnings };
    });
  }

  async getCalendar(source: Source, externalId: string, ownerEmail: string): Promise<StoredCalendar | null> {
    const found = (await this.listCalendars(ownerEmail)).find((c) => c.source === source && c.externalId === externalId);
    return found ?? null;
  }

  async recordSyncGap(gap: SyncGap): Promise<void> {
    this.write((tx) => {
      ensurePeople(tx, [gap.ownerEmail], readOrgSettings(tx).defaults);
      tx.insert(syncGaps)
        .values(gap)
        .onConflictDoUpdate({ target: [syncGaps.ownerEmail, syncGaps.source], set: { reason: gap.reason, fromMs: gap.fromMs, toMs: gap.toMs, atMs: gap.atMs } })
        .run();
      bumpDataVersion(tx);
    });
  }

  async clearSyncGap(ownerEmail: string, source: SyncGap['source']): Promise<void> {
    this.write((tx) => {
      const { changes } = tx.delete(syncGaps).where(and(eq(syncGaps.ownerEmail, ownerEmail), eq(syncGaps.source, source))).run();
      if (changes > 0) bumpDataVersion(tx);
    });
  }

  async listSyncGaps(): Promise<SyncGap[]> {
    return this.db.select().from(syncGaps).orderBy(asc(syncGaps.ownerEmail), asc(syncGaps.source)).all() as SyncGap[];
  }

  async putCredential(key: string, ciphertext: string, atMs: number): Promise<void> {
    this.db
      .insert(credentials)
      .values({ key, ciphertext, updatedMs: atMs })
      .onConflictDoUpdate({ target: credentials.key, set: { ciphertext, updatedMs: atMs } })
      .run();
  }

  async getCredential(key: string): Promise<string | null> {
    return this.db.select({ ciphertext: credentials.ciphertext }).from(credentials).where(eq(credentials.key, key)).get()?.ciphertext ?? null;
  }

  async listCalendars(ownerEmail?: string): Promise<StoredCalendar[]> {
    return this.db
      .select()
      .from(calendars)
      .where(ownerEmail === undefined ? undefined : eq(calendars.ownerEmail, ownerEmail))
      .orderBy(asc(calendars.ownerEmail), asc(calendars.id))
      .all()
      .map((row) => ({
        id: row.id,
        source: row.source,
        externalId: row.externalId,
        ownerEmail: row.ownerEmail,
        timeZone: row.timeZone,
        syncState: row.syncState ?? null,
        lastImportMs: row.lastImportMs,
      }));
  }

  async listImports(ownerEmail?: string): Promise<ImportRecord[]> {
    return this.db
      .select({ i: imports, ownerEmail: calendars.ownerEmail })
      .from(imports)
      .innerJoin(calendars, eq(calendars.id, imports.calendarId))
      .where(ownerEmail === undefined ? undefined : eq(calendars.ownerEmail, ownerEmail))
      .orderBy(asc(imports.id))
      .all()
      .map(({ i, ownerEmail: owner }) => ({
        id: i.id,
        calendarId: i.calendarId,
        ownerEmail: owner,
        actor: i.actor,
        atMs: i.atMs,
        fromMs: i.fromMs,
        toMs: i.toMs,
        checksum: i.checksum,
        counts: i.counts,
        warnings: i.warnings,
      }));
  }

  async listOccurrences(query: OccurrenceQuery = {}): Promise<(Occurrence & { ownerEmail: string })[]> {
    if (query.people && query.people.length === 0) return [];
    const where: SQL[] = [];
    if (query.people) where.push(inArray(occurrences.ownerEmail, query.people));
    if (query.fromMs !== undefined) where.push(gte(occurrences.startMs, query.fromMs));
    if (query.toMs !== undefined) where.push(lt(occurrences.startMs, query.toMs));
    const rows = this.db
      .select()
      .from(occurrences)
      .where(and(...where))
      .orderBy(
        asc(occurrences.ownerEmail),
        asc(occurrences.startMs),
        asc(occurrences.uid),
        asc(occurrences.endMs),
        asc(occurrences.calendarId),
        asc(occurrences.id),
      )
      .all();
    // SQLite orders text by UTF-8 bytes, JS by UTF-16 units; re-sort (stable, nearly free) so the
    // order is exactly the one compareOccurrences gives everywhere else.
    rows.sort(
      (a, b) =>
        compareText(a.ownerEmail, b.ownerEmail) || a.startMs - b.startMs || compareText(a.uid, b.uid) || a.endMs - b.endMs,
    );
    return rows.map(toOccurrence);
  }

  async listCoverage(): Promise<{ person: string; fromMs: number; toMs: number; calendars: number; lastImportMs: number }[]> {
    return this.db
      .select({
        person: calendars.ownerEmail,
        fromMs: sql<number>`min(${imports.fromMs})`,
        toMs: sql<number>`max(${imports.toMs})`,
        calendars: sql<number>`count(distinct ${calendars.id})`,
        lastImportMs: sql<number>`max(${imports.atMs})`,
      })
      .from(imports)
      .innerJoin(calendars, eq(calendars.id, imports.calendarId))
      .groupBy(calendars.ownerEmail)
      .orderBy(asc(calendars.ownerEmail))
      .all();
  }

  // --- analysis

  async getDataVersion(): Promise<number> {
    const v = this.hot.setting.get({ key: KEY_DATA_VERSION })?.value;
    return typeof v === 'number' ? v : 0;
  }

  async getAnalysisVersion(): Promise<number | null> {
    const meta = this.hot.setting.get({ key: KEY_ANALYSIS })?.value as AnalysisMeta | undefined;
    return meta ? meta.dataVersion : null;
  }

  async replaceAnalysis(analysis: Analysis): Promise<void> {
    this.write((tx) => {
      tx.delete(personWeeks).run();
      tx.delete(findings).run();
      tx.delete(seriesPeople).run();
      tx.delete(series).run();
      tx.delete(gaps).run();
      insertChunked(
        tx,
        personWeeks,
        analysis.personWeeks.map((w) => ({ person: w.person, week: w.metrics.week, metrics: w.metrics })),
      );
      insertChunked(
        tx,
        findings,
        analysis.findings.map((f, rank) => ({
          rank,
          ruleId: f.ruleId,
          severity: f.severity,
          person: f.person,
          week: f.week,
          subject: f.subject,
          message: f.message,
          evidence: f.evidence,
          hoursAtStake: f.hoursAtStake,
        })),
      );
      insertChunked(
        tx,
        series,
        analysis.series.map((s, rank) => ({ seriesId: s.seriesId, rank, summary: s })),
      );
      insertChunked(
        tx,
        seriesPeople,
        analysis.series.flatMap((s) => unique(s.audited).map((person) => ({ seriesId: s.seriesId, person }))),
      );
      insertChunked(
        tx,
        gaps,
        analysis.gaps.map((gap) => ({ gap })),
      );
      const meta: AnalysisMeta = {
        dataVersion: analysis.dataVersion,
        atMs: analysis.atMs,
        definitionsVersion: analysis.definitionsVersion,
      };
      writeSetting(tx, KEY_ANALYSIS, meta);
    });
  }

  async listPersonWeeks(query: PersonWeekQuery = {}): Promise<{ person: string; metrics: PersonWeekMetrics }[]> {
    if (query.people && query.people.length === 0) return [];
    const where: SQL[] = [];
    if (query.people) where.push(inArray(personWeeks.person, query.people));
    if (query.fromWeek !== undefined) where.push(gte(personWeeks.week, query.fromWeek));
    if (query.toWeek !== undefined) where.push(lte(personWeeks.week, query.toWeek));
    return this.db
      .select({ person: personWeeks.person, metrics: personWeeks.metrics })
      .from(personWeeks)
      .where(and(...where))
      .orderBy(asc(personWeeks.person), asc(personWeeks.week))
      .all();
  }

  async listFindings(query: FindingQuery = {}): Promise<Finding[]> {
    if (query.people && query.people.length === 0) return [];
    const where: (SQL | undefined)[] = [];
    if (query.people) where.push(inArray(findings.person, query.people));
    if (query.week !== undefined) {
      where.push(query.includeUnweeked ? or(eq(findings.week, query.week), isNull(findings.week)) : eq(findings.week, query.week));
    }
    if (query.ruleId !== undefined) where.push(eq(findings.ruleId, query.ruleId));
    const base = this.db.select().from(findings).where(and(...where)).orderBy(asc(findings.rank));
    const rows = query.limit !== undefined ? base.limit(Math.max(0, query.limit)).all() : base.all();
    return rows.map((row) => ({
      ruleId: row.ruleId,
      severity: row.severity,
      subject: row.subject,
      person: row.person,
      week: row.week,
      message: row.message,
      evidence: row.evidence,
      hoursAtStake: row.hoursAtStake,
    }));
  }

  async listSeries(filterPeople?: string[]): Promise<SeriesSummary[]> {
    if (filterPeople && filterPeople.length === 0) return [];
    // `series_id IN (their series)`, found through series_people_person, rather than EXISTS: with EXISTS
    // SQLite walks every series in rank order and probes each (2 ms at 1,000 people, 0.05 ms this way).
    const attends = filterPeople
      ? inArray(
          series.seriesId,
          this.db.select({ seriesId: seriesPeople.seriesId }).from(seriesPeople).where(inArray(seriesPeople.person, filterPeople)),
        )
      : undefined;
    return this.db
      .select({ summary: series.summary })
      .from(series)
      .where(attends)
      .orderBy(asc(series.rank))
      .all()
      .map((r) => r.summary);
  }

  async listGaps(): Promise<DataGap[]> {
    const analysisGaps = this.db
      .select({ gap: gaps.gap })
      .from(gaps)
      .orderBy(asc(gaps.id))
      .all()
      .map((r) => r.gap);
    const sync = (await this.listSyncGaps()).map(
      (g): DataGap => ({ calendarId: `${g.source}:${g.ownerEmail}`, ownerEmail: g.ownerEmail, reason: g.reason, fromMs: g.fromMs, toMs: g.toMs }),
    );
    return [...analysisGaps, ...sync];
  }

  async listWeeks(): Promise<string[]> {
    return this.db
      .selectDistinct({ week: personWeeks.week })
      .from(personWeeks)
      .orderBy(asc(personWeeks.week))
      .all()
      .map((r) => r.week);
  }

  // --- baselines

  async createBaseline(input: BaselineInput): Promise<Baseline> {
    const row = this.write((tx) =>
      tx
        .insert(baselines)
        .values({
          scopeType: input.scope.type,
          teamId: input.scope.type === 'team' ? input.scope.teamId : null,
          weeks: input.weeks,
          definitionsVersion: input.definitionsVersion,
          definitions: input.definitions,
          numbers: input.numbers,
          createdMs: input.createdMs,
          actor: input.actor,
        })
        .returning()
        .get(),
    );
    return toBaseline(row);
  }

  async getLatestBaseline(scope: BaselineScope): Promise<Baseline | null> {
    const row = this.db
      .select()
      .from(baselines)
      .where(
        scope.type === 'team'
          ? and(eq(baselines.scopeType, 'team'), eq(baselines.teamId, scope.teamId))
          : eq(baselines.scopeType, 'org'),
      )
      .orderBy(desc(baselines.createdMs), desc(baselines.id))
      .limit(1)
      .get();
    return row ? toBaseline(row) : null;
  }

  async listBaselines(): Promise<Baseline[]> {
    return this.db.select().from(baselines).orderBy(asc(baselines.id)).all().map(toBaseline);
  }

  // --- API tokens

  async createToken(input: TokenInput): Promise<StoredToken> {
    const row = this.write((tx) =>
      tx
        .insert(apiTokens)
        .values({
          hash: input.hash,
          role: input.role,
          teamId: input.teamId,
          personEmail: input.personEmail,
          label: input.label,
          createdMs: input.createdMs,
          revokedMs: null,
        })
        .returning()
        .get(),
    );
    return toToken(row);
  }

  async findTokenByHash(hash: string): Promise<StoredToken | null> {
    const row = this.hot.token.get({ hash });
    return row ? toToken(row) : null;
  }

  async listTokens(): Promise<StoredToken[]> {
    return this.db.select().from(apiTokens).orderBy(asc(apiTokens.id)).all().map(toToken);
  }

  async revokeToken(id: number, atMs: number): Promise<boolean> {
    const result = this.write((tx) =>
      tx
        .update(apiTokens)
        .set({ revokedMs: atMs })
        .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedMs)))
        .run(),
    );
    return result.changes > 0;
  }
}

// --- helpers (synchronous, usable on the database or inside a transaction)

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const occurrenceKey = (uid: string, instanceStartMs: number): string => `${instanceStartMs}\u0000${uid}`;

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

/** Keeps the last of each key, in first-seen order. */
function dedupeBy<T>(values: readonly T[], keyOf: (v: T) => string): T[] {
  const byKey = new Map<string, T>();
  for (const v of values) byKey.set(keyOf(v), v);
  return [...byKey.values()];
}

function checkTeamIds(person: Person, known: Set<string>): void {
  for (const id of person.teams) {
    if (!known.has(id)) throw new InputError(`person "${person.email}": unknown team "${id}"`, 'teams');
  }
}

/**
 * Inserts rows in multi-row statements of at most MAX_PARAMS bound parameters (D1's limit; also
 * far fewer statements than one per row). Every row must carry the same keys.
 */
function insertChunked<T extends SQLiteTable>(
  q: Q,
  table: T,
  rows: T['$inferInsert'][],
  configure?: (insert: any) => { run(): unknown },
): void {
  if (rows.length === 0) return;
  const perRow = Math.max(1, Object.keys(rows[0]).length);
  const size = Math.max(1, Math.floor(MAX_PARAMS / perRow));
  for (let i = 0; i < rows.length; i += size) {
    const insert = q.insert(table).values(rows.slice(i, i + size));
    (configure ? configure(insert) : insert).run();
  }
}

/**
 * A multi-row insert of one table, chunked like `insertChunked` but prepared once per chunk size and
 * reused: building and preparing a 28-column statement for every 3 rows cost ~0.25 ms each (about
 * 130 ms for 1,500 occurrences); reusing it is an order of magnitude faster. Values are encoded with
 * each column's own driver mapping (JSON, booleans), as a plain drizzle insert would, and null
 * stays SQL NULL.
 */
class BulkInsert {
  private readonly columns: [string, Column][];
  private readonly rowsPerStatement: number;
  private readonly statements = new Map<number, { run(values: Record<string, unknown>): unknown }>();

  constructor(
    private readonly db: Db,
    private readonly table: SQLiteTable,
    skip: string[],
    private readonly configure?: (insert: any) => { prepare(): { run(values: Record<string, unknown>): unknown } },
  ) {
    this.columns = Object.entries(getTableColumns(table)).filter(([key]) => !skip.includes(key));
    this.rowsPerStatement = Math.max(1, Math.floor(MAX_PARAMS / this.columns.length));
  }

  run(rows: readonly Record<string, unknown>[]): void {
    const size = this.rowsPerStatement;
    for (let i = 0; i < rows.length; i += size) {
      const n = Math.min(size, rows.length - i);
      const values: Record<string, unknown> = {};
      for (let r = 0; r < n; r++) {
        const row = rows[i + r];
        for (const [key, column] of this.columns) {
          const v = row[key];
          values[`${key}_${r}`] = v === null || v === undefined ? null : column.mapToDriverValue(v);
        }
      }
      this.statement(n).run(values);
    }
  }

  private statement(n: number): { run(values: Record<string, unknown>): unknown } {
    let statement = this.statements.get(n);
    if (!statement) {
      // sql`${placeholder}` rather than a bare placeholder: drizzle would encode a bare one again.
      const rows = Array.from({ length: n }, (_, r) =>
        Object.fromEntries(this.columns.map(([key]) => [key, sql`${sql.placeholder(`${key}_${r}`)}`])),
      );
      const insert = this.db.insert(this.table).values(rows as any);
      statement = this.configure ? this.configure(insert).prepare() : insert.prepare();
      this.statements.set(n, statement);
    }
    return statement;
  }
}

/** `SET col = excluded.col` for every column but `skip` (for ON CONFLICT DO UPDATE). */
function excludedSet(table: SQLiteTable, skip: string[]): Record<string, SQL> {
  const set: Record<string, SQL> = {};
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    if (skip.includes(key)) continue;
    set[key] = sql.raw(`excluded.${JSON.stringify(column.name)}`);
  }
  return set;
}

/** The import record of a write: what it stored, removed and warned about. */
function recordImport(
  tx: Q,
  calendarId: number,
  input: { actor: string; atMs: number; fromMs: number; toMs: number },
  checksum: string,
  rows: { kind: string }[],
  removed: number,
  warnings: AuditWarning[],
): { importId: number; counts: ImportCounts } {
  const counts: ImportCounts = {
    occurrences: rows.length,
    meetings: rows.filter((r) => r.kind === 'meeting').length,
    removed,
    warnings: warnings.length,
  };
  const importId = tx
    .insert(imports)
    .values({ calendarId, actor: input.actor, atMs: input.atMs, fromMs: input.fromMs, toMs: input.toMs, checksum, counts, warnings })
    .returning({ id: imports.id })
    .get().id;
  return { importId, counts };
}

/** Creates or updates the calendar row of an import or sync (and its owner); returns its id. */
function saveCalendar(
  tx: Q,
  input: { source: Source; externalId: string; ownerEmail: string; timeZone: string | null; atMs: number; syncState?: unknown },
  existingId: number | null,
): number {
  ensurePeople(tx, [input.ownerEmail], readOrgSettings(tx).defaults, input.timeZone);
  if (existingId !== null) {
    tx.update(calendars)
      .set({ timeZone: input.timeZone, lastImportMs: input.atMs, ...(input.syncState !== undefined ? { syncState: input.syncState } : {}) })
      .where(eq(calendars.id, existingId))
      .run();
    return existingId;
  }
  return tx
    .insert(calendars)
    .values({
      source: input.source,
      externalId: input.externalId,
      ownerEmail: input.ownerEmail,
      timeZone: input.timeZone,
      syncState: input.syncState ?? null,
      lastImportMs: input.atMs,
    })
    .returning({ id: calendars.id })
    .get().id;
}

function nextPosition(q: Q, table: typeof people | typeof teams): number {
  const row = q.select({ position: max(table.position) }).from(table).get();
  return (row?.position ?? -1) + 1;
}

function readSetting(q: Q, key: string): unknown {
  return q.select({ value: settings.value }).from(settings).where(eq(settings.key, key)).get()?.value;
}

function writeSetting(q: Q, key: string, value: unknown): void {
  q.insert(settings).values({ key, value }).onConflictDoUpdate({ target: settings.key, set: { value } }).run();
}

function readDataVersion(q: Q): number {
  const v = readSetting(q, KEY_DATA_VERSION);
  return typeof v === 'number' ? v : 0;
}

function bumpDataVersion(q: Q): void {
  writeSetting(q, KEY_DATA_VERSION, readDataVersion(q) + 1);
}

function defaultOrgSettings(): OrgSettings {
  return {
    defaults: {
      timeZone: null,
      workingHours: cloneHours(DEFAULT_WORKING_HOURS),
      humaneHours: cloneHours(DEFAULT_WORKING_HOURS),
      hourlyRate: null,
    },
    definitions: structuredClone(DEFAULT_DEFINITIONS),
    rules: {},
    minGroupSize: DEFAULT_MIN_GROUP_SIZE,
  };
}

function readOrgSettings(q: Q): OrgSettings {
  return (readSetting(q, KEY_ORG) as OrgSettings | undefined) ?? defaultOrgSettings();
}

function cloneHours(hours: WorkingHours): WorkingHours {
  return { days: [...hours.days], startMin: hours.startMin, endMin: hours.endMin };
}

/**
 * Creates the people among `emails` the store does not know, with the roster defaults: the default
 * zone, else `fallbackTimeZone` (a calendar's own zone) when it is a valid IANA zone, else UTC.
 */
function ensurePeople(q: Q, emails: string[], defaults: OrgSettings['defaults'], fallbackTimeZone: string | null = null): void {
  const wanted = unique(emails);
  if (wanted.length === 0) return;
  const known = new Set<string>();
  for (let i = 0; i < wanted.length; i += MAX_PARAMS) {
    const chunk = wanted.slice(i, i + MAX_PARAMS);
    for (const r of q.select({ email: people.email }).from(people).where(inArray(people.email, chunk)).all()) known.add(r.email);
  }
  const missing = wanted.filter((e) => !known.has(e));
  if (missing.length === 0) return;
  const timeZone = defaults.timeZone ?? (fallbackTimeZone && isValidTimeZone(fallbackTimeZone) ? fallbackTimeZone : 'UTC');
  let position = nextPosition(q, people);
  insertChunked(
    q,
    people,
    missing.map((email) => ({
      email,
      name: null,
      timeZone,
      workingHours: cloneHours(defaults.workingHours),
      humaneHours: cloneHours(defaults.humaneHours),
      hourlyRate: defaults.hourlyRate,
      region: regionOfTimeZone(timeZone),
      position: position++,
    })),
  );
}

function insertMemberships(q: Q, teamId: string, members: string[], leads: string[], defaults: OrgSettings['defaults']): void {
  ensurePeople(q, [...members, ...leads], defaults);
  insertChunked(q, memberships, [
    ...members.map((personEmail, position) => ({ teamId, personEmail, role: 'member' as const, position })),
    ...leads.map((personEmail, position) => ({ teamId, personEmail, role: 'lead' as const, position })),
  ]);
}

function toPersonRow(p: Person, position: number): typeof people.$inferInsert {
  return {
    email: p.email,
    name: p.name,
    timeZone: p.timeZone,
    workingHours: p.workingHours,
    humaneHours: p.humaneHours,
    hourlyRate: p.hourlyRate,
    region: p.region,
    position,
  };
}

function toPerson(row: typeof people.$inferSelect, teamIds: string[]): Person {
  return {
    email: row.email,
    name: row.name,
    timeZone: row.timeZone,
    workingHours: row.workingHours,
    humaneHours: row.humaneHours,
    teams: teamIds,
    hourlyRate: row.hourlyRate,
    region: row.region,
  };
}

function toTeamRow(t: Team, position: number): typeof teams.$inferInsert {
  return { id: t.id, name: t.name, overlapWindow: t.overlapWindow, noMeetingDay: t.noMeetingDay, position };
}

function toTeam(row: typeof teams.$inferSelect, lists: { members: string[]; leads: string[] }): Team {
  return {
    id: row.id,
    name: row.name,
    members: lists.members,
    leads: lists.leads,
    overlapWindow: row.overlapWindow ?? null,
    noMeetingDay: row.noMeetingDay,
  };
}

type OccurrenceRow = typeof occurrences.$inferInsert & { uid: string; instanceStartMs: number };

/**
 * The rows to store for one calendar. Private events never keep their title or description text.
 * Two occurrences with the same key (UID and original start) cannot both be stored: the last one
 * wins and a warning says so. An event without a UID (the .ics reader gives it "") is keyed by where
 * it was read instead, so two of them at the same time are both kept; it reads back with uid "".
 */
function toOccurrenceRows(calendarId: number, ownerEmail: string, list: Occurrence[], warnings: AuditWarning[]): OccurrenceRow[] {
  const byKey = new Map<string, OccurrenceRow>();
  for (const o of list) {
    const instanceStartMs = o.recurrenceIdMs ?? o.startMs;
    const row: OccurrenceRow = {
      calendarId,
      ownerEmail,
      uid: o.uid === '' ? `${NO_UID}${o.origin}` : o.uid,
      instanceStartMs,
      startMs: o.startMs,
      endMs: o.endMs,
      source: o.source,
      calendarRef: o.calendarId,
      seriesId: o.seriesId,
      recurrence: o.recurrence,
      recurrenceIdMs: o.recurrenceIdMs,
      allDay: o.allDay,
      floating: o.floating,
      timeZone: o.timeZone,
      title: o.isPrivate ? PRIVATE_TITLE : o.title,
      isPrivate: o.isPrivate,
      organizer: o.organizer,
      attendees: o.attendees,
      selfResponse: o.selfResponse,
      showAs: o.showAs,
      status: o.status,
      eventType: o.eventType,
      agenda: o.isPrivate && o.agenda ? { ...o.agenda, text: '' } : o.agenda,
      createdMs: o.createdMs,
      lastModifiedMs: o.lastModifiedMs,
      origin: o.origin,
      kind: o.kind,
      excludedReason: o.excludedReason,
    };
    const key = occurrenceKey(row.uid, instanceStartMs);
    if (byKey.has(key)) {
      warnings.push({
        code: 'duplicate-occurrence',
        location: o.origin,
        message: `UID "${o.uid}" has two occurrences starting at ${new Date(instanceStartMs).toISOString()}; the last one is kept`,
      });
      byKey.delete(key); // keep the stored order the input's order
    }
    byKey.set(key, row);
  }
  return [...byKey.values()];
}

/** Prefixes the stored key of an event without a UID (no real UID starts with a NUL). */
const NO_UID = '\u0000';

function toOccurrence(row: typeof occurrences.$inferSelect): Occurrence & { ownerEmail: string } {
  return {
    source: row.source,
    calendarId: row.calendarRef,
    ownerEmail: row.ownerEmail,
    uid: row.uid.startsWith(NO_UID) ? '' : row.uid,
    seriesId: row.seriesId,
    recurrence: row.recurrence ?? null,
    recurrenceIdMs: row.recurrenceIdMs,
    startMs: row.startMs,
    endMs: row.endMs,
    allDay: row.allDay,
    floating: row.floating,
    timeZone: row.timeZone,
    title: row.title,
    isPrivate: row.isPrivate,
    organizer: row.organizer,
    attendees: row.attendees,
    selfResponse: row.selfResponse,
    showAs: row.showAs,
    status: row.status,
    eventType: row.eventType,
    agenda: row.agenda,
    createdMs: row.createdMs,
    lastModifiedMs: row.lastModifiedMs,
    origin: row.origin,
    kind: row.kind,
    excludedReason: row.excludedReason,
  };
}

function toBaseline(row: typeof baselines.$inferSelect): Baseline {
  return {
    id: row.id,
    scope: row.scopeType === 'team' ? { type: 'team', teamId: row.teamId ?? '' } : { type: 'org' },
    weeks: row.weeks,
    definitionsVersion: row.definitionsVersion,
    definitions: row.definitions,
    createdMs: row.createdMs,
    actor: row.actor,
    numbers: row.numbers ?? null,
  };
}

function toToken(row: typeof apiTokens.$inferSelect): StoredToken {
  return {
    id: row.id,
    hash: row.hash,
    role: row.role,
    teamId: row.teamId,
    personEmail: row.personEmail,
    label: row.label,
    createdMs: row.createdMs,
    revokedMs: row.revokedMs,
  };
}
