/**
 * Bearer tokens and what each role may see. admin: everything; leader: aggregates of the team the
 * token names; member: the person the token names, nothing else.
 */
import { createMiddleware } from 'hono/factory';
import { hashToken } from '../model/token.js';
import type { Role, Store } from '../storage/store.js';
import { ApiError, forbidden } from './errors.js';

export interface Principal {
  tokenId: number;
  role: Role;
  teamId: string | null;
  personEmail: string | null;
}

export type AppEnv = { Variables: { principal: Principal } };

export function requireToken(store: Store) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) {
      c.header('WWW-Authenticate', 'Bearer realm="meeting-diet"');
      throw new ApiError(401, 'unauthorized', 'missing bearer token: send "Authorization: Bearer <token>" (create one with `meeting-diet token create`)');
    }
    const token = await store.findTokenByHash(await hashToken(match[1]));
    if (!token || token.revokedMs !== null) {
      c.header('WWW-Authenticate', 'Bearer realm="meeting-diet", error="invalid_token"');
      throw new ApiError(401, 'unauthorized', 'invalid or revoked token');
    }
    c.set('principal', { tokenId: token.id, role: token.role, teamId: token.teamId, personEmail: token.personEmail });
    await next();
  });
}

export function assertAdmin(p: Principal): void {
  if (p.role !== 'admin') throw forbidden(`this needs an admin token (yours is a ${p.role} token)`);
}

/** Team aggregates: admins any team (and the org, teamId null); leaders only the team their token names. */
export function assertCanReadTeam(p: Principal, teamId: string | null): void {
  if (p.role === 'admin') return;
  if (p.role === 'leader' && teamId !== null && p.teamId === teamId) return;
  if (teamId === null) throw forbidden('organisation-wide reports need an admin token; leaders pass ?team=<their team>');
  throw forbidden(p.role === 'leader' ? `your token may read team "${p.teamId}" only` : 'member tokens may read their own data only');
}

/** One person's own data: admins anyone; members only themselves; leaders see aggregates, never a person. */
export function assertCanReadPerson(p: Principal, email: string): void {
  if (p.role === 'admin') return;
  if (p.role === 'member' && p.personEmail === email) return;
  throw forbidden(
    p.role === 'leader'
      ? "leader tokens read team aggregates, not a person's own report"
      : 'member tokens may read and upload their own data only',
  );
}
