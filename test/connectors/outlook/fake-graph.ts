import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { GraphEvent, GraphMailboxSettings } from '../../../src/connectors/outlook/graph-types.js';

/**
 * A fake Microsoft Graph v1.0 and Microsoft Entra authority on https://127.0.0.1:<port>, answering
 * with the documented JSON shapes. It must be https: the Graph client only sends the bearer token to
 * https hosts and only reads https nextLinks as absolute (stack notes 3.6). The test process needs
 * NODE_EXTRA_CA_CERTS=test/fixtures/localhost-cert.pem.
 *
 * Graph: calendarView/delta (rounds paged by Prefer odata.maxpagesize with absolute https nextLinks,
 * a deltaLink, incremental rounds with @removed, 410 on stale tokens), events/{id}, mailboxSettings.
 * Entra: openid-configuration, token (client secret, client assertion, device code), devicecode.
 */

export interface FakeMailbox {
  /** calendarView instances as Graph returns them (plain occurrences may carry only their times). */
  instances: GraphEvent[];
  masters?: Record<string, GraphEvent>;
  settings?: GraphMailboxSettings;
}

export interface RecordedRequest {
  method: string;
  /** Path and query as sent. */
  path: string;
  authorization: string | null;
  prefer: string | null;
  /** Token requests: the form fields, secrets left out. */
  form?: Record<string, string>;
}

export interface Fault {
  status: number;
  retryAfter?: string;
  code?: string;
}

interface Mailbox {
  instances: Map<string, GraphEvent>;
  masters: Map<string, GraphEvent>;
  settings: GraphMailboxSettings | undefined;
  version: number;
  /** Version of each id's last change (upsert or removal). */
  changed: Map<string, number>;
}

interface PendingPages {
  email: string;
  items: object[];
  deltaVersion: number;
  fromMs: number;
  toMs: number;
}

const ROOT = join(import.meta.dirname, '../../..');

export class FakeGraph {
  readonly tenant = 'contoso-tenant-id';
  readonly clientId = 'meeting-diet-app-id';
  readonly clientSecret = 'correct-horse-battery-staple';
  base = '';
  requests: RecordedRequest[] = [];
  /** Lifetime of the access tokens the authority issues. */
  tokenLifetimeSec = 3600;
  /** Device-code polls answered authorization_pending before the person "signs in". */
  pendingPolls = 0;

  private server: Server;
  private cert: string;
  private mailboxes = new Map<string, Mailbox>();
  private tokens = new Map<string, number>(); // access token -> expiry (ms)
  private issued = 0;
  private skipTokens = new Map<string, PendingPages>();
  private deltaTokens = new Map<string, { email: string; version: number; fromMs: number; toMs: number; stale: boolean }>();
  private faults: { match: RegExp; queue: Fault[] }[] = [];
  private nextId = 0;

  constructor() {
    this.cert = readFileSync(join(ROOT, 'test/fixtures/localhost-cert.pem'), 'utf8');
    this.server = createServer({ key: readFileSync(join(ROOT, 'test/fixtures/localhost-key.pem')), cert: this.cert }, (req, res) => {
      this.handle(req, res).catch((error: unknown) => json(res, 500, { error: { code: 'FakeFailure', message: String(error) } }));
    });
  }

