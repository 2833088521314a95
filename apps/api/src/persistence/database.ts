/** A value a query binds; booleans are stored as 0/1 by the callers, since SQLite has no boolean type. */
export type SqlValue = string | number | bigint | null;

/** A row as the driver returns it; repositories map rows to their own types. */
export type SqlRow = Record<string, unknown>;

export type Dialect = 'sqlite' | 'postgres';

/**
 * Runs SQL. Statements are written once for both databases: PostgreSQL syntax with `$1`, `$2`…
 * placeholders, which the SQLite adapter renumbers; a trailing `FOR UPDATE` is dropped on SQLite,
 * where a transaction already holds the database's only write lock.
 */
export interface SqlExecutor {
  readonly dialect: Dialect;
  /** The rows a statement returns (`SELECT`, or `INSERT … RETURNING`). */
  query<T extends SqlRow = SqlRow>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  /** Runs a statement and answers how many rows it changed. */
  execute(sql: string, params?: readonly SqlValue[]): Promise<number>;
}

/**
 * The API's persistent store. Two adapters: SQLite (a file in the data folder) and PostgreSQL (when
 * `DATABASE_URL` is set). Both run the same versioned migrations before the first statement.
 */
export interface Database extends SqlExecutor {
  /**
   * Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. Statements
   * inside must go through `tx`, never through the database itself (SQLite would wait for the
   * transaction that is waiting for it). Read-modify-write sequences read with `FOR UPDATE`.
   */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** Ends the connections; later calls fail. */
  close(): Promise<void>;
}

/** DI token of the `Database`. */
export const DATABASE = Symbol('DATABASE');
