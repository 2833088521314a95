import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { ApiError } from '../common/errors/api-error';
import { AppConfig } from '../config/app-config';
import { AUDIT_LOG_REPOSITORY, type AuditLogRepository } from '../persistence/repositories/audit-log.repository';
import { appendSetCookie, parseCookies, serializeCookie } from './cookies';
import { CSRF_COOKIE, CSRF_HEADER, isStateChanging, newCsrfToken, originAllowed, tokensMatch } from './csrf';
import type { RequestIdentity } from './identity';
import { IdentityService } from './identity.service';
import { PUBLIC_ROUTE } from './public.decorator';

export type AuthedRequest = Request & { user?: RequestIdentity };

/** The request's id (pino-http's, also sent as X-Request-Id), for the audit log. */
export function requestIdOf(req: Request): string | null {
  const id = (req as Request & { id?: unknown }).id;
  return id === undefined || id === null ? null : String(id);
}

/** The origin browsers use for this API: `PUBLIC_URL`, else what the request was addressed to. */
export function ownOrigin(config: AppConfig, req: Request): string {
  return config.auth.publicUrl ? new URL(config.auth.publicUrl).origin : `${req.protocol}://${req.headers.host ?? ''}`;
}

/**
 * Every API route: resolve who is asking (401 when a login is required and there is none), then, for
 * a state-changing request made with cookies (a browser), check that it comes from our own pages — its
 * Origin is ours and it echoes the CSRF cookie in `X-CSRF-Token` (bound to the session when there is
 * one). Bearer tokens are not sent by browsers on their own, so token requests need no CSRF proof.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly identities: IdentityService,
    private readonly config: AppConfig,
    private readonly reflector: Reflector,
    @Inject(AUDIT_LOG_REPOSITORY) private readonly audit: AuditLogRepository,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<AuthedRequest>();
    const res = context.switchToHttp().getResponse<Response>();
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [context.getHandler(), context.getClass()]) === true;

    const identity = await this.identities.resolve(req);
    if (identity) req.user = identity;
    else if (/^Bearer\s/i.test(req.headers.authorization ?? '')) {
      throw new ApiError('UNAUTHENTICATED', 'The bearer token is not valid (unknown, revoked or mistyped)', { reason: 'invalid-token' });
    } else if (!isPublic) {
      throw new ApiError('UNAUTHENTICATED', 'Log in first: this API requires a GitHub login or an API token', { reason: 'login-required' });
    }

    const cookies = parseCookies(req.headers.cookie);
    const expected = identity?.session ? identity.session.csrfSecret.reveal() : (cookies.get(CSRF_COOKIE) ?? newCsrfToken());
    if (cookies.get(CSRF_COOKIE) !== expected) {
      appendSetCookie(res, serializeCookie(CSRF_COOKIE, expected, { httpOnly: false, sameSite: 'Strict', secure: this.secure(req) }));
    }

    if (isStateChanging(req.method) && identity?.kind !== 'token') {
      const problem = !originAllowed(req.headers, ownOrigin(this.config, req), this.config.corsOrigins)
        ? 'the request came from another site'
        : !tokensMatch(header(req, CSRF_HEADER), expected) || !tokensMatch(cookies.get(CSRF_COOKIE), expected)
          ? `the ${CSRF_HEADER} header does not match the ${CSRF_COOKIE} cookie`
          : null;
      if (problem) {
        await this.audit.append({
          actor: identity?.id ?? 'anonymous',
          action: 'request.refused',
          target: `${req.method} ${req.path}`,
          result: 'denied',
          requestId: requestIdOf(req),
          details: { reason: 'csrf', problem },
        });
        // The shape of every FORBIDDEN's details, plus why.
        throw new ApiError('FORBIDDEN', `Cross-site request refused: ${problem}`, {
          verb: req.method.toLowerCase(),
          resource: req.path,
          namespace: null,
          reason: 'csrf',
        });
      }
    }
    return true;
  }

  private secure(req: Request): boolean {
    return this.config.auth.publicUrl?.startsWith('https:') ?? req.secure;
  }
}

function header(req: Request, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
