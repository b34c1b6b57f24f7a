/**
 * The load generator of bench/api.ts, run in its own process so it never shares an event loop with the
 * server it measures: `node --import tsx bench/api-load.ts <spec.json>`. Runs autocannon (programmatic API)
 * with a warm-up, then prints one JSON line with the figures.
 *
 * Latency percentiles are computed from autocannon's per-response timings (float milliseconds, 2xx only);
 * autocannon's own histogram rounds to whole milliseconds, so its figures are kept alongside for reference.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface LoadSpec {
  title: string;
  url: string;
  connections: number;
  durationS: number;
  warmupS: number;
  /** Each connection cycles through these in order. */
  requests: { path: string; headers: Record<string, string> }[];
}

export interface LoadResult {
  title: string;
  connections: number;
  durationS: number;
  distinctRequests: number;
  responses: number;
  ok2xx: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  requestsPerS: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  /** autocannon's own histogram (whole milliseconds) and its per-second request samples. */
  autocannon: { latencyP50: number; latencyP99: number; requestsAverage: number; bytesPerS: number };
  statusCodes: Record<string, number>;
  /** User + system CPU of this load-generator process, start-up included. */
  loadGeneratorCpuMs: number;
}

interface AutocannonResult {
  duration: number;
  latency: { p50: number; p99: number };
  requests: { average: number; total: number };
  throughput: { average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  '2xx': number;
  statusCodeStats: Record<string, { count: number }>;
}

interface AutocannonInstance extends PromiseLike<AutocannonResult> {
  on(event: 'response', listener: (client: unknown, statusCode: number, bytes: number, responseTimeMs: number) => void): this;
}

// autocannon ships no types; this is the part of its programmatic API used here.
const autocannon = createRequire(import.meta.url)('autocannon') as (options: object) => AutocannonInstance;

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const latencies: number[] = [];
  const instance = autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: spec.durationS,
    requests: spec.requests.map((r) => ({ method: 'GET', path: r.path, headers: r.headers })),
    ...(spec.warmupS > 0 ? { warmup: { connections: spec.connections, duration: spec.warmupS } } : {}),
  });
  instance.on('response', (_client, statusCode, _bytes, ms) => {
    if (statusCode >= 200 && statusCode < 300) latencies.push(ms);
  });
  const r = await instance;
  const sorted = Float64Array.from(latencies).sort();
  const responses = Object.values(r.statusCodeStats).reduce((n, s) => n + s.count, 0);
  return {
    title: spec.title,
    connections: spec.connections,
    durationS: r.duration,
    distinctRequests: spec.requests.length,
    responses,
    ok2xx: r['2xx'],
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    requestsPerS: r['2xx'] / r.duration,
    latencyMs: {
      p50: percentile(sorted, 50),
      p90: percentile(sorted, 90),
      p99: percentile(sorted, 99),
      max: sorted.length ? sorted[sorted.length - 1] : NaN,
      mean: latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length),
    },
    autocannon: { latencyP50: r.latency.p50, latencyP99: r.latency.p99, requestsAverage: r.requests.average, bytesPerS: r.throughput.average },
    statusCodes: Object.fromEntries(Object.entries(r.statusCodeStats).map(([code, s]) => [code, s.count])),
    loadGeneratorCpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const spec = JSON.parse(readFileSync(process.argv[2], 'utf8')) as LoadSpec;
  const result = await runLoad(spec);
  process.stdout.write(JSON.stringify(result) + '\n');
}
