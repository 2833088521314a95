import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { Database } from '../database';
import { migrate } from '../migrations';
import { PostgresDatabase } from '../postgres-database';
import { SqliteDatabase } from '../sqlite-database';

/** A migrated database for one test file, and how to throw it away. */
export interface TestDatabase {
  db: Database;
  /** Environment for `createTestApp` that points the API at the same database. */
  env: Record<string, string>;
  /** Opens another connection (pool) to the same database, as a second replica would. */
  reopen(): Database;
  dispose(): Promise<void>;
}

/** A real SQLite file in a fresh temporary data folder (`migrate: false` leaves it without tables). */
export async function sqliteTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'orphelix-data-'));
  const path = join(dataDir, 'orphelix.db');
  const db = new SqliteDatabase(path);
  if (options.migrate !== false) await migrate(db);
  const opened: Database[] = [db];
  return {
    db,
    env: { ORPHELIX_DATA_DIR: dataDir },
    reopen: () => {
      const another = new SqliteDatabase(path);
      opened.push(another);
      return another;
    },
    dispose: async () => {
      await Promise.all(opened.map((d) => d.close()));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The server of the *.pg.spec.ts run (jest.pg.config.cts starts one, or DATABASE_URL names one). */
export function testPostgresUrl(): string {
  const url = process.env['DATABASE_URL'];
  if (!url) throw new Error('DATABASE_URL is unset: run the PostgreSQL suites with `nx run api:test-pg`');
  return url;
}

/**
 * A fresh, empty database on the test server (`migrate: false` leaves it without tables), dropped by
 * `dispose`, so test files running in parallel never see each other's rows.
 */
export async function postgresTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const server = testPostgresUrl();
  const name = `orphelix_test_${randomBytes(6).toString('hex')}`;
  await withAdmin(server, (admin) => admin.query(`CREATE DATABASE ${name}`));
  const url = new URL(server);
  url.pathname = `/${name}`;
  const db = new PostgresDatabase(url.toString());
  if (options.migrate !== false) await migrate(db);
  const opened: Database[] = [db];
  // The key file still lives in the data folder.
  const dataDir = mkdtempSync(join(tmpdir(), 'orphelix-data-'));
  return {
    db,
    env: { DATABASE_URL: url.toString(), ORPHELIX_DATA_DIR: dataDir },
    reopen: () => {
      const another = new PostgresDatabase(url.toString());
      opened.push(another);
      return another;
    },
    dispose: async () => {
      await Promise.all(opened.map((d) => d.close()));
      await withAdmin(server, (admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function withAdmin<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
