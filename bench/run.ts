/**
 * `npm run bench -- [--people N] [--weeks W] [--dir D] [--seed S] [--skip-naive] [--skip-single] [--skip-ours] [--generate-only]`
 *
 * Generates (or reuses) a synthetic organisation, then times, on the same files and window:
 *   naive   - plain ical.js in child processes (bench/naive.ts): 2 processes splitting the files, then 1 process
 *             (the issue's naive loop; --skip-single leaves it out);
 *   ours    - the real CLI, `meeting-diet occurrences` and `meeting-diet audit`, each as a user runs it.
 * Every child runs under /usr/bin/time for wall time and peak RSS. Prints a table and writes bench/out/results-NxW.json.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import ICAL from 'ical.js';
import { DEFAULT_SEED, GENERATOR_VERSION, generateOrg, type OrgManifest } from '../src/demo/generate-org.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const TIME_BIN = '/usr/bin/time';

const { values: args } = parseArgs({
  options: {
    people: { type: 'string', default: '200' },
    weeks: { type: 'string', default: '52' },
    dir: { type: 'string' },
    seed: { type: 'string', default: String(DEFAULT_SEED) },
    'skip-naive': { type: 'boolean', default: false },
    'skip-single': { type: 'boolean', default: false },
    'skip-ours': { type: 'boolean', default: false },
    'generate-only': { type: 'boolean', default: false },
  },
});
const people = Number(args.people), weeks = Number(args.weeks), seed = Number(args.seed);
if (!(people >= 2 && weeks >= 1 && Number.isInteger(people) && Number.isInteger(weeks))) {
  throw new Error('--people must be an integer >= 2 and --weeks an integer >= 1');
}
const tag = `${people}x${weeks}`;
const dir = resolve(ROOT, args.dir ?? `bench/out/org-${tag}`);
const rel = (p: string) => relative(ROOT, p) || '.';
const invocation = `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim();

// ------------------------------------------------------------------------------------------- input

function loadOrGenerate(): OrgManifest {
  const manifestFile = join(dir, 'manifest.json');
  if (existsSync(manifestFile)) {
    const m = JSON.parse(readFileSync(manifestFile, 'utf8')) as OrgManifest;
    if (m.generatorVersion === GENERATOR_VERSION && m.people === people && m.weeks === weeks && m.seed === seed) {
      console.log(`reusing ${rel(dir)} (manifest matches)`);
      return m;
    }
  }
  console.log(`generating ${people} people x ${weeks} weeks into ${rel(dir)} ...`);
  const m = generateOrg({ people, weeks, dir, seed });
  console.log(`generated ${m.files} files, ${mb(m.bytes)} MB, ${m.vevents} VEVENTs in ${m.generateSeconds} s`);
  return m;
}

/** The stand-up expands (grouped, overrides applied) to the generator's count, and its UID is in every attendee's file. */
function spotCheck(m: OrgManifest): string {
  const { file, uid, expectedOccurrences } = m.spotCheck;
  const root = new ICAL.Component(ICAL.parse(readFileSync(join(dir, file), 'utf8')));
  const mine = root.getAllSubcomponents('vevent').filter((v) => v.getFirstPropertyValue('uid') === uid);
  const master = mine.find((v) => !v.hasProperty('recurrence-id'))!;
  const event = new ICAL.Event(master, { strictExceptions: true, exceptions: mine.filter((v) => v !== master) });
  const from = ICAL.Time.fromJSDate(new Date(`${m.from}T00:00:00Z`), true), to = ICAL.Time.fromJSDate(new Date(`${m.to}T00:00:00Z`), true);
  let found = 0;
  for (let it = event.iterator(), t = it.next(); t && t.compare(to) < 0; t = it.next()) {
    const d = event.getOccurrenceDetails(t);
    if (d.item.component.getFirstPropertyValue('status') !== 'CANCELLED' && d.startDate.compare(from) >= 0) found++;
  }
  if (found !== expectedOccurrences) throw new Error(`spot check: ${event.summary} in ${file} expanded to ${found}, expected ${expectedOccurrences}`);
  const attendees = master.getAllProperties('attendee').map((p) => String(p.getFirstValue()).replace(/^mailto:/i, ''));
  const unfolded = (email: string) => readFileSync(join(dir, 'exports', `${email}.ics`), 'utf8').replace(/\r\n[ \t]/g, '');
  const missing = attendees.filter((email) => !unfolded(email).includes(`UID:${uid}\r\n`));
  if (missing.length > 0) throw new Error(`spot check: UID ${uid} missing from ${missing.join(', ')}`);
  return `spot check ok: "${event.summary}" (${event.component.getFirstPropertyValue('rrule')}) in ${file} -> ${found} occurrences, ` +
    `same UID in all ${attendees.length} attendees' files`;
}

