/**
 * `node --import tsx bench/sync-profile.ts <file.cpuprofile | dir> [--top 25]`
 *
 * Summarises a V8 CPU profile (from `bench/sync.ts --cpu-prof`, which runs the CLI with
 * `node --cpu-prof`): self time by package or source file, and self and inclusive time by function.
 * Inclusive time counts each sample once per function even when it recurses. With `--focus NAME`,
 * also the time under the (outermost) frames whose function is NAME, split by the callees on the path
 * (`--depth D` frames deep, default 1).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '25' }, focus: { type: 'string' }, depth: { type: 'string', default: '1' } } });
const top = Number(values.top);
const ROOT = resolve(import.meta.dirname, '..');

function files(path: string): string[] {
  return statSync(path).isDirectory() ? readdirSync(path).filter((f) => f.endsWith('.cpuprofile')).map((f) => join(path, f)) : [path];
}

/** node_modules/<pkg> (or @scope/pkg), src/<path>, node:internal, or (program)/(gc)/(idle). */
function bucketOf(frame: CallFrame): string {
  const url = frame.url.replace(/^file:\/\//, '');
  if (!url) return frame.functionName.startsWith('(') ? frame.functionName : '(native/V8)';
  if (url.startsWith('node:')) return 'node: internals';
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 14).split('/');
    return `npm ${rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]}`;
  }
  return relative(ROOT, url);
}

const label = (f: CallFrame) => `${f.functionName || '(anonymous)'} ${bucketOf(f)}:${f.lineNumber + 1}`;

function summarise(file: string): void {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfUs = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = profile.timeDeltas[i + 1] ?? 0;
    selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) ?? 0) + dt);
  }
  const totalUs = profile.endTime - profile.startTime;
  const bucketSelf = new Map<string, number>();
  const fnSelf = new Map<string, number>();
  const fnTotal = new Map<string, number>();
  const focusSplit = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const node = byId.get(id)!;
    bucketSelf.set(bucketOf(node.callFrame), (bucketSelf.get(bucketOf(node.callFrame)) ?? 0) + us);
    fnSelf.set(label(node.callFrame), (fnSelf.get(label(node.callFrame)) ?? 0) + us);
    const seen = new Set<string>();
    const path: string[] = [];
    let focusCallee: string | null = null;
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const l = label(byId.get(at)!.callFrame);
      if (values.focus && byId.get(at)!.callFrame.functionName === values.focus) {
        const callees = path.slice(-Number(values.depth)).reverse();
        focusCallee = callees.length > 0 ? callees.join(' > ') : '(self)';
      }
      path.push(l);
      if (seen.has(l)) continue;
      seen.add(l);
      fnTotal.set(l, (fnTotal.get(l) ?? 0) + us);
    }
    if (focusCallee !== null) focusSplit.set(focusCallee, (focusSplit.get(focusCallee) ?? 0) + us);
  }
  const ms = (us: number) => `${(us / 1000).toFixed(0).padStart(7)} ms ${((100 * us) / totalUs).toFixed(1).padStart(5)}%`;
  const print = (title: string, map: Map<string, number>) => {
    console.log(`\n${title}`);
    for (const [k, v] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${ms(v)}  ${k}`);
  };
  console.log(`\n=== ${relative(ROOT, file)}: ${(totalUs / 1e6).toFixed(2)} s profiled, ${profile.samples.length} samples`);
  print('self time by package / file', bucketSelf);
  print('self time by function', fnSelf);
  print('inclusive time by function', new Map([...fnTotal].filter(([k]) => !k.startsWith('(root)'))));
  if (values.focus) print(`time under ${values.focus}, by callee`, focusSplit);
}

if (positionals.length === 0) throw new Error('usage: bench/sync-profile.ts <file.cpuprofile | dir> [--top N]');
for (const p of positionals) for (const f of files(p)) summarise(f);
