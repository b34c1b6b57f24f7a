import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../../src/cli/commands/token.js';
import { createNodeApp } from '../../src/runtime/node.js';
import { createSqliteStore } from '../../src/storage/node.js';
import type { Store } from '../../src/storage/store.js';
import { NOW, SMALL_ORG_WINDOW, smallOrgExports, smallOrgRoster } from './harness.js';

const KIM = 'lukasz.kim@example.com';
const PATHS = [
  '/v1/reports/weekly?team=t1&week=2025-W03',
  '/v1/reports/weekly?week=2025-W03',
  '/v1/reports/trend?team=t1',
  `/v1/people/${KIM}/report?week=2025-W03`,
  '/v1/findings?team=t1&week=2025-W03',
  '/v1/findings?team=t1&rule=outside-humane-hours',
];

/** One connection to the database file, with its own app (and so its own shared reads) and an admin token. */
async function connect(file: string) {
  const store = createSqliteStore({ file });
  await store.migrate();
  const app = createNodeApp(store, { now: () => NOW });
  const { token } = await createToken(store, { role: 'admin' }, NOW);
  const call = (path: string, init: { method?: string; type?: string; body?: string | Uint8Array } = {}) =>
    Promise.resolve(
      app.request(path, {
        method: init.method ?? 'GET',
        headers: { authorization: `Bearer ${token}`, ...(init.type ? { 'content-type': init.type } : {}) },
        body: init.body as RequestInit['body'],
      }),
    );
  const answers = async () =>
    Promise.all(
      PATHS.map(async (path) => {
        const res = await call(path);
        return `${path} ${res.status} ${await res.text()}`;
      }),
    );
  return { store, call, answers };
}

describe('api: organisation-wide reads shared between reports', () => {
  let dir: string;
  let file: string;
  const stores: Store[] = [];
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'meeting-diet-memo-'));
    file = join(dir, 'db.sqlite');
  });
  afterAll(async () => {
    for (const store of stores) await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers as a fresh connection does after another connection changes the roster and the calendars', async () => {
    const a = await connect(file);
    stores.push(a.store);
    expect((await a.call('/v1/roster', { method: 'PUT', type: 'application/yaml', body: smallOrgRoster() })).status).toBe(200);
    for (const { email, bytes } of smallOrgExports()) {
      expect((await a.call(`/v1/people/${email}/calendars/ics${SMALL_ORG_WINDOW}`, { method: 'POST', type: 'text/calendar', body: bytes })).status).toBe(201);
    }
    const first = await a.answers();
    expect(await a.answers()).toEqual(first); // served from the shared reads

    // Another connection (as another process would) renames a person: the roster is read again.
    const b = await connect(file);
    stores.push(b.store);
    const kim = (await b.store.getPerson(KIM))!;
    await b.store.upsertPerson({ ...kim, name: 'Renamed Kim' });
    const renamed = await a.answers();
    expect(renamed.join('\n')).toContain('Renamed Kim');
    const fresh1 = await connect(file);
    stores.push(fresh1.store);
    expect(renamed).toEqual(await fresh1.answers());

    // Another connection empties Kim's calendar: the analysis (findings, gaps) is recomputed and read again.
    const empty = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nEND:VCALENDAR\r\n';
    expect((await b.call(`/v1/people/${KIM}/calendars/ics${SMALL_ORG_WINDOW}`, { method: 'POST', type: 'text/calendar', body: empty })).status).toBe(201);
    const emptied = await a.answers();
    expect(emptied).not.toEqual(renamed);
    const fresh2 = await connect(file);
    stores.push(fresh2.store);
    expect(emptied).toEqual(await fresh2.answers());
  });
});
