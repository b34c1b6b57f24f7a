import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Team } from '../../model/person.js';
import { assertAdmin, type AppEnv } from '../auth.js';
import type { AppDeps } from '../app.js';
import { errorResponses, TeamInput, TeamOutput, teamToOutput } from '../schemas.js';

const listTeams = createRoute({
  method: 'get',
  path: '/v1/teams',
  summary: 'List teams (admin: all; leader: their own; member: the teams they belong to)',
  security: [{ Bearer: [] }],
  responses: {
    200: { description: 'teams, by id', content: { 'application/json': { schema: z.object({ teams: z.array(TeamOutput) }) } } },
    ...errorResponses(401),
  },
});

const createTeam = createRoute({
  method: 'post',
  path: '/v1/teams',
  summary: 'Add or replace a team with its members and leads (admin)',
  description: 'Leads read the team\'s aggregates; they are members only when listed in `members` too. People not known yet are added with the roster defaults.',
  security: [{ Bearer: [] }],
  request: { body: { required: true, content: { 'application/json': { schema: TeamInput } } } },
  responses: {
    201: { description: 'the stored team', content: { 'application/json': { schema: TeamOutput } } },
    ...errorResponses(400, 401, 403),
  },
});

export function registerTeams(app: OpenAPIHono<AppEnv>, { store }: AppDeps): void {
  app.openapi(listTeams, async (c) => {
    const p = c.get('principal');
    const { teams } = await store.getRoster();
    const visible =
      p.role === 'admin'
        ? teams
        : p.role === 'leader'
          ? teams.filter((t) => t.id === p.teamId)
          : teams.filter((t) => p.personEmail !== null && (t.members.includes(p.personEmail) || t.leads.includes(p.personEmail)));
    return c.json({ teams: visible.map(teamToOutput) }, 200);
  });

  app.openapi(createTeam, async (c) => {
    assertAdmin(c.get('principal'));
    const body = c.req.valid('json');
    const team: Team = {
      id: body.id,
      name: body.name ?? body.id,
      members: [...new Set(body.members)].sort(),
      leads: [...new Set(body.leads)].sort(),
      noMeetingDay: body.noMeetingDay ?? null,
      overlapWindow: body.overlapWindow
        ? { startMin: body.overlapWindow.start, endMin: body.overlapWindow.end, timeZone: body.overlapWindow.timeZone }
        : null,
    };
    await store.upsertTeam(team);
    return c.json(teamToOutput((await store.getTeam(team.id)) ?? team), 201);
  });
}
