import { PlatformLocation } from '@angular/common';
import { type ApplicationConfig, TransferState, inject, mergeApplicationConfig, provideAppInitializer } from '@angular/core';
import { provideServerRendering } from '@angular/platform-server';
import { appConfig } from './app.config';
import { renderFirstPage } from './core/first-page';
import { RENDER_ORIGIN, SERVER_API } from './core/server-api';

/** The app as the server renders it: a list's page drawn with its first rows (see core/first-page.ts). */
const serverConfig: ApplicationConfig = {
  providers: [
    provideServerRendering(),
    provideAppInitializer(() => {
      const api = inject(SERVER_API, { optional: true });
      if (!api) return;
      const location = inject(PlatformLocation);
      return renderFirstPage(new URL(`${location.pathname}${location.search}`, RENDER_ORIGIN), api, inject(TransferState));
    }),
  ],
};

export const config = mergeApplicationConfig(appConfig, serverConfig);
