import type { Router } from '@angular/router';

/**
 * Plain links for what is drawn many times over (sidebar entries, list rows): an `href` built once per
 * change of the view's query, and one click handler for the container. A RouterLink (with
 * RouterLinkActive) per link subscribes to the router, builds and serialises a URL tree and re-checks
 * itself on every navigation; for dozens of links that was a visible part of a cold load.
 */

/** `?key=value&…` of the given parameters (empty ones left out), or '' when there are none. */
export function queryString(params: Record<string, string | null | undefined>): string {
  const parts = Object.entries(params)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`);
  return parts.length > 0 ? `?${parts.join('&')}` : '';
}

/** A path of the app from its segments, each encoded. */
export function appPath(segments: readonly string[]): string {
  return `/${segments.map(encodeURIComponent).join('/')}`;
}

/**
 * Lets the router follow a plain click on an in-app link inside the container the handler is bound
 * to; a modified click (new tab or window), a link with a target, or one outside the app stays the
 * browser's. True when it navigated.
 */
export function followAppLink(event: MouseEvent, router: Router): boolean {
  if (event.defaultPrevented || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return false;
  const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
  if (!(link instanceof HTMLAnchorElement) || link.target || link.hasAttribute('download') || link.origin !== location.origin) return false;
  const href = link.getAttribute('href') ?? '';
  // The API's own pages (the GitHub login, the docs) are the server's, not the app's.
  if (!href.startsWith('/') || /^\/(api|docs)(\/|\?|$)/.test(href)) return false;
  event.preventDefault();
  void router.navigateByUrl(href);
  return true;
}

/** Whether `path` (an entry such as `/pods`) is the current page or an ancestor of it; `/` only itself. */
export function isActivePath(entry: string, current: string): boolean {
  const path = current.split(/[?#]/)[0] ?? '';
  if (entry === '/') return path === '/' || path === '';
  return path === entry || path.startsWith(`${entry}/`);
}
