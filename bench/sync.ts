/**
 * `node --import tsx bench/sync.ts [--people 1000] [--weeks 12] [--source google|outlook|both] [--concurrency 8]`
 *
 * The sync benchmark: a synthetic organisation (bench/sync-org.ts) served by the test fakes of Google
 * Calendar and Microsoft Graph in this process, synced by the real CLI as a child process:
 *
 *   node bin/meeting-diet.js sync --source <s> --roster <roster.yaml> --db <fresh file> --from .. --to .. --concurrency N --no-progress
 *
 * three times per source: a full sync into a fresh database, an incremental sync with nothing changed,
 * and an incremental sync after five changes on every person's calendar. Each run is timed under
 * /usr/bin/time (wall, CPU, peak RSS); the fake records every request. After each run the database is
 * read back and compared, row by row, with what the fake served for the window.
 */
import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:net';
import os from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import type { FakeGoogle } from '../test/connectors/google/fake-google.js';
import type { FakeGraph } from '../test/connectors/outlook/fake-graph.js';
import { chooseChanges, DEFAULT_SYNC_SEED, generateSyncOrg, rosterYaml, type ExpectedStore, type PersonChanges, type RowCheck, type SyncOrg } from './sync-org.js';
import { startGoogleOrgFake } from './sync-google.js';
import { startOutlookOrgFake } from './sync-outlook.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const TIME_BIN = '/usr/bin/time';
const TEST_CERT = join(ROOT, 'test/fixtures/localhost-cert.pem');

const { values: args } = parseArgs({
  options: {
    people: { type: 'string', default: '1000' },
    weeks: { type: 'string', default: '12' },
    source: { type: 'string', default: 'both' },
    concurrency: { type: 'string', default: '8' },
    seed: { type: 'string', default: String(DEFAULT_SYNC_SEED) },
    'google-page-size': { type: 'string', default: '2500' },
    'skip-unchanged': { type: 'boolean', default: false },
    'cpu-prof': { type: 'boolean', default: false },
  },
});
const people = Number(args.people), weeks = Number(args.weeks), seed = Number(args.seed), concurrency = Number(args.concurrency);
const googlePageSize = Number(args['google-page-size']);
if (!(Number.isInteger(people) && people >= 2 && Number.isInteger(weeks) && weeks >= 2)) throw new Error('--people must be an integer >= 2 and --weeks an integer >= 2');
if (!(Number.isInteger(concurrency) && concurrency >= 1 && concurrency <= 64)) throw new Error('--concurrency must be 1..64');
if (!(Number.isInteger(googlePageSize) && googlePageSize >= 1)) throw new Error('--google-page-size must be a positive integer');
const sources: ('google' | 'outlook')[] | null = args.source === 'both' ? ['google', 'outlook'] : args.source === 'google' || args.source === 'outlook' ? [args.source] : null;
if (!sources) throw new Error('--source must be google, outlook or both');
const tag = `${people}x${weeks}`;
const outDir = join(ROOT, 'bench', 'out', `sync-${tag}`);
const rel = (p: string) => relative(ROOT, p) || '.';
const invocation = `node --import tsx bench/sync.ts ${process.argv.slice(2).join(' ')}`.trim();

// ------------------------------------------------------------------------------------------- running the CLI

interface ChildRun {
  command: string;
  wallS: number;
  cpuS: number | null;
  peakRssMiB: number | null;
  exitCode: number;
  stderr: string;
  /** The CLI's own summary line. */
  summary: { people: number; synced: number; events: number; full: number; incremental: number; requests: number; seconds: number } | null;
}

const shellQuote = (argv: string[]) => argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');

