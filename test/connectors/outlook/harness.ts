import { createOutlookConnector, type OutlookConnectorOptions } from '../../../src/connectors/outlook/index.js';
import type { GraphEvent } from '../../../src/connectors/outlook/graph-types.js';
import type { CalendarConnector, SyncOptions } from '../../../src/connectors/types.js';
import { DEFAULT_DEFINITIONS } from '../../../src/model/definitions.js';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { FakeGraph, type FakeMailbox } from './fake-graph.js';
import { FIXTURE_NAMES, loadOutlookFixture } from './fixtures.js';

export const ALICE = 'alice@contoso.com';

/**
 * The Graph fake for one test file: listening for all its tests, holding Alice's fixture mailbox
 * and no recorded requests before each test.
 */
export function useFakeGraph(): FakeGraph {
  const fake = new FakeGraph();
  beforeAll(() => fake.start());
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.setMailbox(ALICE, fixtureMailbox());
    fake.requests = [];
  });
  return fake;
}

/** Every recorded fixture's items and series masters, as one mailbox. */
export function fixtureMailbox(): FakeMailbox {
  const instances: GraphEvent[] = [];
  const masters: Record<string, GraphEvent> = {};
  for (const name of FIXTURE_NAMES) {
    const f = loadOutlookFixture(name);
    instances.push(...(f.calendarViewDelta.value ?? []));
    Object.assign(masters, f.seriesMasters);
  }
  return {
    instances,
    masters,
    settings: {
      timeZone: 'W. Europe Standard Time',
      workingHours: {
        daysOfWeek: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'],
        startTime: '08:00:00.0000000',
        endTime: '17:00:00.0000000',
        timeZone: { name: 'W. Europe Standard Time' },
      },
    },
  };
}

export const WINDOW = { fromMs: Date.parse('2025-01-06T00:00:00Z'), toMs: Date.parse('2025-02-03T00:00:00Z') };

export function syncOptions(state?: unknown, extra: Partial<SyncOptions> = {}): SyncOptions {
  return { ...WINDOW, state, definitions: DEFAULT_DEFINITIONS, timeZone: 'Europe/Berlin', ...extra };
}

export interface TestConnector {
  connector: CalendarConnector;
  /** What the connector's retries asked to wait, in ms (the injected sleep returns at once). */
  sleeps: number[];
}

/** The real connector (real Graph client, real @azure/identity) against the fake. */
export function connectTo(fake: FakeGraph, overrides: Partial<OutlookConnectorOptions> = {}): TestConnector {
  const sleeps: number[] = [];
  const connector = createOutlookConnector({
    credentials: { kind: 'client-secret', tenantId: fake.tenant, clientId: fake.clientId, clientSecret: fake.clientSecret },
    baseUrl: fake.base,
    authorityHost: fake.base,
    pageSize: 5,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...overrides,
  });
  return { connector, sleeps };
}
