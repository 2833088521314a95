import { Injectable, signal } from '@angular/core';
import { logout, me } from '../api/generated/sdk.gen';
import type { MeResponseDto } from '../api/generated/types.gen';
import { call, describeError } from './api';

export type Me = MeResponseDto;

/** Where "Log in with GitHub" goes: the API's login route, coming back to `returnTo` (a path of this console). */
export function loginHref(returnTo: string): string {
  const path = returnTo.startsWith('/') && !returnTo.startsWith('//') ? returnTo : '/';
  return `/api/auth/github?returnTo=${encodeURIComponent(path)}`;
}

/**
 * The `?loginError=` a failed login comes back with, and the URL without it (path, query and hash),
 * or null when the URL has none.
 */
export function takeLoginError(url: string): { error: string; url: string } | null {
  const parsed = new URL(url, 'http://orphelix.invalid');
  const error = parsed.searchParams.get('loginError');
  if (error === null) return null;
  parsed.searchParams.delete('loginError');
  return { error: error.trim() || 'The login failed', url: `${parsed.pathname}${parsed.search}${parsed.hash}` };
}

/** What the console shows for who is asking. */
export type IdentityView =
  | { state: 'loading' }
  /** Login is required and nobody is logged in: the whole console is a login page. */
  | { state: 'login-required'; githubLogin: boolean }
  /** The local user (no login needed); may still log in with GitHub when it is configured. */
  | { state: 'anonymous'; githubLogin: boolean }
  | { state: 'user'; login: string; name: string | null; avatarUrl: string | null; kind: string };

export function identityView(me: Me | null, failed: boolean): IdentityView {
  if (me === null) return failed ? { state: 'anonymous', githubLogin: false } : { state: 'loading' };
  if (me.authRequired && !me.authenticated) return { state: 'login-required', githubLogin: me.github.configured };
  if (!me.authenticated || !me.user || me.user.kind === 'local') return { state: 'anonymous', githubLogin: me.github.configured };
  return { state: 'user', login: me.user.login, name: me.user.name, avatarUrl: me.user.avatarUrl, kind: me.user.kind };
}

/** Who is asking (`/api/auth/me`), loaded once at start-up. */
@Injectable({ providedIn: 'root' })
export class Identity {
  readonly me = signal<Me | null>(null);
  /** /api/auth/me did not answer: the console carries on as the local user would. */
  readonly failed = signal(false);
  private loading: Promise<void> | null = null;

  load(): Promise<void> {
    this.loading ??= this.fetch();
    return this.loading;
  }

  async reload(): Promise<void> {
    this.loading = this.fetch();
    return this.loading;
  }

  private async fetch(): Promise<void> {
    try {
      this.me.set(await call(me()));
      this.failed.set(false);
    } catch {
      this.failed.set(true);
    }
  }

  /** Ends the session, then asks again who we are; the error message when that failed. */
  async logout(): Promise<string | null> {
    try {
      await call(logout());
    } catch (error) {
      return describeError(error).message;
    }
    await this.reload();
    return null;
  }
}
