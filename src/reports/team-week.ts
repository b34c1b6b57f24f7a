/**
 * The weekly team report (`GET /v1/reports/weekly`): one team's (or the organisation's) ISO week.
 * Pure: the caller reads the Store and passes everything in; no clock, no I/O.
 *
 * Privacy: aggregates are only built for at least `minGroupSize` people with data that week, else
 * GroupTooSmallError. Region figures never cover fewer people than that (see `byRegion`). Titles
 * come only from what findings and series already carry (private ones are "Private event").
 */
import type { Finding } from '../model/finding.js';
import type { Cadence } from '../model/occurrence.js';
import type { Person, Team } from '../model/person.js';
import { DAY_MS, formatUtc, HOUR_MS } from '../model/time.js';
import type { DataGap } from '../model/warning.js';
import type { PersonWeekMetrics, SeriesSummary } from '../metrics/types.js';
import { weekdayName } from '../rules/support.js';
import {
  aggregatePersonWeeks,
  assertGroupSize,
  compareWithBaseline,
  roundStats,
  roundTo,
  scopeOf,
  weekDates,
  weekStartWall,
  type MetricDelta,
  type MetricName,
  type ReportScope,
  type Stat,
} from './aggregate.js';
import { spanCoverageOfWeek, summarizeBaseline, type BaselineRef, type BaselineSummary } from './baseline.js';
import { summarizeFindings, type FindingsSummary } from './findings-report.js';

export const DEFAULT_TOP_FINDINGS = 10;
export const DEFAULT_INVENTORY_SIZE = 20;
export const OTHER_REGIONS = 'Other regions';

const WEEKDAY_NAMES = ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** What the Store knows about one member's imported calendars (`listCoverage`, by person). */
export interface MemberCoverage {
  email: string;
  calendars: number;
  lastImportMs: number | null;
  /** The union span of the member's import windows, [fromMs, toMs). */
  fromMs: number | null;
  toMs: number | null;
}

export interface TeamWeekInput {
  /** The team, or null for the whole organisation ("Organisation", no no-meeting day). */
  team: Team | null;
  /** ISO week "2024-W10". */
  week: string;
  /** Everyone in the group, with or without data. */
  members: Person[];
  /** The members' person-weeks of `week` (rows of other people or weeks are ignored). */
  personWeeks: { person: string; metrics: PersonWeekMetrics }[];
  /**
   * The members' findings of `week`, plus series-wide ones (week null) involving members. Findings
   * of other weeks are dropped. For the timezone tax by person, include the outside-humane-hours
   * findings in which a member is a payer (evidence.payers), not only those filed under a member.
   */
  findings: Finding[];
  /** Series at least one member attends (the Store's `listSeries(members)`). */
  series: SeriesSummary[];
  baseline: BaselineRef | null;
  minGroupSize: number;
  coverage: MemberCoverage[];
  gaps: DataGap[];
  /** The definitions version the current figures were computed with. */
  definitionsVersion: string;
  /** How many findings `findings.top` lists (default 10). */
  topFindings?: number;
  /** How many series the inventory lists (default 20). */
  inventorySize?: number;
}

export interface PersonRef {
  email: string;
  name: string | null;
}

/**
 * One recurring series in the inventory: a meeting-diet candidate. Its figures are the audit's
 * SeriesSummary, rounded to 2 decimals, with the group's own share of it.
 */
export type InventoryRow = { rank: number } & Pick<
  SeriesSummary,
  'seriesId' | 'title' | 'organizer' | 'cadence' | 'perWeek' | 'durationMin' | 'participants' | 'weeklyAttendeeHours' | 'weeklyCost' | 'hasAgenda' | 'hasEnd'
> & {
  /** Members of the group who have it on their calendar. */
  members: number;
  /** perWeek x duration x members: the group's own weekly hours in it, 2 decimals. */
  memberHours: number;
};

export interface Inventory {
  /** Series at least one member attends. */
  total: number;
  /** The top ones, ranked by weeklyAttendeeHours (then seriesId). */
  series: InventoryRow[];
}

/** One member's timezone tax this week. Individual data: see the README's roles. */
export interface PersonTax {
  email: string;
  name: string | null;
  region: string;
  timeZone: string;
  /** From the person-week: meeting hours outside the person's working hours. */
  afterHoursMeetingHours: number;
  /**
   * Hours a week outside the person's humane hours, from the outside-humane-hours findings they pay
   * in (evidence.payers / payerHoursPerWeek): a series contributes its weekly average over the
   * analysed window, a one-off meeting of this week its own hours. 2 decimals.
   */
  outsideHumaneHours: number;
  /** How many outside-humane-hours findings they pay in. */
  outsideHumaneFindings: number;
}

