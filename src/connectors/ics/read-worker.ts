import { parentPort, workerData } from 'node:worker_threads';
import { runWorker, type WorkerInput } from './read-many.js';

/** A reader thread: takes files from the shared counter until none is left (see runWorker). */
await runWorker(workerData as WorkerInput, (reply, transfer) => parentPort!.postMessage(reply, transfer));
