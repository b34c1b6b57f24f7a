import { basename, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { defaultConfig, loadConfig, resolvePerson, type AuditConfig } from '../../config/roster.js';
import { occurrenceFrom, type OccurrenceTable } from '../../connectors/ics/occurrence-table.js';
import { readIcsFilesAsTables, type TableResult } from '../../connectors/ics/read-many.js';
import { compareOccurrences, listIcsFiles } from '../../connectors/ics/read-ics.js';
import { InputError } from '../../model/errors.js';
import { dropRepeatedEvents, type Occurrence } from '../../model/occurrence.js';
import { formatDate, HOUR_MS, wallToUtcMs } from '../../model/time.js';
import type { AuditWarning, DataGap } from '../../model/warning.js';
import type { AuditReport } from '../../reports/audit-report.js';
import { AuditPreparation, buildAuditReport, type AuditedCalendarSet } from '../../reports/build-audit.js';
import { renderCsv } from '../../reports/render-csv.js';
import { renderMarkdown } from '../../reports/render-markdown.js';
import { renderText } from '../../reports/render-text.js';
import { reportWarnings, type CliIo } from '../io.js';
import { resolveWindow, type Window } from '../window.js';

const FORMATS = ['text', 'json', 'csv', 'markdown'] as const;
type Format = (typeof FORMATS)[number];

interface AuditFlags {
  config?: string;
  from?: string;
  to?: string;
  me?: string;
  format: string;
  verbose?: boolean;
}

const RENDER: Record<Exclude<Format, 'json'>, (r: AuditReport) => string> = {
  text: renderText,
  csv: renderCsv,
  markdown: renderMarkdown,
};

export function registerAudit(program: Command, io: CliIo): void {
  program
    .command('audit')
    .description('Phase 1 audit of meeting load, focus time, timezone tax and meeting hygiene from .ics exports (stores nothing)')
    .argument('[paths...]', '.ics files or folders (default: the calendars listed in --config)')
    .option('--config <file>', 'roster/config file (YAML or JSON): people, zones, working hours, teams, definitions, rules')
    .option('--from <date|instant>', "window start; a date means local midnight in each person's zone (default: Monday 4 weeks before this week)")
    .option('--to <date|instant>', 'window end, exclusive (default: Monday of this week)')
    .option('--me <email>', 'whose calendar the given files are (an individual auditing their own export)')
    .option('--format <format>', `output: ${FORMATS.join(' | ')}`, 'text')
    .option('--verbose', 'print every warning, not just the first 20')
    .action(async (paths: string[], flags: AuditFlags) => {
      if (!(FORMATS as readonly string[]).includes(flags.format)) {
        throw new InputError(`--format "${flags.format}" is not one of ${FORMATS.join(', ')}`);
      }
      const config = flags.config ? await loadConfig(flags.config) : defaultConfig();
      const window = resolveWindow(flags.from, flags.to, io.now());
      const { audited, warnings, gaps, prepared } = await readCalendars(paths, flags.me?.toLowerCase() ?? null, config, window);
      const windowLabel = window.localDates ? { from: formatDate(window.fromMs), to: formatDate(window.toMs) } : undefined;
      const report = buildAuditReport({
        audited,
        roster: config.people,
        teams: config.teams,
        definitions: config.definitions,
        rules: config.rules,
        window,
        windowLabel,
        warnings,
        gaps,
        prepared,
      });
      reportWarnings(io, warnings, flags.verbose ?? false);
      for (const g of gaps) io.error(`error: ${g.reason}`);
      if (flags.format === 'json') await writeJson(io, report);
      else await io.write(RENDER[flags.format as Exclude<Format, 'json'>](report));
      if (gaps.length > 0) io.setExitCode(1);
    });
}

async function readCalendars(
  paths: string[],
  me: string | null,
  config: AuditConfig,
  window: Window,
): Promise<{ audited: AuditedCalendarSet[]; warnings: AuditWarning[]; gaps: DataGap[]; prepared: AuditPreparation }> {
  const ownerOfFile = new Map<string, string>();
  for (const [email, calendars] of config.calendarsByPerson) {
    for (const f of await listIcsFiles(calendars)) ownerOfFile.set(resolve(f), email);
  }
  // Shown in reports and warnings: relative to where the user stands, when below it.
  const shown = (f: string) => (relative(process.cwd(), f).startsWith('..') ? f : relative(process.cwd(), f));
  const files = (paths.length > 0 ? await listIcsFiles(paths) : [...ownerOfFile.keys()]).map(shown);
  if (files.length === 0) {
    throw new InputError('no calendars to audit: give .ics files or folders, or a --config whose people list calendars');
  }
  // Local-date windows start up to 14 h either side of UTC midnight: read wide, then cut per person.
  const readWindow = window.localDates ? { fromMs: window.fromMs - 14 * HOUR_MS, toMs: window.toMs + 14 * HOUR_MS } : window;
  const tasks = files.map((path) => {
    const owner = me ?? ownerOfFile.get(resolve(path)) ?? null;
    const rosterZone = owner ? config.people.find((p) => p.email === owner)?.timeZone : undefined;
    return {
      path,
      owner,
      options: { fromMs: readWindow.fromMs, toMs: readWindow.toMs, ownerEmail: owner, timeZone: rosterZone ?? config.defaults.timeZone, definitions: config.definitions },
    };
  });
  const sets = new CalendarSets(tasks, config, window);
  await readIcsFilesAsTables(tasks, undefined, (r, i) => sets.add(r, i));
  return sets.finish();
}

/** One file as read. */
interface FilePart {
  index: number;
  path: string;
  table: OccurrenceTable;
  /** The zone for an owner the roster does not list: the calendar's own, else the one most of its events use. */
  zone: string | null;
}

/**
 * Gathers files into people's calendar sets as they are read, in any order, then prepares each set
 * (occurrences sorted, repeats dropped, cut to the window, weeks measured). Everything comes out as
 * a read in task order would give it: sets in order of their first file, warnings and gaps in file
 * order. Sets are prepared once the reader threads are done: preparing them while files are still
 * being read was 0.2-0.4 s faster at 1,000 people x 52 weeks, but the occurrence objects and the
 * readers' heaps then peak together, above 1 GiB in some runs (under 900 MiB this way).
 */
export class CalendarSets {
  private readonly parts = new Map<string, FilePart[]>();
  private readonly ready: Array<{ first: number; set: AuditedCalendarSet }> = [];
  private readonly warnings: AuditWarning[][];
  private readonly gaps: Array<DataGap | undefined>;
  /** Weeks measured and meetings indexed for each set as it is prepared. */
  readonly prepared: AuditPreparation;

  constructor(
    private readonly tasks: Array<{ path: string; owner: string | null }>,
    private readonly config: AuditConfig,
    private readonly window: Window,
  ) {
    this.warnings = tasks.map(() => []);
    this.gaps = new Array(tasks.length);
    this.prepared = new AuditPreparation(config.definitions, window);
  }

  add(r: TableResult, index: number): void {
    const owner = ownerNamed(this.tasks[index]);
    if ('error' in r) {
      const { window } = this;
      this.gaps[index] = { calendarId: r.path, ownerEmail: this.tasks[index].owner, reason: r.error.message, fromMs: window.fromMs, toMs: window.toMs };
      return;
    }
    const cal = r.calendar;
    const warnings = this.warnings[index];
    warnings.push(...cal.warnings);
    let email = owner ?? cal.ownerEmail;
    if (!email) {
      email = basename(r.path).replace(/\.ics$/i, '').toLowerCase();
      warnings.push({
        code: 'unknown-owner',
        location: r.path,
        message: `cannot tell whose calendar this is; audited as "${email}" (pass --me EMAIL or list it under a person's calendars in --config)`,
      });
    }
    let parts = this.parts.get(email);
    if (!parts) this.parts.set(email, (parts = []));
    parts.push({ index, path: r.path, table: cal.table, zone: cal.timeZone ?? dominantZone(cal.table) });
  }

  finish(): { audited: AuditedCalendarSet[]; warnings: AuditWarning[]; gaps: DataGap[]; prepared: AuditPreparation } {
    for (const email of [...this.parts.keys()]) this.complete(email);
    return {
      audited: this.ready.sort((a, b) => a.first - b.first).map((r) => r.set),
      warnings: this.warnings.flat(),
      gaps: this.gaps.filter((g): g is DataGap => g !== undefined),
      prepared: this.prepared,
    };
  }

  private complete(email: string): void {
    const parts = this.parts.get(email)!.sort((a, b) => a.index - b.index);
    this.parts.delete(email);
    const { config, window } = this;
    const person = resolvePerson(config, email, parts[0].zone);
    const set: AuditedCalendarSet = { person, calendars: parts.map((p) => p.path), occurrences: [] };
    const out = set.occurrences;
    for (const { table } of parts) {
      const { templates } = table;
      for (let k = 0; k < table.template.length; k++) {
        const o = occurrenceFrom(templates[table.template[k]], table.startMs[k], table.endMs[k], table.recurrenceIdMs[k]);
        out.push(o.floating ? inZone(o, person.timeZone) : o);
      }
    }
    set.occurrences = dropRepeatedEvents(out.sort(compareOccurrences));
    if (window.localDates) {
      const own = { fromMs: wallToUtcMs(window.fromMs, person.timeZone), toMs: wallToUtcMs(window.toMs, person.timeZone) };
      set.window = own;
      // All-day occurrences hold wall dates: compare those with the dates themselves.
      set.occurrences = set.occurrences.filter((o) =>
        o.allDay ? o.startMs >= window.fromMs && o.startMs < window.toMs : o.startMs >= own.fromMs && o.startMs < own.toMs,
      );
    }
    this.prepared.add(set);
    this.ready.push({ first: parts[0].index, set });
  }
}

/** The owner a task names (the reader then gives its file that owner, lower-cased), or null when the file must tell. */
const ownerNamed = (task: { owner: string | null }): string | null => (task.owner ? task.owner.toLowerCase() : null);

/** The zone most of a calendar's events are written in, when the file does not say. */
function dominantZone(table: OccurrenceTable): string | null {
  const counts = new Map<string, number>();
  for (const k of table.template) {
    const zone = table.templates[k].timeZone;
    if (zone) counts.set(zone, (counts.get(zone) ?? 0) + 1);
  }
  let best: string | null = null;
  for (const [zone, n] of counts) if (!best || n > counts.get(best)!) best = zone;
  return best;
}

/** A floating occurrence happens at that wall time in its owner's zone. */
function inZone(o: Occurrence, timeZone: string): Occurrence {
  return { ...o, startMs: wallToUtcMs(o.startMs, timeZone), endMs: wallToUtcMs(o.endMs, timeZone), floating: false, timeZone };
}

/**
 * The text JSON.stringify(…, null, 2) gives a value one level deep (a member of the top object) or,
 * for an array, its items two levels deep without the brackets: cut from a one-member wrapper, so
 * that indentation and escaping are JSON.stringify's own.
 */
function nested(value: unknown, depth: 1 | 2): string {
  const text = JSON.stringify({ x: value }, null, 2);
  return depth === 1 ? text.slice('{\n  "x": '.length, -'\n}'.length) : text.slice('{\n  "x": [\n'.length, -'\n  ]\n}'.length);
}

/**
 * Text is written in pieces of about this many characters. Strings and buffers past 128 KB go to
 * V8's large-object space, which only a full collection frees: smaller pieces die young.
 */
const WRITE_CHUNK = 48 * 1024;

/**
 * `JSON.stringify(report, null, 2)`, written a few people, series entries or findings at a time:
 * the whole text of a large audit (100 MB at 1,000 people) is never held at once. Items are
 * stringified in runs of about WRITE_CHUNK characters (one call per item was a quarter slower).
 */
async function writeJson(io: CliIo, report: AuditReport): Promise<void> {
  const write = async (text: string) => {
    const ok = io.write(text);
    if (ok === false) await new Promise<void>((resolve) => process.stdout.once('drain', () => resolve()));
    else if (ok instanceof Promise) await ok;
  };
  // As JSON.stringify: members whose value has no JSON form are left out.
  const entries = Object.entries(report).filter(([, v]) => v !== undefined && typeof v !== 'function' && typeof v !== 'symbol');
  let text = '{';
  for (const [i, [key, value]] of entries.entries()) {
    text += `\n  ${JSON.stringify(key)}: `;
    if (Array.isArray(value) && value.length > 0) {
      text += '[\n';
      for (let k = 0, run = 1; k < value.length; ) {
        const end = Math.min(value.length, k + run);
        const items = nested(value.slice(k, end), 2);
        await write(k === 0 ? text : ',\n');
        // Written apart: joined to `text`, the items would be copied once more.
        await write(items);
        // As many items next time as would have made WRITE_CHUNK characters this time.
        run = Math.max(1, Math.floor((WRITE_CHUNK * (end - k)) / items.length));
        k = end;
      }
      text = '\n  ]';
    } else text += nested(value, 1);
    if (i < entries.length - 1) text += ',';
  }
  await write(text + (entries.length > 0 ? '\n}\n' : '}\n'));
}
