import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createToken } from '../../src/cli/commands/token.js';
import { createNodeApp } from '../../src/runtime/node.js';
import { createSqliteStore } from '../../src/storage/node.js';
import type { Role, Store } from '../../src/storage/store.js';

export const SMALL_ORG = 'fixtures/audit/small-org';
/** A fixed clock: Wednesday 2025-01-29, the week after the small org's three weeks. */
export const NOW = Date.UTC(2025, 0, 29, 12);
export const SMALL_ORG_WINDOW = '?from=2025-01-06&to=2025-01-27';

export interface Harness {
  store: Store;
  app: ReturnType<typeof createNodeApp>;
  admin: string;
  token(role: Role, scope?: { teamId?: string; personEmail?: string }): Promise<string>;
  call(path: string, init?: { token?: string | null; method?: string; body?: string | Uint8Array | FormData; type?: string; accept?: string }): Promise<Response>;
  json<T = any>(path: string, init?: Parameters<Harness['call']>[1]): Promise<{ status: number; body: T }>;
}

export async function createHarness(options: { maxUploadBytes?: number } = {}): Promise<Harness> {
  const store = createSqliteStore({ file: ':memory:' });
  await store.migrate();
  const app = createNodeApp(store, { now: () => NOW, ...options });
  const admin = (await createToken(store, { role: 'admin' }, NOW)).token;
  const h: Harness = {
    store,
    app,
    admin,
    token: async (role, scope = {}) => (await createToken(store, { role, teamId: scope.teamId, personEmail: scope.personEmail }, NOW)).token,
    call: (path, init = {}) => {
      const headers: Record<string, string> = {};
      const token = init.token === undefined ? admin : init.token;
      if (token) headers.authorization = `Bearer ${token}`;
      if (init.type) headers['content-type'] = init.type;
      if (init.accept) headers.accept = init.accept;
      return Promise.resolve(app.request(path, { method: init.method ?? 'GET', headers, body: init.body as RequestInit['body'] }));
    },
    json: async (path, init) => {
      const res = await h.call(path, init);
      return { status: res.status, body: (await res.json()) as any };
    },
  };
  return h;
}

export const smallOrgRoster = (): string => readFileSync(join(SMALL_ORG, 'roster.yaml'), 'utf8');

export const smallOrgExports = (): { email: string; bytes: Buffer }[] =>
  readdirSync(join(SMALL_ORG, 'exports'))
    .filter((f) => f.endsWith('.ics'))
    .sort()
    .map((f) => ({ email: f.replace(/\.ics$/, ''), bytes: readFileSync(join(SMALL_ORG, 'exports', f)) }));

/** The small org's roster and every export, as an admin would load them. */
export async function loadSmallOrg(h: Harness): Promise<void> {
  const roster = await h.call('/v1/roster', { method: 'PUT', type: 'application/yaml', body: smallOrgRoster() });
  if (roster.status !== 200) throw new Error(`roster: ${roster.status} ${await roster.text()}`);
  for (const { email, bytes } of smallOrgExports()) {
    const res = await h.call(`/v1/people/${email}/calendars/ics${SMALL_ORG_WINDOW}`, { method: 'POST', type: 'text/calendar', body: bytes });
    if (res.status !== 201) throw new Error(`upload ${email}: ${res.status} ${await res.text()}`);
  }
}
