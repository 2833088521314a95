import { type ApplicationConfig, provideBrowserGlobalErrorListeners } from '@angular/core';
import { provideClientHydration } from '@angular/platform-browser';
import { provideRouter, withComponentInputBinding } from '@angular/router';
import { appRoutes } from './app.routes';
import { configureApiClient } from './core/api';

configureApiClient();

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideRouter(appRoutes, withComponentInputBinding()),
    // A list opened by URL arrives rendered by the server (main.server.ts); the browser adopts that
    // page's elements rather than drawing them again. Pages the server did not render start as before.
    provideClientHydration(),
  ],
};
