import { bootstrapApplication } from '@angular/platform-browser';
import { appConfig } from './app/app.config';
import { App } from './app/app';
import { preloadRouteOf } from './app/app.routes';
import { prefetchFirstPage } from './app/core/first-page';

// What the first page needs starts now, alongside the framework's start-up rather than after it:
// the page's code (the chunk the router would fetch once booted) and, for a list, its first rows.
const url = new URL(location.href);
preloadRouteOf(url.pathname);
// A page the server rendered carries its first page (the state the browser takes it over with).
if (!document.getElementById('ng-state')) prefetchFirstPage(url);

bootstrapApplication(App, appConfig).catch((err) => console.error(err));