function runCli(argv: string[], env: NodeJS.ProcessEnv, logFile: string): Promise<ChildRun> {
  const timeFile = join(os.tmpdir(), `meeting-diet-sync-bench-${process.pid}-${Math.random().toString(36).slice(2)}.time`);
  const useTime = existsSync(TIME_BIN);
  const [cmd, ...rest] = useTime ? [TIME_BIN, '-f', '%e %U %S %M', '-o', timeFile, ...argv] : argv;
  const began = performance.now();
  return new Promise((done, fail) => {
    const child = spawn(cmd, rest, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (b) => (stderr += b));
    child.on('error', fail);
    child.on('close', (code) => {
      const wallS = (performance.now() - began) / 1000;
      let cpuS: number | null = null, peakRssMiB: number | null = null;
      if (useTime && existsSync(timeFile)) {
        const [, user, system, rssKiB] = readFileSync(timeFile, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number);
        [cpuS, peakRssMiB] = [user + system, rssKiB / 1024];
        rmSync(timeFile, { force: true });
      }
      writeFileSync(logFile, stderr);
      const m = /sync \w+: (\d+) of (\d+) people, (\d+) events \((\d+) full, (\d+) incremental\), (\d+) API requests, ([\d.]+) s/.exec(stderr);
      const summary = m ? { synced: +m[1], people: +m[2], events: +m[3], full: +m[4], incremental: +m[5], requests: +m[6], seconds: +m[7] } : null;
      done({ command: shellQuote(argv.slice(argv.indexOf('bin/meeting-diet.js') - 1)), wallS, cpuS, peakRssMiB, exitCode: code ?? 1, stderr, summary });
    });
  });
}

/** The environment of the child: ours without any MEETING_DIET_* setting, plus the provider's. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('MEETING_DIET_')) env[k] = v;
  return { ...env, ...extra };
}

/** Busy CPU seconds of the whole machine so far (all processes, all cores). */
const machineBusyS = () => os.cpus().reduce((n, c) => n + c.times.user + c.times.nice + c.times.sys + c.times.irq, 0) / 1000;
const ownCpuS = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

// ------------------------------------------------------------------------------------------- checking the store

interface Verification {
  ok: boolean;
  stored: number;
  expected: number;
  missing: number;
  extra: number;
  wrongStart: number;
  calendars: number;
  gaps: number;
  checks: { total: number; failed: number; byWhat: Record<string, number> };
  firstProblems: string[];
}

function verifyStore(dbFile: string, source: string, expected: ExpectedStore, checks: RowCheck[]): Verification {
  const db = new Database(dbFile, { readonly: true });
  try {
    const rows = db
      .prepare('SELECT owner_email AS owner, uid, instance_start_ms AS instance, start_ms AS start, title, self_response AS self FROM occurrences WHERE source = ?')
      .all(source) as { owner: string; uid: string; instance: number; start: number; title: string; self: string }[];
    const stored = new Map<string, Map<string, (typeof rows)[number]>>();
    for (const r of rows) {
      let mine = stored.get(r.owner);
      if (!mine) stored.set(r.owner, (mine = new Map()));
      mine.set(`${r.uid}\u0000${r.instance}`, r);
    }
    const problems: string[] = [];
    const note = (s: string) => void (problems.length < 10 && problems.push(s));
    let missing = 0, extra = 0, wrongStart = 0, expectedCount = 0;
    for (const [email, want] of expected) {
      expectedCount += want.size;
      const have = stored.get(email) ?? new Map();
      for (const [key, start] of want) {
        const row = have.get(key);
        if (!row) {
          missing++;
          note(`missing ${email} ${key.replace('\u0000', ' @')}`);
        } else if (row.start !== start) {
          wrongStart++;
          note(`wrong start ${email} ${key.replace('\u0000', ' @')}: ${new Date(row.start).toISOString()} != ${new Date(start).toISOString()}`);
        }
      }
      for (const key of have.keys()) {
        if (!want.has(key)) {
          extra++;
          note(`extra ${email} ${key.replace('\u0000', ' @')}`);
        }
      }
    }
    for (const email of stored.keys()) if (!expected.has(email)) extra += stored.get(email)!.size;
    let failed = 0;
    const byWhat: Record<string, number> = {};
    for (const c of checks) {
      byWhat[c.what] = (byWhat[c.what] ?? 0) + 1;
      const row = stored.get(c.email)?.get(c.key);
      const bad = c.absent ? row !== undefined
        : !row || (c.startMs !== undefined && row.start !== c.startMs) || (c.title !== undefined && row.title !== c.title) || (c.selfResponse !== undefined && row.self !== c.selfResponse);
      if (bad) {
        failed++;
        note(`check ${c.what} ${c.email}: ${row ? JSON.stringify({ start: new Date(row.start).toISOString(), title: row.title, self: row.self }) : 'no row'} vs ${JSON.stringify(c)}`);
      }
    }
    const calendars = (db.prepare('SELECT count(*) AS n FROM calendars WHERE source = ?').get(source) as { n: number }).n;
    const gaps = (db.prepare('SELECT count(*) AS n FROM sync_gaps WHERE source = ?').get(source) as { n: number }).n;
    const ok = missing === 0 && extra === 0 && wrongStart === 0 && failed === 0 && gaps === 0 && calendars === expected.size && rows.length === expectedCount;
    return { ok, stored: rows.length, expected: expectedCount, missing, extra, wrongStart, calendars, gaps, checks: { total: checks.length, failed, byWhat }, firstProblems: problems };
  } finally {
    db.close();
  }
}

