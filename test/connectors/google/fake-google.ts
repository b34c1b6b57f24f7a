/**
 * A small stand-in for Google's token endpoint and the Calendar v3 endpoints the connector uses,
 * answering with the documented JSON shapes (https://developers.google.com/calendar/api/v3/reference,
 * https://developers.google.com/calendar/api/guides/errors). The real googleapis client talks to it
 * over HTTP on 127.0.0.1. Every request is recorded so tests can count and inspect them.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { calendar_v3 } from 'googleapis';

type Event = calendar_v3.Schema$Event;

export interface FakeUser {
  email: string;
  /** settings/timezone and the events list `timeZone`. */
  timeZone: string;
  events?: Event[];
  /** Raw `workingHours` for calendars.get (a field newer than the npm types). */
  workingHours?: unknown;
  /** The API answers 404 for this user's calendar. */
  calendarMissing?: boolean;
}

export interface RecordedRequest {
  method: string;
  path: string;
  params: URLSearchParams;
  authorization: string | null;
  /** The form of a token request. */
  form: URLSearchParams | null;
  /** The JWT grant's decoded claims (sub = the impersonated person). */
  claims: Record<string, unknown> | null;
}

export interface FakeResponse {
  /** 0: never answer (a hung server). */
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

interface StoredEvent {
  event: Event;
  version: number;
}

interface UserState {
  user: FakeUser;
  events: Map<string, StoredEvent>;
  version: number;
  /** Sync tokens older than this answer 410. */
  minSyncVersion: number;
}

export const apiError = (code: number, reason: string, message: string, domain = 'global'): FakeResponse => ({
  status: code,
  body: { error: { code, message, errors: [{ domain, reason, message }] } },
});

export const tooManyRequests = (retryAfterSeconds?: number): FakeResponse => ({
  ...apiError(429, 'rateLimitExceeded', 'Rate Limit Exceeded', 'usageLimits'),
  headers: retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) },
});
export const rateLimit403 = (reason = 'rateLimitExceeded'): FakeResponse => apiError(403, reason, 'Rate Limit Exceeded', 'usageLimits');
export const serverError = (status = 500): FakeResponse => apiError(status, 'backendError', 'Backend Error');

export class FakeGoogle {
  readonly requests: RecordedRequest[] = [];
  /** Items per page (Google's maxResults is an upper bound; pages may be shorter). */
  pageSize = 250;
  /** Refresh tokens the OAuth2 grant accepts, to the person they belong to. */
  readonly refreshTokens = new Map<string, string>();
  /** Authorization codes the authorization_code grant accepts, to the person who consented. */
  readonly authorizationCodes = new Map<string, string>();
  private readonly users = new Map<string, UserState>();
  private readonly accessTokens = new Map<string, { email: string; valid: boolean }>();
  private readonly faults: { match: (r: RecordedRequest) => boolean; response: FakeResponse }[] = [];
  private issued = 0;
  /** Milliseconds every Calendar API answer waits (lets a test kill a sync mid-way). */
  apiDelayMs = 0;
  private server = createServer((req, res) => void this.handle(req, res));
  url = '';

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  get tokenUrl(): string {
    return `${this.url}token`;
  }

  addUser(user: FakeUser): void {
    const state: UserState = { user, events: new Map(), version: 1, minSyncVersion: 0 };
    this.users.set(user.email, state);
    for (const ev of user.events ?? []) state.events.set(ev.id!, { event: ev, version: 1 });
  }

  /** Adds or replaces events (by id); they show up in the next incremental sync. */
  putEvents(email: string, events: Event[]): void {
    const state = this.users.get(email)!;
    state.version++;
    for (const ev of events) state.events.set(ev.id!, { event: ev, version: state.version });
  }

  /** Every sync token issued so far answers 410 fullSyncRequired. */
  expireSyncTokens(email: string): void {
    const state = this.users.get(email)!;
    state.minSyncVersion = ++state.version;
  }

  /** Every access token issued so far answers 401, as after a revocation or clock skew. */
  expireAccessTokens(): void {
    for (const t of this.accessTokens.values()) t.valid = false;
  }

  /** The next request that `match` accepts gets `response` (once each, in order). */
  failNext(match: (r: RecordedRequest) => boolean, ...responses: FakeResponse[]): void {
    for (const response of responses) this.faults.push({ match, response });
  }

  apiRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.path.startsWith('/calendar/'));
  }

  tokenRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.path === '/token');
  }

  reset(): void {
    this.requests.length = 0;
    this.faults.length = 0;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const body = await readBody(req);
    const form = req.method === 'POST' ? new URLSearchParams(body) : null;
    const assertion = form?.get('assertion');
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      params: url.searchParams,
      authorization: req.headers.authorization ?? null,
      form,
      claims: assertion ? (JSON.parse(Buffer.from(assertion.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>) : null,
    };
    this.requests.push(recorded);
    const fault = this.faults.findIndex((f) => f.match(recorded));
    const answer = fault >= 0 ? this.faults.splice(fault, 1)[0].response : this.route(recorded);
    if (answer.status === 0) return;
    if (this.apiDelayMs > 0 && recorded.path.startsWith('/calendar/')) await new Promise((resolve) => setTimeout(resolve, this.apiDelayMs));
    res.writeHead(answer.status, { 'content-type': 'application/json; charset=UTF-8', ...answer.headers });
    res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
  }

  private route(r: RecordedRequest): FakeResponse {
    if (r.path === '/token' && r.method === 'POST') return this.token(r);
    const token = /^Bearer (.+)$/.exec(r.authorization ?? '')?.[1];
    const grant = token ? this.accessTokens.get(token) : undefined;
    if (!grant || !grant.valid) {
      return { ...apiError(401, 'authError', 'Request had invalid authentication credentials.'), headers: { 'www-authenticate': 'Bearer realm="https://accounts.google.com/"' } };
    }
    const state = this.users.get(grant.email)!;
    let m = /^\/calendar\/v3\/users\/me\/settings\/([^/]+)$/.exec(r.path);
    if (m) return { status: 200, body: { kind: 'calendar#setting', id: m[1], value: m[1] === 'timezone' ? state.user.timeZone : '' } };
    m = /^\/calendar\/v3\/calendars\/([^/]+)(\/events)?$/.exec(r.path);
    if (!m) return apiError(404, 'notFound', 'Not Found');
    const calendarId = decodeURIComponent(m[1]);
    if (state.user.calendarMissing || (calendarId !== 'primary' && calendarId !== state.user.email)) return apiError(404, 'notFound', 'Not Found');
    if (!m[2]) {
      return { status: 200, body: { kind: 'calendar#calendar', id: state.user.email, summary: state.user.email, timeZone: state.user.timeZone, ...(state.user.workingHours ? { workingHours: state.user.workingHours } : {}) } };
    }
    return this.listEvents(state, r.params);
  }

  private token(r: RecordedRequest): FakeResponse {
    const grantType = r.form?.get('grant_type');
    let email: string | undefined;
    if (grantType === 'refresh_token') {
      email = this.refreshTokens.get(r.form?.get('refresh_token') ?? '');
      if (!email) return { status: 400, body: { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' } };
    } else if (grantType === 'authorization_code') {
      // The consent page of this fake hands out codes "code-for:<email>" (see `authorizationCodes`).
      email = this.authorizationCodes.get(r.form?.get('code') ?? '');
      if (!email) return { status: 400, body: { error: 'invalid_grant', error_description: 'Malformed auth code.' } };
      const refreshToken = `1//refresh-${email}`;
      this.refreshTokens.set(refreshToken, email);
      const accessToken = `ya29.fake-${++this.issued}`;
      this.accessTokens.set(accessToken, { email, valid: true });
      return { status: 200, body: { access_token: accessToken, refresh_token: refreshToken, expires_in: 3599, token_type: 'Bearer', scope: 'https://www.googleapis.com/auth/calendar.readonly' } };
    } else if (grantType === 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
      email = String(r.claims?.sub ?? '');
      if (!this.users.has(email)) return { status: 400, body: { error: 'invalid_grant', error_description: 'Invalid email or User ID' } };
    } else {
      return { status: 400, body: { error: 'unsupported_grant_type', error_description: `Invalid grant_type: ${grantType}` } };
    }
    const accessToken = `ya29.fake-${++this.issued}`;
    this.accessTokens.set(accessToken, { email, valid: true });
    return { status: 200, body: { access_token: accessToken, expires_in: 3599, token_type: 'Bearer', scope: 'https://www.googleapis.com/auth/calendar.readonly' } };
  }

  private listEvents(state: UserState, params: URLSearchParams): FakeResponse {
    const syncToken = params.get('syncToken');
    let since = 0;
    if (syncToken) {
      since = Number(/^sync-(\d+)$/.exec(syncToken)?.[1] ?? -1);
      if (since < state.minSyncVersion) {
        return apiError(410, 'fullSyncRequired', 'Sync token is no longer valid, a full sync is required.');
      }
    }
    const timeMin = params.get('timeMin') ? Date.parse(params.get('timeMin')!) : -Infinity;
    const timeMax = params.get('timeMax') ? Date.parse(params.get('timeMax')!) : Infinity;
    const showDeleted = params.get('showDeleted') === 'true';
    const matching = [...state.events.values()]
      .filter((s) => s.version > since)
      .map((s) => s.event)
      .filter((ev) => (ev.status !== 'cancelled' || showDeleted || syncToken) && overlaps(ev, timeMin, timeMax))
      .sort((a, b) => (startOf(a) || 0) - (startOf(b) || 0) || (a.id! < b.id! ? -1 : 1));
    const size = Math.min(this.pageSize, Number(params.get('maxResults') ?? 250));
    const offset = Number(params.get('pageToken')?.replace('page-', '') ?? 0);
    const items = matching.slice(offset, offset + size);
    const last = offset + size >= matching.length;
    return {
      status: 200,
      body: {
        kind: 'calendar#events',
        summary: state.user.email,
        updated: new Date(Date.UTC(2025, 0, 1)).toISOString(),
        timeZone: state.user.timeZone,
        accessRole: 'owner',
        defaultReminders: [],
        items,
        ...(last ? { nextSyncToken: `sync-${state.version}` } : { nextPageToken: `page-${offset + size}` }),
      },
    };
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const timeOf = (t: calendar_v3.Schema$EventDateTime | undefined | null): number =>
  t?.dateTime ? Date.parse(t.dateTime) : t?.date ? Date.parse(`${t.date}T00:00:00Z`) : NaN;

const startOf = (ev: Event): number => timeOf(ev.start ?? ev.originalStartTime);

/** timeMin bounds the end (exclusive), timeMax the start (exclusive), as Google documents. */
function overlaps(ev: Event, timeMin: number, timeMax: number): boolean {
  const start = startOf(ev);
  if (Number.isNaN(start)) return true; // a deleted one-off carries no times
  const end = ev.end ? timeOf(ev.end) : start;
  return end > timeMin && start < timeMax;
}

export async function startFakeGoogle(users: FakeUser[] = []): Promise<FakeGoogle> {
  const fake = await new FakeGoogle().start();
  for (const u of users) fake.addUser(u);
  return fake;
}
