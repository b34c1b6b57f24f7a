import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { DAY_MS, mondayOfWall, parseInstant, utcToWallMs, wallToUtcMs } from '../../model/time.js';
import { sha256Hex } from '../../model/token.js';
import type { AppDeps } from '../app.js';
import { assertCanReadPerson, type AppEnv } from '../auth.js';
import { ApiError } from '../errors.js';
import { Email, errorResponses, WarningSchema } from '../schemas.js';

/** Weeks before the current one an upload covers when the request names no window. */
export const DEFAULT_UPLOAD_WEEKS = 12;

const UploadResult = z
  .object({
    importId: z.number().int(),
    calendarId: z.number().int(),
    calendar: z.string(),
    status: z.enum(['imported', 'unchanged']),
    window: z.object({ from: z.string(), to: z.string() }),
    events: z.number().int().openapi({ description: 'VEVENTs read (masters and overrides)' }),
    counts: z.object({ occurrences: z.number().int(), meetings: z.number().int(), removed: z.number().int(), warnings: z.number().int() }),
    warnings: z.array(WarningSchema),
  })
  .openapi('UploadResult');

const upload = createRoute({
  method: 'post',
  path: '/v1/people/{id}/calendars/ics',
  summary: "Upload a person's .ics export (admin, or the person's own member token)",
  description:
    'Body: the export as `text/calendar`, or `multipart/form-data` with one `file` field. The occurrences starting in the ' +
    "window replace that calendar's occurrences in the same window, in one transaction; the same export uploaded again " +
    'changes nothing (`status: "unchanged"`). A date (YYYY-MM-DD) means local midnight in the person\'s zone. Default ' +
    `window: the ${DEFAULT_UPLOAD_WEEKS} full ISO weeks before the current one.`,
  security: [{ Bearer: [] }],
  request: {
    params: z.object({ id: Email.openapi({ param: { name: 'id', in: 'path' }, description: "the person's email" }) }),
    query: z.object({
      from: z.string().optional().openapi({ example: '2025-01-06' }),
      to: z.string().optional().openapi({ example: '2025-03-31' }),
      calendar: z
        .string()
        .trim()
        .min(1)
        .max(200)
        .optional()
        .openapi({ description: 'names the calendar, so several exports of one person stay apart (default: the file name, else "upload")' }),
    }),
    body: {
      required: true,
      content: {
        // Plain OpenAPI schemas, not zod ones: the route reads the body itself (zod would validate only the form).
        'text/calendar': { schema: { type: 'string', format: 'binary' } },
        'multipart/form-data': { schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] } },
      },
    },
  },
  responses: {
    201: { description: 'imported', content: { 'application/json': { schema: UploadResult } } },
    200: { description: 'the same export was already imported: nothing changed', content: { 'application/json': { schema: UploadResult } } },
    ...errorResponses(400, 401, 403, 413, 415, 422),
  },
});

