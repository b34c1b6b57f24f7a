import { defineConfig } from 'drizzle-kit';

// One schema for better-sqlite3 and D1; the SQL goes to drizzle/ (also wrangler's migrations_dir).
export default defineConfig({
  dialect: 'sqlite',
  schema: './src/storage/schema.ts',
  out: './drizzle',
});
