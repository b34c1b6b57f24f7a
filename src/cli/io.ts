import type { AuditWarning } from '../model/warning.js';

/** What commands use to talk to the world, so tests can run them in-process. */
export interface CliIo {
  write(text: string): boolean | Promise<void>;
  error(line: string): void;
  now(): number;
  setExitCode(code: number): void;
}

export function createProcessIo(): CliIo {
  return {
    write: (text) => process.stdout.write(text),
    error: (line) => process.stderr.write(`${line}\n`),
    now: () => Date.now(),
    setExitCode: (code) => {
      process.exitCode = Math.max(Number(process.exitCode ?? 0), code);
    },
  };
}

/** Writes items as lines in chunks, waiting for the pipe to drain so huge outputs stay in bounded memory. */
export async function writeLines<T>(io: CliIo, items: T[], format: (item: T) => string): Promise<void> {
  const CHUNK = 2000;
  for (let i = 0; i < items.length; i += CHUNK) {
    let text = '';
    const end = Math.min(items.length, i + CHUNK);
    for (let k = i; k < end; k++) text += `${format(items[k])}\n`;
    const ok = io.write(text);
    if (ok === false) await new Promise<void>((resolve) => process.stdout.once('drain', () => resolve()));
    else if (ok instanceof Promise) await ok;
  }
}

export function reportWarnings(io: CliIo, warnings: AuditWarning[], verbose: boolean): void {
  const shown = verbose ? warnings : warnings.slice(0, 20);
  for (const w of shown) io.error(`warning: ${w.location}: ${w.message}`);
  if (shown.length < warnings.length) {
    io.error(`warning: ${warnings.length - shown.length} more warnings (use --verbose to see them all)`);
  }
}
