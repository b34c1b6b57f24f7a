import { Command, CommanderError } from 'commander';
import { AuditorError } from '../model/errors.js';
import { registerAudit } from './commands/audit.js';
import { registerConnect } from './commands/connect.js';
import { registerMigrate } from './commands/migrate.js';
import { registerOccurrences } from './commands/occurrences.js';
import { registerServe } from './commands/serve.js';
import { registerSync } from './commands/sync.js';
import { registerToken } from './commands/token.js';
import { createProcessIo, type CliIo } from './io.js';

export function createProgram(io: CliIo): Command {
  const program = new Command('meeting-diet')
    .description('Calendar meeting-diet auditor: meeting load, focus time, timezone tax and agenda hygiene')
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (s) => void io.write(s), writeErr: (s) => io.error(s.replace(/\n$/, '')) });
  registerAudit(program, io);
  registerOccurrences(program, io);
  registerServe(program, io);
  registerMigrate(program, io);
  registerToken(program, io);
  registerSync(program, io);
  registerConnect(program, io);
  return program;
}

export async function runCli(argv: string[], io: CliIo): Promise<void> {
  try {
    await createProgram(io).parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.exitCode !== 0) io.setExitCode(2);
      return;
    }
    if (e instanceof AuditorError) {
      io.error(`error: ${e.message}`);
      io.setExitCode(e.code === 'invalid-input' ? 2 : 1);
      return;
    }
    throw e;
  }
}

process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0); // `| head` closed the pipe: not an error
  throw e;
});

await runCli(process.argv.slice(2), createProcessIo());
