import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { regionOfTimeZone, type Person } from '../../model/person.js';
import type { AppEnv } from '../auth.js';
import { assertAdmin } from '../auth.js';
import type { AppDeps } from '../app.js';
import { errorResponses, PersonInput, PersonOutput, personToOutput, resolveHours } from '../schemas.js';

const listPeople = createRoute({
  method: 'get',
  path: '/v1/people',
  summary: 'List people (admin: everyone; leader: their team; member: themselves)',
  security: [{ Bearer: [] }],
  responses: {
    200: { description: 'people, by email', content: { 'application/json': { schema: z.object({ people: z.array(PersonOutput) }) } } },
    ...errorResponses(401),
  },
});

const createPerson = createRoute({
  method: 'post',
  path: '/v1/people',
  summary: 'Add or update a person (admin)',
  description: "Hours not given come from the roster's defaults (Mon-Fri 09:00-17:00); the zone defaults to the roster's default zone, else UTC.",
  security: [{ Bearer: [] }],
  request: { body: { required: true, content: { 'application/json': { schema: PersonInput } } } },
  responses: {
    201: { description: 'the stored person', content: { 'application/json': { schema: PersonOutput } } },
    ...errorResponses(400, 401, 403),
  },
});

export function registerPeople(app: OpenAPIHono<AppEnv>, { store }: AppDeps): void {
  app.openapi(listPeople, async (c) => {
    const p = c.get('principal');
    const { people, teams } = await store.getRoster();
    let visible = people;
    if (p.role === 'leader') {
      const team = teams.find((t) => t.id === p.teamId);
      const members = new Set([...(team?.members ?? []), ...(team?.leads ?? [])]);
      visible = people.filter((person) => members.has(person.email));
    } else if (p.role === 'member') {
      visible = people.filter((person) => person.email === p.personEmail);
    }
    return c.json({ people: visible.map(personToOutput) }, 200);
  });

  app.openapi(createPerson, async (c) => {
    assertAdmin(c.get('principal'));
    const body = c.req.valid('json');
    const { settings } = await store.getRoster();
    const existing = await store.getPerson(body.email);
    const timeZone = body.timeZone ?? existing?.timeZone ?? settings.defaults.timeZone ?? 'UTC';
    const workingHours = resolveHours(body.workingHours, existing?.workingHours ?? settings.defaults.workingHours, 'workingHours');
    const person: Person = {
      email: body.email,
      name: body.name ?? existing?.name ?? null,
      timeZone,
      workingHours,
      humaneHours: resolveHours(body.humaneHours, body.workingHours ? workingHours : existing?.humaneHours ?? settings.defaults.humaneHours, 'humaneHours'),
      teams: existing?.teams ?? [],
      hourlyRate: body.hourlyRate !== undefined ? body.hourlyRate : existing?.hourlyRate ?? settings.defaults.hourlyRate,
      region: body.region ?? (body.timeZone || !existing ? regionOfTimeZone(timeZone) : existing.region),
    };
    await store.upsertPerson(person);
    return c.json(personToOutput((await store.getPerson(person.email)) ?? person), 201);
  });
}
