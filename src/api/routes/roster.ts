import { definitionsVersionOf } from '../../model/definitions.js';
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { assertAdmin, type AppEnv } from '../auth.js';
import type { AppDeps } from '../app.js';
import { ApiError } from '../errors.js';
import { errorResponses } from '../schemas.js';

const putRoster = createRoute({
  method: 'put',
  path: '/v1/roster',
  summary: 'Import the roster/config file (admin)',
  description:
    'The same YAML or JSON file `meeting-diet audit --config` reads: people, zones, working and humane hours, teams with ' +
    'No-Meeting Day and humane overlap window, definitions, rules and minGroupSize. People are added or updated (people ' +
    'not listed keep their data); teams and settings are replaced. Problems come back as 422 with one entry per line.',
  security: [{ Bearer: [] }],
  request: {
    body: {
      required: true,
      content: {
        'application/yaml': { schema: z.string().openapi({ example: 'people:\n  - { email: ana@example.com, timeZone: Europe/Lisbon, teams: [core] }\nteams:\n  - { id: core, name: Core }\n' }) },
        'application/json': { schema: z.unknown() },
      },
    },
  },
  responses: {
    200: {
      description: 'what was imported',
      content: { 'application/json': { schema: z.object({ people: z.number().int(), teams: z.number().int(), definitionsVersion: z.string() }) } },
    },
    ...errorResponses(401, 403, 415, 422),
  },
});

const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml', 'text/plain'];

export function registerRoster(app: OpenAPIHono<AppEnv>, { store, parseRoster }: AppDeps): void {
  app.openapi(putRoster, async (c) => {
    assertAdmin(c.get('principal'));
    const type = (c.req.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
    const isJson = type === 'application/json';
    if (!isJson && !YAML_TYPES.includes(type)) {
      throw new ApiError(415, 'unsupported-media-type', `send the roster as application/yaml or application/json (got "${type || 'no content type'}")`);
    }
    const roster = parseRoster(await c.req.text(), isJson ? 'roster.json' : 'roster.yaml');
    await store.replaceRoster(roster);
    return c.json({ people: roster.people.length, teams: roster.teams.length, definitionsVersion: definitionsVersionOf(roster.settings.definitions) }, 200);
  });
}
