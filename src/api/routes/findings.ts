import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { scopeOf } from '../../reports/aggregate.js';
import { buildFindingsReport } from '../../reports/findings-report.js';
import type { AppDeps } from '../app.js';
import { assertCanReadPerson, assertCanReadTeam, type AppEnv } from '../auth.js';
import { ApiError } from '../errors.js';
import { ensureAnalysis, findingsOfGroup, loadGroup, parseWeekParam, respondWithReport } from '../report-data.js';
import { Email, errorResponses, ReportSchema } from '../schemas.js';

const findings = createRoute({
  method: 'get',
  path: '/v1/findings',
  summary: 'Findings, ranked by weekly hours at stake',
  description:
    'Filter by team (leaders: their own team), person (admins, or a member for themselves; members always see only their own), ' +
    'week and rule. Without a team or person: the whole organisation (admin only).',
  security: [{ Bearer: [] }],
  request: {
    query: z.object({
      team: z.string().optional().openapi({ example: 't1' }),
      person: Email.optional(),
      week: z.string().optional().openapi({ example: '2025-W03' }),
      rule: z.string().regex(/^[a-z0-9-]+$/, 'a rule id such as "large-meeting"').optional().openapi({ example: 'outside-humane-hours' }),
      limit: z.coerce.number().int().min(1).max(5000).optional().openapi({ example: 100 }),
      format: z.enum(['json', 'csv', 'markdown']).optional(),
    }),
  },
  responses: {
    200: {
      description: 'the findings',
      content: { 'application/json': { schema: ReportSchema }, 'text/csv': { schema: z.string() }, 'text/markdown': { schema: z.string() } },
    },
    ...errorResponses(400, 401, 403, 404),
  },
});

export function registerFindings(app: OpenAPIHono<AppEnv>, { store, now }: AppDeps): void {
  app.openapi(findings, async (c) => {
    const query = c.req.valid('query');
    const principal = c.get('principal');
    const person = query.person ?? (principal.role === 'member' ? (principal.personEmail ?? undefined) : undefined);
    if (person) assertCanReadPerson(principal, person);
    if (query.team || !person) assertCanReadTeam(principal, query.team ?? null);
    if (query.team && person && principal.role !== 'admin') {
      throw new ApiError(400, 'invalid-request', 'filter by team or by person, not both');
    }
    const week = query.week ? parseWeekParam(query.week, 'week') : undefined;
    await ensureAnalysis(store, now());
    const group = await loadGroup(store, query.team);
    const members = person ? group.members.filter((p) => p.email === person) : group.members;
    const list = person && !query.team
      ? await store.listFindings({ people: [person], week, ruleId: query.rule, includeUnweeked: week !== undefined })
      : await findingsOfGroup(store, members, week, query.rule);
    const report = buildFindingsReport({
      findings: list,
      team: query.team ? scopeOf(group.team) : null,
      person,
      week,
      rule: query.rule,
      limit: query.limit,
    });
    return respondWithReport(c, report);
  });
}