// ------------------------------------------------------------------------------------------- measuring

interface Child { command: string; wallS: number; cpuS: number | null; peakRssMiB: number | null; exitCode: number; stdout: string; stderr: string }

/** Runs `argv` under /usr/bin/time (user+system CPU, peak RSS of the largest process in the tree); stdout to a file if given. */
function timed(argv: string[], stdoutFile?: string): Promise<Child> {
  const timeFile = join(os.tmpdir(), `meeting-diet-bench-${process.pid}-${Math.random().toString(36).slice(2)}.time`);
  const useTime = existsSync(TIME_BIN);
  const [cmd, ...rest] = useTime ? [TIME_BIN, '-f', '%e %U %S %M', '-o', timeFile, ...argv] : argv;
  const out = stdoutFile ? openSync(stdoutFile, 'w') : 'pipe';
  const began = performance.now();
  return new Promise((done, fail) => {
    const child = spawn(cmd, rest, { cwd: ROOT, stdio: ['ignore', out, 'pipe'] });
    let stdout = '', stderr = '';
    child.stdout?.on('data', (b) => (stdout += b));
    child.stderr?.on('data', (b) => (stderr += b));
    child.on('error', fail);
    child.on('close', (code) => {
      if (typeof out === 'number') closeSync(out);
      const wallS = (performance.now() - began) / 1000;
      let peakRssMiB: number | null = null, cpuS: number | null = null;
      if (useTime && existsSync(timeFile)) {
        const [, user, system, rssKiB] = readFileSync(timeFile, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number);
        [cpuS, peakRssMiB] = [user + system, rssKiB / 1024];
        rmSync(timeFile, { force: true });
      }
      done({ command: shellQuote(argv) + (stdoutFile ? ` > ${rel(stdoutFile)}` : ''), wallS, cpuS, peakRssMiB, exitCode: code ?? 1, stdout, stderr });
    });
  });
}

const shellQuote = (argv: string[]) => argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');

interface Row {
  name: string;
  commands: string[];
  wallS: number | null;
  /** User + system CPU seconds, summed over the processes: less sensitive than wall time to a busy machine. */
  cpuS: number | null;
  occurrences: number | null;
  occurrencesPerS: number | null;
  mbPerS: number | null;
  peakRssMiB: number | null;
  /** CPU seconds that other processes on the machine used during this run (contention inflates wall times). */
  otherCpuS: number | null;
  /** How many times faster than naive ical.js this run is; null for the naive rows and for runs not made. */
  speedup: {
    /** Wall time of naive in 1 process (the issue's naive loop) / this wall time. */
    wallVsOneProcess: number | null;
    /** Wall time of naive in 2 processes (both cores, as ours uses) / this wall time. */
    wallVsTwoProcesses: number | null;
    /** CPU seconds of naive (1 process when it ran, else 2) / this run's CPU seconds. */
    cpu: number | null;
  } | null;
  note: string;
}

/** Busy CPU seconds of the whole machine so far (all processes, all cores). */
const machineBusyS = () => os.cpus().reduce((n, c) => n + c.times.user + c.times.nice + c.times.sys + c.times.irq, 0) / 1000;

/** Runs one measurement and records how much CPU the rest of the machine used meanwhile. */
async function measured(run: () => Promise<Row>): Promise<Row> {
  const busyBefore = machineBusyS();
  const row = await run();
  row.otherCpuS = Math.max(0, machineBusyS() - busyBefore - (row.cpuS ?? 0));
  return row;
}

async function runNaive(m: OrgManifest, shards: number): Promise<Row> {
  const exportsDir = rel(join(dir, 'exports'));
  const began = performance.now();
  const children = await Promise.all(Array.from({ length: shards }, (_, shard) =>
    timed(['node', '--import', 'tsx', 'bench/naive.ts', exportsDir, String(shard), String(shards), m.from, m.to])));
  const wallS = (performance.now() - began) / 1000;
  const failed = children.find((c) => c.exitCode !== 0);
  if (failed) throw new Error(`naive run failed: ${failed.command}\n${failed.stderr}`);
  const counts = children.map((c) => JSON.parse(c.stdout.trim().split('\n').at(-1)!) as { occurrences: number; errors: number; vevents: number });
  const occurrences = counts.reduce((n, c) => n + c.occurrences, 0);
  const errors = counts.reduce((n, c) => n + c.errors, 0);
  const rss = children.map((c) => c.peakRssMiB ?? 0);
  return {
    name: `naive ical.js, ${shards} process${shards > 1 ? 'es' : ''}`, commands: children.map((c) => c.command), wallS,
    cpuS: children.every((c) => c.cpuS !== null) ? children.reduce((n, c) => n + c.cpuS!, 0) : null, occurrences,
    occurrencesPerS: occurrences / wallS, mbPerS: m.bytes / 1e6 / wallS, peakRssMiB: Math.max(...rss), otherCpuS: null, speedup: null,
    note: `${shards > 1 ? `peak RSS is the larger child (sum ${rss.reduce((a, b) => a + b, 0).toFixed(0)} MiB); ` : ''}` +
      `counts cancelled instances and puts moved ones at their old time${errors ? `; ${errors} VEVENTs threw` : ''}`,
  };
}

