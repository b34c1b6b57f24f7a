import { serve } from '@hono/node-server';
import type { Command } from 'commander';
import { ensureAnalysis, useAnalysisRunner } from '../../analysis/refresh.js';
import { DEFAULT_MAX_UPLOAD_BYTES } from '../../api/app.js';
import { loadDemo } from '../../demo/load-demo.js';
import { InputError } from '../../model/errors.js';
import { createNodeApp, createWorkerAnalysisRunner } from '../../runtime/node.js';
import type { CliIo } from '../io.js';
import { dbFileOf, openStore } from '../store.js';
import { createToken } from './token.js';

interface ServeFlags {
  db?: string;
  port: string;
  host: string;
  demo: boolean;
}

export function registerServe(program: Command, io: CliIo): void {
  program
    .command('serve')
    .description('serve the API on the embedded SQLite database (an empty database gets the demo organisation)')
    .option('--db <file>', 'SQLite database file (default: $MEETING_DIET_DB or ./meeting-diet.db)')
    .option('--port <port>', 'port to listen on', process.env.PORT ?? '8787')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--no-demo', 'do not load the demo organisation into an empty database')
    .action(async (flags: ServeFlags) => {
      const port = Number(flags.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InputError(`--port "${flags.port}" is not a port number`);
      const maxUploadBytes = Number(process.env.MEETING_DIET_MAX_UPLOAD_BYTES ?? DEFAULT_MAX_UPLOAD_BYTES);
      if (!Number.isInteger(maxUploadBytes) || maxUploadBytes <= 0) {
        throw new InputError(`MEETING_DIET_MAX_UPLOAD_BYTES "${process.env.MEETING_DIET_MAX_UPLOAD_BYTES}" is not a positive number of bytes`);
      }
      const file = dbFileOf(flags.db);
      const store = await openStore(file);
      // Re-analysis after a write takes seconds at a thousand people: a worker keeps requests flowing meanwhile.
      const analysis = file === ':memory:' ? null : createWorkerAnalysisRunner(file);
      if (analysis) useAnalysisRunner(store, analysis.runner);
      const base = `http://${flags.host === '0.0.0.0' ? '127.0.0.1' : flags.host}:${port}`;
      if (flags.demo && (await store.isEmpty())) {
        io.error(`${file} is empty: loading the demo organisation...`);
        const demo = await loadDemo(store, io.now());
        const admin = await createToken(store, { role: 'admin', label: 'demo admin' }, io.now());
        io.error(
          `demo: ${demo.people} people in ${demo.teams} teams, ${demo.weeks} weeks (${demo.from} .. ${demo.to}), ` +
            `${demo.occurrences} occurrences, ${demo.baselines} baselines frozen`,
        );
        io.error(`demo admin token (shown only this once; create more with \`meeting-diet token create\`):`);
        io.error(`  export TOKEN=${admin.token}`);
        io.error(`  curl -H "Authorization: Bearer $TOKEN" "${base}/v1/reports/weekly?team=t1"`);
      } else {
        await ensureAnalysis(store, io.now());
      }
      const server = serve({ fetch: createNodeApp(store, { maxUploadBytes }).fetch, port, hostname: flags.host }, (info) => {
        io.error(`meeting-diet API on ${base.replace(`:${port}`, `:${info.port}`)} (docs: /docs, OpenAPI: /openapi.json), database ${file}`);
      });
      await new Promise<void>((resolve) => {
        const stop = () => {
          server.close(() => resolve());
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await analysis?.close();
      await store.close();
    });
}
