import { mkdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Command } from 'commander';
import type { OccurrenceLines } from '../../connectors/ics/contract.js';
import { readIcsFilesAsLines, writeIcsFilesAsLines } from '../../connectors/ics/read-many.js';
import { compareOccurrenceKeys, listIcsFiles } from '../../connectors/ics/read-ics.js';
import { InputError } from '../../model/errors.js';
import { isValidTimeZone } from '../../model/time.js';
import { resolveWindow } from '../window.js';
import { reportWarnings, writeLines, type CliIo } from '../io.js';

interface OccurrencesFlags {
  from?: string;
  to?: string;
  out?: string;
  timeZone?: string;
  verbose?: boolean;
}

export function registerOccurrences(program: Command, io: CliIo): void {
  program
    .command('occurrences')
    .description('Print every occurrence starting in [--from, --to) as JSON lines, sorted by start')
    .argument('<paths...>', '.ics files or folders (searched recursively)')
    .option('--from <instant>', 'window start, e.g. 2024-01-01T00:00:00Z (default: 4 weeks before this week)')
    .option('--to <instant>', 'window end, exclusive (default: Monday of this week, 00:00 UTC)')
    .option('--out <dir>', 'write one <input-file-name>.jsonl per input file into this folder instead of printing')
    .option('--time-zone <iana>', 'read floating times in this zone when a file has no X-WR-TIMEZONE (default: print them as local times)')
    .option('--verbose', 'print every warning, not just the first 20')
    .addHelpText(
      'after',
      `
Each line: {"uid","start","end","all_day","summary","status"}
  timed:    "2024-03-10T09:30:00Z" (UTC)   floating: "2024-03-10T09:30:00"   all-day: "2024-03-10" (end exclusive)
  status:   CONFIRMED | TENTATIVE | CANCELLED (cancelled instances are printed, so you can see what an audit excludes)`,
    )
    .action(async (paths: string[], flags: OccurrencesFlags) => {
      const window = resolveWindow(flags.from, flags.to, io.now());
      if (flags.timeZone && !isValidTimeZone(flags.timeZone)) throw new InputError(`--time-zone "${flags.timeZone}" is not an IANA time zone`);
      const files = await listIcsFiles(paths);
      const options = { fromMs: window.fromMs, toMs: window.toMs, timeZone: flags.timeZone ?? null };
      const out = flags.out;
      let failed = 0;
      const failure = (r: { error: Error }) => {
        failed++;
        io.error(`error: ${r.error.message}`);
      };
      // Files arrive in any order: warnings and lines are put back in input order, the same every run.
      const inputOrder = (a: { index: number }, b: { index: number }) => a.index - b.index;
      if (out) {
        const outFiles = outputFilesIn(out, files);
        await mkdir(out, { recursive: true });
        const warned: { index: number; warnings: OccurrenceLines['warnings'] }[] = [];
        // Each file's lines are written by the thread that read it, so memory stays flat.
        await writeIcsFilesAsLines(files.map((path, i) => ({ path, options, outFile: outFiles[i] })), undefined, (r, index) => {
          if ('error' in r) failure(r);
          else warned.push({ index, warnings: r.written.warnings });
        });
        reportWarnings(io, warned.sort(inputOrder).flatMap((c) => c.warnings), flags.verbose ?? false);
      } else {
        const kept: { index: number; lines: OccurrenceLines }[] = [];
        await readIcsFilesAsLines(files.map((path) => ({ path, options })), undefined, (r, index) => {
          if ('error' in r) failure(r);
          else kept.push({ index, lines: r.lines });
        });
        const read = kept.sort(inputOrder).map((k) => k.lines);
        reportWarnings(io, read.flatMap((c) => c.warnings), flags.verbose ?? false);
        await writeLines(io, mergeSorted(read), (line) => line);
      }
      if (failed > 0) io.setExitCode(1);
    });
}

/** `<input-file-name>.jsonl` in `dir` for each file; two inputs of the same name would overwrite each other's output. */
function outputFilesIn(dir: string, files: string[]): string[] {
  const byName = new Map<string, string>();
  return files.map((f) => {
    const name = `${basename(f)}.jsonl`;
    const other = byName.get(name);
    if (other !== undefined) throw new InputError(`--out: ${other} and ${f} would both be written to ${join(dir, name)}; give files with different names`);
    byName.set(name, f);
    return join(dir, name);
  });
}

/** All files' lines in one order: start, then uid, then end (each file is already sorted so). */
function mergeSorted(files: OccurrenceLines[]): string[] {
  if (files.length === 1) return files[0].lines;
  const refs: [OccurrenceLines, number][] = [];
  for (const f of files) for (let i = 0; i < f.lines.length; i++) refs.push([f, i]);
  refs.sort(([a, i], [b, k]) => compareOccurrenceKeys(a.startMs[i], a.uid[i], a.endMs[i], b.startMs[k], b.uid[k], b.endMs[k]));
  return refs.map(([f, i]) => f.lines[i]);
}
