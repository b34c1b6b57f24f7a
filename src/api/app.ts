/**
 * The Hono app: the same factory serves Node (runtime/node.ts) and, later, Workers. It knows the
 * store only by its interface and gets the platform's pieces (the .ics reader, the roster parser,
 * the clock) from the caller.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Definitions } from '../model/definitions.js';
import type { Occurrence } from '../model/occurrence.js';
import type { AuditWarning } from '../model/warning.js';
import type { Roster, Store } from '../storage/store.js';
import { requireToken, type AppEnv } from './auth.js';
import { respondWithError } from './errors.js';
import { registerBaselines } from './routes/baselines.js';
import { registerCalendars } from './routes/calendars.js';
import { registerDocs } from './routes/docs.js';
import { registerFindings } from './routes/findings.js';
import { registerIngest } from './routes/ingest.js';
import { registerPeople } from './routes/people.js';
import { registerReports } from './routes/reports.js';
import { registerRoster } from './routes/roster.js';
import { registerTeams } from './routes/teams.js';

export type ReadIcs = (
  bytes: Uint8Array,
  name: string,
  options: { fromMs: number; toMs: number; ownerEmail: string; timeZone: string; definitions: Definitions },
) => { occurrences: Occurrence[]; warnings: AuditWarning[]; eventCount: number; timeZone: string | null };

export interface AppOptions {
  store: Store;
  /** Parses a roster/config file (YAML or JSON by `name`'s extension); throws a ConfigError with lines. */
  parseRoster: (text: string, name: string) => Roster;
  /** Reads an .ics export; absent where the platform cannot (Workers), and uploads then answer 501. */
  readIcs?: ReadIcs;
  now?: () => number;
  /** Upload size limit in bytes (default 20 MB). */
  maxUploadBytes?: number;
}

export type AppDeps = Required<Omit<AppOptions, 'readIcs'>> & Pick<AppOptions, 'readIcs'>;

export const DEFAULT_MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

export function createApp(options: AppOptions): OpenAPIHono<AppEnv> {
  const deps: AppDeps = {
    store: options.store,
    parseRoster: options.parseRoster,
    readIcs: options.readIcs,
    now: options.now ?? Date.now,
    maxUploadBytes: options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES,
  };
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (result.success) return;
      const issues = result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
      const where = result.target === 'json' ? 'body' : result.target;
      const first = issues[0];
      const message = `invalid ${where}${first ? `: ${first.path ? `${first.path}: ` : ''}${first.message}` : ''}`;
      return c.json({ error: { code: 'invalid-request', message, details: issues } }, 400);
    },
  });
  app.onError(respondWithError);
  app.notFound((c) => c.json({ error: { code: 'not-found', message: `no route ${c.req.method} ${c.req.path}` } }, 404));

  app.get('/health', (c) => c.json({ ok: true }));
  registerDocs(app);
  app.use('/v1/*', requireToken(deps.store));
  registerPeople(app, deps);
  registerTeams(app, deps);
  registerRoster(app, deps);
  registerCalendars(app, deps);
  registerBaselines(app, deps);
  registerReports(app, deps);
  registerFindings(app, deps);
  registerIngest(app, deps);
  return app;
}
