import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GraphEvent, GraphPage } from '../../../src/connectors/outlook/graph-types.js';

/**
 * A recorded Outlook mailbox (fixtures/outlook/<quirk>.json): one calendarView/delta answer in the
 * documented shape, and the GET /users/{id}/events/{seriesMasterId} answers of its series masters.
 */
export interface OutlookFixture {
  description: string;
  owner: string;
  timeZone: string;
  window: { from: string; to: string };
  calendarViewDelta: GraphPage<GraphEvent>;
  seriesMasters: Record<string, GraphEvent>;
}

export const FIXTURE_NAMES = [
  'recurring-weekly-moved-and-cancelled',
  'all-day',
  'declined',
  'private',
  'out-of-office',
  'windows-zone',
] as const;

export function loadOutlookFixture(name: (typeof FIXTURE_NAMES)[number]): OutlookFixture {
  const path = join(import.meta.dirname, '../../../fixtures/outlook', `${name}.json`);
  return JSON.parse(readFileSync(path, 'utf8')) as OutlookFixture;
}
