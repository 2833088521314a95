import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { SecretValue } from '../../config/app-config';
import { DATABASE, type Database, type SqlExecutor } from '../database';
import { TokenCipher } from '../token-cipher';

export type IdentityProvider = 'github';

export interface User {
  id: string;
  provider: IdentityProvider;
  /** The provider's own id for the account (GitHub's numeric user id, as a string). */
  providerUserId: string;
  login: string;
  name: string | null;
  avatarUrl: string | null;
  /** `https://github.com` or a GitHub Enterprise Server URL: ids are only unique within one. */
  githubBaseUrl: string;
  createdAt: number;
  updatedAt: number;
}

export interface ProviderProfile {
  provider: IdentityProvider;
  providerUserId: string;
  login: string;
  name: string | null;
  avatarUrl: string | null;
  githubBaseUrl: string;
}

/** A user's OAuth tokens, decrypted. The tokens are `SecretValue`s: logs and JSON show `[redacted]`. */
export interface OAuthTokens {
  accessToken: SecretValue;
  refreshToken: SecretValue | null;
  /** Epoch ms; null when the token does not expire. */
  accessTokenExpiresAt: number | null;
  refreshTokenExpiresAt: number | null;
  scopes: string[];
  updatedAt: number;
}

export interface OAuthTokensInput {
  accessToken: string | SecretValue;
  refreshToken: string | SecretValue | null;
  accessTokenExpiresAt: number | null;
  refreshTokenExpiresAt: number | null;
  scopes: readonly string[];
}

export interface UsersRepository {
  /** Creates the user on first sign-in, refreshes login, name and avatar on later ones. */
  upsertFromProvider(profile: ProviderProfile, now?: number): Promise<User>;
  findById(id: string): Promise<User | null>;
  findByProviderId(provider: IdentityProvider, githubBaseUrl: string, providerUserId: string): Promise<User | null>;
  /** Replaces the user's tokens, encrypted with AES-256-GCM. */
  saveTokens(userId: string, tokens: OAuthTokensInput, now?: number): Promise<void>;
  findTokens(userId: string): Promise<OAuthTokens | null>;
  deleteTokens(userId: string): Promise<boolean>;
  /** Deletes the user with their tokens and sessions. */
  remove(userId: string): Promise<boolean>;
}

export const USERS_REPOSITORY = Symbol('USERS_REPOSITORY');

type UserRow = {
  id: string;
  provider: string;
  provider_user_id: string;
  github_base_url: string;
  login: string;
  name: string | null;
  avatar_url: string | null;
  created_at: number | bigint;
  updated_at: number | bigint;
};

type TokenRow = {
  access_token: string;
  refresh_token: string | null;
  access_token_expires_at: number | bigint | null;
  refresh_token_expires_at: number | bigint | null;
  scopes: string;
  updated_at: number | bigint;
};

const USER_COLUMNS = 'id, provider, provider_user_id, github_base_url, login, name, avatar_url, created_at, updated_at';
const KEY_ID_META = 'token_key_id';

