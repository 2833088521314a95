import type { ActivatedRouteSnapshot, Route } from '@angular/router';
import { KINDS } from './core/kinds';
import { Shell } from './shell/shell';

const loadList = () => import('./features/list/resource-list.page').then((m) => m.ResourceListPage);
const loadDetail = () => import('./features/detail/detail.page').then((m) => m.DetailPage);
const loadDashboard = () => import('./features/dashboard/dashboard.page').then((m) => m.DashboardPage);

/**
 * Starts loading the page a path opens (dashboard, a list or a detail page) before the router asks
 * for it: called as the app starts, so the chunk downloads while the framework boots. The router's
 * own load then finds the module already there (or on its way); a failure is left for it to report.
 */
export function preloadRouteOf(pathname: string): void {
  const segments = pathname.split('/').filter(Boolean);
  const load = segments.length === 0 ? loadDashboard : !KINDS.some((k) => k.name === segments[0]) ? null : segments.length === 1 ? loadList : loadDetail;
  load?.().catch(() => undefined);
}

const listRoutes: Route[] = KINDS.map((k) => ({
  path: k.name,
  title: `${k.title} · Orphelix`,
  data: { kind: k.name },
  loadComponent: loadList,
}));

/** `/<kind>/<namespace>/<name>` (cluster-scoped kinds: `/<kind>/<name>`), titled `<name> · <Kind> · Orphelix`. */
const detailRoutes: Route[] = KINDS.map((k) => ({
  path: k.namespaced ? `${k.name}/:namespace/:name` : `${k.name}/:name`,
  title: (route: ActivatedRouteSnapshot) => `${route.paramMap.get('name') ?? ''} · ${k.singular} · Orphelix`,
  data: { kind: k.name },
  loadComponent: loadDetail,
}));

export const appRoutes: Route[] = [
  {
    path: '',
    component: Shell,
    children: [
      {
        path: '',
        pathMatch: 'full',
        title: 'Dashboard · Orphelix',
        loadComponent: loadDashboard,
      },
      {
        path: 'settings',
        title: 'Settings · Orphelix',
        loadComponent: () => import('./features/settings/settings.page').then((m) => m.SettingsPage),
      },
      {
        path: 'github',
        title: 'GitHub · Orphelix',
        loadComponent: () => import('./features/github/github.page').then((m) => m.GitHubPage),
      },
      ...listRoutes,
      ...detailRoutes,
      { path: '**', title: 'Not found · Orphelix', loadComponent: () => import('./features/not-found/not-found.page').then((m) => m.NotFoundPage) },
    ],
  },
];
