import { Command, CommanderError } from 'commander';
import { AuditorError } from '../model/errors.js';
import { createProcessIo, type CliIo } from './io.js';

type Register = (program: Command, io: CliIo) => void;

/**
 * Commands by name, loaded on demand: the server's and the connectors' modules take about half a
 * second to load, which `audit` and `occurrences` should not pay for.
 */
const COMMANDS: Record<string, () => Promise<Register>> = {
  audit: async () => (await import('./commands/audit.js')).registerAudit,
  occurrences: async () => (await import('./commands/occurrences.js')).registerOccurrences,
  serve: async () => (await import('./commands/serve.js')).registerServe,
  migrate: async () => (await import('./commands/migrate.js')).registerMigrate,
  token: async () => (await import('./commands/token.js')).registerToken,
  sync: async () => (await import('./commands/sync.js')).registerSync,
  connect: async () => (await import('./commands/connect.js')).registerConnect,
};

/** The program with the command `argv` runs, or with every command (help, version, an unknown name). */
export async function createProgram(io: CliIo, argv: string[]): Promise<Command> {
  const program = new Command('meeting-diet')
    .description('Calendar meeting-diet auditor: meeting load, focus time, timezone tax and agenda hygiene')
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (s) => void io.write(s), writeErr: (s) => io.error(s.replace(/\n$/, '')) });
  const name = argv.find((a) => !a.startsWith('-'));
  const names = name !== undefined && Object.hasOwn(COMMANDS, name) ? [name] : Object.keys(COMMANDS);
  for (const n of names) (await COMMANDS[n]())(program, io);
  return program;
}

export async function runCli(argv: string[], io: CliIo): Promise<void> {
  try {
    await (await createProgram(io, argv)).parseAsync(argv, { from: 'user' });
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
