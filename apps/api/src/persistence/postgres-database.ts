import { Pool, type PoolClient, type PoolConfig, types } from 'pg';
import type { Database, SqlExecutor, SqlRow, SqlValue } from './database';

const INT8_OID = 20;

/**
 * BIGINT columns hold epoch milliseconds and counts, all far below 2^53: read them as numbers, as
 * SQLite does, instead of pg's default strings.
 */
const typeParsers = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary'
      ? (value: string) => Number(value)
      : types.getTypeParser(oid, format ?? 'text')) as typeof types.getTypeParser,
};

/**
 * PostgreSQL through a `pg` pool. Statements outside a transaction take any pooled connection; a
 * transaction holds one client from BEGIN to COMMIT, so concurrent requests each get their own and
 * row locks (`SELECT … FOR UPDATE`) order their read-modify-writes.
 */
export class PostgresDatabase implements Database {
  readonly dialect = 'postgres' as const;
  private readonly pool: Pool;
  private closed = false;

  constructor(connectionString: string, options: Pick<PoolConfig, 'max'> = {}) {
    this.pool = new Pool({ connectionString, max: options.max ?? 10, types: typeParsers });
    // An idle client that loses its connection emits here; without a listener the process would exit.
    // The pool drops the client and the next checkout opens a new connection.
    this.pool.on('error', () => undefined);
  }

  async query<T extends SqlRow = SqlRow>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    const result = await this.pool.query<T>(sql, [...params]);
    return result.rows;
  }

  async execute(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    const result = await this.pool.query(sql, [...params]);
    return result.rowCount ?? 0;
  }

  async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let open = true;
    const guard = (): void => {
      if (!open) throw new Error('The transaction has ended; run statements inside its callback');
    };
    const tx: SqlExecutor = {
      dialect: 'postgres',
      query: async <R extends SqlRow = SqlRow>(sql: string, params: readonly SqlValue[] = []) => {
        guard();
        return (await client.query<R>(sql, [...params])).rows;
      },
      execute: async (sql, params = []) => {
        guard();
        return (await client.query(sql, [...params])).rowCount ?? 0;
      },
    };
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await fn(tx);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      broken = await rollback(client);
      throw error;
    } finally {
      open = false;
      // A client whose rollback failed is in an unknown state: destroy it rather than reuse it.
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      await this.pool.end();
    }
  }
}

async function rollback(client: PoolClient): Promise<Error | undefined> {
  try {
    await client.query('ROLLBACK');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}
