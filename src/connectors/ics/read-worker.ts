import { parentPort } from 'node:worker_threads';
import { toOccurrenceLines } from './contract.js';
import { readIcsFile, type ReadIcsOptions } from './read-ics.js';

/**
 * Reads the files it is sent, one at a time, and posts each result back: the whole calendar, or
 * only its contract lines (far cheaper to copy between threads than occurrence objects).
 */
parentPort!.on('message', async (task: { id: number; path: string; options: ReadIcsOptions; shape: 'calendar' | 'lines' }) => {
  try {
    const calendar = await readIcsFile(task.path, task.options);
    if (task.shape === 'lines') parentPort!.postMessage({ id: task.id, lines: toOccurrenceLines(calendar) });
    else parentPort!.postMessage({ id: task.id, calendar });
  } catch (e) {
    parentPort!.postMessage({ id: task.id, error: { message: (e as Error).message, kind: (e as { kind?: string }).kind ?? 'parse' } });
  }
});
