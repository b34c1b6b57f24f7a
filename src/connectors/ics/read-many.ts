import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { ConnectorError, type ConnectorErrorKind } from '../../model/errors.js';
import { toOccurrenceLines, type OccurrenceLines } from './contract.js';
import { readIcsFile, type IcsCalendar, type ReadIcsOptions } from './read-ics.js';

export type FileResult = { path: string; calendar: IcsCalendar } | { path: string; error: ConnectorError };
export type LinesResult = { path: string; lines: OccurrenceLines } | { path: string; error: ConnectorError };
type Shape = 'calendar' | 'lines';
type Task = { path: string; options: ReadIcsOptions };

/** Below this much input, starting worker threads costs more than it saves. */
const PARALLEL_MIN_BYTES = 4 * 1024 * 1024;

/**
 * Reads many exports, in input order, on all cores when the input is large enough (files are
 * independent, so worker threads split them). A file that cannot be read is a result with an error.
 */
export function readIcsFiles(tasks: Task[], threads = availableParallelism()): Promise<FileResult[]> {
  return readMany(tasks, threads, 'calendar') as Promise<FileResult[]>;
}

/**
 * Like readIcsFiles, but each file comes back as its `occurrences` contract lines. With `onResult`,
 * each result is handed over as soon as it is read (in any order) and not kept, so memory stays flat.
 */
export function readIcsFilesAsLines(
  tasks: Task[],
  threads = availableParallelism(),
  onResult?: (r: LinesResult) => Promise<void> | void,
): Promise<LinesResult[]> {
  return readMany(tasks, threads, 'lines', onResult as Sink | undefined) as Promise<LinesResult[]>;
}

type Sink = (r: FileResult | LinesResult) => Promise<void> | void;

async function readMany(tasks: Task[], threads: number, shape: Shape, onResult?: Sink): Promise<(FileResult | LinesResult)[]> {
  let bytes = 0;
  for (const t of tasks) bytes += await stat(t.path).then((s) => s.size, () => 0);
  const workers = Math.min(threads, tasks.length);
  if (workers < 2 || bytes < PARALLEL_MIN_BYTES) {
    const out: (FileResult | LinesResult)[] = [];
    for (const t of tasks) {
      const r = await readOne(t.path, t.options);
      const shaped = 'error' in r || shape === 'calendar' ? r : { path: r.path, lines: toOccurrenceLines(r.calendar) };
      if (onResult) await onResult(shaped);
      else out.push(shaped);
    }
    return out;
  }
  return readInWorkers(tasks, workers, shape, onResult);
}

async function readOne(path: string, options: ReadIcsOptions): Promise<FileResult> {
  try {
    return { path, calendar: await readIcsFile(path, options) };
  } catch (e) {
    if (e instanceof ConnectorError) return { path, error: e };
    throw e;
  }
}

/**
 * The main thread reads files too (it is otherwise idle and already warm), next to count - 1
 * worker threads; all take the next file from one queue.
 */
function readInWorkers(tasks: Task[], count: number, shape: Shape, onResult?: Sink): Promise<(FileResult | LinesResult)[]> {
  const results: (FileResult | LinesResult)[] = onResult ? [] : new Array(tasks.length);
  let sinking: Promise<void> = Promise.resolve();
  const store = (id: number, r: FileResult | LinesResult) => {
    if (!onResult) results[id] = r;
    else sinking = sinking.then(() => onResult(r));
  };
  let next = 0;
  let done = 0;
  return new Promise((resolve, reject) => {
    const pool: Worker[] = [];
    let settled = false;
    const finish = (err?: Error) => {
      if (settled) return;
      settled = true;
      for (const w of pool) void w.terminate();
      if (err) reject(err);
      else resolve(results);
    };
    const complete = () => {
      if (++done === tasks.length) sinking.then(() => finish(), (e: Error) => finish(e));
    };
    const feed = (w: Worker) => {
      if (next < tasks.length) {
        const id = next++;
        w.postMessage({ id, path: tasks[id].path, options: tasks[id].options, shape });
      }
    };
    for (let i = 0; i < count - 1; i++) {
      const w = new Worker(new URL('./read-worker-entry.js', import.meta.url));
      pool.push(w);
      w.on('message', (m: { id: number; calendar?: IcsCalendar; lines?: OccurrenceLines; error?: { message: string; kind: ConnectorErrorKind } }) => {
        const path = tasks[m.id].path;
        if (m.error) store(m.id, { path, error: new ConnectorError('ics', m.error.kind, m.error.message) });
        else store(m.id, m.lines ? { path, lines: m.lines } : { path, calendar: m.calendar! });
        complete();
        feed(w);
      });
      w.on('error', (e) => finish(e));
      feed(w);
    }
    void (async () => {
      while (next < tasks.length && !settled) {
        const id = next++;
        const r = await readOne(tasks[id].path, tasks[id].options);
        store(id, 'error' in r || shape === 'calendar' ? r : { path: r.path, lines: toOccurrenceLines(r.calendar) });
        complete();
      }
    })().catch((e: Error) => finish(e));
  });
}
