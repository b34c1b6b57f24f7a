/**
 * The Node side of the service: the embedded SQLite store, the .ics reader and the roster parser,
 * wired into the Hono app. The only place (with the CLI) that knows it runs on Node.
 */
import { Worker } from 'node:worker_threads';
import type { AnalysisRunner } from '../analysis/refresh.js';
import { createApp } from '../api/app.js';
import { parseConfig, type AuditConfig } from '../config/roster.js';
import { readIcsBytes } from '../connectors/ics/read-ics.js';
import type { Roster, Store } from '../storage/store.js';
import type { AnalysisReply, AnalysisRequest } from './analysis-worker.js';

export function rosterOfConfig(config: AuditConfig): Roster {
  return {
    people: config.people,
    teams: config.teams,
    settings: { defaults: config.defaults, definitions: config.definitions, rules: config.rules, minGroupSize: config.minGroupSize },
  };
}

export function createNodeApp(store: Store, options: { now?: () => number; maxUploadBytes?: number } = {}) {
  return createApp({
    store,
    parseRoster: (text, name) => rosterOfConfig(parseConfig(text, name)),
    readIcs: (bytes, name, readOptions) => readIcsBytes(bytes, name, readOptions),
    ...options,
  });
}

/**
 * Runs analyses in one long-lived worker thread on its own connection to `file`. `close` ends it.
 * Only for database files: an in-memory database is not shared between connections.
 */
export function createWorkerAnalysisRunner(file: string): { runner: AnalysisRunner; close: () => Promise<void> } {
  let worker: Worker | null = null;
  let nextId = 1;
  const pending = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  const failAll = (error: Error) => {
    for (const p of pending.values()) p.reject(error);
    pending.clear();
    worker = null;
  };
  const start = (): Worker => {
    const w = new Worker(new URL('./analysis-worker-entry.js', import.meta.url), { workerData: { file } });
    w.on('message', (reply: AnalysisReply) => {
      const p = pending.get(reply.id);
      pending.delete(reply.id);
      if (reply.ok) p?.resolve();
      else p?.reject(new Error(`analysis failed in the worker: ${reply.message}`));
    });
    w.on('error', (error) => failAll(error));
    w.on('exit', (code) => failAll(new Error(`the analysis worker exited (${code})`)));
    return w;
  };
  return {
    runner: (dataVersion, nowMs) =>
      new Promise<void>((resolve, reject) => {
        worker ??= start();
        const id = nextId++;
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, dataVersion, nowMs } satisfies AnalysisRequest);
      }),
    close: async () => {
      const w = worker;
      worker = null;
      if (w) {
        w.removeAllListeners('exit');
        await w.terminate();
      }
    },
  };
}