/**
 * Tax totals of one region's members with data. Regions with fewer than minGroupSize people are
 * merged into "Other regions"; if that group is still too small it is merged into the smallest
 * region shown ("EMEA + other regions"), so no figure is over fewer than minGroupSize people and
 * none can be recovered by subtracting the shown regions from the team's totals.
 */
export interface RegionTax {
  /** The label: a region, "Other regions", "EMEA + other regions". */
  region: string;
  /** The person regions it covers. */
  regions: string[];
  people: number;
  afterHoursMeetingHours: { total: number; mean: number };
  outsideHumaneHours: { total: number; mean: number };
}

export interface TimezoneTax {
  /** Members with data, most outside-humane hours first (then after-hours, then email). */
  byPerson: PersonTax[];
  /** Regions by people, largest first; "Other regions" (or the region it was folded into) last. */
  byRegion: RegionTax[];
}

/** How the team's no-meeting day held this week, from the no-meeting-day-breach findings. */
export interface NoMeetingDayAdherence {
  /** "Wednesday". */
  weekday: string;
  /** ISO weekday, 1 = Monday. */
  isoWeekday: number;
  /** Members with data this week: the denominator. */
  members: number;
  /** Members with data and no meeting on that day (in their own zone). */
  kept: PersonRef[];
  /** Members who met on that day: meetings and hours from the rule's finding. */
  breached: (PersonRef & { meetings: number; hours: number })[];
  /** kept / members, 3 decimals. */
  adherenceShare: number;
}

export interface TeamCoverage {
  members: number;
  /** Members with a person-week this week: the group size. */
  withData: number;
  withoutData: PersonRef[];
  /** Members with data whose imported span covers only part of the week (local dates in their zone). */
  partialWeek: PersonRef[];
  /** Calendars of all members. */
  calendars: number;
  /** The newest import of any member's calendar (UTC, "2024-03-11T08:00:00Z"); null when none. */
  lastImport: string | null;
  /** The stalest member's latest import: how old the oldest data is. */
  oldestImport: string | null;
  /** Members' data gaps that may touch this week (a gap with unknown times always may). */
  gaps: DataGap[];
}

export interface TeamWeekReport {
  kind: 'team-week';
  team: ReportScope;
  week: string;
  /** Monday and Sunday of the week (local dates, inclusive). */
  weekStart: string;
  weekEnd: string;
  definitionsVersion: string;
  minGroupSize: number;
  /** Members with data this week: what the aggregates are over. */
  groupSize: number;
  /** Per metric over the members' person-weeks: mean, median, p90 (nearest rank), min, max. */
  aggregates: Record<MetricName, Stat>;
  baseline: BaselineSummary | null;
  /** Per metric against the baseline; null without one (or when its figures are withheld). */
  deltas: Record<MetricName, MetricDelta> | null;
  findings: FindingsSummary;
  inventory: Inventory;
  timezoneTax: TimezoneTax;
  /** Null when the group has no no-meeting day (the organisation never has one). */
  noMeetingDay: NoMeetingDayAdherence | null;
  coverage: TeamCoverage;
}

const compareEmail = (a: { email: string }, b: { email: string }): number => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0);

const refOf = (p: Person): PersonRef => ({ email: p.email, name: p.name });

export function buildTeamWeekReport(input: TeamWeekInput): TeamWeekReport {
  const { week, minGroupSize } = input;
  const dates = weekDates(week);
  const scope = scopeOf(input.team);
  const members = [...new Map(input.members.map((p) => [p.email, p])).values()].sort(compareEmail);
  const memberSet = new Set(members.map((p) => p.email));

  const metricsByPerson = new Map<string, PersonWeekMetrics>();
  for (const row of input.personWeeks) {
    if (memberSet.has(row.person) && row.metrics.week === week) metricsByPerson.set(row.person, row.metrics);
  }
  const withData = members.filter((p) => metricsByPerson.has(p.email));
  assertGroupSize(scope, withData.length, minGroupSize, week);

  const exact = aggregatePersonWeeks(withData.map((p) => metricsByPerson.get(p.email)!), false);
  const baseline = input.baseline ? summarizeBaseline(input.baseline, input.definitionsVersion, minGroupSize) : null;
  const findings = input.findings.filter((f) => f.week === week || f.week === null);

  return {
    kind: 'team-week',
    team: scope,
    week,
    weekStart: dates.weekStart,
    weekEnd: dates.weekEnd,
    definitionsVersion: input.definitionsVersion,
    minGroupSize,
    groupSize: withData.length,
    aggregates: roundStats(exact),
    baseline,
    deltas: baseline?.metrics ? compareWithBaseline(exact, baseline.metrics) : null,
    findings: summarizeFindings(findings, input.topFindings ?? DEFAULT_TOP_FINDINGS),
    inventory: buildInventory(input.series, memberSet, input.inventorySize ?? DEFAULT_INVENTORY_SIZE),
    timezoneTax: buildTimezoneTax(withData, metricsByPerson, findings, minGroupSize),
    noMeetingDay: buildNoMeetingDay(input.team, week, withData, findings),
    coverage: buildCoverage(members, withData, week, input.coverage, input.gaps),
  };
}

