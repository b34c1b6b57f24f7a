import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureAnalysis, useAnalysisRunner } from '../../src/analysis/refresh.js';
import { loadDemo } from '../../src/demo/load-demo.js';
import { createWorkerAnalysisRunner } from '../../src/runtime/node.js';
import { createSqliteStore } from '../../src/storage/node.js';
import type { Store } from '../../src/storage/store.js';

const NOW = Date.parse('2025-03-03T08:00:00Z');

async function fileStore(file: string): Promise<Store> {
  const store = createSqliteStore({ file });
  await store.migrate();
  return store;
}

describe('runtime: analysis in a worker thread', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'meeting-diet-analysis-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('stores the same analysis as the in-process run, on its own connection', async () => {
    const inProcess = await fileStore(join(dir, 'a.db'));
    await loadDemo(inProcess, NOW, { people: 16, weeks: 3 });

    const viaWorker = await fileStore(join(dir, 'b.db'));
    const worker = createWorkerAnalysisRunner(join(dir, 'b.db'));
    useAnalysisRunner(viaWorker, worker.runner);
    try {
      await loadDemo(viaWorker, NOW, { people: 16, weeks: 3 });
      expect(await viaWorker.getAnalysisVersion()).toBe(await viaWorker.getDataVersion());
      expect(await viaWorker.listPersonWeeks()).toEqual(await inProcess.listPersonWeeks());
      expect(await viaWorker.listFindings()).toEqual(await inProcess.listFindings());
      expect(await viaWorker.listSeries()).toEqual(await inProcess.listSeries());

      // A later write is picked up by the next run.
      const someone = (await viaWorker.getRoster()).people[0];
      await viaWorker.upsertPerson({ ...someone, timeZone: 'Asia/Tokyo', region: 'APAC' });
      await ensureAnalysis(viaWorker, NOW);
      expect(await viaWorker.getAnalysisVersion()).toBe(await viaWorker.getDataVersion());
      expect(await viaWorker.listPersonWeeks({ people: [someone.email] })).not.toEqual(await inProcess.listPersonWeeks({ people: [someone.email] }));
    } finally {
      await worker.close();
      await viaWorker.close();
      await inProcess.close();
    }
  });
});
