/**
 * The API benchmark: `node --import tsx bench/api.ts [--people N] [--weeks W] [--duration S] [...]`
 *
 *  1. load    - generates (or reuses) an org under bench/out/api-<N>x<W>/ and loads it into a fresh SQLite
 *               file through the real path (roster: parseConfig -> rosterOfConfig -> replaceRoster; each
 *               export: readIcsBytes -> store.importCalendar), then the first analysis and the baselines.
 *  2. year    - one person-year: the heaviest person of a 52-week org, imported with store.importCalendar
 *               alone and uploaded end to end through app.request (POST /v1/people/{id}/calendars/ics).
 *  3. serve   - the real server (`meeting-diet serve`) in its own process, tokens from `meeting-diet token
 *               create`, and autocannon in a third process (bench/api-load.ts) against the report endpoints.
 *
 * Prints every figure and writes them to bench/out/api-results-<N>x<W>.json.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { freezeBaseline } from '../src/analysis/baselines.js';
import { ensureAnalysis } from '../src/analysis/refresh.js';
import { createToken } from '../src/cli/commands/token.js';
import { openStore } from '../src/cli/store.js';
import { parseConfig, type AuditConfig } from '../src/config/roster.js';
import { readIcsBytes } from '../src/connectors/ics/read-ics.js';
import { DAY_MS, wallToUtcMs } from '../src/model/time.js';
import { sha256Hex } from '../src/model/token.js';
import { createNodeApp, rosterOfConfig } from '../src/runtime/node.js';
import type { Store } from '../src/storage/store.js';
import type { LoadResult, LoadSpec } from './api-load.js';
import { DEFAULT_SEED, GENERATOR_VERSION, generateOrg, type OrgManifest } from '../src/demo/generate-org.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const { values: args } = parseArgs({
  options: {
    people: { type: 'string', default: '1000' },
    weeks: { type: 'string', default: '12' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    connections: { type: 'string', default: '10' },
    leaders: { type: 'string', default: '8' },
    runs: { type: 'string', default: '7' },
    'year-people': { type: 'string', default: '48' },
    seed: { type: 'string', default: String(DEFAULT_SEED) },
    'reuse-db': { type: 'boolean', default: false },
    'skip-year': { type: 'boolean', default: false },
    'skip-server': { type: 'boolean', default: false },
  },
});
const int = (name: keyof typeof args, min: number): number => {
  const n = Number(args[name]);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer >= ${min}`);
  return n;
};
const people = int('people', 2), weeks = int('weeks', 1), seed = int('seed', 0);
const durationS = int('duration', 1), warmupS = int('warmup', 0), connections = int('connections', 1);
const leaderCount = int('leaders', 1), runs = int('runs', 1), yearPeople = int('year-people', 2);
const tag = `${people}x${weeks}`;
const dir = join(ROOT, 'bench/out', `api-${tag}`);
const dbFile = join(dir, 'api.db');
const rel = (p: string) => relative(ROOT, p) || '.';
const command = ['node', '--import', 'tsx', 'bench/api.ts', ...process.argv.slice(2)].join(' ');
/** The pretend "now" of the load: noon on the day after the generated window. */
const nowOf = (m: OrgManifest) => Date.parse(`${m.to}T12:00:00Z`) + DAY_MS;

const ms = (t0: number) => performance.now() - t0;
const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '-');
const int0 = (n: number) => Math.round(n).toLocaleString('en-US');
const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const nearestRank = (values: number[], p: number) => {
  const s = [...values].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
};

// ------------------------------------------------------------------------------------------- input

function loadOrGenerate(orgDir: string, size: { people: number; weeks: number }): OrgManifest {
  const manifestFile = join(orgDir, 'manifest.json');
  if (existsSync(manifestFile)) {
    const m = JSON.parse(readFileSync(manifestFile, 'utf8')) as OrgManifest;
    if (m.generatorVersion === GENERATOR_VERSION && m.people === size.people && m.weeks === size.weeks && m.seed === seed) {
      console.log(`reusing ${rel(orgDir)} (manifest matches)`);
      return m;
    }
  }
  console.log(`generating ${size.people} people x ${size.weeks} weeks into ${rel(orgDir)} ...`);
  mkdirSync(orgDir, { recursive: true });
  return generateOrg({ ...size, dir: orgDir, seed });
}

