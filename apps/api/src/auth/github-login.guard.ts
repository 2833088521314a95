import { type ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import type { Request } from 'express';
import { gitHubNotConfigured } from '../common/errors/github-not-configured';
import { AppConfig } from '../config/app-config';
import type { User } from '../persistence/repositories/users.repository';

/** What the callback learnt: the user, or why the login failed; and where to go next. */
export type LoginRequest = Request & { user?: User | null; loginError?: string; loginReturnTo?: string };

/**
 * Runs passport's GitHub strategy: on `/api/auth/github` it redirects to GitHub; on the callback it
 * checks `state`, exchanges the code and loads the profile. A failed login is not thrown: the
 * controller sends the browser back to the console with the reason, as a page it can show.
 */
@Injectable()
export class GitHubLoginGuard extends AuthGuard('github') {
  constructor(private readonly config: AppConfig) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    if (!this.config.auth.github) {
      throw gitHubNotConfigured();
    }
    return (await super.canActivate(context)) as boolean;
  }

  // Passport's callback hands over whatever the strategy produced; typed by what ours produces.
  override handleRequest<TUser = User | null>(error: unknown, user: unknown, info: unknown, context: ExecutionContext): TUser {
    const req = context.switchToHttp().getRequest<LoginRequest>();
    const state = (info as { state?: { returnTo?: unknown } } | undefined)?.state;
    if (typeof state?.returnTo === 'string') req.loginReturnTo = state.returnTo;
    if (error || !user) {
      const message = (info as { message?: unknown } | undefined)?.message;
      req.loginError =
        typeof message === 'string' ? message : error instanceof Error ? safeMessage(error) : 'GitHub did not complete the login';
      return null as TUser;
    }
    return user as TUser;
  }
}

/** passport-oauth2's errors can quote GitHub's answer; keep the first line, without any token-like value. */
function safeMessage(error: Error): string {
  return (error.message.split('\n')[0] ?? 'login failed').replace(/(gh[oprsu]_|github_pat_)[A-Za-z0-9_]+/g, '[redacted]').slice(0, 200);
}