// ------------------------------------------------------------------------------------------- one source

interface Requests {
  /** Calendar / Graph API requests (no token requests). */
  api: number;
  /** Of which event-list pages (Google events.list, Graph calendarView/delta). */
  pages: number;
  /** Graph series-master reads (GET /users/{id}/events/{id}). */
  masters: number;
  other: number;
  token: number;
  /** Authority requests that are not token grants (Entra openid-configuration). */
  authOther: number;
  connections: number;
}

interface Row {
  source: string;
  phase: 'full' | 'incremental, no changes' | 'incremental, 5 changes/person';
  command: string;
  wallS: number;
  cliS: number | null;
  childCpuS: number | null;
  fakeCpuS: number;
  otherCpuS: number;
  peakRssMiB: number | null;
  cliEvents: number | null;
  cliRequests: number | null;
  storedOccurrences: number;
  /** The database file after the run (the CLI checkpoints the WAL when it closes). */
  dbMB: number;
  eventsPerS: number | null;
  requests: Requests;
  perPerson: { api: number; pages: number; masters: number };
  verification: Verification;
  exitCode: number;
  log: string;
}

interface Fake {
  reset(): void;
  requests(): Requests;
  close(): Promise<void>;
}

/** Counts TCP connections the fake accepted (the fakes keep their server private). */
function connectionCounter(server: Server): { count: () => number; reset: () => void } {
  let n = 0;
  server.on('connection', () => n++);
  return { count: () => n, reset: () => (n = 0) };
}

function googleFake(fake: FakeGoogle): Fake {
  const connections = connectionCounter(fake['server'] as unknown as Server);
  return {
    reset: () => {
      fake.reset();
      connections.reset();
    },
    requests: () => {
      const api = fake.apiRequests();
      const pages = api.filter((r) => r.path.endsWith('/events')).length;
      return { api: api.length, pages, masters: 0, other: api.length - pages, token: fake.tokenRequests().length, authOther: fake.requests.length - api.length - fake.tokenRequests().length, connections: connections.count() };
    },
    close: () => fake.close(),
  };
}

function outlookFake(fake: FakeGraph): Fake {
  const connections = connectionCounter(fake['server'] as unknown as Server);
  return {
    reset: () => {
      fake.requests = [];
      connections.reset();
    },
    requests: () => {
      const api = fake.graphRequests();
      const pages = api.filter((r) => r.path.includes('/calendarView/delta')).length;
      const masters = api.filter((r) => /\/events\/[^/?]+/.test(r.path)).length;
      const token = fake.tokenRequests().length;
      return { api: api.length, pages, masters, other: api.length - pages - masters, token, authOther: fake.requests.length - api.length - token, connections: connections.count() };
    },
    close: () => fake.close(),
  };
}

interface SourceSetup {
  fake: Fake;
  env: NodeJS.ProcessEnv;
  expected: ExpectedStore;
  served: number;
  note: string;
  /** Applies the incremental round's changes; returns the rows to check. */
  change(changes: PersonChanges[], atMs: number): RowCheck[];
}

let serviceKey: string | null = null;

async function setUpGoogle(org: SyncOrg): Promise<SourceSetup> {
  const { fake, view, expected, served } = await startGoogleOrgFake(org, googlePageSize);
  serviceKey ??= JSON.stringify({
    client_email: 'auditor@meeting-diet.iam.gserviceaccount.com',
    private_key: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  });
  return {
    fake: googleFake(fake),
    env: childEnv({ MEETING_DIET_GOOGLE_SERVICE_ACCOUNT_JSON: serviceKey, MEETING_DIET_GOOGLE_ROOT_URL: fake.url, MEETING_DIET_GOOGLE_TOKEN_URL: fake.tokenUrl }),
    expected,
    served,
    note: `${served.toLocaleString('en-US')} events.list items held by the fake (singleEvents instances incl. cancelled ones, one-offs, all-day), page size ${googlePageSize}`,
    change: (changes, atMs) => {
      const checks: RowCheck[] = [];
      for (const p of org.people) {
        const c = view.changes(p.i, changes[p.i], expected, atMs);
        fake.putEvents(p.email, c.events);
        checks.push(...c.checks);
      }
      return checks;
    },
  };
}

