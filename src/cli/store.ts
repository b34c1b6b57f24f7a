import { createSqliteStore } from '../storage/node.js';
import type { Store } from '../storage/store.js';

export const DEFAULT_DB_FILE = './meeting-diet.db';

/** The --db option shared by serve, migrate and token: the flag, else MEETING_DIET_DB, else ./meeting-diet.db. */
export function dbFileOf(flag: string | undefined): string {
  return flag ?? process.env.MEETING_DIET_DB ?? DEFAULT_DB_FILE;
}

/** Opens the embedded SQLite store and applies pending migrations. */
export async function openStore(file: string): Promise<Store> {
  const store = createSqliteStore({ file });
  try {
    await store.migrate();
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}