function readRoster(orgDir: string): AuditConfig {
  const file = join(orgDir, 'roster.yaml');
  return parseConfig(readFileSync(file, 'utf8'), file);
}

/** Each person's window runs from local midnight to local midnight (as the demo loader does), so their weeks are whole. */
function windowOf(m: OrgManifest, timeZone: string) {
  return { fromMs: wallToUtcMs(Date.parse(`${m.from}T00:00:00Z`), timeZone), toMs: wallToUtcMs(Date.parse(`${m.to}T00:00:00Z`), timeZone) };
}

function freshStore(file: string): Promise<Store> {
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  return openStore(file);
}

// ------------------------------------------------------------------------------------------- 1. load

interface LoadFigures {
  people: number;
  teams: number;
  files: number;
  bytes: number;
  occurrences: number;
  rosterMs: number;
  fsReadMs: number;
  parseMs: number;
  checksumMs: number;
  importMs: number;
  totalMs: number;
  importOccurrencesPerS: number;
  importMsPerPerson: { mean: number; p50: number; p99: number; max: number };
  readMsPerPerson: { mean: number; p50: number; p99: number };
  firstAnalysisMs: number;
  noopAnalysisMs: number;
  baselines: number;
  baselinesMs: number;
  dbMiB: number;
  rows: Record<string, number>;
  /** Wall seconds of the whole phase, and the CPU seconds other processes used meanwhile. */
  phaseWallS: number;
  otherCpuS: number;
  weeks: string[];
  /** Teams with a baseline (at least the minimum group size). */
  teamIds: string[];
  emails: string[];
}

