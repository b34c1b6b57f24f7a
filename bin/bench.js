#!/usr/bin/env node
// `npm run bench [ics|api|sync] [flags]`: runs a TypeScript benchmark from bench/ through tsx's loader.
//   ics  (default) the .ics reader and audit against naive ical.js (bench/run.ts)
//   api  the store and the HTTP API at 1,000 people x 12 weeks (bench/api.ts)
//   sync `meeting-diet sync` against local Google and Graph fakes (bench/sync.ts)
import { register } from 'tsx/esm/api';

const CASES = { ics: '../bench/run.ts', api: '../bench/api.ts', sync: '../bench/sync.ts' };
const chosen = Object.hasOwn(CASES, process.argv[2] ?? '') ? process.argv.splice(2, 1)[0] : 'ics';
register();
await import(CASES[chosen]);
