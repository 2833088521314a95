import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { AppConfig } from '../config/app-config';
import { API_TOKENS_REPOSITORY, type ApiTokensRepository } from '../persistence/repositories/api-tokens.repository';
import { SESSIONS_REPOSITORY, type SessionsRepository } from '../persistence/repositories/sessions.repository';
import { USERS_REPOSITORY, type UsersRepository } from '../persistence/repositories/users.repository';
import { parseCookies, SESSION_COOKIE } from './cookies';
import { tokensMatch } from './csrf';
import { LOCAL_IDENTITY, type RequestIdentity } from './identity';

/** A session is extended by use; its last-seen time is written at most this often. */
const TOUCH_EVERY_MS = 60_000;

/**
 * Resolves who is asking: a bearer token (an API token, or the configured admin token), else the
 * session cookie of a GitHub login, else — only when the API does not require a login — the local
 * user. Returns null when nobody could be identified.
 */
@Injectable()
export class IdentityService {
  constructor(
    private readonly config: AppConfig,
    @Inject(API_TOKENS_REPOSITORY) private readonly tokens: ApiTokensRepository,
    @Inject(SESSIONS_REPOSITORY) private readonly sessions: SessionsRepository,
    @Inject(USERS_REPOSITORY) private readonly users: UsersRepository,
  ) {}

  async resolve(req: Request): Promise<RequestIdentity | null> {
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (bearer !== undefined) return this.fromToken(bearer);
    const sessionId = parseCookies(req.headers.cookie).get(SESSION_COOKIE);
    if (sessionId) {
      const identity = await this.fromSession(sessionId);
      if (identity) return identity;
    }
    return this.config.auth.required ? null : LOCAL_IDENTITY;
  }

  /** A bearer token that is wrong is a failed login, never a fallback to the local user. */
  private async fromToken(token: string): Promise<RequestIdentity | null> {
    const admin = this.config.auth.adminToken;
    if (admin && tokensMatch(token, admin.reveal())) {
      return { id: 'admin-token', login: 'admin-token', kind: 'token', admin: true, session: null };
    }
    const found = await this.tokens.findByPlaintext(token);
    if (!found) return null;
    return { id: `token:${found.id}`, login: found.name, kind: 'token', admin: false, session: null };
  }

  private async fromSession(sessionId: string): Promise<RequestIdentity | null> {
    const now = Date.now();
    const session = await this.sessions.find(sessionId, now);
    if (!session) return null;
    const user = await this.users.findById(session.userId);
    if (!user) return null;
    if (now - session.lastSeenAt > TOUCH_EVERY_MS) {
      // Sliding expiry: a login lasts `sessionHours` from its last use.
      await this.sessions.touch(session.idHash, now, now + this.config.auth.sessionHours * 3_600_000);
    }
    return {
      id: user.id,
      login: user.login,
      kind: 'github',
      admin: this.config.auth.admins.includes(user.login.toLowerCase()),
      session,
    };
  }
}