/** Output lines (a file's, or summed over a folder's files) and how many of them are cancelled instances. */
function countOutputLines(path: string): { lines: number; cancelled: number } | null {
  if (!existsSync(path)) return null;
  if (statSync(path).isDirectory()) {
    return readdirSync(path).reduce((n, f) => {
      const c = countOutputLines(join(path, f));
      return { lines: n.lines + (c?.lines ?? 0), cancelled: n.cancelled + (c?.cancelled ?? 0) };
    }, { lines: 0, cancelled: 0 });
  }
  const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '');
  return { lines: lines.length, cancelled: lines.filter((l) => l.includes('"status":"CANCELLED"')).length };
}

function auditCheck(file: string): string {
  try {
    const report = JSON.parse(readFileSync(file, 'utf8')) as { people?: unknown[] };
    return `${rel(file)}: ${mb(statSync(file).size)} MB of valid JSON, ${report.people?.length ?? '?'} people`;
  } catch (e) {
    return `${rel(file)} is not valid JSON (${(e as Error).message.slice(0, 80)})`;
  }
}

function ourRow(m: OrgManifest, name: string, c: Child, occurrences: number | null, note: string): Row {
  const row: Row = { name, commands: [c.command], wallS: null, cpuS: null, occurrences: null, occurrencesPerS: null, mbPerS: null,
    peakRssMiB: null, otherCpuS: null, speedup: null, note: `FAILED (exit ${c.exitCode}): ${c.stderr.trim().split('\n').slice(0, 3).join(' | ').slice(0, 300)}` };
  if (c.exitCode !== 0) return row;
  return { ...row, wallS: c.wallS, cpuS: c.cpuS, occurrences, occurrencesPerS: occurrences === null ? null : occurrences / c.wallS,
    mbPerS: m.bytes / 1e6 / c.wallS, peakRssMiB: c.peakRssMiB, note };
}

async function runOurs(m: OrgManifest): Promise<Row[]> {
  const runDir = join(ROOT, 'bench', 'out', `run-${tag}`);
  rmSync(runDir, { recursive: true, force: true });
  mkdirSync(runDir, { recursive: true });
  const exportsDir = rel(join(dir, 'exports'));
  const outPath = join(runDir, 'occurrences');
  const occurrencesRow = await measured(async () => {
    const c = await timed(['node', 'bin/meeting-diet.js', 'occurrences', exportsDir, '--from', m.from, '--to', m.to, '--out', rel(outPath)]);
    const counted = c.exitCode === 0 ? countOutputLines(outPath) : null;
    // The command also prints cancelled instances (status CANCELLED); the rest must match the generator's count.
    const kept = counted ? counted.lines - counted.cancelled : null;
    const check = !counted ? '' : `${counted.cancelled} of them CANCELLED; the other ${kept} ` +
      (kept === m.expectedOccurrences ? 'match the expected count' : `differ from the expected ${m.expectedOccurrences} by ${kept! - m.expectedOccurrences}`);
    return ourRow(m, 'ours: occurrences', c, counted?.lines ?? null, `output lines of ${rel(outPath)}/*.jsonl; ${check}`);
  });
  const auditRow = await measured(async () => {
    const auditFile = join(runDir, 'audit.json');
    const c = await timed(['node', 'bin/meeting-diet.js', 'audit', exportsDir, '--config', rel(join(dir, 'roster.yaml')),
      '--from', m.from, '--to', m.to, '--format', 'json'], auditFile);
    return ourRow(m, 'ours: audit', c, occurrencesRow.occurrences, `occurrences/s uses the occurrences command's count; ${auditCheck(auditFile)}`);
  });
  return [occurrencesRow, auditRow];
}

// ------------------------------------------------------------------------------------------- report

const mb = (bytes: number) => (bytes / 1e6).toFixed(1);
const fmt = (x: number | null, digits = 1) => (x === null || !Number.isFinite(x) ? '-' : x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }));