async function setUpOutlook(org: SyncOrg): Promise<SourceSetup> {
  // The fake refuses to start unless this process's NODE_EXTRA_CA_CERTS holds its certificate. Only the
  // child talks to it (and gets the variable); Node reads the variable at start-up, so setting it here
  // changes nothing else in this process.
  const saved = process.env.NODE_EXTRA_CA_CERTS;
  process.env.NODE_EXTRA_CA_CERTS = TEST_CERT;
  const { fake, view, expected, served, masters } = await startOutlookOrgFake(org).finally(() => {
    if (saved === undefined) delete process.env.NODE_EXTRA_CA_CERTS;
    else process.env.NODE_EXTRA_CA_CERTS = saved;
  });
  return {
    fake: outlookFake(fake),
    env: childEnv({
      NODE_EXTRA_CA_CERTS: TEST_CERT,
      MEETING_DIET_GRAPH_TENANT_ID: fake.tenant,
      MEETING_DIET_GRAPH_CLIENT_ID: fake.clientId,
      MEETING_DIET_GRAPH_CLIENT_SECRET: fake.clientSecret,
      MEETING_DIET_GRAPH_BASE_URL: fake.base,
      MEETING_DIET_GRAPH_AUTHORITY_HOST: fake.base,
    }),
    expected,
    served,
    note: `${served.toLocaleString('en-US')} calendarView items held by the fake (occurrences, exceptions, single instances) + ${masters.toLocaleString('en-US')} series masters`,
    change: (changes, atMs) => {
      const checks: RowCheck[] = [];
      for (const p of org.people) checks.push(...view.applyChanges(fake, p.i, changes[p.i], expected, atMs));
      return checks;
    },
  };
}

