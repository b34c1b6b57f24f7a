import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { ConnectorError, type ConnectorErrorKind } from '../../model/errors.js';
import { readIcsFile, type IcsCalendar, type ReadIcsOptions } from './read-ics.js';

export type FileResult = { path: string; calendar: IcsCalendar } | { path: string; error: ConnectorError };

/** Below this much input, starting worker threads costs more than it saves. */
const PARALLEL_MIN_BYTES = 4 * 1024 * 1024;

/**
 * Reads many exports, in input order, on all cores when the input is large enough (files are
 * independent, so worker threads split them). A file that cannot be read is a result with an error.
 */
export async function readIcsFiles(tasks: { path: string; options: ReadIcsOptions }[], threads = availableParallelism()): Promise<FileResult[]> {
  let bytes = 0;
  for (const t of tasks) bytes += await stat(t.path).then((s) => s.size, () => 0);
  const workers = Math.min(threads, tasks.length);
  if (workers < 2 || bytes < PARALLEL_MIN_BYTES) {
    const out: FileResult[] = [];
    for (const t of tasks) out.push(await readOne(t.path, t.options));
    return out;
  }
  return readInWorkers(tasks, workers);
}

async function readOne(path: string, options: ReadIcsOptions): Promise<FileResult> {
  try {
    return { path, calendar: await readIcsFile(path, options) };
  } catch (e) {
    if (e instanceof ConnectorError) return { path, error: e };
    throw e;
  }
}

function readInWorkers(tasks: { path: string; options: ReadIcsOptions }[], count: number): Promise<FileResult[]> {
  const results: FileResult[] = new Array(tasks.length);
  let next = 0;
  let done = 0;
  return new Promise((resolve, reject) => {
    const pool: Worker[] = [];
    const finish = (err?: Error) => {
      for (const w of pool) void w.terminate();
      if (err) reject(err);
      else resolve(results);
    };
    const feed = (w: Worker) => {
      if (next < tasks.length) {
        const id = next++;
        w.postMessage({ id, path: tasks[id].path, options: tasks[id].options });
      }
    };
    for (let i = 0; i < count; i++) {
      const w = new Worker(new URL('./read-worker-entry.js', import.meta.url));
      pool.push(w);
      w.on('message', (m: { id: number; calendar?: IcsCalendar; error?: { message: string; kind: ConnectorErrorKind } }) => {
        const path = tasks[m.id].path;
        results[m.id] = m.calendar ? { path, calendar: m.calendar } : { path, error: new ConnectorError('ics', m.error!.kind, m.error!.message) };
        if (++done === tasks.length) finish();
        else feed(w);
      });
      w.on('error', (e) => finish(e));
      feed(w);
    }
  });
}
