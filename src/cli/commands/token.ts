import type { Command } from 'commander';
import { InputError } from '../../model/errors.js';
import { generateToken, hashToken } from '../../model/token.js';
import type { Role, Store } from '../../storage/store.js';
import type { CliIo } from '../io.js';
import { dbFileOf, openStore } from '../store.js';

const ROLES: Role[] = ['admin', 'leader', 'member'];

interface CreateFlags {
  db?: string;
  role: string;
  team?: string;
  person?: string;
  label?: string;
}

/** Creates a token and returns it in clear: the only moment it exists outside the caller's hands. */
export async function createToken(
  store: Store,
  input: { role: Role; teamId?: string | null; personEmail?: string | null; label?: string | null },
  nowMs: number,
): Promise<{ id: number; token: string }> {
  const token = generateToken();
  const stored = await store.createToken({
    hash: await hashToken(token),
    role: input.role,
    teamId: input.teamId ?? null,
    personEmail: input.personEmail?.toLowerCase() ?? null,
    label: input.label ?? null,
    createdMs: nowMs,
  });
  return { id: stored.id, token };
}

export function registerToken(program: Command, io: CliIo): void {
  const token = program.command('token').description('API bearer tokens (stored hashed; shown once)');
  token
    .command('create')
    .description('create a token and print it once')
    .requiredOption('--role <role>', `${ROLES.join(' | ')}`)
    .option('--team <id>', 'the team a leader token may read (required for leader)')
    .option('--person <email>', 'the person a member token acts as (required for member)')
    .option('--label <text>', 'a note to recognise the token by in `token list`')
    .option('--db <file>', 'SQLite database file (default: $MEETING_DIET_DB or ./meeting-diet.db)')
    .action(async (flags: CreateFlags) => {
      const role = flags.role as Role;
      if (!ROLES.includes(role)) throw new InputError(`--role "${flags.role}" is not one of ${ROLES.join(', ')}`);
      if (role === 'leader' && !flags.team) throw new InputError('a leader token needs --team <id> (the team whose aggregates it reads)');
      if (role === 'member' && !flags.person) throw new InputError('a member token needs --person <email> (whose own data it reads)');
      if (role !== 'leader' && flags.team) throw new InputError('--team only applies to leader tokens');
      if (role !== 'member' && flags.person) throw new InputError('--person only applies to member tokens');
      const store = await openStore(dbFileOf(flags.db));
      try {
        if (flags.team && !(await store.getTeam(flags.team))) {
          throw new InputError(`no team "${flags.team}" in the database (import a roster or POST /v1/teams first)`);
        }
        if (flags.person && !(await store.getPerson(flags.person.toLowerCase()))) {
          throw new InputError(`no person "${flags.person}" in the database (import a roster or POST /v1/people first)`);
        }
        const created = await createToken(store, { role, teamId: flags.team, personEmail: flags.person, label: flags.label }, io.now());
        io.error(`token ${created.id} (${role}${flags.team ? ` of team ${flags.team}` : ''}${flags.person ? ` for ${flags.person}` : ''}); it is shown only this once:`);
        await io.write(`${created.token}\n`);
      } finally {
        await store.close();
      }
    });
  token
    .command('list')
    .description('list tokens (never their value)')
    .option('--db <file>', 'SQLite database file')
    .action(async (flags: { db?: string }) => {
      const store = await openStore(dbFileOf(flags.db));
      try {
        const lines = (await store.listTokens()).map((t) =>
          [t.id, t.role, t.teamId ?? '-', t.personEmail ?? '-', new Date(t.createdMs).toISOString(), t.revokedMs ? 'revoked' : 'active', t.label ?? ''].join('\t'),
        );
        await io.write(['id\trole\tteam\tperson\tcreated\tstate\tlabel', ...lines].join('\n') + '\n');
      } finally {
        await store.close();
      }
    });
  token
    .command('revoke')
    .description('revoke a token by id')
    .argument('<id>', 'the id shown by `token list`')
    .option('--db <file>', 'SQLite database file')
    .action(async (id: string, flags: { db?: string }) => {
      if (!/^\d+$/.test(id)) throw new InputError(`token id "${id}" is not a number`);
      const store = await openStore(dbFileOf(flags.db));
      try {
        if (!(await store.revokeToken(Number(id), io.now()))) throw new InputError(`no active token ${id}`);
        await io.write(`token ${id} revoked\n`);
      } finally {
        await store.close();
      }
    });
}
