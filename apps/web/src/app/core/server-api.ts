import { InjectionToken } from '@angular/core';

/**
 * How a page rendered on the server reaches the API: the API process that renders it answers its own
 * routes, with the browser's credentials (session cookie or token) of the request being rendered, so
 * the page holds exactly what that user may read. Only API paths (`/api/…`) are asked for.
 * Provided by the server (apps/api/src/web) for one render; absent in the browser.
 */
export interface ServerApi {
  fetch(path: string): Promise<Response>;
}

export const SERVER_API = new InjectionToken<ServerApi>('SERVER_API');

/** The origin URLs are read against on the server, which has none of its own; only paths and queries matter. */
export const RENDER_ORIGIN = 'http://orphelix.render';
