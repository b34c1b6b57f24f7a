import { definitionsVersionOf } from '../../model/definitions.js';
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { buildPersonWeekReport } from '../../reports/person-week.js';
import { baselineForPerson, parseBaselineNumbers } from '../../reports/baseline.js';
import { buildTeamWeekReport } from '../../reports/team-week.js';
import { buildTrendReport, isoWeeksBetween } from '../../reports/trend.js';
import type { AppDeps } from '../app.js';
import { assertCanReadPerson, assertCanReadTeam, type AppEnv } from '../auth.js';
import { notFound } from '../errors.js';
import {
  baselineRefOf,
  ensureAnalysis,
  findingsOfGroup,
  latestWeek,
  loadGroup,
  parseWeekParam,
  readCoverage,
  readGaps,
  readRoster,
  respondWithReport,
} from '../report-data.js';
import { Email, errorResponses, ReportSchema } from '../schemas.js';

const WEEK = z.string().optional().openapi({ example: '2025-W03', description: 'ISO week, or a date in it' });
const TEAM = z.string().optional().openapi({ example: 't1', description: 'team id; omitted: the whole organisation (admin only)' });
const FORMAT = z.enum(['json', 'csv', 'markdown']).optional().openapi({ description: 'overrides the Accept header' });

const reportContent = {
  'application/json': { schema: ReportSchema },
  'text/csv': { schema: z.string() },
  'text/markdown': { schema: z.string() },
};

const weekly = createRoute({
  method: 'get',
  path: '/v1/reports/weekly',
  summary: "A team's week: aggregates, deltas against the baseline, findings, inventory, timezone tax, No-Meeting-Day adherence, coverage",
  description:
    'Default week: the latest week the group\'s data covers fully. Aggregates are per person (mean, median, p90) and only for ' +
    'groups with at least `minGroupSize` people with data that week; smaller groups get 403 `group-too-small`.',
  security: [{ Bearer: [] }],
  request: { query: z.object({ team: TEAM, week: WEEK, format: FORMAT }) },
  responses: { 200: { description: 'the weekly report', content: reportContent }, ...errorResponses(400, 401, 403, 404) },
});

const trend = createRoute({
  method: 'get',
  path: '/v1/reports/trend',
  summary: 'Per-week series of the same aggregates, with deltas against the frozen baseline',
  description: 'Default range: every week with data. Weeks whose group is too small are listed as suppressed, without numbers.',
  security: [{ Bearer: [] }],
  request: {
    query: z.object({
      team: TEAM,
      from: WEEK.openapi({ example: '2025-W02' }),
      to: WEEK.openapi({ example: '2025-W10' }),
      format: FORMAT,
    }),
  },
  responses: { 200: { description: 'the trend report', content: reportContent }, ...errorResponses(400, 401, 403, 404) },
});

const personReport = createRoute({
  method: 'get',
  path: '/v1/people/{id}/report',
  summary: "One person's own week (admin, or the person's own member token)",
  security: [{ Bearer: [] }],
  request: {
    params: z.object({ id: Email.openapi({ param: { name: 'id', in: 'path' }, description: "the person's email" }) }),
    query: z.object({ week: WEEK, format: FORMAT }),
  },
  responses: { 200: { description: "the person's week", content: reportContent }, ...errorResponses(400, 401, 403, 404) },
});

