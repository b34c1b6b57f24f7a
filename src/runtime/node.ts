/**
 * The Node side of the service: the embedded SQLite store, the .ics reader and the roster parser,
 * wired into the Hono app. The only place (with the CLI) that knows it runs on Node.
 */
import { createApp } from '../api/app.js';
import { parseConfig, type AuditConfig } from '../config/roster.js';
import { readIcsBytes } from '../connectors/ics/read-ics.js';
import type { Roster, Store } from '../storage/store.js';

export function rosterOfConfig(config: AuditConfig): Roster {
  return {
    people: config.people,
    teams: config.teams,
    settings: { defaults: config.defaults, definitions: config.definitions, rules: config.rules, minGroupSize: config.minGroupSize },
  };
}

export function createNodeApp(store: Store, options: { now?: () => number; maxUploadBytes?: number } = {}) {
  return createApp({
    store,
    parseRoster: (text, name) => rosterOfConfig(parseConfig(text, name)),
    readIcs: (bytes, name, readOptions) => readIcsBytes(bytes, name, readOptions),
    ...options,
  });
}