async function loadOrg(m: OrgManifest): Promise<LoadFigures> {
  const phase = startPhase();
  const config = readRoster(dir);
  const store = await freshStore(dbFile);
  const nowMs = nowOf(m);
  let t = performance.now();
  await store.replaceRoster(rosterOfConfig(config));
  const rosterMs = ms(t);
  let fsReadMs = 0, parseMs = 0, checksumMs = 0, importMs = 0, occurrences = 0, files = 0, bytesTotal = 0;
  const importPerPerson: number[] = [];
  const readPerPerson: number[] = [];
  const began = performance.now();
  for (const person of config.people) {
    let personImport = 0, personRead = 0;
    for (const file of config.calendarsByPerson.get(person.email) ?? []) {
      t = performance.now();
      const bytes = readFileSync(file);
      const fsMs = ms(t);
      t = performance.now();
      const window = windowOf(m, person.timeZone);
      const calendar = readIcsBytes(bytes, basename(file), { ...window, ownerEmail: person.email, timeZone: person.timeZone, definitions: config.definitions });
      const readMs = ms(t);
      t = performance.now();
      const checksum = await sha256Hex(bytes);
      checksumMs += ms(t);
      t = performance.now();
      const result = await store.importCalendar({
        source: 'ics',
        externalId: basename(file),
        ownerEmail: person.email,
        timeZone: calendar.timeZone,
        ...window,
        checksum,
        actor: 'bench',
        atMs: nowMs,
        occurrences: calendar.occurrences,
        warnings: calendar.warnings,
      });
      const oneImport = ms(t);
      fsReadMs += fsMs;
      parseMs += readMs;
      importMs += oneImport;
      personImport += oneImport;
      personRead += fsMs + readMs;
      occurrences += result.counts.occurrences;
      bytesTotal += bytes.length;
      files++;
    }
    importPerPerson.push(personImport);
    readPerPerson.push(personRead);
    if (importPerPerson.length % 100 === 0) process.stdout.write(`  loaded ${importPerPerson.length}/${config.people.length} people\r`);
  }
  const totalMs = rosterMs + ms(began);
  console.log(`  loaded ${config.people.length} people, ${int0(occurrences)} occurrences in ${fmt(totalMs / 1000, 2)} s`);

  t = performance.now();
  await ensureAnalysis(store, nowMs);
  const firstAnalysisMs = ms(t);
  console.log(`  first analysis ${fmt(firstAnalysisMs / 1000, 2)} s`);
  t = performance.now();
  await ensureAnalysis(store, nowMs);
  const noopAnalysisMs = ms(t);
  t = performance.now();
  // Teams under the roster's minimum group size get no baseline (and no team report): skipped, as the API would answer 403.
  const teamIds: string[] = [];
  for (const team of config.teams) {
    try {
      await freezeBaseline(store, { type: 'team', teamId: team.id }, { actor: 'bench', nowMs });
      teamIds.push(team.id);
    } catch (error) {
      if ((error as { code?: string }).code !== 'group-too-small') throw error;
    }
  }
  await freezeBaseline(store, { type: 'org' }, { actor: 'bench', nowMs });
  const baselinesMs = ms(t);
  const weekList = await store.listWeeks();
  await store.close();
  const { wallS: phaseWallS, otherCpuS } = phase();

  const db = new Database(dbFile); // not read-only: closing it checkpoints and removes the -wal and -shm files
  const rows: Record<string, number> = {};
  for (const table of ['people', 'teams', 'calendars', 'occurrences', 'imports', 'person_weeks', 'findings', 'series', 'series_people', 'gaps', 'baselines']) {
    rows[table] = (db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
  }
  db.close();
  return {
    people: config.people.length,
    teams: config.teams.length,
    files,
    bytes: bytesTotal,
    occurrences,
    rosterMs,
    fsReadMs,
    parseMs,
    checksumMs,
    importMs,
    totalMs,
    importOccurrencesPerS: occurrences / (importMs / 1000),
    importMsPerPerson: {
      mean: importMs / config.people.length,
      p50: nearestRank(importPerPerson, 50),
      p99: nearestRank(importPerPerson, 99),
      max: Math.max(...importPerPerson),
    },
    readMsPerPerson: { mean: (fsReadMs + parseMs) / config.people.length, p50: nearestRank(readPerPerson, 50), p99: nearestRank(readPerPerson, 99) },
    firstAnalysisMs,
    noopAnalysisMs,
    baselines: teamIds.length + 1,
    baselinesMs,
    dbMiB: ['', '-wal'].reduce((n, s) => n + (existsSync(dbFile + s) ? statSync(dbFile + s).size : 0), 0) / 2 ** 20,
    rows,
    phaseWallS,
    otherCpuS,
    weeks: weekList,
    teamIds,
    emails: config.people.map((p) => p.email),
  };
}

// ------------------------------------------------------------------------------------------- 2. one person-year

interface Spread {
  median: number;
  min: number;
  max: number;
  runs: number;
}
const spread = (values: number[]): Spread => ({ median: median(values), min: Math.min(...values), max: Math.max(...values), runs: values.length });

interface YearFigures {
  org: string;
  db: string;
  phaseWallS: number;
  otherCpuS: number;
  email: string;
  bytes: number;
  occurrences: number;
  readIcsMs: Spread;
  importNewCalendarMs: Spread;
  importReplaceMs: Spread;
  uploadMs: Spread;
}

/** The same export with a different checksum: an X- property line the reader ignores. */
function withMarker(bytes: Buffer, run: number): Buffer {
  const head = Buffer.from('BEGIN:VCALENDAR\r\n');
  if (!bytes.subarray(0, head.length).equals(head)) throw new Error('export does not start with BEGIN:VCALENDAR CRLF');
  return Buffer.concat([head, Buffer.from(`X-BENCH-RUN:${run}\r\n`), bytes.subarray(head.length)]);
}

async function personYear(): Promise<YearFigures> {
  const phase = startPhase();
  const yearDir = join(ROOT, 'bench/out', `api-year-${yearPeople}x52`);
  const m = loadOrGenerate(yearDir, { people: yearPeople, weeks: 52 });
  const expected = JSON.parse(readFileSync(join(yearDir, 'expected-occurrences.json'), 'utf8')) as Record<string, number>;
  const [heaviest] = Object.entries(expected).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const config = readRoster(yearDir);
  const file = join(yearDir, heaviest[0]);
  const person = config.people.find((p) => config.calendarsByPerson.get(p.email)?.includes(file));
  if (!person) throw new Error(`no roster person has ${file}`);
  // Into a copy of the loaded org's database: a 1,000-person roster and its occurrences already there.
  const yearDb = join(dir, 'person-year.db');
  for (const suffix of ['', '-wal', '-shm']) rmSync(yearDb + suffix, { force: true });
  for (const suffix of ['', '-wal']) if (existsSync(dbFile + suffix)) copyFileSync(dbFile + suffix, yearDb + suffix);
  const store = await openStore(yearDb);
  const nowMs = nowOf(m);
  await store.upsertPerson({ ...person, teams: [] }); // their teams are the 52-week org's, not this one's
  const bytes = readFileSync(file);
  const window = windowOf(m, person.timeZone);
  const read = () => readIcsBytes(bytes, basename(file), { ...window, ownerEmail: person.email, timeZone: person.timeZone, definitions: config.definitions });

  const readTimes: number[] = [];
  read(); // warm-up
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    read();
    readTimes.push(ms(t));
  }
  const calendar = read();
  const checksum = await sha256Hex(bytes);
  const input = (externalId: string, sum: string) => ({
    source: 'ics' as const,
    externalId,
    ownerEmail: person.email,
    timeZone: calendar.timeZone,
    ...window,
    checksum: sum,
    actor: 'bench',
    atMs: nowMs,
    occurrences: calendar.occurrences,
    warnings: calendar.warnings,
  });
  const timedImport = async (externalId: string, sum: string) => {
    const t = performance.now();
    const result = await store.importCalendar(input(externalId, sum));
    const took = ms(t);
    if (result.status !== 'imported') throw new Error(`person-year import was ${result.status}`);
    return { took, occurrences: result.counts.occurrences };
  };
  // New calendar each run: an insert into an empty window. Replace: the same calendar, a new checksum.
  const { occurrences } = await timedImport('warm-up.ics', checksum);
  const newTimes: number[] = [];
  for (let i = 0; i < runs; i++) newTimes.push((await timedImport(`new-${i}.ics`, checksum)).took);
  await timedImport('year.ics', checksum);
  const replaceTimes: number[] = [];
  for (let i = 0; i < runs; i++) replaceTimes.push((await timedImport('year.ics', `${checksum}-${i}`)).took);

  // End to end: the request body through the route, the .ics reader, the checksum and the import.
  const app = createNodeApp(store, { now: () => nowMs });
  const { token } = await createToken(store, { role: 'admin', label: 'bench' }, nowMs);
  const upload = async (run: number) => {
    const body = withMarker(bytes, run);
    const t = performance.now();
    const res = await app.request(`/v1/people/${person.email}/calendars/ics?from=${m.from}&to=${m.to}&calendar=upload.ics`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/calendar' },
      body,
    });
    const json = (await res.json()) as { status?: string; counts?: { occurrences: number } };
    const took = ms(t);
    if (res.status !== 201 || json.status !== 'imported') throw new Error(`upload answered ${res.status}: ${JSON.stringify(json).slice(0, 300)}`);
    if (json.counts?.occurrences !== occurrences) throw new Error(`upload stored ${json.counts?.occurrences} occurrences, the direct import ${occurrences}`);
    return took;
  };
  await upload(-1);
  const uploadTimes: number[] = [];
  for (let i = 0; i < runs; i++) uploadTimes.push(await upload(i));
  await store.close();
  for (const suffix of ['', '-wal', '-shm']) rmSync(yearDb + suffix, { force: true }); // a throwaway copy
  const { wallS: phaseWallS, otherCpuS } = phase();
  return {
    phaseWallS,
    otherCpuS,
    org: `${rel(yearDir)} (${m.people} people x ${m.weeks} weeks, ${m.from} .. ${m.to})`,
    db: `a copy of ${rel(dbFile)} after the load`,
    email: person.email,
    bytes: bytes.length,
    occurrences,
    readIcsMs: spread(readTimes),
    importNewCalendarMs: spread(newTimes),
    importReplaceMs: spread(replaceTimes),
    uploadMs: spread(uploadTimes),
  };
}