export function registerReports(app: OpenAPIHono<AppEnv>, { store, now }: AppDeps): void {
  app.openapi(weekly, async (c) => {
    const query = c.req.valid('query');
    assertCanReadTeam(c.get('principal'), query.team ?? null);
    await ensureAnalysis(store, now());
    const group = await loadGroup(store, query.team);
    const week = query.week ? parseWeekParam(query.week, 'week') : await latestWeek(store, group.members);
    const emails = group.members.map((p) => p.email);
    const [roster, personWeeks, findings, series, coverage, gaps, baseline] = await Promise.all([
      readRoster(store),
      store.listPersonWeeks({ people: emails, fromWeek: week, toWeek: week }),
      findingsOfGroup(store, group.members, week),
      store.listSeries(emails),
      readCoverage(store),
      readGaps(store),
      baselineRefOf(store, group.scope),
    ]);
    const inGroup = new Set(emails);
    const report = buildTeamWeekReport({
      team: group.team,
      week,
      members: group.members,
      personWeeks,
      findings,
      series,
      baseline,
      minGroupSize: roster.settings.minGroupSize,
      coverage: coverage
        .filter((row) => inGroup.has(row.person))
        .map((row) => ({ email: row.person, calendars: row.calendars, lastImportMs: row.lastImportMs, fromMs: row.fromMs, toMs: row.toMs })),
      gaps: gaps.filter((g) => g.ownerEmail === null || inGroup.has(g.ownerEmail)),
      definitionsVersion: definitionsVersionOf(roster.settings.definitions),
    });
    return respondWithReport(c, report);
  });

  app.openapi(trend, async (c) => {
    const query = c.req.valid('query');
    assertCanReadTeam(c.get('principal'), query.team ?? null);
    await ensureAnalysis(store, now());
    const group = await loadGroup(store, query.team);
    const emails = group.members.map((p) => p.email);
    const all = await store.listPersonWeeks({ people: emails });
    const dataWeeks = [...new Set(all.map((r) => r.metrics.week))].sort();
    const from = query.from ? parseWeekParam(query.from, 'from') : dataWeeks[0];
    const to = query.to ? parseWeekParam(query.to, 'to') : dataWeeks[dataWeeks.length - 1];
    if (!from || !to) throw notFound('data for this group (upload calendars first)');
    const weeks = isoWeeksBetween(from, to);
    const { settings } = await readRoster(store);
    const report = buildTrendReport({
      team: group.team,
      members: group.members,
      weeks,
      personWeeks: all.filter((r) => r.metrics.week >= from && r.metrics.week <= to),
      baseline: await baselineRefOf(store, group.scope),
      minGroupSize: settings.minGroupSize,
      definitionsVersion: definitionsVersionOf(settings.definitions),
      gaps: await readGaps(store),
    });
    return respondWithReport(c, report);
  });

  app.openapi(personReport, async (c) => {
    const { id: email } = c.req.valid('param');
    const query = c.req.valid('query');
    assertCanReadPerson(c.get('principal'), email);
    const person = await store.getPerson(email);
    if (!person) throw notFound(`person "${email}"`);
    await ensureAnalysis(store, now());
    const rows = await store.listPersonWeeks({ people: [email] });
    const week = query.week ? parseWeekParam(query.week, 'week') : await latestWeek(store, [person]);
    const { settings } = await readRoster(store);
    // The person's own baseline means come from the first team baseline that has them, else the org's.
    const scopes = [...person.teams.map((teamId) => ({ type: 'team' as const, teamId })), { type: 'org' as const }];
    let baselinePerson = null;
    let baselineDefinitionsVersion: string | null = null;
    for (const scope of scopes) {
      const baseline = await store.getLatestBaseline(scope);
      const mine = baseline ? baselineForPerson(parseBaselineNumbers(baseline.numbers), email) : null;
      if (baseline && mine) {
        baselinePerson = mine;
        baselineDefinitionsVersion = baseline.definitionsVersion;
        break;
      }
    }
    const report = buildPersonWeekReport({
      person,
      week,
      metrics: rows.find((r) => r.metrics.week === week)?.metrics ?? null,
      findings: await store.listFindings({ people: [email], week, includeUnweeked: true }),
      series: await store.listSeries([email]),
      baselinePerson,
      baselineDefinitionsVersion,
      previousWeeks: rows.map((r) => r.metrics).filter((m) => m.week < week),
      definitionsVersion: definitionsVersionOf(settings.definitions),
      gaps: await readGaps(store),
    });
    return respondWithReport(c, report);
  });
}
