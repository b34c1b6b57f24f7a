/**
 * The naive ical.js baseline, run as a child process: for every file, ICAL.parse + new ICAL.Component, then for
 * every VEVENT `new ICAL.Event(vevent)` (no grouping, no options) and `event.iterator()` up to the window end.
 * Usage: node --import tsx bench/naive.ts <exportsDir> <shard> <shards> <from> <to>
 * Takes the files whose sorted index i has i % shards === shard; prints one JSON line of counts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ICAL from 'ical.js';

const [dir, shardArg, shardsArg, fromArg, toArg] = process.argv.slice(2);
const shard = Number(shardArg), shards = Number(shardsArg);
const from = ICAL.Time.fromJSDate(new Date(`${fromArg}T00:00:00Z`), true);
const to = ICAL.Time.fromJSDate(new Date(`${toArg}T00:00:00Z`), true);
const files = readdirSync(dir).filter((f) => f.endsWith('.ics')).sort().filter((_, i) => i % shards === shard);

let bytes = 0, vevents = 0, occurrences = 0, errors = 0;
for (const file of files) {
  const text = readFileSync(join(dir, file), 'utf8');
  bytes += Buffer.byteLength(text);
  const root = new ICAL.Component(ICAL.parse(text));
  for (const vevent of root.getAllSubcomponents('vevent')) {
    vevents++;
    try {
      const iterator = new ICAL.Event(vevent).iterator();
      for (let t = iterator.next(); t && t.compare(to) < 0; t = iterator.next()) if (t.compare(from) >= 0) occurrences++;
    } catch {
      errors++; // e.g. ical.js #292 "Same occurrence found twice"
    }
  }
}
console.log(JSON.stringify({ shard, shards, files: files.length, bytes, vevents, occurrences, errors }));
