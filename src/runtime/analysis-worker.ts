/**
 * A worker thread that recomputes the stored analysis on its own SQLite connection (WAL lets it read
 * and write next to the server's), so a full re-analysis never blocks the server's event loop.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { refreshAnalysis } from '../analysis/refresh.js';
import { createSqliteStore } from '../storage/node.js';

export interface AnalysisRequest {
  id: number;
  dataVersion: number;
  nowMs: number;
}

export type AnalysisReply = { id: number; ok: true } | { id: number; ok: false; message: string };

const store = createSqliteStore({ file: (workerData as { file: string }).file });

parentPort!.on('message', async (request: AnalysisRequest) => {
  let reply: AnalysisReply;
  try {
    await refreshAnalysis(store, request.dataVersion, request.nowMs);
    reply = { id: request.id, ok: true };
  } catch (error) {
    reply = { id: request.id, ok: false, message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  parentPort!.postMessage(reply);
});
