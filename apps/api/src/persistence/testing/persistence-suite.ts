import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SecretValue } from '../../config/app-config';
import type { Database } from '../database';
import { migrate, MIGRATIONS } from '../migrations';
import { SqlApiTokensRepository } from '../repositories/api-tokens.repository';
import { SqlAuditLogRepository } from '../repositories/audit-log.repository';
import { SqlSessionsRepository } from '../repositories/sessions.repository';
import { SqlSettingsRepository } from '../repositories/settings.repository';
import { type ProviderProfile, SqlUsersRepository } from '../repositories/users.repository';
import { TokenCipher } from '../token-cipher';
import type { TestDatabase } from './test-databases';

const GITHUB = 'https://github.com';
const HOUR = 3_600_000;

function profile(id: string, login: string): ProviderProfile {
  return { provider: 'github', providerUserId: id, login, name: null, avatarUrl: null, githubBaseUrl: GITHUB };
}

export interface SuiteOptions {
  /**
   * Whether one process may hold several connections that wait for each other. PostgreSQL: yes, as
   * replicas do. SQLite: no, its driver is synchronous, so a second connection waiting for the first's
   * lock would block the thread the first needs to finish; the API opens one connection per process
   * and other processes simply wait (busy timeout).
   */
  concurrentConnections: boolean;
}

/**
 * The persistence layer's behaviour, run once per adapter (persistence.spec.ts on a SQLite file,
 * persistence.pg.spec.ts on PostgreSQL): both must pass the same tests.
 */