  async start(): Promise<this> {
    const extra = process.env.NODE_EXTRA_CA_CERTS;
    const trusted = extra && existsSync(extra) && readFileSync(extra, 'utf8').includes(this.cert.trim());
    if (!trusted) throw new Error('the Graph fake serves a self-signed certificate: run with NODE_EXTRA_CA_CERTS=test/fixtures/localhost-cert.pem');
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.base = `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  setMailbox(email: string, mailbox: FakeMailbox): void {
    this.mailboxes.set(email.toLowerCase(), {
      instances: new Map(mailbox.instances.map((e) => [e.id, e])),
      masters: new Map(Object.entries(mailbox.masters ?? {})),
      settings: mailbox.settings,
      version: 1,
      changed: new Map(),
    });
  }

  /** Adds or changes an instance: the next incremental round returns it. */
  upsert(email: string, event: GraphEvent): void {
    const box = this.mailbox(email)!;
    box.instances.set(event.id, event);
    box.changed.set(event.id, ++box.version);
  }

  /** Deletes an instance: the next incremental round returns it under @removed. */
  remove(email: string, id: string): void {
    const box = this.mailbox(email)!;
    box.instances.delete(id);
    box.changed.set(id, ++box.version);
  }

  /** Every delta token handed out so far answers 410 from now on. */
  expireDeltaTokens(): void {
    for (const t of this.deltaTokens.values()) t.stale = true;
  }

  /** The next requests whose path matches get these answers, in order, instead of the real one. */
  failNext(match: RegExp, ...queue: Fault[]): void {
    this.faults.push({ match, queue });
  }

  graphRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.path.startsWith('/v1.0/'));
  }

  tokenRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.path.split('?')[0].endsWith('/oauth2/v2.0/token'));
  }

  private mailbox(email: string): Mailbox | undefined {
    return this.mailboxes.get(decodeURIComponent(email).toLowerCase());
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.base);
    const body = await readBody(req);
    const record: RecordedRequest = { method: req.method ?? 'GET', path: req.url ?? '/', authorization: req.headers.authorization ?? null, prefer: header(req, 'prefer') };
    this.requests.push(record);
    const fault = this.takeFault(url.pathname);
    if (fault) {
      const headers: Record<string, string> = fault.retryAfter ? { 'Retry-After': fault.retryAfter } : {};
      return json(res, fault.status, { error: { code: fault.code ?? `Http${fault.status}`, message: `injected ${fault.status}` } }, headers);
    }
    if (url.pathname.startsWith('/v1.0/')) return this.graph(req, res, url);
    const entra = /^\/([^/]+)\/(v2\.0\/\.well-known\/openid-configuration|oauth2\/v2\.0\/token|oauth2\/v2\.0\/devicecode)$/.exec(url.pathname);
    if (!entra || entra[1] !== this.tenant) return json(res, 404, { error: 'invalid_tenant', error_description: `AADSTS90002: Tenant '${entra?.[1]}' not found.` });
    if (entra[2].endsWith('openid-configuration')) return json(res, 200, this.openIdConfiguration());
    const form = Object.fromEntries(new URLSearchParams(body));
    record.form = Object.fromEntries(Object.entries(form).filter(([k]) => k !== 'client_secret' && k !== 'client_assertion'));
    if (entra[2].endsWith('devicecode')) return this.deviceCode(res, form);
    return this.token(res, form);
  }

  private takeFault(path: string): Fault | undefined {
    const entry = this.faults.find((f) => f.match.test(path) && f.queue.length > 0);
    return entry?.queue.shift();
  }

  private openIdConfiguration(): object {
    const t = `${this.base}/${this.tenant}`;
    return {
      token_endpoint: `${t}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: `${t}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: `${t}/v2.0`,
      request_uri_parameter_supported: false,
      userinfo_endpoint: `${this.base}/oidc/userinfo`,
      authorization_endpoint: `${t}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${t}/oauth2/v2.0/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${t}/oauth2/v2.0/logout`,
      claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'nonce', 'tid', 'oid', 'preferred_username', 'name'],
      tenant_region_scope: 'EU',
      cloud_instance_name: 'microsoftonline.com',
    };
  }

  private issueToken(): { access_token: string; token_type: string; expires_in: number; ext_expires_in: number } {
    const token = `fake-access-token-${++this.issued}`;
    this.tokens.set(token, Date.now() + this.tokenLifetimeSec * 1000);
    return { token_type: 'Bearer', expires_in: this.tokenLifetimeSec, ext_expires_in: this.tokenLifetimeSec, access_token: token };
  }

  private token(res: ServerResponse, form: Record<string, string>): void {
    const badClient = (description: string) =>
      json(res, 401, { error: 'invalid_client', error_description: description, error_codes: [7000215], timestamp: new Date().toISOString(), trace_id: 'fake-trace', correlation_id: 'fake-correlation' });
    if (form.client_id !== this.clientId) return json(res, 400, { error: 'unauthorized_client', error_description: `AADSTS700016: Application with identifier '${form.client_id}' was not found in the directory.` });
    if (form.grant_type === 'client_credentials') {
      const assertion = form.client_assertion_type === 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
      if (!assertion && form.client_secret !== this.clientSecret) return badClient("AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app 'meeting-diet-app-id'.");
      return json(res, 200, this.issueToken());
    }
    // MSAL sends the short form; RFC 8628 names the URN.
    if (form.grant_type === 'device_code' || form.grant_type === 'urn:ietf:params:oauth:grant-type:device_code') {
      if (this.pendingPolls > 0) {
        this.pendingPolls--;
        return json(res, 400, { error: 'authorization_pending', error_description: 'AADSTS70016: OAuth 2.0 device flow error. Authorization is pending.' });
      }
      const now = Math.floor(Date.now() / 1000);
      const claims = { aud: this.clientId, iss: `${this.base}/${this.tenant}/v2.0`, iat: now, nbf: now, exp: now + 3600, name: 'Alice Adams', oid: 'alice-oid', preferred_username: 'alice@contoso.com', sub: 'alice-sub', tid: this.tenant, ver: '2.0' };
      const idToken = `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(claims)}.`;
      return json(res, 200, { ...this.issueToken(), scope: form.scope, refresh_token: 'fake-refresh-token', id_token: idToken, client_info: b64url({ uid: 'alice-oid', utid: this.tenant }) });
    }
    return json(res, 400, { error: 'unsupported_grant_type', error_description: `AADSTS70003: grant type ${form.grant_type} is not supported by the fake.` });
  }

  private deviceCode(res: ServerResponse, form: Record<string, string>): void {
    if (form.client_id !== this.clientId) return json(res, 400, { error: 'unauthorized_client', error_description: 'AADSTS700016: unknown application' });
    json(res, 200, {
      user_code: 'FAKE-CODE',
      device_code: 'fake-device-code',
      verification_uri: 'https://microsoft.com/devicelogin',
      expires_in: 900,
      interval: 1,
      message: 'To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code FAKE-CODE to authenticate.',
    });
  }

  private graph(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const expiry = bearer ? this.tokens.get(bearer) : undefined;
    if (expiry === undefined || expiry <= Date.now()) {
      return json(res, 401, { error: { code: 'InvalidAuthenticationToken', message: 'Access token has expired or is not yet valid.' } });
    }
    const m = /^\/v1\.0\/users\/([^/]+)\/(calendarView\/delta|mailboxSettings|events\/([^/]+))$/.exec(url.pathname);
    if (!m) return json(res, 400, { error: { code: 'BadRequest', message: `Resource not found for the segment '${url.pathname}'.` } });
    const box = this.mailbox(m[1]);
    if (!box) return json(res, 404, { error: { code: 'ErrorInvalidUser', message: `The requested user '${decodeURIComponent(m[1])}' is invalid.` } });
    if (m[2] === 'mailboxSettings') return json(res, 200, { '@odata.context': `${this.base}/v1.0/$metadata#users('${m[1]}')/mailboxSettings`, ...box.settings });
    if (m[3]) {
      const master = box.masters.get(decodeURIComponent(m[3]));
      if (!master) return json(res, 404, { error: { code: 'ErrorItemNotFound', message: 'The specified object was not found in the store.' } });
      return json(res, 200, master);
    }
    return this.delta(res, url, decodeURIComponent(m[1]).toLowerCase(), box, pageSizeOf(header(req, 'prefer')));
  }

  private delta(res: ServerResponse, url: URL, email: string, box: Mailbox, pageSize: number): void {
    const q = url.searchParams;
    let pending: PendingPages | undefined;
    if (q.has('$skiptoken')) {
      pending = this.skipTokens.get(q.get('$skiptoken')!);
      if (!pending) return json(res, 410, { error: { code: 'SyncStateNotFound', message: 'The sync state generation is not found.' } });
      this.skipTokens.delete(q.get('$skiptoken')!);
    } else if (q.has('$deltatoken')) {
      const token = this.deltaTokens.get(q.get('$deltatoken')!);
      if (!token || token.stale) return json(res, 410, { error: { code: 'SyncStateNotFound', message: 'The sync state generation is not found. Resync required.' } });
      const items = [...box.changed].filter(([, v]) => v > token.version).map(([id]) => {
        const e = box.instances.get(id);
        // Changes that leave the window come back as @removed too (event-delta docs).
        return e && overlaps(e, token.fromMs, token.toMs) ? e : { '@odata.type': '#microsoft.graph.event', id, '@removed': { reason: 'deleted' } };
      });
      pending = { email, items, deltaVersion: box.version, fromMs: token.fromMs, toMs: token.toMs };
    } else {
      const fromMs = Date.parse(q.get('startDateTime') ?? '');
      const toMs = Date.parse(q.get('endDateTime') ?? '');
      if (Number.isNaN(fromMs) || Number.isNaN(toMs)) return json(res, 400, { error: { code: 'ErrorInvalidParameter', message: 'startDateTime and endDateTime are required.' } });
      const items = [...box.instances.values()].filter((e) => overlaps(e, fromMs, toMs));
      pending = { email, items, deltaVersion: box.version, fromMs, toMs };
    }
    const page = pending.items.slice(0, pageSize);
    const rest = pending.items.slice(pageSize);
    const link = `${this.base}/v1.0/users/${encodeURIComponent(email)}/calendarView/delta`;
    const out: Record<string, unknown> = { '@odata.context': `${this.base}/v1.0/$metadata#Collection(event)`, value: page };
    if (rest.length > 0) {
      const token = `skip${++this.nextId}`;
      this.skipTokens.set(token, { ...pending, items: rest });
      out['@odata.nextLink'] = `${link}?$skiptoken=${token}`;
    } else {
      const token = `delta${++this.nextId}`;
      this.deltaTokens.set(token, { email, version: pending.deltaVersion, fromMs: pending.fromMs, toMs: pending.toMs, stale: false });
      out['@odata.deltaLink'] = `${link}?$deltatoken=${token}`;
    }
    json(res, 200, out);
  }
}

function overlaps(e: GraphEvent, fromMs: number, toMs: number): boolean {
  const start = Date.parse(`${e.start!.dateTime.slice(0, 19)}Z`);
  const end = Date.parse(`${e.end!.dateTime.slice(0, 19)}Z`);
  return start < toMs && end > fromMs;
}

function pageSizeOf(prefer: string | null): number {
  const m = /odata\.maxpagesize=(\d+)/.exec(prefer ?? '');
  return m ? Number(m[1]) : 10;
}

function header(req: IncomingMessage, name: string): string | null {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(', ') : v ?? null;
}

function b64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}
