import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { Strategy, type StrategyOptions } from 'passport-github2';
import { AppConfig } from '../config/app-config';
import { USERS_REPOSITORY, type User, type UsersRepository } from '../persistence/repositories/users.repository';
import { appendSetCookie, parseCookies, serializeCookie } from './cookies';
import { OAUTH_STATE_COOKIE, OAUTH_STATE_TTL_MS, OAuthStateSigner } from './oauth-state';
import { safeReturnTo } from './return-to';

/** What GitHub's token endpoint answered besides the tokens (passport hands it over as `params`). */
interface TokenParams {
  expires_in?: number | string;
  refresh_token_expires_in?: number | string;
  scope?: string;
}

interface GitHubProfile {
  id: string;
  username?: string;
  displayName?: string | null;
  photos?: { value: string }[];
}

/** Where GitHub sends the browser back to: on the origin browsers use for this console. */
export function callbackUrl(config: AppConfig): string {
  const origin = config.auth.publicUrl ?? `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}`;
  return `${origin}/api/auth/github/callback`;
}

const seconds = (value: number | string | undefined, now: number): number | null => {
  const n = Number(value);
  return value === undefined || !Number.isFinite(n) || n <= 0 ? null : now + n * 1000;
};

/**
 * GitHub login with passport-github2 against github.com or GitHub Enterprise. `state` is a real CSRF
 * nonce bound to this browser (an HMAC-signed cookie, see OAuthStateSigner), so a callback someone
 * else started is refused; the tokens GitHub issues go to the users table encrypted and never leave
 * the server.
 */
@Injectable()
export class GitHubStrategy extends PassportStrategy(Strategy, 'github', 5) {
  constructor(
    config: AppConfig,
    signer: OAuthStateSigner,
    @Inject(USERS_REPOSITORY) private readonly users: UsersRepository,
  ) {
    const github = config.auth.github;
    // Registered only when GitHub login is configured (see AuthModule); these values are then set.
    const webUrl = github?.webUrl ?? 'https://github.com';
    const secure = config.auth.publicUrl?.startsWith('https:') ?? false;
    super({
      clientID: github?.clientId ?? '',
      clientSecret: github?.clientSecret.reveal() ?? '',
      callbackURL: callbackUrl(config),
      authorizationURL: `${webUrl}/login/oauth/authorize`,
      tokenURL: `${webUrl}/login/oauth/access_token`,
      userProfileURL: `${github?.apiUrl ?? 'https://api.github.com'}/user`,
      scope: [...(github?.scopes ?? [])],
      // passport-oauth2 picks a store's signature by its arity; these are the (req, meta, done) ones.
      store: {
        store(req: Request, _meta: unknown, done: (error: Error | null, state?: string) => void): void {
          const { state, cookie } = signer.issue(safeReturnTo(req.query['returnTo']));
          if (req.res) {
            appendSetCookie(req.res, serializeCookie(OAUTH_STATE_COOKIE, cookie, { httpOnly: true, sameSite: 'Lax', secure, maxAge: OAUTH_STATE_TTL_MS / 1000 }));
          }
          done(null, state);
        },
        verify(req: Request, state: string, _meta: unknown, done: (error: Error | null, ok: boolean, info?: unknown) => void): void {
          const checked = signer.check(state, parseCookies(req.headers.cookie).get(OAUTH_STATE_COOKIE));
          if (req.res) appendSetCookie(req.res, serializeCookie(OAUTH_STATE_COOKIE, '', { httpOnly: true, sameSite: 'Lax', secure, maxAge: 0 }));
          if (checked.ok) done(null, true, { returnTo: checked.returnTo });
          else done(null, false, { message: checked.reason });
        },
      } as unknown as StrategyOptions['store'],
    });
    this.baseUrl = webUrl;
  }

  private readonly baseUrl: string;

  async validate(accessToken: string, refreshToken: string | undefined, params: TokenParams, profile: GitHubProfile): Promise<User> {
    const now = Date.now();
    const user = await this.users.upsertFromProvider({
      provider: 'github',
      providerUserId: String(profile.id),
      login: profile.username ?? String(profile.id),
      name: profile.displayName ?? null,
      avatarUrl: profile.photos?.[0]?.value ?? null,
      githubBaseUrl: this.baseUrl,
    });
    await this.users.saveTokens(user.id, {
      accessToken,
      refreshToken: refreshToken || null,
      accessTokenExpiresAt: seconds(params.expires_in, now),
      refreshTokenExpiresAt: seconds(params.refresh_token_expires_in, now),
      scopes: (params.scope ?? '').split(/[\s,]+/).filter(Boolean),
    });
    return user;
  }
}