export function registerCalendars(app: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  const { store, readIcs, now, maxUploadBytes } = deps;
  app.use(
    '/v1/people/:id/calendars/ics',
    bodyLimit({
      maxSize: maxUploadBytes,
      onError: () => {
        throw new ApiError(413, 'payload-too-large', `uploads are limited to ${formatBytes(maxUploadBytes)} (MEETING_DIET_MAX_UPLOAD_BYTES)`);
      },
    }),
  );
  app.openapi(upload, async (c) => {
    const { id: email } = c.req.valid('param');
    const query = c.req.valid('query');
    assertCanReadPerson(c.get('principal'), email);
    if (!readIcs) throw new ApiError(501, 'not-supported', 'this deployment does not read .ics uploads (run the Node server or `meeting-diet sync --push`)');
    const { bytes, fileName } = await readUpload(c.req.raw.headers.get('content-type') ?? '', c.req);
    const person = (await store.getPerson(email)) ?? null;
    const { settings } = await store.getRoster();
    const timeZone = person?.timeZone ?? settings.defaults.timeZone ?? 'UTC';
    const window = resolveUploadWindow(query.from, query.to, timeZone, now());
    const calendarName = query.calendar ?? fileName ?? 'upload';
    const calendar = readIcs(bytes, calendarName, {
      fromMs: window.fromMs,
      toMs: window.toMs,
      ownerEmail: email,
      timeZone,
      definitions: settings.definitions,
    });
    const result = await store.importCalendar({
      source: 'ics',
      externalId: calendarName,
      ownerEmail: email,
      timeZone: calendar.timeZone,
      fromMs: window.fromMs,
      toMs: window.toMs,
      checksum: await sha256Hex(bytes),
      actor: `token:${c.get('principal').tokenId}`,
      atMs: now(),
      // Floating times are already placed in `timeZone` by the reader.
      occurrences: calendar.occurrences.map((o) => ({ ...o, ownerEmail: email })),
      warnings: calendar.warnings,
    });
    const body = {
      importId: result.importId,
      calendarId: result.calendarId,
      calendar: calendarName,
      status: result.status,
      window: { from: new Date(window.fromMs).toISOString(), to: new Date(window.toMs).toISOString() },
      events: calendar.eventCount,
      counts: result.counts,
      warnings: result.warnings,
    };
    return result.status === 'imported' ? c.json(body, 201) : c.json(body, 200);
  });
}

async function readUpload(contentType: string, req: { arrayBuffer(): Promise<ArrayBuffer>; parseBody(o: { all: true }): Promise<Record<string, unknown>> }) {
  const type = contentType.split(';')[0].trim().toLowerCase();
  if (type === 'text/calendar' || type === 'application/octet-stream') {
    return { bytes: new Uint8Array(await req.arrayBuffer()), fileName: null };
  }
  if (type === 'multipart/form-data') {
    const form = await req.parseBody({ all: true });
    const file = form.file;
    if (Array.isArray(file)) throw new ApiError(400, 'invalid-request', 'send one `file` per upload (each calendar is its own upload)');
    if (!(file instanceof File)) throw new ApiError(400, 'invalid-request', 'the multipart body has no `file` field with the .ics export');
    return { bytes: new Uint8Array(await file.arrayBuffer()), fileName: file.name || null };
  }
  throw new ApiError(415, 'unsupported-media-type', `send the export as text/calendar or multipart/form-data (got "${type || 'no content type'}")`);
}

/** Dates are local midnights in the person's zone, so their weeks are whole. */
export function resolveUploadWindow(from: string | undefined, to: string | undefined, timeZone: string, nowMs: number) {
  const atLocalMidnight = (text: string, flag: string) => {
    let ms: number;
    try {
      ms = parseInstant(text, flag);
    } catch (error) {
      throw new ApiError(400, 'invalid-request', (error as Error).message);
    }
    return /^\d{4}-\d{2}-\d{2}$/.test(text.trim()) ? wallToUtcMs(ms, timeZone) : ms;
  };
  const thisMonday = mondayOfWall(utcToWallMs(nowMs, timeZone));
  const toMs = to ? atLocalMidnight(to, 'to') : wallToUtcMs(thisMonday, timeZone);
  const fromMs = from ? atLocalMidnight(from, 'from') : wallToUtcMs(thisMonday - DEFAULT_UPLOAD_WEEKS * 7 * DAY_MS, timeZone);
  if (fromMs >= toMs) throw new ApiError(400, 'invalid-request', `from must be before to (got ${from ?? 'default'} .. ${to ?? 'default'})`);
  if (toMs - fromMs > 5 * 366 * DAY_MS) throw new ApiError(400, 'invalid-request', 'the window may span at most 5 years');
  return { fromMs, toMs };
}

const formatBytes = (n: number): string => (n % (1024 * 1024) === 0 ? `${n / (1024 * 1024)} MB` : `${n} bytes`);
