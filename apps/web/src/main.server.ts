import type { ApplicationRef } from '@angular/core';
import { type BootstrapContext, bootstrapApplication } from '@angular/platform-browser';
import { renderApplication } from '@angular/platform-server';
import { App } from './app/app';
import { config } from './app/app.config.server';
import { listQueryOf } from './app/core/first-page';
import { RENDER_ORIGIN, SERVER_API, type ServerApi } from './app/core/server-api';

/**
 * The console's server rendering, loaded by the API (apps/api/src/web) from the server build. Only
 * list pages are rendered on the server: their first rows are what a user waits for on a cold load,
 * and they are drawn before the browser has run any script. Every other page is the browser's.
 */

const bootstrap = (context: BootstrapContext): Promise<ApplicationRef> => bootstrapApplication(App, config, context);

/** Whether `path` (path and query) is a page rendered on the server. */
export function rendersOnServer(path: string): boolean {
  return listQueryOf(new URL(path, RENDER_ORIGIN)) !== null;
}

/**
 * Renders `path` into `document` (the console's index.csr.html), reaching the API through `api`.
 * The build marks that file as rendered in the browser (`ngcm` on <body>, which turns hydration off);
 * a page rendered here is not, so the mark is taken off.
 */
export function renderPage(options: { document: string; path: string; api: ServerApi }): Promise<string> {
  return renderApplication(bootstrap, {
    document: options.document.replace(/(<body\b[^>]*?)\s+ngcm(="")?(?=[\s>])/, '$1'),
    url: options.path,
    platformProviders: [{ provide: SERVER_API, useValue: options.api }],
  }).then((html) =>
    html
      // The server's DOM keeps a <noscript>'s content as text; a browser without scripts would show it.
      .replace(/<noscript>&lt;(link\b[^<>]*?)&gt;<\/noscript>/g, '<noscript><$1></noscript>')
      // The entry module starts after the first paint (public/start-after-paint.js); fetched meanwhile.
      .replace(ENTRY_MODULE, '<link rel="modulepreload" href="$1"><script src="start-after-paint.js" data-entry="$1" defer></script>'),
  );
}

/** The entry module's tag as the build writes it into index.html. */
const ENTRY_MODULE = /<script src="([^"]+\.js)" type="module"><\/script>/;

export default bootstrap;
