import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { SecretValue } from '../../config/app-config';
import { DATABASE, type Database } from '../database';
import { randomToken, sha256 } from './hashing';

/** Every API token starts with this, so secret scanners and people recognise one. */
export const API_TOKEN_PREFIX = 'orx_';
/** How much of a token is kept in clear to tell tokens apart in lists: the prefix and 8 characters. */
const SHOWN_LENGTH = API_TOKEN_PREFIX.length + 8;

export interface ApiToken {
  id: string;
  name: string;
  /** The token's first characters (`orx_AbCd1234`), safe to show. */
  prefix: string;
  /** The user id (or `local`) that created it. */
  createdBy: string;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

export interface CreatedApiToken {
  /** The whole token, returned once at creation: only its SHA-256 is stored. */
  token: SecretValue;
  record: ApiToken;
}

export interface ApiTokensRepository {
  create(name: string, createdBy: string, now?: number): Promise<CreatedApiToken>;
  /** Newest first, revoked ones included (with `revokedAt`). */
  list(): Promise<ApiToken[]>;
  /** Answers false when the token is unknown or already revoked. */
  revoke(id: string, now?: number): Promise<boolean>;
  /** The live (unrevoked) token a caller presented, recording its use; null when unknown or revoked. */
  findByPlaintext(token: string, now?: number): Promise<ApiToken | null>;
}

export const API_TOKENS_REPOSITORY = Symbol('API_TOKENS_REPOSITORY');

type ApiTokenRow = {
  id: string;
  name: string;
  prefix: string;
  created_by: string;
  created_at: number | bigint;
  last_used_at: number | bigint | null;
  revoked_at: number | bigint | null;
};

const COLUMNS = 'id, name, prefix, created_by, created_at, last_used_at, revoked_at';

@Injectable()
export class SqlApiTokensRepository implements ApiTokensRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async create(name: string, createdBy: string, now = Date.now()): Promise<CreatedApiToken> {
    const token = `${API_TOKEN_PREFIX}${randomToken()}`;
    const record: ApiToken = {
      id: randomUUID(),
      name,
      prefix: token.slice(0, SHOWN_LENGTH),
      createdBy,
      createdAt: now,
      lastUsedAt: null,
      revokedAt: null,
    };
    await this.db.execute(
      'INSERT INTO api_tokens (id, name, token_hash, prefix, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6)',
      [record.id, name, sha256(token), record.prefix, createdBy, now],
    );
    return { token: new SecretValue(token), record };
  }

  async list(): Promise<ApiToken[]> {
    const rows = await this.db.query<ApiTokenRow>(`SELECT ${COLUMNS} FROM api_tokens ORDER BY created_at DESC, id`);
    return rows.map(toApiToken);
  }

  async revoke(id: string, now = Date.now()): Promise<boolean> {
    return (await this.db.execute('UPDATE api_tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL', [id, now])) > 0;
  }

  async findByPlaintext(token: string, now = Date.now()): Promise<ApiToken | null> {
    if (!token.startsWith(API_TOKEN_PREFIX)) return null;
    const [row] = await this.db.query<ApiTokenRow>(
      `SELECT ${COLUMNS} FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL`,
      [sha256(token)],
    );
    if (!row) return null;
    await this.db.execute('UPDATE api_tokens SET last_used_at = $2 WHERE id = $1', [row.id, now]);
    return { ...toApiToken(row), lastUsedAt: now };
  }
}

function toApiToken(row: ApiTokenRow): ApiToken {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    createdBy: row.created_by,
    createdAt: Number(row.created_at),
    lastUsedAt: row.last_used_at === null ? null : Number(row.last_used_at),
    revokedAt: row.revoked_at === null ? null : Number(row.revoked_at),
  };
}