// ------------------------------------------------------------------------------------------- 3. server under load

interface EndpointFigures extends LoadResult {
  endpoint: string;
  token: string;
  serverCpuMsPerRequest: number;
  serverRssAfterMiB: number;
  /** Wall seconds of the load child (start-up, warm-up and the measured run). */
  wallS: number;
  /** CPU seconds other processes used meanwhile (machine busy time minus the server's and the load generator's). */
  otherCpuS: number;
}

interface ServerFigures {
  serverCommand: string;
  loadCommand: string;
  startMs: number;
  rssAfterStartMiB: number;
  /** VmHWM after the four load runs, before the upload: the most the server held while serving reports. */
  peakRssUnderLoadMiB: number;
  /** VmHWM at the end: includes the lazy re-analysis of the whole org after the upload. */
  peakRssMiB: number;
  endpoints: EndpointFigures[];
  afterUpload: { uploadMs: number; firstWeeklyMs: number; secondWeeklyMs: number; status: number };
}

const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** Busy CPU seconds of the whole machine so far (all processes, all cores). */
const machineBusyS = () => os.cpus().reduce((n, c) => n + c.times.user + c.times.nice + c.times.sys + c.times.irq, 0) / 1000;
const ownCpuS = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** Starts timing a phase run in this process; the returned function gives its wall time and the CPU other processes used. */
function startPhase(): () => { wallS: number; otherCpuS: number } {
  const began = performance.now(), busy = machineBusyS(), own = ownCpuS();
  return () => {
    const wallS = ms(began) / 1000;
    return { wallS, otherCpuS: Math.max(0, machineBusyS() - busy - (ownCpuS() - own)) };
  };
}

