import { chmodSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { Database, SqlExecutor, SqlRow, SqlValue } from './database';

/** How long a statement waits for another process's write lock before failing. */
const BUSY_TIMEOUT_MS = 10_000;

/**
 * Rewrites the shared PostgreSQL-flavoured SQL for SQLite: `$n` becomes `?n` (the same numbered
 * parameter) and a trailing `FOR UPDATE` goes, since a SQLite transaction started with `BEGIN
 * IMMEDIATE` already holds the only write lock. Statements never carry `$` inside string literals.
 */
export function toSqliteSql(sql: string): string {
  return sql.replace(/\$(\d+)/g, '?$1').replace(/\s+FOR\s+UPDATE\s*$/i, '');
}

/**
 * SQLite through Node's built-in `node:sqlite`: one synchronous connection in WAL mode. The process
 * runs one unit of work at a time on it (a statement, or a whole transaction), queued in arrival
 * order, so an open transaction never sees another request's statements; `BEGIN IMMEDIATE` and the
 * busy timeout cover other processes on the same file.
 */
export class SqliteDatabase implements Database {
  readonly dialect = 'sqlite' as const;
  private readonly db: DatabaseSync;
  private readonly statements = new Map<string, StatementSync>();
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  /** Opens (creating when missing) the file at `path`; its folder is created with mode 0700. */
  constructor(readonly path: string) {
    if (path !== ':memory:') {
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    }
    this.db = new DatabaseSync(path, { timeout: BUSY_TIMEOUT_MS, enableForeignKeyConstraints: true });
    if (path !== ':memory:') {
      chmodSync(path, 0o600);
    }
    this.db.exec('PRAGMA journal_mode = WAL');
    // In WAL mode NORMAL loses no committed data on a process crash, only possibly on power loss.
    this.db.exec('PRAGMA synchronous = NORMAL');
  }

  query<T extends SqlRow = SqlRow>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    return this.exclusive(() => this.all<T>(sql, params));
  }

  execute(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    return this.exclusive(() => this.run(sql, params));
  }

  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.exclusive(async () => {
      let open = true;
      const guard = (): void => {
        if (!open) throw new Error('The transaction has ended; run statements inside its callback');
      };
      const tx: SqlExecutor = {
        dialect: 'sqlite',
        query: async <R extends SqlRow = SqlRow>(sql: string, params: readonly SqlValue[] = []) => {
          guard();
          return this.all<R>(sql, params);
        },
        execute: async (sql, params = []) => {
          guard();
          return this.run(sql, params);
        },
      };
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const result = await fn(tx);
        this.db.exec('COMMIT');
        return result;
      } catch (error) {
        if (this.db.isTransaction) this.db.exec('ROLLBACK');
        throw error;
      } finally {
        open = false;
      }
    });
  }

  close(): Promise<void> {
    return this.exclusive(() => {
      if (!this.closed) {
        this.closed = true;
        this.statements.clear();
        this.db.close();
      }
    }, true);
  }

  /** Runs `work` after everything queued before it, whether that succeeded or failed. */
  private exclusive<T>(work: () => T | Promise<T>, evenWhenClosed = false): Promise<T> {
    const run = this.queue.then(() => {
      if (this.closed && !evenWhenClosed) throw new Error('The database is closed');
      return work();
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private statement(sql: string): StatementSync {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(toSqliteSql(sql));
      this.statements.set(sql, statement);
    }
    return statement;
  }

  private all<T extends SqlRow>(sql: string, params: readonly SqlValue[]): T[] {
    return this.statement(sql).all(...params) as T[];
  }

  private run(sql: string, params: readonly SqlValue[]): number {
    return Number(this.statement(sql).run(...params).changes);
  }
}