/** Series ranked by weekly attendee-hours (then seriesId, as `collectSeries` ranks them). */
export function rankSeries(series: readonly SeriesSummary[]): SeriesSummary[] {
  return [...series].sort(
    (a, b) => b.weeklyAttendeeHours - a.weeklyAttendeeHours || (a.seriesId < b.seriesId ? -1 : a.seriesId > b.seriesId ? 1 : 0),
  );
}

export function inventoryRow(s: SeriesSummary, rank: number, members: ReadonlySet<string>): InventoryRow {
  const attending = s.audited.filter((e) => members.has(e)).length;
  return {
    rank,
    seriesId: s.seriesId,
    title: s.title,
    organizer: s.organizer,
    cadence: s.cadence,
    perWeek: roundTo(s.perWeek, 2),
    durationMin: s.durationMin,
    participants: s.participants,
    weeklyAttendeeHours: roundTo(s.weeklyAttendeeHours, 2),
    weeklyCost: s.weeklyCost === null ? null : roundTo(s.weeklyCost, 2),
    hasAgenda: s.hasAgenda,
    hasEnd: s.hasEnd,
    members: attending,
    memberHours: roundTo((s.perWeek * s.durationMin * attending) / 60, 2),
  };
}

function buildInventory(series: readonly SeriesSummary[], members: ReadonlySet<string>, size: number): Inventory {
  const attended = rankSeries(series.filter((s) => s.audited.some((e) => members.has(e))));
  return {
    total: attended.length,
    series: attended.slice(0, Math.max(0, size)).map((s, i) => inventoryRow(s, i + 1, members)),
  };
}

/** Per payer: weekly outside-humane hours and how many findings, from outside-humane-hours findings. */
export function outsideHumaneHoursByPerson(findings: readonly Finding[]): Map<string, { hours: number; findings: number }> {
  const out = new Map<string, { hours: number; findings: number }>();
  for (const f of findings) {
    if (f.ruleId !== 'outside-humane-hours') continue;
    const payers = f.evidence.payers;
    const hours = f.evidence.payerHoursPerWeek;
    if (!Array.isArray(payers) || !Array.isArray(hours)) continue;
    payers.forEach((payer, i) => {
      const h = hours[i];
      if (typeof payer !== 'string' || typeof h !== 'number') return;
      const t = out.get(payer) ?? { hours: 0, findings: 0 };
      t.hours += h;
      t.findings++;
      out.set(payer, t);
    });
  }
  return out;
}

function buildTimezoneTax(
  withData: Person[],
  metricsByPerson: Map<string, PersonWeekMetrics>,
  findings: readonly Finding[],
  minGroupSize: number,
): TimezoneTax {
  const humane = outsideHumaneHoursByPerson(findings);
  const byPerson: PersonTax[] = withData
    .map((p) => ({
      email: p.email,
      name: p.name,
      region: p.region,
      timeZone: p.timeZone,
      afterHoursMeetingHours: metricsByPerson.get(p.email)!.afterHoursMeetingHours,
      outsideHumaneHours: roundTo(humane.get(p.email)?.hours ?? 0, 2),
      outsideHumaneFindings: humane.get(p.email)?.findings ?? 0,
    }))
    .sort(
      (a, b) =>
        b.outsideHumaneHours - a.outsideHumaneHours || b.afterHoursMeetingHours - a.afterHoursMeetingHours || compareEmail(a, b),
    );
  return { byPerson, byRegion: groupRegions(byPerson, minGroupSize) };
}

