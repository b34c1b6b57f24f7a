import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import { dbFileOf, openStore } from '../store.js';

export function registerMigrate(program: Command, io: CliIo): void {
  program
    .command('migrate')
    .description('create or upgrade the SQLite database (serve also does this on start)')
    .option('--db <file>', 'SQLite database file (default: $MEETING_DIET_DB or ./meeting-diet.db)')
    .action(async (flags: { db?: string }) => {
      const file = dbFileOf(flags.db);
      const store = await openStore(file);
      await store.close();
      await io.write(`${file}: migrations applied\n`);
    });
}
