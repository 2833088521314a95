import { join } from 'node:path';
import type { AppConfig } from '../config/app-config';
import type { Database, SqlExecutor, SqlRow, SqlValue } from './database';
import { migrate } from './migrations';
import { PostgresDatabase } from './postgres-database';
import { SqliteDatabase } from './sqlite-database';

export const SQLITE_FILE_NAME = 'orphelix.db';

/** The adapter the configuration selects: PostgreSQL when `DATABASE_URL` is set, else the SQLite file. */
export function createDatabase(config: Pick<AppConfig, 'dataDir' | 'databaseUrl'>): Database {
  return config.databaseUrl
    ? new PostgresDatabase(config.databaseUrl.reveal())
    : new SqliteDatabase(join(config.dataDir, SQLITE_FILE_NAME));
}

/**
 * A `Database` that connects and migrates on first use, once, however many requests arrive together.
 * Routes that never touch persistence (and their tests) then create no file and need no server. A
 * failed start is not cached: the next use tries again.
 */
export class LazyDatabase implements Database {
  private opening: Promise<Database> | null = null;
  private opened: Database | null = null;
  private closed = false;

  constructor(
    readonly dialect: Database['dialect'],
    private readonly open: () => Database,
  ) {}

  static fromConfig(config: Pick<AppConfig, 'dataDir' | 'databaseUrl'>): LazyDatabase {
    return new LazyDatabase(config.databaseUrl ? 'postgres' : 'sqlite', () => createDatabase(config));
  }

  /** Connects and migrates now; resolves when the database is ready. */
  ready(): Promise<Database> {
    if (this.closed) return Promise.reject(new Error('The database is closed'));
    this.opening ??= (async () => {
      const db = this.open();
      try {
        await migrate(db);
      } catch (error) {
        await db.close().catch(() => undefined);
        throw error;
      }
      this.opened = db;
      return db;
    })().catch((error: unknown) => {
      this.opening = null;
      throw error;
    });
    return this.opening;
  }

  async query<T extends SqlRow = SqlRow>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    return (await this.ready()).query<T>(sql, params);
  }

  async execute(sql: string, params?: readonly SqlValue[]): Promise<number> {
    return (await this.ready()).execute(sql, params);
  }

  async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return (await this.ready()).transaction(fn);
  }

  async close(): Promise<void> {
    this.closed = true;
    const pending = this.opening;
    this.opening = null;
    if (pending) {
      await pending.then((db) => db.close()).catch(() => undefined);
    } else if (this.opened) {
      await this.opened.close();
    }
    this.opened = null;
  }
}
