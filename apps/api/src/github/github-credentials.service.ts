import { Inject, Injectable, Optional } from '@nestjs/common';
import { GITHUB_PORT, type GitHubPort, isGitHubError } from '@orphelix/github';
import type { RequestIdentity } from '../auth/identity';
import { ApiError } from '../common/errors/api-error';
import { gitHubNotConfigured } from '../common/errors/github-not-configured';
import { type OAuthTokens, USERS_REPOSITORY, type UsersRepository } from '../persistence/repositories/users.repository';

/** An access token that expires sooner than this is refreshed first. */
export const REFRESH_MARGIN_MS = 60_000;

function logInAgain(message: string, reason: string): ApiError {
  return new ApiError('UNAUTHENTICATED', message, { reason });
}

/**
 * The current user's GitHub access token, from the tokens their GitHub login stored (encrypted). An
 * access token about to expire is refreshed through the port and the new pair saved; concurrent
 * requests of one user share one refresh (GitHub accepts a refresh token once). The token is only ever
 * handed to the port: never answered, never logged.
 */
@Injectable()
export class GitHubCredentials {
  private readonly refreshing = new Map<string, Promise<string>>();

  constructor(
    @Optional() @Inject(GITHUB_PORT) private readonly port: GitHubPort | null,
    @Inject(USERS_REPOSITORY) private readonly users: UsersRepository,
  ) {}

  get configured(): boolean {
    return this.port !== null && this.port !== undefined;
  }

  /** 401 unless the identity is a GitHub login: API tokens and the local user have no GitHub token. */
  requireGitHubLogin(identity: RequestIdentity | undefined): asserts identity is RequestIdentity {
    if (identity?.kind !== 'github') {
      throw logInAgain(
        'Log in with GitHub to use repositories: API tokens and the local user have no GitHub access',
        'github-login-required',
      );
    }
  }

  async accessToken(identity: RequestIdentity | undefined, now = Date.now()): Promise<string> {
    if (!this.configured) throw gitHubNotConfigured();
    this.requireGitHubLogin(identity);
    const tokens = await this.users.findTokens(identity.id);
    if (!tokens) throw logInAgain('No GitHub access is stored for this login: log in with GitHub again', 'github-token-missing');
    if (tokens.accessTokenExpiresAt === null || tokens.accessTokenExpiresAt - now > REFRESH_MARGIN_MS) {
      return tokens.accessToken.reveal();
    }
    const refreshable =
      tokens.refreshToken !== null && (tokens.refreshTokenExpiresAt === null || tokens.refreshTokenExpiresAt > now);
    if (!refreshable) {
      if (tokens.accessTokenExpiresAt > now) return tokens.accessToken.reveal();
      throw logInAgain('Your GitHub login has expired: log in with GitHub again', 'github-token-expired');
    }
    let pending = this.refreshing.get(identity.id);
    if (!pending) {
      pending = this.refresh(identity.id, tokens, now).finally(() => this.refreshing.delete(identity.id));
      this.refreshing.set(identity.id, pending);
    }
    return pending;
  }

  private async refresh(userId: string, tokens: OAuthTokens, now: number): Promise<string> {
    const port = this.port as GitHubPort;
    const refreshToken = tokens.refreshToken?.reveal() ?? '';
    try {
      const fresh = await port.refresh(refreshToken);
      await this.users.saveTokens(userId, {
        accessToken: fresh.accessToken,
        refreshToken: fresh.refreshToken ?? tokens.refreshToken,
        accessTokenExpiresAt: fresh.expiresAt === null ? null : Date.parse(fresh.expiresAt),
        refreshTokenExpiresAt:
          fresh.refreshToken === null ? tokens.refreshTokenExpiresAt : fresh.refreshTokenExpiresAt === null ? null : Date.parse(fresh.refreshTokenExpiresAt),
        scopes: fresh.scopes.length > 0 ? fresh.scopes : tokens.scopes,
      });
      return fresh.accessToken;
    } catch (error) {
      // Another replica may have refreshed first, spending the refresh token: its new pair is stored.
      const stored = await this.users.findTokens(userId).catch(() => null);
      if (
        stored &&
        stored.accessToken.reveal() !== tokens.accessToken.reveal() &&
        (stored.accessTokenExpiresAt === null || stored.accessTokenExpiresAt > now)
      ) {
        return stored.accessToken.reveal();
      }
      if (isGitHubError(error) && error.code === 'UNAUTHENTICATED') {
        throw logInAgain('Your GitHub login has expired and could not be renewed: log in with GitHub again', 'github-refresh-failed');
      }
      // GitHub unreachable: the current token still works until it expires.
      if (tokens.accessTokenExpiresAt !== null && tokens.accessTokenExpiresAt > now) return tokens.accessToken.reveal();
      throw error;
    }
  }
}
