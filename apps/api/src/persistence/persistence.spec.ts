import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SecretValue } from '../config/app-config';
import { LazyDatabase } from './open-database';
import { SqliteDatabase, toSqliteSql } from './sqlite-database';
import { describePersistence } from './testing/persistence-suite';
import { sqliteTestDatabase } from './testing/test-databases';
import { loadSecretKey, TokenCipher } from './token-cipher';

describe('persistence on SQLite', () => {
  describePersistence((options) => sqliteTestDatabase(options), { concurrentConnections: false });
});

describe('SQLite adapter', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'orphelix-sqlite-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('renumbers placeholders and drops FOR UPDATE', () => {
    expect(toSqliteSql('SELECT a FROM t WHERE b = $1 AND c = $12 FOR UPDATE')).toBe('SELECT a FROM t WHERE b = ?1 AND c = ?12');
  });

  it('creates the data folder 0700 and the file 0600, in WAL mode', async () => {
    const dataDir = join(dir, 'nested', 'data');
    const db = new SqliteDatabase(join(dataDir, 'orphelix.db'));
    try {
      expect(statSync(dataDir).mode & 0o777).toBe(0o700);
      expect(statSync(join(dataDir, 'orphelix.db')).mode & 0o777).toBe(0o600);
      expect(await db.query('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
    } finally {
      await db.close();
    }
    await db.close();
    await expect(db.query('SELECT 1')).rejects.toThrow(/closed/);
  });

  it('runs one transaction at a time, each seeing the previous one', async () => {
    const db = new SqliteDatabase(join(dir, 'x.db'));
    await db.execute('CREATE TABLE counter (n INTEGER NOT NULL)');
    await db.execute('INSERT INTO counter (n) VALUES (0)');
    await Promise.all(
      Array.from({ length: 25 }, () =>
        db.transaction(async (tx) => {
          const [row] = await tx.query<{ n: number }>('SELECT n FROM counter FOR UPDATE');
          await new Promise((resolve) => setImmediate(resolve));
          // A statement from outside the transaction, queued meanwhile, must not run inside it.
          void db.query('SELECT n FROM counter');
          await tx.execute('UPDATE counter SET n = $1', [(row?.n ?? 0) + 1]);
        }),
      ),
    );
    expect(await db.query('SELECT n FROM counter')).toEqual([{ n: 25 }]);
    await db.close();
  });
});

describe('LazyDatabase', () => {
  it('creates nothing until first used, then migrates once for concurrent first uses', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'orphelix-lazy-')), 'data');
    const db = LazyDatabase.fromConfig({ dataDir, databaseUrl: null });
    expect(existsSync(dataDir)).toBe(false);
    const results = await Promise.all([db.query('SELECT COUNT(*) AS n FROM schema_migrations'), db.query('SELECT 1 AS one')]);
    expect(results[1]).toEqual([{ one: 1 }]);
    expect(existsSync(join(dataDir, 'orphelix.db'))).toBe(true);
    await db.close();
    await expect(db.query('SELECT 1')).rejects.toThrow(/closed/);
    rmSync(dataDir, { recursive: true, force: true });
  });
});

describe('TokenCipher', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = join(mkdtempSync(join(tmpdir(), 'orphelix-key-')), 'data');
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('generates the key file once, 0600, and reuses it', () => {
    const key = loadSecretKey({ secretKey: null, dataDir });
    expect(key).toHaveLength(32);
    expect(statSync(join(dataDir, 'secret.key')).mode & 0o777).toBe(0o600);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(loadSecretKey({ secretKey: null, dataDir })).toEqual(key);
    expect(readFileSync(join(dataDir, 'secret.key'), 'utf8').trim()).toBe(key.toString('base64'));
  });

  it('prefers ORPHELIX_SECRET_KEY and writes no file', () => {
    const secretKey = new SecretValue(Buffer.alloc(32, 9).toString('base64'));
    expect(loadSecretKey({ secretKey, dataDir })).toEqual(Buffer.alloc(32, 9));
    expect(existsSync(dataDir)).toBe(false);
  });

  it('authenticates the context and the data', () => {
    const cipher = new TokenCipher(() => Buffer.alloc(32, 3));
    const sealed = cipher.encrypt('gho_secret', 'oauth:u1:access');
    expect(sealed).not.toContain('gho_secret');
    expect(cipher.encrypt('gho_secret', 'oauth:u1:access')).not.toBe(sealed);
    expect(cipher.decrypt(sealed, 'oauth:u1:access')).toBe('gho_secret');
    expect(() => cipher.decrypt(sealed, 'oauth:u2:access')).toThrow(/could not be decrypted/);
    const [v, iv, tag, data] = sealed.split('.');
    const flipped = `${v}.${iv}.${tag}.${Buffer.from(Buffer.from(data ?? '', 'base64url').map((b, i) => (i === 0 ? b ^ 1 : b))).toString('base64url')}`;
    expect(() => cipher.decrypt(flipped, 'oauth:u1:access')).toThrow(/could not be decrypted/);
    expect(() => new TokenCipher(() => Buffer.alloc(32, 4)).decrypt(sealed, 'oauth:u1:access')).toThrow();
    expect(JSON.stringify({ cipher })).not.toMatch(/AwMD/);
  });
});