@Injectable()
export class SqlUsersRepository implements UsersRepository {
  private keyChecked: Promise<void> | null = null;

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly cipher: TokenCipher,
  ) {}

  upsertFromProvider(profile: ProviderProfile, now = Date.now()): Promise<User> {
    return this.db.transaction(async (tx) => {
      await tx.execute(
        `INSERT INTO users (${USER_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
         ON CONFLICT (provider, github_base_url, provider_user_id)
         DO UPDATE SET login = excluded.login, name = excluded.name, avatar_url = excluded.avatar_url, updated_at = excluded.updated_at`,
        [
          randomUUID(),
          profile.provider,
          profile.providerUserId,
          profile.githubBaseUrl,
          profile.login,
          profile.name,
          profile.avatarUrl,
          now,
        ],
      );
      const user = await findByProvider(tx, profile.provider, profile.githubBaseUrl, profile.providerUserId);
      if (!user) throw new Error('The upserted user is missing');
      return user;
    });
  }

  async findById(id: string): Promise<User | null> {
    const [row] = await this.db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1`, [id]);
    return row ? toUser(row) : null;
  }

  findByProviderId(provider: IdentityProvider, githubBaseUrl: string, providerUserId: string): Promise<User | null> {
    return findByProvider(this.db, provider, githubBaseUrl, providerUserId);
  }

  async saveTokens(userId: string, tokens: OAuthTokensInput, now = Date.now()): Promise<void> {
    await this.checkKey();
    const reveal = (value: string | SecretValue): string => (typeof value === 'string' ? value : value.reveal());
    await this.db.execute(
      `INSERT INTO oauth_tokens (user_id, access_token, refresh_token, access_token_expires_at, refresh_token_expires_at, scopes, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (user_id) DO UPDATE SET access_token = excluded.access_token, refresh_token = excluded.refresh_token,
         access_token_expires_at = excluded.access_token_expires_at, refresh_token_expires_at = excluded.refresh_token_expires_at,
         scopes = excluded.scopes, updated_at = excluded.updated_at`,
      [
        userId,
        this.cipher.encrypt(reveal(tokens.accessToken), tokenContext(userId, 'access')),
        tokens.refreshToken === null ? null : this.cipher.encrypt(reveal(tokens.refreshToken), tokenContext(userId, 'refresh')),
        tokens.accessTokenExpiresAt,
        tokens.refreshTokenExpiresAt,
        tokens.scopes.join(' '),
        now,
      ],
    );
  }

  async findTokens(userId: string): Promise<OAuthTokens | null> {
    const [row] = await this.db.query<TokenRow>(
      `SELECT access_token, refresh_token, access_token_expires_at, refresh_token_expires_at, scopes, updated_at
       FROM oauth_tokens WHERE user_id = $1`,
      [userId],
    );
    if (!row) return null;
    await this.checkKey();
    return {
      accessToken: new SecretValue(this.cipher.decrypt(row.access_token, tokenContext(userId, 'access'))),
      refreshToken:
        row.refresh_token === null
          ? null
          : new SecretValue(this.cipher.decrypt(row.refresh_token, tokenContext(userId, 'refresh'))),
      accessTokenExpiresAt: nullableNumber(row.access_token_expires_at),
      refreshTokenExpiresAt: nullableNumber(row.refresh_token_expires_at),
      scopes: row.scopes.split(' ').filter(Boolean),
      updatedAt: Number(row.updated_at),
    };
  }

  async deleteTokens(userId: string): Promise<boolean> {
    return (await this.db.execute('DELETE FROM oauth_tokens WHERE user_id = $1', [userId])) > 0;
  }

  async remove(userId: string): Promise<boolean> {
    return (await this.db.execute('DELETE FROM users WHERE id = $1', [userId])) > 0;
  }

  /**
   * Records the key's fingerprint on first use and refuses a different key afterwards: replicas sharing
   * one PostgreSQL with different keys would otherwise write tokens the others cannot read.
   */
  private checkKey(): Promise<void> {
    this.keyChecked ??= (async () => {
      const keyId = this.cipher.keyId();
      await this.db.execute('INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [KEY_ID_META, keyId]);
      const [row] = await this.db.query<{ value: string }>('SELECT value FROM meta WHERE key = $1', [KEY_ID_META]);
      if (row?.value !== keyId) {
        throw new Error(
          'The token encryption key differs from the one this database was written with: give every replica ' +
            'the same ORPHELIX_SECRET_KEY (or the original data folder key file)',
        );
      }
    })().catch((error: unknown) => {
      this.keyChecked = null;
      throw error;
    });
    return this.keyChecked;
  }
}

async function findByProvider(
  db: SqlExecutor,
  provider: IdentityProvider,
  githubBaseUrl: string,
  providerUserId: string,
): Promise<User | null> {
  const [row] = await db.query<UserRow>(
    `SELECT ${USER_COLUMNS} FROM users WHERE provider = $1 AND github_base_url = $2 AND provider_user_id = $3`,
    [provider, githubBaseUrl, providerUserId],
  );
  return row ? toUser(row) : null;
}

function tokenContext(userId: string, kind: 'access' | 'refresh'): string {
  return `oauth:${userId}:${kind}`;
}

function nullableNumber(value: number | bigint | null): number | null {
  return value === null ? null : Number(value);
}

function toUser(row: UserRow): User {
  return {
    id: row.id,
    provider: row.provider as IdentityProvider,
    providerUserId: row.provider_user_id,
    githubBaseUrl: row.github_base_url,
    login: row.login,
    name: row.name,
    avatarUrl: row.avatar_url,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}