async function benchSource(source: 'google' | 'outlook', org: SyncOrg, roster: string, changes: PersonChanges[]): Promise<{ rows: Row[]; note: string; loadS: number }> {
  const began = performance.now();
  const setup = source === 'google' ? await setUpGoogle(org) : await setUpOutlook(org);
  const loadS = (performance.now() - began) / 1000;
  console.log(`${source}: fake loaded in ${loadS.toFixed(1)} s; ${setup.note}`);
  const db = join(outDir, `${source}.db`);
  const rows: Row[] = [];
  try {
    // Warm-up (not measured): one person into a scratch database, so tsx's transform cache and the
    // file cache hold the CLI and the provider SDK before the first timed run.
    const warmRoster = join(outDir, 'warm-roster.yaml');
    writeFileSync(warmRoster, `people:\n  - { email: ${JSON.stringify(org.people[0].email)}, timeZone: ${JSON.stringify(org.people[0].zone)} }\n`);
    const warmDb = join(outDir, `warm-${source}.db`);
    for (const f of [warmDb, `${warmDb}-wal`, `${warmDb}-shm`]) rmSync(f, { force: true });
    const warm = await runCli(['node', 'bin/meeting-diet.js', 'sync', '--source', source, '--roster', rel(warmRoster), '--db', rel(warmDb), '--from', org.from, '--to', org.to, '--no-progress'], setup.env, join(outDir, `warm-${source}.log`));
    if (warm.exitCode !== 0) throw new Error(`warm-up sync failed (exit ${warm.exitCode}):\n${warm.stderr}`);
    for (const f of [warmDb, `${warmDb}-wal`, `${warmDb}-shm`]) rmSync(f, { force: true });

    for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
    const phases: Row['phase'][] = ['full', ...(args['skip-unchanged'] ? [] : ['incremental, no changes' as const]), 'incremental, 5 changes/person'];
    for (const phase of phases) {
      let checks: RowCheck[] = [];
      if (phase === 'incremental, 5 changes/person') checks = setup.change(changes, Date.UTC(2025, 3, 1));
      setup.fake.reset();
      const slug = phase === 'full' ? 'full' : phase.includes('no changes') ? 'unchanged' : 'changed';
      const logFile = join(outDir, `${source}-${slug}.log`);
      const profDir = join(outDir, 'prof', `${source}-${slug}`);
      const nodeArgs = args['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', rel(profDir)] : [];
      if (args['cpu-prof']) rmSync(profDir, { recursive: true, force: true });
      const argv = ['node', ...nodeArgs, 'bin/meeting-diet.js', 'sync', '--source', source, '--roster', rel(roster), '--db', rel(db), '--from', org.from, '--to', org.to, '--concurrency', String(concurrency), '--no-progress'];
      console.log(`${source}, ${phase}: ${shellQuote(argv)}`);
      const busy0 = machineBusyS(), own0 = ownCpuS();
      const run = await runCli(argv, setup.env, logFile);
      const fakeCpuS = ownCpuS() - own0;
      const otherCpuS = Math.max(0, machineBusyS() - busy0 - fakeCpuS - (run.cpuS ?? 0));
      const requests = setup.fake.requests();
      const verification = verifyStore(db, source, setup.expected, checks);
      const n = org.people.length;
      const row: Row = {
        source, phase, command: run.command, wallS: run.wallS, cliS: run.summary?.seconds ?? null, childCpuS: run.cpuS, fakeCpuS, otherCpuS,
        peakRssMiB: run.peakRssMiB, cliEvents: run.summary?.events ?? null, cliRequests: run.summary?.requests ?? null,
        storedOccurrences: verification.stored, dbMB: statSync(db).size / 1e6, eventsPerS: null, requests,
        perPerson: { api: requests.api / n, pages: requests.pages / n, masters: requests.masters / n }, verification, exitCode: run.exitCode,
        log: rel(logFile),
      };
      row.eventsPerS = phase === 'full' ? verification.stored / run.wallS : (run.summary?.events ?? 0) / run.wallS;
      rows.push(row);
      console.log(
        `  exit ${run.exitCode}, wall ${run.wallS.toFixed(2)} s (CLI says ${row.cliS ?? '?'} s), child CPU ${fmt(run.cpuS, 2)} s, fake CPU ${fakeCpuS.toFixed(2)} s, ` +
          `peak RSS ${fmt(run.peakRssMiB, 0)} MiB; ${requests.api} API requests (${requests.pages} pages, ${requests.masters} masters, ${requests.other} other), ` +
          `${requests.token} token + ${requests.authOther} other authority requests, ${requests.connections} connections; store ${verification.ok ? 'OK' : 'MISMATCH'}: ${verification.stored} rows, expected ${verification.expected}`,
      );
      if (!verification.ok) console.log(`  problems: ${JSON.stringify(verification, null, 1).slice(0, 2000)}`);
      if (run.summary && run.summary.requests !== requests.api) console.log(`  NOTE: the CLI reports ${run.summary.requests} API requests, the fake recorded ${requests.api}`);
      if (run.exitCode !== 0) console.log(run.stderr.split('\n').slice(-15).join('\n'));
    }
  } finally {
    await setup.fake.close();
  }
  return { rows, note: setup.note, loadS };
}

// ------------------------------------------------------------------------------------------- report

const fmt = (x: number | null, digits = 1) => (x === null || !Number.isFinite(x) ? '-' : x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }));