function procStatus(pid: number): { rssMiB: number; hwmMiB: number; cpuMs: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields from 3 (state) on
  const cpuMs = ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK; // utime, stime
  return { rssMiB: kib('VmRSS') / 1024, hwmMiB: kib('VmHWM') / 1024, cpuMs };
}

function cli(argv: string[]): string {
  return execFileSync('node', ['bin/meeting-diet.js', ...argv], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

function startServer(): Promise<{ child: ChildProcess; port: number; startMs: number }> {
  const began = performance.now();
  const child = spawn('node', ['bin/meeting-diet.js', 'serve', '--db', rel(dbFile), '--port', '0', '--no-demo'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return new Promise((done, fail) => {
    let stderr = '';
    const timer = setTimeout(() => fail(new Error(`server did not start in 300 s:\n${stderr}`)), 300_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk;
      const match = /meeting-diet API on http:\/\/127\.0\.0\.1:(\d+)/.exec(stderr);
      if (match) {
        clearTimeout(timer);
        done({ child, port: Number(match[1]), startMs: ms(began) });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`server exited with ${code}:\n${stderr}`));
    });
  });
}

function runLoadChild(spec: LoadSpec): Promise<LoadResult> {
  const specFile = join(os.tmpdir(), `meeting-diet-api-load-${process.pid}-${spec.title}.json`);
  writeFileSync(specFile, JSON.stringify(spec));
  return new Promise((done, fail) => {
    const child = spawn('node', ['--import', 'tsx', 'bench/api-load.ts', specFile], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    child.stdout.on('data', (b) => (stdout += b));
    child.stderr.on('data', (b) => (stderr += b));
    child.on('error', fail);
    child.on('close', (code) => {
      rmSync(specFile, { force: true });
      if (code !== 0) return fail(new Error(`load generator exited with ${code}:\n${stderr}`));
      done(JSON.parse(stdout.trim().split('\n').at(-1)!) as LoadResult);
    });
  });
}

/** `count` items spread evenly over `list`. */
const spreadOver = <T>(list: T[], count: number): T[] =>
  Array.from({ length: Math.min(count, list.length) }, (_, i) => list[Math.floor((i * list.length) / Math.min(count, list.length))]);

async function serveUnderLoad(load: LoadFigures, m: OrgManifest): Promise<ServerFigures> {
  // Full weeks only: the first and last data weeks are partial for zones far from UTC.
  const weeksFull = load.weeks.length > 2 ? load.weeks.slice(1, -1) : load.weeks;
  const leaderTeams = spreadOver(load.teamIds, leaderCount);
  const reportPeople = spreadOver(load.emails, 50);
  console.log(`creating tokens: 1 admin, ${leaderTeams.length} leaders (${leaderTeams.join(', ')}) with \`node bin/meeting-diet.js token create\` ...`);
  const admin = cli(['token', 'create', '--role', 'admin', '--db', rel(dbFile), '--label', 'bench api admin']);
  const leaders = new Map(leaderTeams.map((team) => [team, cli(['token', 'create', '--role', 'leader', '--team', team, '--db', rel(dbFile), '--label', 'bench api leader'])]));
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });

  const { child, port, startMs } = await startServer();
  const base = `http://127.0.0.1:${port}`;
  const pid = child.pid!;
  const serverCommand = `node bin/meeting-diet.js serve --db ${rel(dbFile)} --port 0 --no-demo`;
  const rssAfterStartMiB = procStatus(pid).rssMiB;
  console.log(`server pid ${pid} on ${base}, up in ${fmt(startMs / 1000, 2)} s, RSS ${fmt(rssAfterStartMiB)} MiB`);

  try {
    const endpoints: { endpoint: string; token: string; requests: LoadSpec['requests'] }[] = [
      {
        endpoint: 'GET /v1/reports/weekly?team=&week=',
        token: `leader (${leaderTeams.length} teams)`,
        requests: weeksFull.flatMap((week) => leaderTeams.map((team) => ({ path: `/v1/reports/weekly?team=${team}&week=${week}`, headers: auth(leaders.get(team)!) }))),
      },
      {
        endpoint: 'GET /v1/reports/weekly?week= (org)',
        token: 'admin',
        requests: weeksFull.map((week) => ({ path: `/v1/reports/weekly?week=${week}`, headers: auth(admin) })),
      },
      {
        endpoint: 'GET /v1/reports/trend?team=',
        token: `leader (${leaderTeams.length} teams)`,
        requests: leaderTeams.map((team) => ({ path: `/v1/reports/trend?team=${team}`, headers: auth(leaders.get(team)!) })),
      },
      {
        endpoint: 'GET /v1/people/{id}/report',
        token: 'admin',
        requests: reportPeople.map((email) => ({ path: `/v1/people/${email}/report`, headers: auth(admin) })),
      },
    ];
    // Every distinct request answers 200 with JSON before any load is driven.
    for (const e of endpoints) {
      for (const r of e.requests) {
        const res = await fetch(base + r.path, { headers: r.headers });
        const text = await res.text();
        if (res.status !== 200) throw new Error(`${r.path} answered ${res.status}: ${text.slice(0, 300)}`);
      }
    }

    const figures: EndpointFigures[] = [];
    for (const e of endpoints) {
      console.log(`load: ${e.endpoint} (${e.requests.length} distinct requests, ${connections} connections, ${warmupS} s warm-up + ${durationS} s) ...`);
      const before = procStatus(pid);
      const busyBefore = machineBusyS();
      const began = performance.now();
      const result = await runLoadChild({ title: `e${figures.length}`, url: base, connections, durationS, warmupS, requests: e.requests });
      const wallS = ms(began) / 1000;
      const after = procStatus(pid);
      const otherCpuS = Math.max(0, machineBusyS() - busyBefore - (after.cpuMs - before.cpuMs) / 1000 - result.loadGeneratorCpuMs / 1000);
      // CPU covers the warm-up too, so it is divided by every response in both phases (estimated at the same rate).
      const responsesWithWarmup = result.responses * (1 + warmupS / durationS);
      figures.push({
        ...result,
        endpoint: e.endpoint,
        token: e.token,
        serverCpuMsPerRequest: (after.cpuMs - before.cpuMs) / responsesWithWarmup,
        serverRssAfterMiB: after.rssMiB,
        wallS,
        otherCpuS,
      });
      const l = result.latencyMs;
      console.log(`  ${fmt(result.requestsPerS, 0)} req/s, p50 ${fmt(l.p50, 2)} ms, p99 ${fmt(l.p99, 2)} ms, non-2xx ${result.non2xx}, errors ${result.errors}`);
    }

    const peakRssUnderLoadMiB = procStatus(pid).hwmMiB;
    // A report after an upload pays the lazy re-analysis of the whole organisation.
    const email = load.emails[0];
    const file = join(dir, 'exports', `${email}.ics`);
    let t = performance.now();
    const up = await fetch(`${base}/v1/people/${email}/calendars/ics?from=${m.from}&to=${m.to}&calendar=${encodeURIComponent(basename(file))}`, {
      method: 'POST',
      headers: { ...auth(admin), 'content-type': 'text/calendar' },
      body: withMarker(readFileSync(file), Date.now()), // a new checksum even when the database is reused
    });
    await up.text();
    const uploadMs = ms(t);
    if (up.status !== 201) throw new Error(`upload answered ${up.status}`);
    const weekly = endpoints[0].requests[0];
    t = performance.now();
    const first = await fetch(base + weekly.path, { headers: weekly.headers });
    await first.text();
    const firstWeeklyMs = ms(t);
    t = performance.now();
    const second = await fetch(base + weekly.path, { headers: weekly.headers });
    await second.text();
    const secondWeeklyMs = ms(t);

    const peakRssMiB = procStatus(pid).hwmMiB;
    return {
      serverCommand,
      loadCommand: 'node --import tsx bench/api-load.ts <spec.json>',
      startMs,
      rssAfterStartMiB,
      peakRssUnderLoadMiB,
      peakRssMiB,
      endpoints: figures,
      afterUpload: { uploadMs, firstWeeklyMs, secondWeeklyMs, status: first.status },
    };
  } finally {
    await new Promise<void>((done) => {
      if (child.exitCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGTERM');
    });
  }
}

// ------------------------------------------------------------------------------------------- main

console.log(`$ ${command}`);
console.log(`machine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}`);
const manifest = loadOrGenerate(dir, { people, weeks });
console.log(
  `input: ${manifest.people} people x ${manifest.weeks} weeks (${manifest.from} .. ${manifest.to}), ${manifest.files} .ics files, ` +
    `${fmt(manifest.bytes / 1e6)} MB, ${int0(manifest.vevents)} VEVENTs, ${int0(manifest.expectedOccurrences)} expected occurrences`,
);

let load: LoadFigures;
const loadFile = join(dir, 'load.json');
if (args['reuse-db'] && existsSync(dbFile) && existsSync(loadFile)) {
  load = JSON.parse(readFileSync(loadFile, 'utf8')) as LoadFigures;
  console.log(`reusing ${rel(dbFile)} and its load figures from ${rel(loadFile)} (--reuse-db)`);
} else {
  console.log(`loading into a fresh ${rel(dbFile)} ...`);
  load = await loadOrg(manifest);
  writeFileSync(loadFile, JSON.stringify(load, null, 2) + '\n');
}
const year = args['skip-year'] ? null : await personYear();
const server = args['skip-server'] ? null : await serveUnderLoad(load, manifest);

// ------------------------------------------------------------------------------------------- report

const out: string[] = [];
const line = (s = '') => out.push(s);
line();
line(`# meeting-diet API benchmark: ${load.people} people x ${manifest.weeks} weeks`);
line(`$ ${command}`);
line();
line(`## 1. load (fresh ${rel(dbFile)}, ${fmt(load.dbMiB)} MiB after load)`);
line(`  ${load.people} people, ${load.teams} teams, ${load.files} files, ${fmt(load.bytes / 1e6)} MB, ${int0(load.occurrences)} occurrences stored`);
line(`  roster (parseConfig -> replaceRoster)   ${fmt(load.rosterMs)} ms`);
line(`  .ics read: file read                     ${fmt(load.fsReadMs / 1000, 2)} s`);
line(`  .ics read: readIcsBytes (parse, expand)  ${fmt(load.parseMs / 1000, 2)} s   (${fmt(load.bytes / 1e6 / (load.parseMs / 1000))} MB/s; per person p50 ${fmt(load.readMsPerPerson.p50)} ms)`);
line(`  checksum (sha256)                        ${fmt(load.checksumMs / 1000, 2)} s`);
line(`  store.importCalendar                     ${fmt(load.importMs / 1000, 2)} s   (${int0(load.importOccurrencesPerS)} occurrences/s; per person mean ${fmt(load.importMsPerPerson.mean, 2)} ms, p50 ${fmt(load.importMsPerPerson.p50, 2)}, p99 ${fmt(load.importMsPerPerson.p99, 2)}, max ${fmt(load.importMsPerPerson.max, 2)})`);
line(`  total load                               ${fmt(load.totalMs / 1000, 2)} s   (${fmt(load.totalMs / load.people, 2)} ms per person)`);
line(`  first analysis (ensureAnalysis)          ${fmt(load.firstAnalysisMs / 1000, 2)} s   (no-op check when nothing changed: ${fmt(load.noopAnalysisMs, 2)} ms)`);
line(`  ${load.baselines} baselines frozen                  ${fmt(load.baselinesMs / 1000, 2)} s`);
line(`  rows: ${Object.entries(load.rows).map(([k, v]) => `${k} ${int0(v)}`).join(', ')}`);
line(`  other processes used ${fmt(load.otherCpuS)} CPU s during this ${fmt(load.phaseWallS)} s phase${load.otherCpuS > 0.2 * load.phaseWallS ? ' (!) the times above are inflated' : ''}`);
if (year) {
  line();
  line(`## 2. one person-year: ${year.email} from ${year.org}`);
  line(`  ${fmt(year.bytes / 1e3)} KB export, ${int0(year.occurrences)} occurrences in 52 weeks (the heaviest calendar there), imported into ${year.db}`);
  line(`  median of ${runs} runs after a warm-up [min .. max]`);
  const s = (x: Spread) => `${fmt(x.median, 2)} ms  [${fmt(x.min, 2)} .. ${fmt(x.max, 2)}]`;
  line(`  readIcsBytes alone                       ${s(year.readIcsMs)}`);
  line(`  store.importCalendar, new calendar       ${s(year.importNewCalendarMs)}`);
  line(`  store.importCalendar, replacing it       ${s(year.importReplaceMs)}`);
  line(`  POST /v1/people/{id}/calendars/ics       ${s(year.uploadMs)}   (app.request: body, reader, checksum, import, JSON)`);
  line(`  other processes used ${fmt(year.otherCpuS)} CPU s during this ${fmt(year.phaseWallS)} s phase${year.otherCpuS > 0.2 * year.phaseWallS ? ' (!) the times above are inflated' : ''}`);
}
if (server) {
  line();
  line(`## 3. server under load: ${server.serverCommand}`);
  line(`  load: ${server.loadCommand} (autocannon 9, ${connections} connections, ${warmupS} s warm-up, ${durationS} s measured, loopback)`);
  line(`  server up in ${fmt(server.startMs / 1000, 2)} s; RSS after start ${fmt(server.rssAfterStartMiB)} MiB; peak RSS ${fmt(server.peakRssUnderLoadMiB)} MiB under the report load, ${fmt(server.peakRssMiB)} MiB once the re-analysis after an upload is included`);
  line();
  line('  | endpoint | token | distinct | req/s | p50 ms | p90 ms | p99 ms | max ms | non-2xx | server CPU ms/req | other CPU s |');
  line('  |---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const e of server.endpoints) {
    const l = e.latencyMs;
    const busy = e.otherCpuS > 0.2 * e.wallS ? ' (!)' : '';
    line(`  | ${e.endpoint} | ${e.token} | ${e.distinctRequests} | ${fmt(e.requestsPerS, 0)} | ${fmt(l.p50, 2)} | ${fmt(l.p90, 2)} | ${fmt(l.p99, 2)} | ${fmt(l.max, 1)} | ${e.non2xx + e.errors + e.timeouts} | ${fmt(e.serverCpuMsPerRequest, 2)} | ${fmt(e.otherCpuS, 1)}${busy} |`);
  }
  if (server.endpoints.some((e) => e.otherCpuS > 0.2 * e.wallS)) {
    line('  (!) other processes used more than a fifth of a core meanwhile: latencies are inflated; rerun on a quiet machine');
  }
  line();
  const a = server.afterUpload;
  line(`  after one upload (${fmt(a.uploadMs)} ms), the next weekly report took ${fmt(a.firstWeeklyMs)} ms (lazy re-analysis of the whole org), the one after ${fmt(a.secondWeeklyMs, 2)} ms`);
}
line();
line('## targets');
const weeklyTeam = server?.endpoints[0];
if (weeklyTeam) {
  line(`  weekly team report p99 < 50 ms at ${load.people} people: ${fmt(weeklyTeam.latencyMs.p99, 2)} ms -> ${weeklyTeam.latencyMs.p99 < 50 ? 'met' : 'MISSED'}`);
}
if (year) {
  line(`  one person-year import < 100 ms: importCalendar ${fmt(year.importNewCalendarMs.median, 2)} ms new / ${fmt(year.importReplaceMs.median, 2)} ms replace -> ${Math.max(year.importNewCalendarMs.median, year.importReplaceMs.median) < 100 ? 'met' : 'MISSED'}; end-to-end upload ${fmt(year.uploadMs.median, 2)} ms -> ${year.uploadMs.median < 100 ? 'under' : 'over'} 100 ms`);
}
console.log(out.join('\n'));

const resultsFile = join(ROOT, 'bench/out', `api-results-${tag}.json`);
const { weeks: _w, teamIds: _t, emails: _e, ...loadSummary } = load;
writeFileSync(
  resultsFile,
  JSON.stringify({ command, at: new Date().toISOString(), node: process.version, cpus: os.cpus().length, input: manifest, load: loadSummary, personYear: year, server }, null, 2) + '\n',
);
console.log(`\nwrote ${rel(resultsFile)}`);
