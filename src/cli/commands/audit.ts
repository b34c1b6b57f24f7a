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
import { buildAuditReport, type AuditedCalendarSet } from '../../reports/build-audit.js';
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
      const { audited, warnings, gaps } = await readCalendars(paths, flags.me?.toLowerCase() ?? null, config, window);
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
): Promise<{ audited: AuditedCalendarSet[]; warnings: AuditWarning[]; gaps: DataGap[] }> {
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
  const byPerson = new Map<string, AuditedCalendarSet>();
  const warnings: AuditWarning[] = [];
  const gaps: DataGap[] = [];
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
  const results: (TableResult | undefined)[] = await readIcsFilesAsTables(tasks);
  for (let i = 0; i < results.length; i++) {
    const r = results[i]!;
    results[i] = undefined; // each table can go once its occurrences are made
    const file = r.path;
    if ('error' in r) {
      gaps.push({ calendarId: file, ownerEmail: tasks[i].owner, reason: r.error.message, fromMs: window.fromMs, toMs: window.toMs });
      continue;
    }
    const cal = r.calendar;
    warnings.push(...cal.warnings);
    let email = cal.ownerEmail;
    if (!email) {
      email = basename(file).replace(/\.ics$/i, '').toLowerCase();
      warnings.push({
        code: 'unknown-owner',
        location: file,
        message: `cannot tell whose calendar this is; audited as "${email}" (pass --me EMAIL or list it under a person's calendars in --config)`,
      });
    }
    const { table } = cal;
    const person = resolvePerson(config, email, cal.timeZone ?? dominantZone(table));
    let set = byPerson.get(email);
    if (!set) byPerson.set(email, (set = { person, calendars: [], occurrences: [] }));
    set.calendars.push(file);
    const { templates } = table;
    const out = set.occurrences;
    for (let k = 0; k < table.template.length; k++) {
      const o = occurrenceFrom(templates[table.template[k]], table.startMs[k], table.endMs[k], table.recurrenceIdMs[k]);
      out.push(o.floating ? inZone(o, person.timeZone) : o);
    }
  }
  for (const set of byPerson.values()) {
    set.occurrences = dropRepeatedEvents(set.occurrences.sort(compareOccurrences));
    if (window.localDates) {
      const own = { fromMs: wallToUtcMs(window.fromMs, set.person.timeZone), toMs: wallToUtcMs(window.toMs, set.person.timeZone) };
      set.window = own;
      // All-day occurrences hold wall dates: compare those with the dates themselves.
      set.occurrences = set.occurrences.filter((o) =>
        o.allDay ? o.startMs >= window.fromMs && o.startMs < window.toMs : o.startMs >= own.fromMs && o.startMs < own.toMs,
      );
    }
  }
  return { audited: [...byPerson.values()], warnings, gaps };
}

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
 * `JSON.stringify(report, null, 2)`, written a person, series entry or finding at a time: the
 * whole text of a large audit (100 MB at 1,000 people) is never held at once.
 */
async function writeJson(io: CliIo, report: AuditReport): Promise<void> {
  let buffer = '';
  const flush = async (force: boolean) => {
    if (!force && buffer.length < WRITE_CHUNK) return;
    const ok = io.write(buffer);
    buffer = '';
    if (ok === false) await new Promise<void>((resolve) => process.stdout.once('drain', () => resolve()));
    else if (ok instanceof Promise) await ok;
  };
  // As JSON.stringify: members whose value has no JSON form are left out.
  const entries = Object.entries(report).filter(([, v]) => v !== undefined && typeof v !== 'function' && typeof v !== 'symbol');
  buffer += '{';
  for (const [i, [key, value]] of entries.entries()) {
    buffer += `\n  ${JSON.stringify(key)}: `;
    if (Array.isArray(value) && value.length > 0) {
      for (let k = 0; k < value.length; k++) {
        buffer += k === 0 ? '[\n' : ',\n';
        buffer += nested([value[k]], 2);
        await flush(false);
      }
      buffer += '\n  ]';
    } else buffer += nested(value, 1);
    if (i < entries.length - 1) buffer += ',';
  }
  buffer += entries.length > 0 ? '\n}\n' : '}\n';
  await flush(true);
}