function printTable(rows: Row[]): void {
  const header = ['source', 'run', 'wall s', 'CLI s', 'child CPU s', 'fake CPU s', 'other CPU s', 'peak RSS MiB', 'events', 'events/s', 'API req/person', 'pages/person', 'masters/person', 'token req', 'conns', 'db MB', 'store'];
  const body = rows.map((r) => [
    r.source, r.phase, fmt(r.wallS, 2), fmt(r.cliS, 1), fmt(r.childCpuS, 2), fmt(r.fakeCpuS, 2), fmt(r.otherCpuS, 2), fmt(r.peakRssMiB, 0),
    (r.phase === 'full' ? r.storedOccurrences : r.cliEvents ?? 0).toLocaleString('en-US'), fmt(r.eventsPerS, 0),
    fmt(r.perPerson.api, 2), fmt(r.perPerson.pages, 2), fmt(r.perPerson.masters, 2), String(r.requests.token), String(r.requests.connections), fmt(r.dbMB, 0),
    r.verification.ok ? `ok (${r.verification.stored.toLocaleString('en-US')} rows)` : 'MISMATCH',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const b of body) console.log(line(b));
}

// ------------------------------------------------------------------------------------------- main

mkdirSync(outDir, { recursive: true });
const genBegan = performance.now();
const org = generateSyncOrg({ people, weeks, seed });
const changes = chooseChanges(org);
const generateS = (performance.now() - genBegan) / 1000;
const roster = join(outDir, 'roster.yaml');
writeFileSync(roster, rosterYaml(org));
const seriesCount = org.meetings.filter((m) => m.kind === 'series').length;
const perPersonMeetings = org.calendars.reduce((n, c) => n + c.length, 0) / people;
console.log(`organisation: ${people} people in ${org.teams.length} teams, ${org.meetings.length.toLocaleString('en-US')} meetings (${seriesCount} series) in ${generateS.toFixed(1)} s; ` +
  `window ${org.from} .. ${org.to}; roster ${rel(roster)}`);

const results: { source: string; note: string; loadS: number; rows: Row[] }[] = [];
for (const source of sources) {
  const r = await benchSource(source, org, roster, changes);
  results.push({ source, ...r });
}

const rows = results.flatMap((r) => r.rows);
const cpu = os.cpus();
console.log(`\nmeeting-diet sync bench: ${invocation}`);
console.log(`machine: Node ${process.version}, ${cpu.length} x ${cpu[0]?.model ?? '?'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM`);
console.log(`input: ${people} people x ${weeks} weeks (window ${org.from} .. ${org.to}, UTC, end exclusive), seed ${seed}, concurrency ${concurrency}; ` +
  `${org.meetings.length.toLocaleString('en-US')} meetings, ${seriesCount} of them series; ${perPersonMeetings.toFixed(0)} meetings/series per calendar`);
for (const r of results) {
  const full = r.rows.find((x) => x.phase === 'full');
  const perWeek = full ? full.verification.expected / people / weeks : NaN;
  console.log(`  ${r.source}: ${r.note}; ${full?.verification.expected.toLocaleString('en-US') ?? '?'} occurrences start in the window ` +
    `(${perWeek.toFixed(1)} per person-week); fake loaded in ${r.loadS.toFixed(1)} s`);
}
console.log('');
printTable(rows);
console.log('\nwall s: spawn to exit, Node start-up included; CLI s: what the CLI prints for the sync itself (after start-up, roster and migrations).');
console.log('child CPU s: user+system of the CLI (/usr/bin/time); fake CPU s: this process (the fake) during the run; other CPU s: the rest of the machine (os.cpus(), clamped at 0).');
console.log('events: full = occurrences stored (read back from the database); incremental = upserts the CLI reports. events/s = events / wall s.');
console.log('API req/person excludes token requests; "token req" is the whole run\'s token-endpoint requests (other authority reads, such as Entra openid-configuration, are in the run lines and the JSON);');
console.log('conns = TCP connections the fake accepted; db MB = the database file after the run; store = the row-by-row comparison with what the fake served.');
console.log('Incremental changes per person: decline a stand-up instance, move a focus-time instance 1 h, delete a lunch instance, move and retitle a personal one-off, add a one-off.');
const busy = rows.filter((r) => r.otherCpuS / r.wallS > 0.2);
if (busy.length > 0) console.log(`WARNING: other processes used CPU during ${busy.map((r) => `${r.source} ${r.phase}`).join(', ')}: wall times are inflated.`);
console.log('\nCommands (from the repository root; the fake runs in the benchmark process):');
for (const r of rows) console.log(`  ${r.source}, ${r.phase}: ${r.command}`);
const failed = rows.filter((r) => !r.verification.ok || r.exitCode !== 0);
if (failed.length > 0) console.log(`\nFAILED: ${failed.map((r) => `${r.source} ${r.phase}`).join(', ')}`);

const variant = `${args.source === 'both' ? '' : `-${args.source}`}${concurrency !== 8 ? `-c${concurrency}` : ''}${googlePageSize !== 2500 ? `-gp${googlePageSize}` : ''}`;
const resultsFile = join(ROOT, 'bench', 'out', `sync-results-${tag}${variant}.json`);
writeFileSync(resultsFile, JSON.stringify({
  invocation, date: new Date().toISOString(),
  machine: { node: process.version, cpus: cpu.length, cpuModel: cpu[0]?.model ?? null, totalMemGiB: +(os.totalmem() / 2 ** 30).toFixed(1) },
  input: { people, weeks, seed, concurrency, googlePageSize, window: { from: org.from, to: org.to }, teams: org.teams.length, meetings: org.meetings.length, series: seriesCount, roster: rel(roster) },
  sources: results.map((r) => ({ source: r.source, note: r.note, fakeLoadS: r.loadS })),
  rows,
}, null, 2) + '\n');
console.log(`\nwrote ${rel(resultsFile)}`);
process.exitCode = failed.length > 0 ? 1 : 0;
