import type { Database, Dialect, SqlExecutor } from './database';

/**
 * One schema change. Versions only grow; an applied migration is never edited (add a new one), since
 * databases that already ran it would not run it again.
 */
export interface Migration {
  version: number;
  name: string;
  /** The statements, in order; the dialect is there for the rare type that differs. */
  statements(dialect: Dialect): string[];
}

/** Any constant shared by every replica: PostgreSQL's transaction-level lock serialises their migrators. */
export const MIGRATION_LOCK_KEY = 7_262_024_601;

const autoIncrementId = (dialect: Dialect): string =>
  dialect === 'postgres' ? 'BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY' : 'INTEGER PRIMARY KEY AUTOINCREMENT';

/**
 * Times are epoch milliseconds in BIGINT columns and documents are JSON in TEXT, so both databases
 * store and compare them alike.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'identity, sessions, API tokens, audit log and settings',
    statements: (dialect) => [
      `CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      )`,
      `CREATE TABLE users (
        id TEXT PRIMARY KEY,
        provider TEXT NOT NULL CHECK (provider IN ('github')),
        provider_user_id TEXT NOT NULL,
        github_base_url TEXT NOT NULL,
        login TEXT NOT NULL,
        name TEXT,
        avatar_url TEXT,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
        UNIQUE (provider, github_base_url, provider_user_id)
      )`,
      // Token columns hold AES-256-GCM ciphertexts (see TokenCipher), never plaintext.
      `CREATE TABLE oauth_tokens (
        user_id TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
        access_token TEXT NOT NULL,
        refresh_token TEXT,
        access_token_expires_at BIGINT,
        refresh_token_expires_at BIGINT,
        scopes TEXT NOT NULL,
        updated_at BIGINT NOT NULL
      )`,
      // The session id itself is never stored: only its SHA-256, so a leaked table opens no session.
      `CREATE TABLE sessions (
        id_hash TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        csrf_secret TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        expires_at BIGINT NOT NULL,
        last_seen_at BIGINT NOT NULL
      )`,
      'CREATE INDEX sessions_user_id ON sessions (user_id)',
      'CREATE INDEX sessions_expires_at ON sessions (expires_at)',
      // `created_by` is a user id or `local`, which has no users row: no foreign key.
      `CREATE TABLE api_tokens (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        token_hash TEXT NOT NULL UNIQUE,
        prefix TEXT NOT NULL,
        created_by TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        last_used_at BIGINT,
        revoked_at BIGINT
      )`,
      `CREATE TABLE audit_log (
        id ${autoIncrementId(dialect)},
        at BIGINT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT,
        result TEXT NOT NULL,
        request_id TEXT,
        details TEXT NOT NULL
      )`,
      'CREATE INDEX audit_log_at ON audit_log (at)',
      'CREATE INDEX audit_log_actor_at ON audit_log (actor, at)',
      'CREATE INDEX audit_log_action_at ON audit_log (action, at)',
      `CREATE TABLE settings (
        user_id TEXT PRIMARY KEY,
        document TEXT NOT NULL,
        version BIGINT NOT NULL,
        updated_at BIGINT NOT NULL
      )`,
    ],
  },
];

/**
 * Brings the schema up to date: each pending migration runs in its own transaction together with its
 * `schema_migrations` row, in version order, so a failure leaves the database at the last good
 * version and a second run does nothing. On PostgreSQL every step first takes an advisory lock, so
 * replicas starting together apply each migration once; on SQLite `BEGIN IMMEDIATE` does the same.
 * Answers the versions it applied.
 */
export async function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  const ordered = [...migrations].sort((a, b) => a.version - b.version);
  const applied: number[] = [];
  const done = await db.transaction(async (tx) => {
    await lock(tx);
    await tx.execute(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)',
    );
    return appliedVersions(tx);
  });
  for (const migration of ordered.filter((m) => !done.has(m.version))) {
    const ran = await db.transaction(async (tx) => {
      await lock(tx);
      // Another replica may have applied it between our check and our lock.
      if ((await appliedVersions(tx)).has(migration.version)) return false;
      for (const statement of migration.statements(tx.dialect)) {
        await tx.execute(statement);
      }
      await tx.execute('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
        migration.version,
        migration.name,
        Date.now(),
      ]);
      return true;
    });
    if (ran) applied.push(migration.version);
  }
  return applied;
}

async function lock(tx: SqlExecutor): Promise<void> {
  if (tx.dialect === 'postgres') {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
  }
}

async function appliedVersions(tx: SqlExecutor): Promise<Set<number>> {
  const rows = await tx.query<{ version: number | bigint }>('SELECT version FROM schema_migrations');
  return new Set(rows.map((r) => Number(r.version)));
}
