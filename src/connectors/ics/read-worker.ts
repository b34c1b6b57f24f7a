import { parentPort } from 'node:worker_threads';
import { readIcsFile, type ReadIcsOptions } from './read-ics.js';

/** Reads the files it is sent, one at a time, and posts each calendar (or the error) back. */
parentPort!.on('message', async (task: { id: number; path: string; options: ReadIcsOptions }) => {
  try {
    const calendar = await readIcsFile(task.path, task.options);
    parentPort!.postMessage({ id: task.id, calendar });
  } catch (e) {
    parentPort!.postMessage({ id: task.id, error: { message: (e as Error).message, kind: (e as { kind?: string }).kind ?? 'parse' } });
  }
});
