import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Occurrence } from '../../model/occurrence.js';
import type { AppDeps } from '../app.js';
import { assertAdmin, type AppEnv } from '../auth.js';
import { Email, errorResponses } from '../schemas.js';

const Millis = z.number().int();
const Response = z.enum(['accepted', 'tentative', 'declined', 'needs-action', 'organizer', 'unknown']);

/** A normalized occurrence as connectors produce it (src/model/occurrence.ts). */
const OccurrenceSchema = z
  .object({
    source: z.enum(['google', 'outlook']),
    calendarId: z.string(),
    ownerEmail: z.string().nullable(),
    uid: z.string(),
    seriesId: z.string().nullable(),
    recurrence: z
      .object({
        cadence: z.enum(['daily', 'weekly', 'biweekly', 'monthly', 'yearly', 'irregular']),
        perWeek: z.number().nonnegative(),
        hasEnd: z.boolean(),
        rule: z.string(),
      })
      .nullable(),
    recurrenceIdMs: Millis.nullable(),
    startMs: Millis,
    endMs: Millis,
    allDay: z.boolean(),
    floating: z.boolean(),
    timeZone: z.string().nullable(),
    title: z.string(),
    isPrivate: z.boolean(),
    organizer: z.string().nullable(),
    attendees: z.array(
      z.object({
        email: z.string(),
        name: z.string().nullable(),
        response: Response,
        role: z.enum(['chair', 'required', 'optional', 'non-participant']),
        isResource: z.boolean(),
      }),
    ),
    selfResponse: Response,
    showAs: z.enum(['busy', 'tentative', 'free', 'out-of-office', 'working-elsewhere']),
    status: z.enum(['confirmed', 'tentative', 'cancelled']),
    eventType: z.enum(['default', 'focusTime', 'outOfOffice', 'workingLocation']),
    agenda: z.object({ textLength: z.number().int().nonnegative(), text: z.string(), attachmentCount: z.number().int().nonnegative(), hasNoteTaker: z.boolean() }),
    createdMs: Millis.nullable(),
    lastModifiedMs: Millis.nullable(),
    origin: z.string(),
    kind: z.enum(['meeting', 'focus', 'out-of-office', 'solo', 'all-day', 'excluded']),
    excludedReason: z.string().nullable(),
  })
  .refine((o) => o.endMs >= o.startMs, { message: 'endMs must not be before startMs' })
  .openapi('Occurrence');

const Source = z.enum(['google', 'outlook']);

const IngestBody = z
  .object({
    source: Source,
    externalId: z.string().min(1).max(200),
    ownerEmail: Email,
    timeZone: z.string().nullable(),
    fromMs: Millis,
    toMs: Millis,
    full: z.boolean(),
    upserts: z.array(OccurrenceSchema).max(5000),
    removals: z.array(z.object({ uid: z.string(), instanceStartMs: Millis.nullable() })).max(50000),
    warnings: z.array(z.object({ code: z.string(), location: z.string(), message: z.string() })).default([]),
    syncState: z.unknown().optional(),
  })
  .refine((b) => b.fromMs < b.toMs, { message: 'fromMs must be before toMs' })
  .openapi('IngestBatch');

const ingest = createRoute({
  method: 'post',
  path: '/v1/ingest',
  summary: 'Store one batch of a provider sync (admin; what `meeting-diet sync --push` sends)',
  description:
    "A batch with `full: true` replaces the calendar's occurrences in [fromMs, toMs); other batches upsert (keyed by uid and " +
    'instance start) and remove. The batch carrying `syncState` records it for the next incremental sync. Replaying a ' +
    "calendar's batches in order gives the same result.",
  security: [{ Bearer: [] }],
  request: { body: { required: true, content: { 'application/json': { schema: IngestBody } } } },
  responses: {
    200: {
      description: 'stored',
      content: { 'application/json': { schema: z.object({ importId: z.number().int(), occurrences: z.number().int(), removed: z.number().int() }) } },
    },
    ...errorResponses(400, 401, 403, 413),
  },
});

const state = createRoute({
  method: 'get',
  path: '/v1/ingest/state',
  summary: "A calendar's stored sync state (admin)",
  security: [{ Bearer: [] }],
  request: { query: z.object({ source: Source, person: Email, calendar: z.string().default('primary') }) },
  responses: { 200: { description: 'the state, null before the first sync', content: { 'application/json': { schema: z.object({ state: z.unknown() }) } } }, ...errorResponses(400, 401, 403) },
});

const recordGap = createRoute({
  method: 'post',
  path: '/v1/ingest/gaps',
  summary: "Record that a person's calendar could not be synced (admin)",
  security: [{ Bearer: [] }],
  request: {
    body: {
      required: true,
      content: { 'application/json': { schema: z.object({ source: Source, ownerEmail: Email, reason: z.string().min(1).max(2000), fromMs: Millis.nullable(), toMs: Millis.nullable() }) } },
    },
  },
  responses: { 204: { description: 'recorded' }, ...errorResponses(400, 401, 403) },
});

const clearGap = createRoute({
  method: 'delete',
  path: '/v1/ingest/gaps',
  summary: "Clear a person's sync gap after a successful sync (admin)",
  security: [{ Bearer: [] }],
  request: { query: z.object({ source: Source, person: Email }) },
  responses: { 204: { description: 'cleared' }, ...errorResponses(400, 401, 403) },
});

export function registerIngest(app: OpenAPIHono<AppEnv>, { store, now }: AppDeps): void {
  app.openapi(ingest, async (c) => {
    assertAdmin(c.get('principal'));
    const body = c.req.valid('json');
    const result = await store.applyCalendarSync({
      ...body,
      upserts: body.upserts.map((o) => ({ ...o, ownerEmail: body.ownerEmail }) as Occurrence),
      actor: `token:${c.get('principal').tokenId}`,
      atMs: now(),
    });
    return c.json({ importId: result.importId, occurrences: result.counts.occurrences, removed: result.counts.removed }, 200);
  });

  app.openapi(state, async (c) => {
    assertAdmin(c.get('principal'));
    const { source, person, calendar } = c.req.valid('query');
    return c.json({ state: (await store.getCalendar(source, calendar, person))?.syncState ?? null }, 200);
  });

  app.openapi(recordGap, async (c) => {
    assertAdmin(c.get('principal'));
    const body = c.req.valid('json');
    await store.recordSyncGap({ ...body, atMs: now() });
    return c.body(null, 204);
  });

  app.openapi(clearGap, async (c) => {
    assertAdmin(c.get('principal'));
    const { source, person } = c.req.valid('query');
    await store.clearSyncGap(person, source);
    return c.body(null, 204);
  });
}