function printTable(m: OrgManifest, rows: Row[], spot: string): void {
  const cpu = os.cpus();
  console.log(`\nmeeting-diet bench: ${invocation}`);
  console.log(`machine: Node ${process.version}, ${cpu.length} x ${cpu[0]?.model ?? '?'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM`);
  console.log(`input: ${m.people} people x ${m.weeks} weeks, ${m.files} files, ${mb(m.bytes)} MB, ${m.vevents.toLocaleString('en-US')} VEVENTs ` +
    `in ${rel(dir)}; window ${m.from} .. ${m.to} (UTC, end exclusive)`);
  console.log(`expected occurrences: ${m.expectedOccurrences.toLocaleString('en-US')} (overrides: ${m.overrides.moved} moved, ${m.overrides.cancelled} cancelled)`);
  console.log(spot + '\n');
  const header = ['run', 'wall s', 'CPU s', 'other CPU s', 'occurrences', 'occ/s', 'MB/s', 'peak RSS MiB', 'x naive 1p', 'x naive 2p', 'x naive CPU'];
  const body = rows.map((r) => [r.name, fmt(r.wallS, 2), fmt(r.cpuS, 2), fmt(r.otherCpuS, 2), r.occurrences === null ? '-' : r.occurrences.toLocaleString('en-US'),
    fmt(r.occurrencesPerS, 0), fmt(r.mbPerS, 2), fmt(r.peakRssMiB, 0),
    fmt(r.speedup?.wallVsOneProcess ?? null, 2), fmt(r.speedup?.wallVsTwoProcesses ?? null, 2), fmt(r.speedup?.cpu ?? null, 2)]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const b of body) console.log(line(b));
  const busy = rows.filter((r) => r.otherCpuS !== null && r.wallS && r.otherCpuS / r.wallS > 0.2);
  if (busy.length > 0) console.log(`\nWARNING: other processes used CPU during ${busy.map((r) => r.name).join(', ')}: wall times are inflated, compare CPU s.`);
  console.log('\nx naive 1p / 2p = wall time of naive ical.js in 1 process / in 2 processes (both cores, as ours) over the wall time of ours;');
  console.log(`x naive CPU = CPU seconds of naive (${rows.some((r) => r.name === 'naive ical.js, 1 process') ? '1 process' : '2 processes'}) over ours. Commands (run from the repo root):`);
  for (const r of rows) {
    console.log(`  ${r.name}${r.note ? ` (${r.note})` : ''}`);
    for (const c of r.commands) console.log(`    ${c}`);
  }
}

// ------------------------------------------------------------------------------------------- main

const manifest = loadOrGenerate();
const spot = spotCheck(manifest);
if (args['generate-only']) {
  console.log(spot);
  process.exit(0);
}
const rows: Row[] = [];
if (!args['skip-naive']) {
  console.log('running naive ical.js with 2 processes ...');
  rows.push(await measured(() => runNaive(manifest, 2)));
  if (!args['skip-single']) {
    console.log('running naive ical.js with 1 process ...');
    rows.push(await measured(() => runNaive(manifest, 1)));
  }
}
if (!args['skip-ours']) {
  if (existsSync(join(ROOT, 'src', 'cli', 'index.ts'))) {
    console.log('running meeting-diet occurrences and audit ...');
    rows.push(...(await runOurs(manifest)));
  } else {
    console.log('skipping ours: src/cli/index.ts does not exist yet');
  }
}
const naive1 = rows.find((r) => r.name.startsWith('naive') && r.name.includes('1 process'));
const naive2 = rows.find((r) => r.name.startsWith('naive') && r.name.includes('2 processes'));
const ratio = (a: number | null | undefined, b: number | null) => (a && b ? a / b : null);
for (const r of rows) {
  if (r.name.startsWith('naive') || !r.wallS) continue;
  r.speedup = { wallVsOneProcess: ratio(naive1?.wallS, r.wallS), wallVsTwoProcesses: ratio(naive2?.wallS, r.wallS), cpu: ratio((naive1 ?? naive2)?.cpuS, r.cpuS) };
}

printTable(manifest, rows, spot);
const resultsFile = join(ROOT, 'bench', 'out', `results-${tag}.json`);
mkdirSync(dirname(resultsFile), { recursive: true });
writeFileSync(resultsFile, JSON.stringify({
  invocation, date: new Date().toISOString(),
  machine: { node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? null, totalMemGiB: +(os.totalmem() / 2 ** 30).toFixed(1) },
  input: { dir: rel(dir), people: manifest.people, weeks: manifest.weeks, seed: manifest.seed, files: manifest.files, bytes: manifest.bytes,
    mb: +(manifest.bytes / 1e6).toFixed(2), vevents: manifest.vevents, window: { from: manifest.from, to: manifest.to },
    expectedOccurrences: manifest.expectedOccurrences, overrides: manifest.overrides },
  spotCheck: spot, rows,
}, null, 2) + '\n');
console.log(`\nwrote ${rel(resultsFile)}`);
