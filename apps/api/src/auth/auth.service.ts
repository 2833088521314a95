import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppConfig } from '../config/app-config';
import { AUDIT_LOG_REPOSITORY, type AuditLogRepository } from '../persistence/repositories/audit-log.repository';
import { SESSIONS_REPOSITORY, type SessionsRepository } from '../persistence/repositories/sessions.repository';
import type { User } from '../persistence/repositories/users.repository';
import { appendSetCookie, serializeCookie, SESSION_COOKIE } from './cookies';
import { CSRF_COOKIE } from './csrf';
import { requestIdOf } from './access.guard';
import type { MeResponseDto } from './dto/me-response';
import type { RequestIdentity } from './identity';

/** The answer of `GET /api/auth/me` (a plain object; the DTO class documents it). */
export type MeResponse = MeResponseDto;

@Injectable()
export class AuthService {
  constructor(
    private readonly config: AppConfig,
    @Inject(SESSIONS_REPOSITORY) private readonly sessions: SessionsRepository,
    @Inject(AUDIT_LOG_REPOSITORY) private readonly audit: AuditLogRepository,
  ) {}

  private get secure(): boolean {
    return this.config.auth.publicUrl?.startsWith('https:') ?? false;
  }

  /** After GitHub said who the user is: a new session, its cookies, and an audit entry. */
  async startSession(user: User, req: Request, res: Response): Promise<void> {
    const ttlMs = this.config.auth.sessionHours * 3_600_000;
    const { id, session } = await this.sessions.create(user.id, ttlMs);
    appendSetCookie(res, serializeCookie(SESSION_COOKIE, id.reveal(), { httpOnly: true, sameSite: 'Lax', secure: this.secure, maxAge: ttlMs / 1000 }));
    // The CSRF token of a session is the session's own secret, so a token planted before login is useless.
    appendSetCookie(res, serializeCookie(CSRF_COOKIE, session.csrfSecret.reveal(), { httpOnly: false, sameSite: 'Strict', secure: this.secure }));
    await this.audit.append({ actor: user.id, action: 'session.create', target: `github:${user.login}`, result: 'success', requestId: requestIdOf(req) });
  }

  async endSession(identity: RequestIdentity | undefined, res: Response): Promise<void> {
    if (identity?.session) await this.sessions.delete(identity.session.idHash);
    appendSetCookie(res, serializeCookie(SESSION_COOKIE, '', { httpOnly: true, sameSite: 'Lax', secure: this.secure, maxAge: 0 }));
  }

  me(identity: RequestIdentity | undefined, user: User | null): MeResponse {
    return {
      authenticated: identity !== undefined && identity.kind !== 'local',
      user: identity
        ? { id: identity.id, login: identity.login, name: user?.name ?? null, avatarUrl: user?.avatarUrl ?? null, kind: identity.kind, admin: identity.admin }
        : null,
      authRequired: this.config.auth.required,
      github: { configured: this.config.auth.github !== null, url: this.config.auth.github?.webUrl ?? null },
    };
  }
}