/** Region groups of at least minGroupSize people (see RegionTax for the merging rule). */
function groupRegions(people: PersonTax[], minGroupSize: number): RegionTax[] {
  const byRegion = new Map<string, PersonTax[]>();
  for (const p of people) byRegion.set(p.region, [...(byRegion.get(p.region) ?? []), p]);
  const groups: { label: string; regions: string[]; people: PersonTax[] }[] = [];
  const small: { regions: string[]; people: PersonTax[] } = { regions: [], people: [] };
  for (const [region, list] of [...byRegion].sort(([a, x], [b, y]) => y.length - x.length || (a < b ? -1 : a > b ? 1 : 0))) {
    if (list.length >= minGroupSize) groups.push({ label: region, regions: [region], people: list });
    else {
      small.regions.push(region);
      small.people.push(...list);
    }
  }
  if (small.people.length > 0) {
    small.regions.sort();
    if (small.people.length >= minGroupSize || groups.length === 0) {
      // With no region big enough on its own, everyone is one group (the team is at least minGroupSize).
      groups.push({ label: groups.length === 0 ? 'All regions' : OTHER_REGIONS, regions: small.regions, people: small.people });
    } else {
      const smallest = groups[groups.length - 1];
      smallest.label = `${smallest.label} + other regions`;
      smallest.regions = [...smallest.regions, ...small.regions];
      smallest.people = [...smallest.people, ...small.people];
    }
  }
  return groups.map((g) => {
    const after = g.people.reduce((a, p) => a + p.afterHoursMeetingHours, 0);
    const humane = g.people.reduce((a, p) => a + p.outsideHumaneHours, 0);
    const n = g.people.length;
    return {
      region: g.label,
      regions: g.regions,
      people: n,
      afterHoursMeetingHours: { total: roundTo(after, 2), mean: roundTo(after / n, 2) },
      outsideHumaneHours: { total: roundTo(humane, 2), mean: roundTo(humane / n, 2) },
    };
  });
}

function buildNoMeetingDay(team: Team | null, week: string, withData: Person[], findings: readonly Finding[]): NoMeetingDayAdherence | null {
  if (team === null || team.noMeetingDay === null) return null;
  const day = team.noMeetingDay;
  const short = weekdayName(day);
  const breaches = new Map<string, { meetings: number; hours: number }>();
  for (const f of findings) {
    if (f.ruleId !== 'no-meeting-day-breach' || f.week !== week || f.person === null) continue;
    const days = f.evidence.noMeetingDays;
    if (Array.isArray(days) && !days.some((d) => d === short)) continue;
    const meetings = Array.isArray(f.evidence.meetings) ? f.evidence.meetings.length : 0;
    const hours = typeof f.evidence.meetingHours === 'number' ? f.evidence.meetingHours : f.hoursAtStake;
    const b = breaches.get(f.person) ?? { meetings: 0, hours: 0 };
    breaches.set(f.person, { meetings: b.meetings + meetings, hours: b.hours + hours });
  }
  const kept: PersonRef[] = [];
  const breached: NoMeetingDayAdherence['breached'] = [];
  for (const p of withData) {
    const b = breaches.get(p.email);
    if (b) breached.push({ ...refOf(p), meetings: b.meetings, hours: roundTo(b.hours, 2) });
    else kept.push(refOf(p));
  }
  breached.sort((a, b) => b.hours - a.hours || compareEmail(a, b));
  return {
    weekday: WEEKDAY_NAMES[day],
    isoWeekday: day,
    members: withData.length,
    kept,
    breached,
    adherenceShare: withData.length === 0 ? 0 : roundTo(kept.length / withData.length, 3),
  };
}

function buildCoverage(
  members: Person[],
  withData: Person[],
  week: string,
  coverage: readonly MemberCoverage[],
  gaps: readonly DataGap[],
): TeamCoverage {
  const memberSet = new Set(members.map((p) => p.email));
  const dataSet = new Set(withData.map((p) => p.email));
  const byEmail = new Map<string, MemberCoverage>();
  for (const c of coverage) if (memberSet.has(c.email)) byEmail.set(c.email, c);

  const partialWeek: PersonRef[] = [];
  for (const p of withData) {
    const c = byEmail.get(p.email);
    if (!c || c.fromMs === null || c.toMs === null) continue;
    if (spanCoverageOfWeek({ fromMs: c.fromMs, toMs: c.toMs, timeZone: p.timeZone }, week) === 'partial') partialWeek.push(refOf(p));
  }
  const imports = [...byEmail.values()].map((c) => c.lastImportMs).filter((t): t is number => t !== null);

  // The week as UTC instants in any zone: from its Monday in UTC+14 to its next Monday in UTC-12.
  const startWall = weekStartWall(week);
  const fromMs = startWall - 14 * HOUR_MS;
  const toMs = startWall + 7 * DAY_MS + 12 * HOUR_MS;
  const weekGaps = gaps.filter(
    (g) =>
      g.ownerEmail !== null &&
      memberSet.has(g.ownerEmail) &&
      (g.fromMs === null || g.fromMs < toMs) &&
      (g.toMs === null || g.toMs > fromMs),
  );
  return {
    members: members.length,
    withData: withData.length,
    withoutData: members.filter((p) => !dataSet.has(p.email)).map(refOf),
    partialWeek,
    calendars: [...byEmail.values()].reduce((n, c) => n + c.calendars, 0),
    lastImport: imports.length > 0 ? formatUtc(Math.max(...imports)) : null,
    oldestImport: imports.length > 0 ? formatUtc(Math.min(...imports)) : null,
    gaps: weekGaps,
  };
}
