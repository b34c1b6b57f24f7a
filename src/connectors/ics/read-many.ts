import { writeFileSync } from 'node:fs';
import { stat, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { ConnectorError, type ConnectorErrorKind } from '../../model/errors.js';
import { tableToOccurrenceLines, type OccurrenceLines } from './contract.js';
import { occurrencesOf } from './occurrence-table.js';
import { readIcsFileTable, readIcsFileTableSync, type IcsCalendar, type IcsCalendarTable, type ReadIcsOptions } from './read-ics.js';
import { readerWorkerUrl } from './reader-bundle.js';
import { TableDecoder, TableEncoder, type EncodedCalendar } from './table-transfer.js';

export type FileResult = { path: string; calendar: IcsCalendar } | { path: string; error: ConnectorError };
export type TableResult = { path: string; calendar: IcsCalendarTable } | { path: string; error: ConnectorError };
export type LinesResult = { path: string; lines: OccurrenceLines } | { path: string; error: ConnectorError };
/** A file whose contract lines were written to its task's `outFile`: how many, and the file's warnings. */
export type WrittenResult = { path: string; written: { count: number; warnings: OccurrenceLines['warnings'] } } | { path: string; error: ConnectorError };
export type ReadTask = { path: string; options: ReadIcsOptions; outFile?: string };
type Shape = 'table' | 'lines' | 'file';
type AnyResult = TableResult | LinesResult | WrittenResult;

/** What a worker posts for one file. */
export type WorkerReply =
  | { id: number; table: EncodedCalendar }
  | { id: number; lines: OccurrenceLines }
  | { id: number; written: { count: number; warnings: OccurrenceLines['warnings'] } }
  | { id: number; error: { message: string; kind: ConnectorErrorKind } };

/** What a worker starts with: every task, and the shared counter all threads take the next file from. */
export interface WorkerInput {
  tasks: ReadTask[];
  shape: Shape;
  /** Int32Array over it: [0] is the index of the next task to take. */
  next: SharedArrayBuffer;
}

/** Below this much input, starting worker threads costs more than it saves. */
const PARALLEL_MIN_BYTES = 4 * 1024 * 1024;

/**
 * Reads many exports, in input order, on all cores when the input is large enough (files are
 * independent, so worker threads split them). A file that cannot be read is a result with an error.
 */
export async function readIcsFiles(tasks: ReadTask[], threads = availableParallelism()): Promise<FileResult[]> {
  const tables = await readIcsFilesAsTables(tasks, threads);
  return tables.map((r) => {
    if ('error' in r) return r;
    const { table, ...info } = r.calendar;
    return { path: r.path, calendar: { ...info, occurrences: occurrencesOf(table) } };
  });
}

/**
 * Like readIcsFiles, with each calendar's occurrences as a table (`occurrencesOf` makes them
 * occurrence objects). Tables read by worker threads come over as numbers (see TableEncoder): their
 * strings, attendees and agendas are shared between calendars, as the same meetings are.
 * With `onResult`, each result is handed over as soon as it is read (in any order, with its task's
 * index) and not kept: the caller can work on one file while the others are still being read.
 */
export function readIcsFilesAsTables(
  tasks: ReadTask[],
  threads = availableParallelism(),
  onResult?: (r: TableResult, index: number) => Promise<void> | void,
): Promise<TableResult[]> {
  return readMany(tasks, threads, 'table', onResult as Sink | undefined) as Promise<TableResult[]>;
}

/**
 * Like readIcsFiles, but each file comes back as its `occurrences` contract lines. With `onResult`,
 * each result is handed over as soon as it is read (in any order) and not kept, so memory stays flat.
 */
export function readIcsFilesAsLines(
  tasks: ReadTask[],
  threads = availableParallelism(),
  onResult?: (r: LinesResult, index: number) => Promise<void> | void,
): Promise<LinesResult[]> {
  return readMany(tasks, threads, 'lines', onResult as Sink | undefined) as Promise<LinesResult[]>;
}

/** Takes each result as soon as it is read (in any order), with the index of its task. */
/**
 * Like readIcsFilesAsLines, but each file's lines are written (one per line) to its task's
 * `outFile` by the thread that read it, so the lines never travel between threads.
 */
export function writeIcsFilesAsLines(
  tasks: (ReadTask & { outFile: string })[],
  threads = availableParallelism(),
  onResult?: (r: WrittenResult, index: number) => Promise<void> | void,
): Promise<WrittenResult[]> {
  return readMany(tasks, threads, 'file', onResult as Sink | undefined) as Promise<WrittenResult[]>;
}

type Sink = (r: AnyResult, index: number) => Promise<void> | void;

async function readMany(tasks: ReadTask[], threads: number, shape: Shape, onResult?: Sink): Promise<AnyResult[]> {
  const sizes = await Promise.all(tasks.map((t) => stat(t.path).then((s) => s.size, () => 0)));
  const bytes = sizes.reduce((a, b) => a + b, 0);
  const workers = Math.min(threads, tasks.length);
  if (workers < 2 || bytes < PARALLEL_MIN_BYTES) {
    const out: AnyResult[] = [];
    for (const [i, t] of tasks.entries()) {
      const r = await readOne(t, shape);
      if (onResult) await onResult(r, i);
      else out.push(r);
    }
    return out;
  }
  return readInWorkers(await readerWorkerUrl(), tasks, workers, shape, onResult);
}

/** How a file is read and an output written: the main thread must not block, a reader thread should. */
interface FileIo {
  read(path: string, options: ReadIcsOptions): Promise<IcsCalendarTable> | IcsCalendarTable;
  write(file: string, text: string): Promise<void> | void;
}

const ASYNC_IO: FileIo = { read: readIcsFileTable, write: (file, text) => writeFile(file, text) };

/**
 * A reader thread has nothing else to do while a file is read or written: blocking calls keep it
 * busy, where waiting on the process's shared libuv pool left it idle a fifth of the time.
 */
const BLOCKING_IO: FileIo = { read: readIcsFileTableSync, write: (file, text) => writeFileSync(file, text) };

/** Reads one file into the requested shape; a ConnectorError becomes an error result. */
export async function readOne(task: ReadTask, shape: Shape, options?: Partial<ReadIcsOptions>, io = ASYNC_IO): Promise<AnyResult> {
  const { path } = task;
  // Contract lines hold no people or agenda: skip reading them (they are most of the work).
  const own = shape === 'table' ? options : { ...options, contractOnly: true };
  try {
    const calendar = await io.read(path, own ? { ...task.options, ...own } : task.options);
    if (shape === 'table') return { path, calendar };
    const lines = tableToOccurrenceLines(calendar);
    if (shape === 'lines') return { path, lines };
    await writeLinesTo(io, task.outFile!, lines.lines);
    return { path, written: { count: lines.lines.length, warnings: lines.warnings } };
  } catch (e) {
    if (e instanceof ConnectorError) return { path, error: e };
    throw e;
  }
}

async function writeLinesTo(io: FileIo, file: string, lines: string[]): Promise<void> {
  try {
    await io.write(file, lines.length ? `${lines.join('\n')}\n` : '');
  } catch (e) {
    throw new ConnectorError('ics', 'write', `${file}: cannot write the output (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

/**
 * Worker threads read the files, each taking the next one from a shared counter, so no thread
 * waits for another to hand it work. The main thread only takes the results (decodes tables,
 * writes lines): reading there too was slower, as results then wait for a file to be read, and
 * its heap would keep the readers' caches and garbage into the audit (measured at 1,000 x 52:
 * `occurrences --out` 6.6 s and 700 MiB with the main thread reading, 5.3-6.0 s and 320-350 MiB without).
 */
function readInWorkers(entry: URL, tasks: ReadTask[], count: number, shape: Shape, onResult?: Sink): Promise<AnyResult[]> {
  const results: AnyResult[] = onResult ? [] : new Array(tasks.length);
  let sinking: Promise<void> = Promise.resolve();
  const store = (id: number, r: AnyResult) => {
    if (!onResult) results[id] = r;
    else sinking = sinking.then(() => onResult(r, id));
  };
  const next = new SharedArrayBuffer(4);
  const decoder = new TableDecoder();
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
    const input: WorkerInput = { tasks, shape, next };
    for (let i = 0; i < count; i++) {
      const w = new Worker(entry, { workerData: input });
      pool.push(w);
      w.on('message', (m: WorkerReply) => {
        const path = tasks[m.id].path;
        try {
          if ('error' in m) store(m.id, { path, error: new ConnectorError('ics', m.error.kind, m.error.message) });
          else if ('lines' in m) store(m.id, { path, lines: m.lines });
          else if ('written' in m) store(m.id, { path, written: m.written });
          else store(m.id, { path, calendar: decoder.decode(w, m.table) });
        } catch (e) {
          finish(e as Error);
          return;
        }
        complete();
      });
      w.on('error', (e) => finish(e));
      w.on('exit', (code) => {
        if (code !== 0) finish(new Error(`a reader thread stopped (exit code ${code})`));
      });
    }
  });
}

/** The loop a worker thread runs (read-worker.ts). */
export async function runWorker(input: WorkerInput, post: (reply: WorkerReply, transfer: ArrayBuffer[]) => void): Promise<void> {
  const { tasks, shape } = input;
  const counter = new Int32Array(input.next);
  const encoder = new TableEncoder();
  for (let id = Atomics.add(counter, 0, 1); id < tasks.length; id = Atomics.add(counter, 0, 1)) {
    let r: AnyResult | { path: string; error: { message: string; kind: ConnectorErrorKind } };
    try {
      // The encoder copies what it sends: no need to copy the strings out of the file's text first.
      r = await readOne(tasks[id], shape, { detach: false }, BLOCKING_IO);
    } catch (e) {
      // Not a ConnectorError (a bug): still this file's failure, reported with the file.
      r = { path: tasks[id].path, error: { message: (e as Error).message, kind: (e as { kind?: ConnectorErrorKind }).kind ?? 'parse' } };
    }
    if ('error' in r) post({ id, error: { message: r.error.message, kind: r.error.kind } }, []);
    else if ('lines' in r) post({ id, lines: r.lines }, []);
    else if ('written' in r) post({ id, written: r.written }, []);
    else {
      const table = encoder.encode(r.calendar);
      post({ id, table }, encodedTransferListOf(table));
    }
  }
}

/** The buffers an encoded calendar moves (rather than copies) to the receiving thread. */
function encodedTransferListOf(e: EncodedCalendar): ArrayBuffer[] {
  return [e.attendees, e.lists, e.agendas, e.recurrences, e.templates, e.template, e.startMs, e.endMs, e.recurrenceIdMs].map(
    (a) => a.buffer as ArrayBuffer,
  );
}
