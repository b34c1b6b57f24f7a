import { createHash } from 'node:crypto';
import { access, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * The module a reader thread runs. A worker thread starts without tsx's loader, and registering it
 * costs each thread about 0.15 s (its own loader thread, then every module through it): a third of
 * a second of a 4 s read of 1,000 exports. So the reader is bundled with esbuild (what tsx itself
 * compiles with) into one file under node_modules/.cache, rebuilt whenever a source it holds
 * changes, and its threads start in about 0.05 s. Where that cannot be done (no esbuild, a
 * read-only install) the threads load the TypeScript through tsx, as before.
 */
const TSX_ENTRY = new URL('./read-worker-entry.js', import.meta.url);
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SOURCE = 'src/connectors/ics/read-worker.ts';
export const DEFAULT_BUNDLE_DIR = join(ROOT, 'node_modules', '.cache', 'meeting-diet');

/** What was bundled: the bundle's file name and a hash of each source it holds (paths relative to the repository). */
interface Manifest {
  bundle: string;
  sources: Record<string, string>;
}

let pending: Promise<URL> | null = null;

/** The reader thread's module: the bundle when it can be had, else the tsx entry. Worked out once per process. */
export function readerWorkerUrl(): Promise<URL> {
  return (pending ??= readerBundle(DEFAULT_BUNDLE_DIR).catch(() => TSX_ENTRY));
}

/** The bundle in `dir`, built first when it is missing or any of its sources has changed. */
export async function readerBundle(dir: string): Promise<URL> {
  const manifestFile = join(dir, 'read-worker.json');
  const manifest = (await readFile(manifestFile, 'utf8').then(JSON.parse, () => null)) as Manifest | null;
  if (manifest && (await unchanged(manifest.sources)) && (await access(join(dir, manifest.bundle)).then(() => true, () => false))) {
    return pathToFileURL(join(dir, manifest.bundle));
  }
  const { build } = await import('esbuild');
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: [SOURCE],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external', // ical.js and windows-iana resolve from node_modules, as the sources' imports do
    metafile: true,
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].contents;
  const sources: Record<string, string> = {};
  for (const file of Object.keys(result.metafile.inputs)) sources[file] = hashOf(await readFile(join(ROOT, file)));
  // Named by its content and written before the manifest that names it: a process that reads the
  // manifest while another rebuilds always finds a whole bundle.
  const bundle = `read-worker-${hashOf(code).slice(0, 16)}.mjs`;
  await mkdir(dir, { recursive: true });
  await writeAtomically(join(dir, bundle), code);
  await writeAtomically(manifestFile, JSON.stringify({ bundle, sources } satisfies Manifest));
  return pathToFileURL(join(dir, bundle));
}

async function unchanged(sources: Record<string, string>): Promise<boolean> {
  const files = Object.entries(sources);
  const now = await Promise.all(files.map(([file]) => readFile(join(ROOT, file)).then(hashOf, () => null)));
  return files.length > 0 && files.every(([, hash], i) => now[i] === hash);
}

const hashOf = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

async function writeAtomically(file: string, content: Uint8Array | string): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, content);
  await rename(tmp, file);
}
