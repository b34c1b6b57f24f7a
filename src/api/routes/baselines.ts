import { definitionsVersionOf } from '../../model/definitions.js';
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { freezeBaseline } from '../../analysis/baselines.js';
import { summarizeBaseline } from '../../reports/baseline.js';
import type { Baseline } from '../../storage/store.js';
import type { AppDeps } from '../app.js';
import { assertAdmin, assertCanReadTeam, type AppEnv } from '../auth.js';
import { notFound } from '../errors.js';
import { parseWeekParam, toBaselineRef } from '../report-data.js';
import { errorResponses, ReportSchema } from '../schemas.js';

const BaselineOutput = z
  .object({
    id: z.number().int(),
    scope: z.object({ type: z.enum(['team', 'org']), teamId: z.string().optional() }),
    weeks: z.array(z.string()),
    definitionsVersion: z.string(),
    createdAt: z.string(),
    summary: ReportSchema,
  })
  .openapi('Baseline');

const create = createRoute({
  method: 'post',
  path: '/v1/baselines',
  summary: 'Freeze a Phase 1 baseline for a team or the organisation (admin)',
  description:
    'Stored with the definitions version and thresholds in force, and never recomputed. Default weeks: the first two full ISO ' +
    "weeks of the group's data. Trend and weekly reports compare against the newest baseline of their team (or the org).",
  security: [{ Bearer: [] }],
  request: {
    body: {
      required: false,
      content: {
        'application/json': {
          schema: z
            .object({
              team: z.string().min(1).nullish().openapi({ example: 't1', description: 'omitted or null: the organisation' }),
              weeks: z.array(z.string()).min(1).max(26).optional().openapi({ example: ['2025-W02', '2025-W03'] }),
            })
            .strict(),
        },
      },
    },
  },
  responses: {
    201: { description: 'the frozen baseline', content: { 'application/json': { schema: BaselineOutput } } },
    ...errorResponses(400, 401, 403, 404, 422),
  },
});

const list = createRoute({
  method: 'get',
  path: '/v1/baselines',
  summary: 'Frozen baselines, newest first (admin: all; leader: their team)',
  security: [{ Bearer: [] }],
  request: { query: z.object({ team: z.string().optional() }) },
  responses: {
    200: { description: 'baselines', content: { 'application/json': { schema: z.object({ baselines: z.array(BaselineOutput) }) } } },
    ...errorResponses(401, 403),
  },
});

export function registerBaselines(app: OpenAPIHono<AppEnv>, { store, now }: AppDeps): void {
  app.openapi(create, async (c) => {
    assertAdmin(c.get('principal'));
    const body = c.req.header('content-type') ? c.req.valid('json') : {};
    const teamId = body.team ?? null;
    if (teamId && !(await store.getTeam(teamId))) throw notFound(`team "${teamId}"`);
    const weeks = body.weeks?.map((w, i) => parseWeekParam(w, `weeks[${i}]`));
    const baseline = await freezeBaseline(store, teamId ? { type: 'team', teamId } : { type: 'org' }, {
      weeks,
      actor: `token:${c.get('principal').tokenId}`,
      nowMs: now(),
    });
    const { settings } = await store.getRoster();
    return c.json(toOutput(baseline, definitionsVersionOf(settings.definitions), settings.minGroupSize), 201);
  });

  app.openapi(list, async (c) => {
    const { team } = c.req.valid('query');
    const principal = c.get('principal');
    if (principal.role !== 'admin') assertCanReadTeam(principal, team ?? principal.teamId);
    const visibleTeam = principal.role === 'admin' ? team : (team ?? principal.teamId);
    const { settings } = await store.getRoster();
    const baselines = (await store.listBaselines())
      .filter((b) => (visibleTeam === undefined || visibleTeam === null ? true : b.scope.type === 'team' && b.scope.teamId === visibleTeam))
      .sort((a, b) => b.id - a.id);
    return c.json({ baselines: baselines.map((b) => toOutput(b, definitionsVersionOf(settings.definitions), settings.minGroupSize)) }, 200);
  });
}

function toOutput(b: Baseline, definitionsVersion: string, minGroupSize: number) {
  return {
    id: b.id,
    scope: b.scope,
    weeks: b.weeks,
    definitionsVersion: b.definitionsVersion,
    createdAt: new Date(b.createdMs).toISOString(),
    summary: summarizeBaseline(toBaselineRef(b), definitionsVersion, minGroupSize) as unknown as Record<string, unknown>,
  };
}