export function describePersistence(
  open: (options?: { migrate?: boolean }) => Promise<TestDatabase>,
  { concurrentConnections }: SuiteOptions,
): void {
  const withConnections = concurrentConnections ? it : it.skip;
  let test: TestDatabase;
  let db: Database;
  const keyDir = mkdtempSync(join(tmpdir(), 'orphelix-key-'));
  const cipher = TokenCipher.fromConfig({ secretKey: null, dataDir: keyDir });

  beforeAll(async () => {
    test = await open();
    db = test.db;
  });
  afterAll(async () => {
    await test.dispose();
    rmSync(keyDir, { recursive: true, force: true });
  });

  describe('migrations', () => {
    it('records each applied version, and a second run applies nothing', async () => {
      const rows = await db.query<{ version: number; name: string }>('SELECT version, name FROM schema_migrations ORDER BY version');
      expect(rows.map((r) => Number(r.version))).toEqual(MIGRATIONS.map((m) => m.version));
      expect(await migrate(db)).toEqual([]);
    });

    withConnections('applies each migration once when several replicas start together', async () => {
      const fresh = await open({ migrate: false });
      try {
        const replicas = [fresh.db, fresh.reopen(), fresh.reopen(), fresh.reopen()];
        const applied = await Promise.all(replicas.map((replica) => migrate(replica)));
        expect(applied.flat().sort()).toEqual(MIGRATIONS.map((m) => m.version));
        const [count] = await fresh.db.query<{ n: number }>('SELECT COUNT(*) AS n FROM schema_migrations');
        expect(Number(count?.n)).toBe(MIGRATIONS.length);
      } finally {
        await fresh.dispose();
      }
    });

    it('rolls a failed migration back whole and applies the good ones before it', async () => {
      const fresh = await open({ migrate: false });
      try {
        const broken = [
          { version: 1, name: 'good', statements: () => ['CREATE TABLE good_one (id TEXT PRIMARY KEY)'] },
          { version: 2, name: 'bad', statements: () => ['CREATE TABLE half (id TEXT)', 'CREATE TABLE syntax error'] },
        ];
        await expect(migrate(fresh.db, broken)).rejects.toThrow();
        const versions = await fresh.db.query<{ version: number }>('SELECT version FROM schema_migrations');
        expect(versions.map((r) => Number(r.version))).toEqual([1]);
        await expect(fresh.db.query('SELECT * FROM half')).rejects.toThrow();
      } finally {
        await fresh.dispose();
      }
    });
  });

  describe('transactions', () => {
    it('commits on success and rolls back when the callback throws', async () => {
      await db.transaction((tx) => tx.execute("INSERT INTO meta (key, value) VALUES ('tx-ok', $1)", ['1']));
      await expect(
        db.transaction(async (tx) => {
          await tx.execute("INSERT INTO meta (key, value) VALUES ('tx-failed', $1)", ['1']);
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      const keys = await db.query<{ key: string }>("SELECT key FROM meta WHERE key LIKE 'tx-%' ORDER BY key");
      expect(keys.map((r) => r.key)).toEqual(['tx-ok']);
    });

    it('refuses statements on a transaction that has ended', async () => {
      let leaked: Parameters<Parameters<Database['transaction']>[0]>[0] | undefined;
      await db.transaction(async (tx) => {
        leaked = tx;
      });
      await expect(leaked?.query('SELECT 1')).rejects.toThrow(/ended/);
    });

    it('binds a placeholder used twice', async () => {
      const [row] = await db.query<{ a: string; b: string }>('SELECT $1 AS a, $1 AS b', ['same']);
      expect(row).toEqual({ a: 'same', b: 'same' });
    });
  });

  describe('users and OAuth tokens', () => {
    it('creates a user on first sign-in and updates the profile later, keeping the id', async () => {
      const users = new SqlUsersRepository(db, cipher);
      const first = await users.upsertFromProvider({ ...profile('1001', 'octocat'), name: 'Octo' }, 1000);
      const again = await users.upsertFromProvider({ ...profile('1001', 'octocat2'), avatarUrl: 'https://a/x.png' }, 2000);
      expect(again).toEqual({ ...first, login: 'octocat2', name: null, avatarUrl: 'https://a/x.png', updatedAt: 2000 });
      expect(first.createdAt).toBe(1000);
      expect(await users.findById(first.id)).toEqual(again);
      expect(await users.findByProviderId('github', GITHUB, '1001')).toEqual(again);
      // The same numeric id on a GitHub Enterprise Server is another person.
      const enterprise = await users.upsertFromProvider({ ...profile('1001', 'octo-ghe'), githubBaseUrl: 'https://ghe.example.com' });
      expect(enterprise.id).not.toBe(first.id);
      expect(await users.findById('nobody')).toBeNull();
    });

    it('stores tokens encrypted and gives them back only as redacted secrets', async () => {
      const users = new SqlUsersRepository(db, cipher);
      const user = await users.upsertFromProvider(profile('2002', 'hubot'));
      await users.saveTokens(user.id, {
        accessToken: 'gho_plaintextAccess',
        refreshToken: new SecretValue('ghr_plaintextRefresh'),
        accessTokenExpiresAt: 5000,
        refreshTokenExpiresAt: null,
        scopes: ['read:user', 'repo'],
      }, 100);
      const [raw] = await db.query('SELECT * FROM oauth_tokens WHERE user_id = $1', [user.id]);
      expect(JSON.stringify(raw)).not.toMatch(/plaintext/);

      const tokens = await users.findTokens(user.id);
      expect(tokens?.accessToken.reveal()).toBe('gho_plaintextAccess');
      expect(tokens?.refreshToken?.reveal()).toBe('ghr_plaintextRefresh');
      expect(tokens).toMatchObject({ accessTokenExpiresAt: 5000, refreshTokenExpiresAt: null, scopes: ['read:user', 'repo'], updatedAt: 100 });
      expect(`${JSON.stringify(tokens)} ${inspect(tokens)} ${String(tokens?.accessToken)}`).not.toMatch(/plaintext/);
    });

    it('refuses a different key than the one the database was written with', async () => {
      const users = new SqlUsersRepository(db, cipher);
      const user = await users.upsertFromProvider(profile('3003', 'other'));
      await users.saveTokens(user.id, { accessToken: 'x', refreshToken: null, accessTokenExpiresAt: null, refreshTokenExpiresAt: null, scopes: [] });
      const otherKey = new TokenCipher(() => Buffer.alloc(32, 1));
      await expect(new SqlUsersRepository(db, otherKey).findTokens(user.id)).rejects.toThrow(/ORPHELIX_SECRET_KEY/);
    });

    it('deletes a user with their tokens and sessions', async () => {
      const users = new SqlUsersRepository(db, cipher);
      const sessions = new SqlSessionsRepository(db);
      const user = await users.upsertFromProvider(profile('4004', 'leaving'));
      await users.saveTokens(user.id, { accessToken: 'x', refreshToken: null, accessTokenExpiresAt: null, refreshTokenExpiresAt: null, scopes: [] });
      const { id } = await sessions.create(user.id, HOUR);
      expect(await users.remove(user.id)).toBe(true);
      expect(await users.findTokens(user.id)).toBeNull();
      expect(await sessions.find(id.reveal())).toBeNull();
      expect(await users.deleteTokens(user.id)).toBe(false);
    });
  });

  describe('sessions', () => {
    it('finds a live session by its id while the table holds only the hash', async () => {
      const user = await new SqlUsersRepository(db, cipher).upsertFromProvider(profile('5005', 'sess'));
      const sessions = new SqlSessionsRepository(db);
      const { id, session } = await sessions.create(user.id, HOUR, 10_000);
      const rows = await db.query('SELECT * FROM sessions WHERE user_id = $1', [user.id]);
      expect(JSON.stringify(rows)).not.toContain(id.reveal());
      expect(inspect(session)).not.toContain(session.csrfSecret.reveal());

      expect(await sessions.find(id.reveal(), 10_001)).toEqual(session);
      expect(await sessions.find(id.reveal(), 10_000 + HOUR)).toBeNull();
      expect(await sessions.find('forged', 10_001)).toBeNull();

      expect(await sessions.touch(session.idHash, 20_000, 20_000 + HOUR)).toBe(true);
      expect(await sessions.find(id.reveal(), 10_000 + HOUR)).toMatchObject({ lastSeenAt: 20_000, expiresAt: 20_000 + HOUR });
      expect(await sessions.touch(session.idHash, 30_000)).toBe(true);
      expect(await sessions.find(id.reveal(), 30_001)).toMatchObject({ lastSeenAt: 30_000 });
      expect(await sessions.delete(session.idHash)).toBe(true);
      expect(await sessions.delete(session.idHash)).toBe(false);
      expect(await sessions.touch(session.idHash)).toBe(false);
    });

    it('removes expired sessions and every session of a user', async () => {
      const user = await new SqlUsersRepository(db, cipher).upsertFromProvider(profile('6006', 'many'));
      const sessions = new SqlSessionsRepository(db);
      await sessions.create(user.id, 10, 0);
      await sessions.create(user.id, 20, 0);
      const live = await sessions.create(user.id, HOUR, 0);
      expect(await sessions.deleteExpired(100)).toBe(2);
      expect(await sessions.find(live.id.reveal(), 100)).not.toBeNull();
      await sessions.create(user.id, HOUR, 0);
      expect(await sessions.deleteForUser(user.id)).toBe(2);
    });
  });

  describe('API tokens', () => {
    it('shows the token once, keeps its hash and a prefix, and stops accepting it once revoked', async () => {
      const tokens = new SqlApiTokensRepository(db);
      const { token, record } = await tokens.create('ci', 'local', 1000);
      expect(token.reveal()).toMatch(/^orx_[A-Za-z0-9_-]{43}$/);
      expect(record).toMatchObject({ name: 'ci', createdBy: 'local', createdAt: 1000, lastUsedAt: null, revokedAt: null });
      expect(token.reveal().startsWith(record.prefix)).toBe(true);
      expect(JSON.stringify(await db.query('SELECT * FROM api_tokens'))).not.toContain(token.reveal());

      expect(await tokens.findByPlaintext(token.reveal(), 2000)).toEqual({ ...record, lastUsedAt: 2000 });
      expect(await tokens.findByPlaintext(`${token.reveal()}x`)).toBeNull();
      expect(await tokens.findByPlaintext('not-a-token')).toBeNull();
      const second = await tokens.create('laptop', 'user-1', 3000);
      expect((await tokens.list()).map((t) => [t.name, t.lastUsedAt])).toEqual([
        ['laptop', null],
        ['ci', 2000],
      ]);

      expect(await tokens.revoke(record.id, 4000)).toBe(true);
      expect(await tokens.revoke(record.id, 5000)).toBe(false);
      expect(await tokens.findByPlaintext(token.reveal())).toBeNull();
      expect(await tokens.findByPlaintext(second.token.reveal())).not.toBeNull();
      expect((await tokens.list()).find((t) => t.id === record.id)?.revokedAt).toBe(4000);
    });
  });

  describe('audit log', () => {
    it('appends entries and lists them newest first, filtered and paged', async () => {
      const audit = new SqlAuditLogRepository(db);
      for (let i = 0; i < 6; i++) {
        await audit.append({
          at: 1000 + i,
          actor: i % 2 === 0 ? 'alice' : 'bob',
          action: i < 3 ? 'settings.update' : 'pod.restart',
          target: i < 3 ? null : `ctx/ns/pod/p${i}`,
          result: i === 5 ? 'denied' : 'success',
          requestId: `req-${i}`,
          details: { i },
        });
      }
      const all = await audit.list();
      expect(all.total).toBe(6);
      expect(all.items.map((e) => e.at)).toEqual([1005, 1004, 1003, 1002, 1001, 1000]);
      expect(all.items[0]).toEqual({
        id: expect.any(Number),
        at: 1005,
        actor: 'bob',
        action: 'pod.restart',
        target: 'ctx/ns/pod/p5',
        result: 'denied',
        requestId: 'req-5',
        details: { i: 5 },
      });
      expect((await audit.list({ actor: 'alice' })).items.map((e) => e.at)).toEqual([1004, 1002, 1000]);
      expect((await audit.list({ action: 'pod.restart', actor: 'bob' })).total).toBe(2);
      expect((await audit.list({ since: 1004 })).items.map((e) => e.at)).toEqual([1005, 1004]);
      const page = await audit.list({ limit: 2, offset: 2 });
      expect(page).toMatchObject({ total: 6 });
      expect(page.items.map((e) => e.at)).toEqual([1003, 1002]);
    });
  });

  describe('settings', () => {
    it('starts empty, and concurrent read-modify-writes of one user lose nothing', async () => {
      const settings = new SqlSettingsRepository(db);
      expect(await settings.find('local')).toBeNull();
      const writes = Array.from({ length: 40 }, (_, i) =>
        settings.update('local', (current) => ({ ...current, [`key${i}`]: i })),
      );
      await Promise.all(writes);
      const stored = await settings.find('local');
      expect(stored?.version).toBe(40);
      expect(Object.keys(stored?.document ?? {})).toHaveLength(40);
      expect(await settings.remove('local')).toBe(true);
      expect(await settings.find('local')).toBeNull();
    });

    withConnections('keeps read-modify-writes from two connections (replicas) apart', async () => {
      const settings = [new SqlSettingsRepository(db), new SqlSettingsRepository(test.reopen())];
      await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          settings[i % 2]?.update('u-replicas', (current) => ({ ...current, [`k${i}`]: true })),
        ),
      );
      expect(Object.keys((await settings[0]?.find('u-replicas'))?.document ?? {})).toHaveLength(30);
    });
  });
}
