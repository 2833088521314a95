import { Inject, Injectable } from '@nestjs/common';
import { SecretValue } from '../../config/app-config';
import { DATABASE, type Database } from '../database';
import { randomToken, sha256 } from './hashing';

export interface Session {
  /** SHA-256 of the session id: what the table stores and what `touch`/`delete` take. */
  idHash: string;
  userId: string;
  /** The per-session secret CSRF tokens are derived from or compared with. */
  csrfSecret: SecretValue;
  createdAt: number;
  expiresAt: number;
  lastSeenAt: number;
}

export interface CreatedSession {
  /** The session id for the cookie. Only this object ever holds it: the table has its hash. */
  id: SecretValue;
  session: Session;
}

export interface SessionsRepository {
  create(userId: string, ttlMs: number, now?: number): Promise<CreatedSession>;
  /** The live session of a cookie's id; null when unknown or expired. */
  find(id: string, now?: number): Promise<Session | null>;
  /** Records activity; with `expiresAt`, also slides the expiry. Answers whether the session exists. */
  touch(idHash: string, now?: number, expiresAt?: number): Promise<boolean>;
  delete(idHash: string): Promise<boolean>;
  /** Signs the user out everywhere. */
  deleteForUser(userId: string): Promise<number>;
  /** Removes sessions that expired before `now`; answers how many. */
  deleteExpired(now?: number): Promise<number>;
}

export const SESSIONS_REPOSITORY = Symbol('SESSIONS_REPOSITORY');

type SessionRow = {
  id_hash: string;
  user_id: string;
  csrf_secret: string;
  created_at: number | bigint;
  expires_at: number | bigint;
  last_seen_at: number | bigint;
};

@Injectable()
export class SqlSessionsRepository implements SessionsRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async create(userId: string, ttlMs: number, now = Date.now()): Promise<CreatedSession> {
    const id = randomToken();
    const session: Session = {
      idHash: sha256(id),
      userId,
      csrfSecret: new SecretValue(randomToken()),
      createdAt: now,
      expiresAt: now + ttlMs,
      lastSeenAt: now,
    };
    await this.db.execute(
      'INSERT INTO sessions (id_hash, user_id, csrf_secret, created_at, expires_at, last_seen_at) VALUES ($1, $2, $3, $4, $5, $4)',
      [session.idHash, userId, session.csrfSecret.reveal(), now, session.expiresAt],
    );
    return { id: new SecretValue(id), session };
  }

  async find(id: string, now = Date.now()): Promise<Session | null> {
    const [row] = await this.db.query<SessionRow>(
      'SELECT id_hash, user_id, csrf_secret, created_at, expires_at, last_seen_at FROM sessions WHERE id_hash = $1 AND expires_at > $2',
      [sha256(id), now],
    );
    return row
      ? {
          idHash: row.id_hash,
          userId: row.user_id,
          csrfSecret: new SecretValue(row.csrf_secret),
          createdAt: Number(row.created_at),
          expiresAt: Number(row.expires_at),
          lastSeenAt: Number(row.last_seen_at),
        }
      : null;
  }

  async touch(idHash: string, now = Date.now(), expiresAt?: number): Promise<boolean> {
    const changed =
      expiresAt === undefined
        ? await this.db.execute('UPDATE sessions SET last_seen_at = $2 WHERE id_hash = $1', [idHash, now])
        : await this.db.execute('UPDATE sessions SET last_seen_at = $2, expires_at = $3 WHERE id_hash = $1', [
            idHash,
            now,
            expiresAt,
          ]);
    return changed > 0;
  }

  async delete(idHash: string): Promise<boolean> {
    return (await this.db.execute('DELETE FROM sessions WHERE id_hash = $1', [idHash])) > 0;
  }

  deleteForUser(userId: string): Promise<number> {
    return this.db.execute('DELETE FROM sessions WHERE user_id = $1', [userId]);
  }

  deleteExpired(now = Date.now()): Promise<number> {
    return this.db.execute('DELETE FROM sessions WHERE expires_at <= $1', [now]);
  }
}
