import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { AuthedRequest } from '../auth/access.guard';
import { gitHubNotConfigured } from '../common/errors/github-not-configured';
import { GitHubCredentials } from './github-credentials.service';

/**
 * Every /api/github route, before its parameters are validated: 404 when GitHub is not configured on
 * this server, 401 unless the caller logged in with GitHub (runs after the global access guard).
 */
@Injectable()
export class RequireGitHubLoginGuard implements CanActivate {
  constructor(private readonly credentials: GitHubCredentials) {}

  canActivate(context: ExecutionContext): boolean {
    if (!this.credentials.configured) throw gitHubNotConfigured();
    this.credentials.requireGitHubLogin(context.switchToHttp().getRequest<AuthedRequest>().user);
    return true;
  }
}
